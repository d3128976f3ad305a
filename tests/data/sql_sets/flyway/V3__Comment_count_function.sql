-- A SQL-standard function body: its inner ';' belongs to the function.
CREATE FUNCTION comment_count(p_post_id integer) RETURNS bigint
    LANGUAGE sql
    STABLE
BEGIN ATOMIC
    SELECT count(*) FROM post_comment WHERE post_comment.post_id = p_post_id;
END;

-- Needs post_comment (1.2): 1.10 comes after 1.2, as Flyway orders versions.
CREATE VIEW post_summary AS
    SELECT post.id, post.title, count(post_comment.id) AS comments
    FROM post LEFT JOIN post_comment ON post_comment.post_id = post.id
    GROUP BY post.id, post.title;

DROP FUNCTION comment_count(integer);

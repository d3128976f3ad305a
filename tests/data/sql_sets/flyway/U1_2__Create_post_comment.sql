DROP TABLE post_comment;

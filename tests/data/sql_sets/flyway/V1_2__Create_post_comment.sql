CREATE TABLE post_comment (
    id       serial  PRIMARY KEY,
    post_id  integer NOT NULL REFERENCES post (id) ON DELETE CASCADE,
    body     text    NOT NULL
);

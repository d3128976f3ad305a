CREATE TABLE post (
    id          serial       PRIMARY KEY,
    title       varchar(200) NOT NULL,
    body        text         NOT NULL,
    created_at  timestamptz  NOT NULL DEFAULT now()
);

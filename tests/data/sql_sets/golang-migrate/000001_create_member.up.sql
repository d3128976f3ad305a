-- Library members.
CREATE TABLE member (
    id         integer      NOT NULL,
    name       varchar(100) NOT NULL,
    email      varchar(200) NOT NULL,
    joined_at  timestamp    DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT pk_member PRIMARY KEY (id),
    CONSTRAINT uq_member_email UNIQUE (email)
);

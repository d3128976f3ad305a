CREATE TABLE loan (
    id          integer      NOT NULL,
    member_id   integer      NOT NULL,
    title       varchar(200) NOT NULL,
    due_on      date         NOT NULL,
    returned_on date,
    CONSTRAINT pk_loan PRIMARY KEY (id),
    CONSTRAINT fk_loan_member FOREIGN KEY (member_id) REFERENCES member (id)
);
CREATE INDEX ix_loan_member_id ON loan (member_id);

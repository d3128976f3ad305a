-- Reviews of the example_portable set's books: needs its book table (depends_on).
-- migctl:id: 3a7c1e9b2d40
-- migctl:parents: base
-- migctl:depends_on: e002_books
-- migctl:branch_labels: reviews
-- migctl:message: Reviews of books
-- migctl:create_date: 2026-11-30T08:00:00Z

-- migctl:upgrade
CREATE TABLE review (
    id        integer      NOT NULL,
    book_id   integer      NOT NULL,
    body      varchar(2000) NOT NULL,
    CONSTRAINT pk_review PRIMARY KEY (id),
    CONSTRAINT fk_review_book FOREIGN KEY (book_id) REFERENCES book (id)
);
CREATE INDEX ix_review_book_id ON review (book_id);

-- migctl:downgrade
DROP INDEX ix_review_book_id;
DROP TABLE review;

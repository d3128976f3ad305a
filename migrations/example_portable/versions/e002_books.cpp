// e002_books — books of an author, with a foreign key and an index.
#include <migctl/declare_revision.hpp>

MIGCTL_REVISION(books) {
  migctl::Revision r;
  r.id = "e002_books";
  r.down_revisions = {"e001_authors"};
  r.message = "Books";
  r.create_date = "2026-11-30T05:05:00Z";
  r.upgrade = {R"sql(
CREATE TABLE book (
    id          integer      NOT NULL,
    author_id   integer      NOT NULL,
    title       varchar(200) NOT NULL,
    published   boolean      NOT NULL DEFAULT FALSE,
    CONSTRAINT pk_book PRIMARY KEY (id),
    CONSTRAINT fk_book_author_id_author FOREIGN KEY (author_id) REFERENCES author (id)
);
-- A shelf lists an author's books.
CREATE INDEX ix_book_author_id ON book (author_id);
)sql"};
  r.downgrade = {R"sql(
DROP INDEX ix_book_author_id;
DROP TABLE book;
)sql"};
  return r;
}

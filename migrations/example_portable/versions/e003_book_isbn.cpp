// e003_book_isbn — a new column with a unique index, and a row of data.
#include <migctl/declare_revision.hpp>

MIGCTL_REVISION(book_isbn) {
  migctl::Revision r;
  r.id = "e003_book_isbn";
  r.down_revisions = {"e002_books"};
  r.message = "ISBN of books; the anonymous author";
  r.create_date = "2026-11-30T05:10:00Z";
  r.upgrade = {R"sql(
ALTER TABLE book ADD COLUMN isbn varchar(17);
CREATE UNIQUE INDEX ux_book_isbn ON book (isbn);
INSERT INTO author (id, name) VALUES (0, 'Anonymous');
)sql"};
  // The index goes first: SQLite drops no column an index uses.
  r.downgrade = {R"sql(
DELETE FROM author WHERE id = 0;
DROP INDEX ux_book_isbn;
ALTER TABLE book DROP COLUMN isbn;
)sql"};
  return r;
}

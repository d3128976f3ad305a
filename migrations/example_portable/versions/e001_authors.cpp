// e001_authors — the first table of the portable example set.
#include <migctl/declare_revision.hpp>

MIGCTL_REVISION(authors) {
  migctl::Revision r;
  r.id = "e001_authors";
  r.message = "Authors";
  r.create_date = "2026-11-30T05:00:00Z";
  r.upgrade = {R"sql(
CREATE TABLE author (
    id          integer      NOT NULL,
    name        varchar(100) NOT NULL,
    created_at  timestamp    DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT pk_author PRIMARY KEY (id)
);
)sql"};
  r.downgrade = {"DROP TABLE author;"};
  return r;
}

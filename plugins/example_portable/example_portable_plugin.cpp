// example_portable.so: a bookshelf in three revisions of portable SQL, for any driver.
//
//   DATABASE_CONN=sqlite:///shelf.db migctl --plugin example_portable.so upgrade
//
// Portable means the common core of PostgreSQL and SQLite: integer, varchar(n), boolean
// with TRUE/FALSE, timestamp DEFAULT CURRENT_TIMESTAMP, REFERENCES, CREATE [UNIQUE] INDEX,
// ALTER TABLE ... ADD/DROP COLUMN (SQLite 3.35+), plain INSERT/DELETE.
#include <migctl/declare_revision.hpp>
#include <migctl/plugin.hpp>

namespace {
void register_example_portable(migctl::Registrar& registrar) {
  registrar.add_migration_set({"example_portable", "A bookshelf in portable SQL (any driver)",
                               migctl::declared_revisions()});
}
}  // namespace

MIGCTL_PLUGIN(register_example_portable)

#include <migctl/declare_revision.hpp>

MIGCTL_REVISION(kit_base) {
  migctl::Revision r;
  r.id = "001";
  r.message = "Kit base table";
  r.upgrade = {R"sql(CREATE TABLE kit_base (id integer PRIMARY KEY);)sql"};
  r.downgrade = {R"sql(DROP TABLE kit_base;)sql"};
  return r;
}

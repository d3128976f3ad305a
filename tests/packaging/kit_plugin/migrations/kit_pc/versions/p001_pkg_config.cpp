#include <migctl/declare_revision.hpp>

MIGCTL_REVISION(kit_pkg_config) {
  migctl::Revision r;
  r.id = "p001";
  r.message = "Table of the plugin built with pkg-config flags";
  r.upgrade = {R"sql(CREATE TABLE kit_pkg_config (id integer PRIMARY KEY);)sql"};
  r.downgrade = {R"sql(DROP TABLE kit_pkg_config;)sql"};
  return r;
}

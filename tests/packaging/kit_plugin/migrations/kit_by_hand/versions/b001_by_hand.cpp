#include <migctl/declare_revision.hpp>

MIGCTL_REVISION(kit_by_hand) {
  migctl::Revision r;
  r.id = "b001";
  r.message = "Table of the plugin built without migctl_add_plugin";
  r.upgrade = {R"sql(CREATE TABLE kit_by_hand (id integer PRIMARY KEY);)sql"};
  r.downgrade = {R"sql(DROP TABLE kit_by_hand;)sql"};
  return r;
}

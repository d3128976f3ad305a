// The plugin's only exports: the ABI descriptor and the entry that registers the driver.
#include <memory>

#include "migctl/plugin.hpp"
#include "sqlite_driver.hpp"

namespace {

void register_sqlite(migctl::Registrar& registrar) {
  registrar.add_driver(std::make_unique<migctl::sqlite::SqliteDriver>());
}

}  // namespace

MIGCTL_PLUGIN(register_sqlite)

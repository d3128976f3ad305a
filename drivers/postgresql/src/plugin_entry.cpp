// The plugin's only exports: the ABI descriptor and the entry that registers the driver.
#include <memory>

#include "migctl/plugin.hpp"
#include "pg_driver.hpp"

namespace {

void register_postgresql(migctl::Registrar& registrar) {
  registrar.add_driver(std::make_unique<migctl::pg::PgDriver>());
}

}  // namespace

MIGCTL_PLUGIN(register_postgresql)

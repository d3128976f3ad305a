#include <migctl/declare_revision.hpp>
#include <migctl/plugin.hpp>

#include "seed_admin.hpp"

namespace {
void register_aksara(migctl::Registrar& registrar) {
  registrar.add_migration_set(
      {"aksara", "Aksara AI backend schema", migctl::declared_revisions(), {aksara::admin_seed()}});
}
}  // namespace

MIGCTL_PLUGIN(register_aksara)

#include <migctl/declare_revision.hpp>
#include <migctl/plugin.hpp>

#include "env_checks.hpp"
#include "seed_admin.hpp"

namespace {
void register_aksara(migctl::Registrar& registrar) {
  migctl::MigrationSet set{"aksara", "Aksara AI backend schema", migctl::declared_revisions()};
  set.seeds = {aksara::admin_seed()};
  set.seed_policy = aksara::admin_seed_policy();
  set.settings = aksara::settings();
  set.checks = aksara::env_checks();
  registrar.add_migration_set(std::move(set));
}
}  // namespace

MIGCTL_PLUGIN(register_aksara)

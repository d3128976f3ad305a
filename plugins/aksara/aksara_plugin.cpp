#include <migctl/declare_revision.hpp>
#include <migctl/plugin.hpp>

namespace {
void register_aksara(migctl::Registrar& registrar) {
  registrar.add_migration_set({"aksara", "Aksara AI backend schema", migctl::declared_revisions()});
}
}  // namespace

MIGCTL_PLUGIN(register_aksara)

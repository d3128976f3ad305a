// notifications.so: a module added to the Aksara backend as its own plugin.
//
//   migctl --plugin aksara.so --plugin notifications.so upgrade heads
#include <migctl/declare_revision.hpp>
#include <migctl/plugin.hpp>

namespace {
void register_notifications(migctl::Registrar& registrar) {
  registrar.add_migration_set(
      {"notifications", "In-app notifications for Aksara users", migctl::declared_revisions()});
}
}  // namespace

MIGCTL_PLUGIN(register_notifications)

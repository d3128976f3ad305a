// The entry of the test plugins: one migration set named KIT_SET_NAME holding the revisions
// compiled in with it.
#include <migctl/declare_revision.hpp>
#include <migctl/plugin.hpp>

// Internal to the plugin: with the SDK's hidden visibility it is not exported, which the
// test checks with nm.
std::string kit_internal_description() {
  return std::string("test plugin built with the installed migctl SDK: ") + KIT_SET_NAME;
}

namespace {
void register_kit(migctl::Registrar& registrar) {
  registrar.add_migration_set(
      {KIT_SET_NAME, kit_internal_description(), migctl::declared_revisions()});
}
}  // namespace

MIGCTL_PLUGIN(register_kit)

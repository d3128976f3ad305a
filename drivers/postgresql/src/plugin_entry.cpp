#include <migctl/plugin.hpp>
namespace { void entry(migctl::Registrar&) {} }
MIGCTL_PLUGIN(entry)

// Loads a built driver plugin the way migctl does (Boost.DLL, the exported ABI descriptor
// and entry alias) and keeps the one driver it registers.
#pragma once

#include <boost/dll/import.hpp>
#include <boost/dll/shared_library.hpp>
#include <boost/test/unit_test.hpp>
#include <memory>
#include <string>
#include <vector>

#include "migctl/error.hpp"
#include "migctl/plugin.hpp"

namespace migctl::conformance {

class CapturingRegistrar final : public Registrar {
 public:
  void add_driver(std::unique_ptr<Driver> driver) override { drivers.push_back(std::move(driver)); }
  void add_migration_set(MigrationSet) override {
    throw Error(ExitCode::internal, "a driver plugin registered a migration set");
  }
  void add_hook(std::unique_ptr<Hook>) override {
    throw Error(ExitCode::internal, "a driver plugin registered a hook");
  }
  void add_backup_store(std::unique_ptr<BackupStore>) override {
    throw Error(ExitCode::internal, "a driver plugin registered a backup store");
  }
  std::vector<std::unique_ptr<Driver>> drivers;
};

// Members are destroyed in reverse order: the drivers before the library that holds their code.
struct LoadedDriver {
  boost::dll::shared_library library;
  CapturingRegistrar registrar;
  Driver& driver() { return *registrar.drivers.front(); }
};

inline std::unique_ptr<LoadedDriver> load_driver(const std::string& path) {
  auto plugin = std::make_unique<LoadedDriver>();
  plugin->library.load(path);
  const auto& abi = plugin->library.get_alias<const AbiDescriptor>("migctl_plugin_abi");
  BOOST_REQUIRE(abi.magic == kAbiMagic);
  BOOST_REQUIRE(abi.sdk_major == MIGCTL_SDK_VERSION_MAJOR);
  auto entry = boost::dll::import_alias<PluginEntry>(plugin->library, "migctl_plugin_entry");
  entry(plugin->registrar);
  BOOST_REQUIRE(plugin->registrar.drivers.size() == 1u);
  return plugin;
}

}  // namespace migctl::conformance

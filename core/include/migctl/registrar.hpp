// What a plugin's entry function receives: the only way a plugin adds things to migctl.
//
// Plugins never reach into core globals. Objects passed here are owned by the core from
// then on and are destroyed before the plugin's library is unloaded.
#pragma once

#include <memory>

#include "migctl/backup_store.hpp"
#include "migctl/driver.hpp"
#include "migctl/hook.hpp"
#include "migctl/migration_set.hpp"

namespace migctl {

class MIGCTL_SDK_API Registrar {
 public:
  // Throws migctl::Error (ExitCode::config) when a scheme is already registered.
  virtual void add_driver(std::unique_ptr<Driver> driver) = 0;

  // Throws migctl::Error (ExitCode::config) when the set name is already registered.
  virtual void add_migration_set(MigrationSet set) = 0;

  // Throws migctl::Error (ExitCode::config) when a hook of that name is already registered.
  virtual void add_hook(std::unique_ptr<Hook> hook) = 0;

  // Throws migctl::Error (ExitCode::config) when a store of that name is already
  // registered. SDK 2.0.
  virtual void add_backup_store(std::unique_ptr<BackupStore> store) = 0;

 protected:
  ~Registrar() = default;
};

}  // namespace migctl

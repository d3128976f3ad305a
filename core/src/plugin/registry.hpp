// The registry of everything loaded from plugins: drivers by URL scheme, and migration
// sets. It owns the plugin libraries.
//
// Lifetime contract: every object a plugin created (a driver, a connection it opens) is
// held through a shared_ptr whose deleter keeps that plugin's library loaded, so no
// plugin code is unloaded while an object that runs it exists. Destroying the Registry
// is therefore always safe, in any order relative to the objects it handed out.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "migctl/driver.hpp"
#include "migctl/migration_set.hpp"
#include "migctl/plugin.hpp"

namespace boost::dll {
class shared_library;
}

namespace migctl {

using LibraryHandle = std::shared_ptr<boost::dll::shared_library>;

struct LoadedSet {
  MigrationSet set;            // set.revisions is emptied by take_revisions()
  std::filesystem::path file;  // the plugin it came from
  std::size_t revision_count = 0;
};

struct LoadedDriver {
  std::shared_ptr<Driver> driver;
  std::filesystem::path file;
};

struct LoadedHook {
  std::shared_ptr<Hook> hook;
  std::filesystem::path file;
};

struct LoadedBackupStore {
  std::shared_ptr<BackupStore> store;
  std::filesystem::path file;
};

struct LoadPolicy {
  // Load plugins that fail the trust check (plugin/trust.hpp). Off by default.
  bool allow_untrusted = false;
};

// Checks a plugin's ABI descriptor against the host's. Returns an empty string when
// compatible, otherwise what differs in plain words. Pure; unit-tested.
std::string abi_mismatch(const AbiDescriptor& plugin, const AbiDescriptor& host);

class Registry {
 public:
  explicit Registry(LoadPolicy policy = {});
  ~Registry();
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  // Loads one plugin file and runs its entry. Throws Error(ExitCode::config) with a
  // distinct message for: not a shared library, unloadable (missing dependency,
  // unresolved symbol), not a migctl plugin (no ABI symbol), ABI mismatch (what differs),
  // no entry symbol, an exception from the entry, and a duplicate driver scheme, set name
  // or revision id (naming both files), and Error(ExitCode::permission) for a file that
  // fails the trust check unless the policy allows it. Loading the same file twice is a
  // no-op.
  void load(const std::filesystem::path& file);

  // Runs `entry` as a plugin's entry would run, with no library behind it: what it
  // registers (drivers, migration sets, hooks) is used as if loaded from a file, with the
  // same duplicate checks; `label` stands for the file in messages. The seam through which
  // unit tests give a Session an in-process driver such as the stub driver
  // (tests/stub_driver/) before anything is looked up. Exceptions from `entry` propagate.
  void add_in_process(const std::string& label, const std::function<void(Registrar&)>& entry);

  // The driver registered for `scheme`, or nullptr.
  std::shared_ptr<Driver> driver_for(const std::string& scheme) const;

  // Loads the driver for `scheme` from `dirs` unless one is registered: first
  // "<dir>/<scheme>.so", then every other .so in the dirs until one claims the scheme.
  // Throws Error(ExitCode::config) listing the dirs when none does.
  std::shared_ptr<Driver> load_driver_for(const std::string& scheme,
                                          const std::vector<std::filesystem::path>& dirs);

  // Wraps a connection opened by `driver` so that it keeps the driver's library loaded.
  std::shared_ptr<Connection> connect(const std::shared_ptr<Driver>& driver, const std::string& url,
                                      const ConnectOptions& options);

  // The hook registered as `name`, loading "<dir>/<name>.so" from `dirs` if needed.
  // Throws Error(ExitCode::config) listing the dirs when there is none.
  std::shared_ptr<Hook> load_hook(const std::string& name,
                                  const std::vector<std::filesystem::path>& dirs);

  // Loads every .so in `dirs` (hook directories), for hooks enabled by default.
  void load_all(const std::vector<std::filesystem::path>& dirs);

  const std::vector<LoadedSet>& migration_sets() const { return sets_; }

  // Moves every set's revisions out (for the RevisionMap, which keeps the only copy),
  // each paired with its set's name.
  std::vector<std::pair<std::string, Revision>> take_revisions();
  const std::vector<LoadedHook>& hooks() const { return hooks_; }
  const std::vector<LoadedBackupStore>& backup_stores() const { return backup_stores_; }
  std::vector<std::filesystem::path> loaded_files() const;

 private:
  class Collector;

  LoadPolicy policy_;
  std::map<std::string, LibraryHandle> libraries_;  // canonical path -> library
  std::map<const Driver*, LibraryHandle> driver_libraries_;
  std::map<std::string, LoadedDriver> drivers_;  // scheme -> driver
  std::vector<LoadedSet> sets_;
  std::vector<LoadedHook> hooks_;
  std::vector<LoadedBackupStore> backup_stores_;
};

}  // namespace migctl

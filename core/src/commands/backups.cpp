#include "commands/backups.hpp"

#include <chrono>

#include "migctl/error.hpp"
#include "plugin/plugin_paths.hpp"

namespace migctl {
namespace {

// Calls into the store's plugin. What it throws is copied into an exception made here: an
// exception object made by plugin code must not outlive the catch (its type's code is
// unloaded with the plugin when the Session goes, before main() is done with it).
template <typename F>
auto call_store(const BackupStore& store, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const DatabaseError& e) {
    throw DatabaseError(e.code(), e.what(), e.sqlstate(), e.statement(), e.hint());
  } catch (const Error& e) {
    throw Error(e.code(), e.what(), e.hint());
  } catch (const std::exception& e) {
    throw Error(ExitCode::internal, "backup store " + store.name() + " failed: " + e.what(),
                "this is a bug in the plugin that provides it");
  }
}

bool serves(const BackupStore& store, const std::string& driver) {
  for (const auto& name : store.databases())
    if (name == driver) return true;
  return false;
}

// The store for the current driver, from the plugins in the hook directories.
BackupStore& backup_store(Session& session) {
  const std::string driver = session.driver()->name();
  session.registry().load_all(search_dirs(session.config().hook_path, PluginKind::hook));
  return backup_store_for(session.registry().backup_stores(), driver);
}

BackupStoreContext store_context(Session& session, const BackupStore& store,
                                 const std::string& location) {
  BackupStoreContext context;
  context.environment = session.config().environment;
  context.location = location;
  context.config = session.hook_config(store.name());
  context.redacted_url = session.redacted_url();
  return context;
}

}  // namespace

BackupStore& backup_store_for(const std::vector<LoadedBackupStore>& stores,
                              const std::string& driver) {
  std::string others;
  for (const auto& loaded : stores) {
    if (serves(*loaded.store, driver)) return *loaded.store;
    std::string names;
    for (const auto& d : loaded.store->databases()) names += (names.empty() ? "" : ", ") + d;
    others += (others.empty() ? "" : "; ") + loaded.store->name() + " backs up " + names;
  }
  throw Error(ExitCode::config,
              "no loaded plugin provides backups for " + driver + " databases" +
                  (others.empty() ? std::string() : " (" + others + ")"),
              "install a backup plugin for " + driver +
                  " in the hook directory, or point MIGCTL_HOOK_PATH at it; back up with the "
                  "database's own tools meanwhile");
}

BackupList list_backups(Session& session, const std::string& location) {
  BackupStore& store = backup_store(session);
  const BackupStoreContext context = store_context(session, store, location);
  return call_store(store, [&] {
    return BackupList{store.name(), store.location(context), store.list(context)};
  });
}

RestoreResult restore(Session& session, const std::string& id, const std::string& location,
                      bool confirmed) {
  const auto started = std::chrono::steady_clock::now();
  BackupStore& store = backup_store(session);
  BackupStoreContext context = store_context(session, store, location);
  RestoreResult result;
  result.backup = call_store(store, [&] { return store.find(context, id); });
  if (!confirmed) {
    throw Error(ExitCode::usage,
                "restore replaces the database's contents with " + result.backup.id +
                    " and needs confirmation",
                "rerun as `migctl restore " + id + " --yes`");
  }

  MigrationContext& ctx = session.context(/*for_changes=*/true);
  context.database_url = session.config().database_url;
  ctx.lock();
  try {
    result.rows_before = ctx.version_rows();
    RestoreOutcome outcome =
        call_store(store, [&] { return store.restore(context, result.backup, ctx.connection()); });
    result.tables_not_in_backup = std::move(outcome.tables_not_in_backup);
    result.tool = std::move(outcome.tool);
    result.rows_after = ctx.version_rows();
  } catch (...) {
    ctx.unlock();
    throw;
  }
  ctx.unlock();
  result.duration_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  return result;
}

}  // namespace migctl

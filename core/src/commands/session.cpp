#include "commands/session.hpp"

#include "config/database_url.hpp"
#include "migctl/error.hpp"
#include "plugin/plugin_paths.hpp"

namespace migctl {

Session::Session(RunConfig config, RunObserver* observer)
    : config_(std::move(config)), observer_(observer) {}

// The context and connections go before the registry, whose libraries they run on.
Session::~Session() {
  context_.reset();
  lock_conn_.reset();
  conn_.reset();
  driver_.reset();
}

const RevisionMap& Session::revisions() {
  if (map_) return *map_;
  if (config_.plugins.empty()) {
    throw Error(ExitCode::usage, "no migration-set plugin given",
                "pass one with --plugin, e.g. `migctl --plugin aksara.so upgrade`, "
                "or list them in MIGCTL_PLUGINS");
  }
  auto dirs = search_dirs(config_.plugin_path, PluginKind::plugin);
  for (const auto& name : config_.plugins) registry_.load(find_plugin_file(name, dirs));

  std::vector<Revision> all;
  for (const auto& loaded : registry_.migration_sets()) {
    for (const auto& r : loaded.set.revisions) {
      set_by_revision_[r.id] = loaded.set.name;
      all.push_back(r);
    }
  }
  if (all.empty()) {
    throw Error(ExitCode::config, "the loaded plugins provide no revisions",
                "check that --plugin names a migration-set plugin such as aksara.so");
  }
  map_.emplace(std::move(all));
  return *map_;
}

std::string Session::set_of(const std::string& revision_id) {
  revisions();
  auto it = set_by_revision_.find(revision_id);
  return it == set_by_revision_.end() ? "" : it->second;
}

std::shared_ptr<Connection> Session::open() {
  ConnectOptions options;
  if (observer_) options.on_notice = [this](const std::string& n) { observer_->notice(n); };
  return registry_.connect(driver_, config_.database_url, options);
}

MigrationContext& Session::context(bool for_changes) {
  if (!context_) {
    if (config_.database_url.empty()) {
      throw Error(ExitCode::config, "DATABASE_CONN is not set",
                  "set it in .env or the environment, e.g. "
                  "DATABASE_CONN=postgresql://user:password@localhost:5432/aksara");
    }
    std::string scheme = url_scheme(config_.database_url);
    driver_ =
        registry_.load_driver_for(scheme, search_dirs(config_.driver_path, PluginKind::driver));
    conn_ = open();
  }
  if (for_changes && !lock_conn_) {
    lock_conn_ = open();
    context_.reset();
  }
  if (!context_) {
    context_ = std::make_unique<MigrationContext>(conn_, lock_conn_ ? lock_conn_ : conn_, *driver_,
                                                  config_.context);
  }
  return *context_;
}

std::string Session::redacted_url() const {
  return redact_url(config_.database_url);
}

std::vector<std::string> Session::secrets() const {
  return url_secrets(config_.database_url);
}

}  // namespace migctl

#include "commands/session.hpp"

#include <algorithm>
#include <cctype>

#include "config/database_url.hpp"
#include "migctl/error.hpp"
#include "plugin/plugin_paths.hpp"
#include "revision/set_labels.hpp"
#include "sqlfiles/sql_dir.hpp"

namespace migctl {

Session::Session(RunConfig config, RunObserver* observer)
    : config_(std::move(config)),
      observer_(observer),
      registry_(LoadPolicy{config_.allow_untrusted_plugins}) {}

// The context and connections go before the registry, whose libraries they run on.
Session::~Session() {
  context_.reset();
  conn_.reset();
  driver_.reset();
}

const RevisionMap& Session::revisions() {
  if (map_) return *map_;
  // Sets registered in-process (Registry::add_in_process, unit tests) count as given.
  if (config_.plugins.empty() && config_.migrations_dirs.empty() &&
      registry_.migration_sets().empty()) {
    throw Error(ExitCode::usage,
                "no migration set given: neither a plugin nor a migrations directory",
                "pass a directory of SQL migrations with --migrations-dir, e.g. "
                "`migctl --migrations-dir db/migrations upgrade`, or a plugin with --plugin, "
                "e.g. `migctl --plugin aksara.so upgrade` (or list them in "
                "MIGCTL_MIGRATIONS_DIR / MIGCTL_PLUGINS)");
  }
  auto dirs = search_dirs(config_.plugin_path, PluginKind::plugin);
  for (const auto& name : config_.plugins) registry_.load(find_plugin_file(name, dirs));
  load_migrations_dirs();

  std::vector<Revision> all;
  auto taken = registry_.take_revisions();
  all.reserve(taken.size());
  for (auto& [set, revision] : taken) {
    set_by_revision_[revision.id] = set;
    all.push_back(std::move(revision));
  }
  if (all.empty()) {
    if (!config_.migrations_dirs.empty()) {
      throw Error(ExitCode::config, "the migrations directories hold no migration yet",
                  "write the first with `migctl --migrations-dir DIR create -m MESSAGE`");
    }
    throw Error(ExitCode::config, "the loaded plugins provide no revisions",
                "check that --plugin names a migration-set plugin such as aksara.so");
  }
  // Each set is its own branch: its base carries the set's name unless the plugin chose
  // labels itself (revision/set_labels.hpp).
  auto automatic = set_labels(all, set_by_revision_);
  map_.emplace(std::move(all), std::move(automatic));
  return *map_;
}

// Each directory is a set registered like a plugin's, its path standing for the plugin
// file, so a revision id or set name taken twice is reported naming both sources.
void Session::load_migrations_dirs() {
  std::optional<SqlFormat> forced;
  if (!config_.migrations_format.empty()) {
    forced = parse_sql_format(config_.migrations_format);
    if (!forced) {
      const auto source = config_.settings.source(kMigrationsFormat);
      throw Error(ExitCode::config,
                  std::string(kMigrationsFormat) + "=\"" + config_.migrations_format + "\"" +
                      (source ? " (from " + describe(*source) + ")" : "") +
                      " is not a migrations format",
                  "give one of: golang-migrate (or sqlx), dbmate, flyway, diesel, migctl");
    }
  }
  // Set name -> where it comes from (a plugin file or a directory).
  std::map<std::string, std::string> source_of_set;
  for (const auto& loaded : registry_.migration_sets())
    source_of_set.emplace(loaded.set.name, loaded.file.string());
  for (const auto& text : config_.migrations_dirs) {
    SqlDirSpec spec = parse_sql_dir_spec(text);
    if (!spec.format) spec.format = forced;
    SqlDir dir = read_sql_dir(spec);
    auto [it, fresh] = source_of_set.emplace(dir.set.name, spec.dir.string());
    if (!fresh) {
      throw Error(ExitCode::config,
                  "migrations directory " + spec.dir.string() + " would be the migration set '" +
                      dir.set.name + "', which " + it->second + " already provides",
                  "name one of them: --migrations-dir OTHER_NAME=" + spec.dir.string());
    }
    registry_.add_in_process(spec.dir.string(), [&dir](Registrar& registrar) {
      registrar.add_migration_set(std::move(dir.set));
    });
  }
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

MigrationContext& Session::context(bool /*for_changes*/) {
  if (!context_) {
    if (config_.database_url.empty()) {
      throw Error(ExitCode::config, "DATABASE_CONN is not set (nor DATABASE_URL)",
                  "set it in .env or the environment, e.g. "
                  "DATABASE_CONN=postgresql://user:password@localhost:5432/aksara");
    }
    driver();
    conn_ = open();
    context_ = std::make_unique<MigrationContext>(
        conn_, [this] { return open(); }, driver_->dialect(), config_.context);
  }
  return *context_;
}

std::shared_ptr<Driver> Session::driver() {
  if (!driver_) {
    const std::string scheme =
        config_.database_url.empty() ? "postgresql" : url_scheme(config_.database_url);
    driver_ =
        registry_.load_driver_for(scheme, search_dirs(config_.driver_path, PluginKind::driver));
  }
  return driver_;
}

std::shared_ptr<Connection> Session::open_connection() {
  context(false);
  return open();
}

std::map<std::string, std::string> Session::hook_config(const std::string& hook_name) const {
  std::string prefix = "MIGCTL_HOOK_";
  for (char c : hook_name) prefix += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  prefix += "_";
  std::map<std::string, std::string> out;
  for (const auto& key : config_.settings.keys()) {
    if (key.size() <= prefix.size() || key.compare(0, prefix.size(), prefix) != 0) continue;
    std::string name;
    for (char c : key.substr(prefix.size()))
      name += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out[name] = config_.settings.get_or(key, "");
  }
  return out;
}

HookRunner Session::hook_runner(HookContext base) {
  if (config_.no_hooks) return {};
  base.environment = config_.environment;
  base.redacted_url = redacted_url();
  base.database_url = config_.database_url;
  base.connection = &context(false).connection();
  base.open_connection = [this] { return open(); };

  auto dirs = search_dirs(config_.hook_path, PluginKind::hook);
  // Hooks declare the databases they work with: one asked for by name must work with this
  // driver, one only enabled by default is skipped with a note when it does not.
  const std::string database = driver()->name();
  std::vector<std::shared_ptr<Hook>> hooks;
  for (const auto& name : config_.hooks) {
    auto hook = registry_.load_hook(name, dirs);
    if (!hook_works_with(*hook, database)) refuse_hook_for_driver(*hook, database);
    bool seen = false;
    for (const auto& h : hooks) seen |= h == hook;
    if (!seen) hooks.push_back(hook);
  }
  registry_.load_all(dirs);
  std::vector<std::shared_ptr<Hook>> defaults;
  for (const auto& loaded : registry_.hooks()) {
    bool seen = false;
    for (const auto& h : hooks) seen |= h == loaded.hook;
    if (seen || !loaded.hook->enabled_by_default(base)) continue;
    if (!hook_works_with(*loaded.hook, database)) {
      if (base.report) base.report(skipped_hook_note(*loaded.hook, database));
      continue;
    }
    defaults.push_back(loaded.hook);
  }
  std::sort(defaults.begin(), defaults.end(),
            [](const auto& a, const auto& b) { return a->name() < b->name(); });
  hooks.insert(hooks.end(), defaults.begin(), defaults.end());

  std::vector<HookRunner::Config> configs;
  for (const auto& h : hooks) configs.push_back(hook_config(h->name()));
  return HookRunner(std::move(hooks), std::move(configs), std::move(base));
}

// The driver reads its own URLs; loading it does not connect. Without one (no scheme, no
// driver for the scheme, a driver that does not load) the core's fallback shows
// "<scheme>://***" and takes everything after "://" for a secret.
std::shared_ptr<Driver> Session::url_driver() noexcept {
  if (config_.database_url.empty()) return nullptr;
  try {
    return driver();
  } catch (...) {
    return nullptr;
  }
}

std::string Session::redacted_url() {
  if (auto d = url_driver()) return d->redact_url(config_.database_url);
  return redact_url(config_.database_url);
}

std::vector<std::string> Session::secrets() {
  if (auto d = url_driver()) return d->url_secrets(config_.database_url);
  return url_secrets(config_.database_url);
}

}  // namespace migctl

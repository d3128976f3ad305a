#include "plugin/registry.hpp"

#include <algorithm>
#include <boost/dll/import.hpp>
#include <boost/dll/shared_library.hpp>
#include <set>

#include "migctl/error.hpp"
#include "plugin/elf_check.hpp"
#include "plugin/trust.hpp"

namespace fs = std::filesystem;
namespace dll = boost::dll;

namespace migctl {
namespace {

// A function of the value, not a comparison with a literal: with an oldest accepted minor
// of 0 the inline comparison is always false and -Wtype-limits says so.
bool older_than_oldest_minor(std::uint32_t minor) {
  const std::uint32_t oldest = MIGCTL_SDK_OLDEST_COMPATIBLE_MINOR;
  return oldest > 0 && minor < oldest;
}

Error plugin_error(const fs::path& file, const std::string& what, std::string hint = {}) {
  return Error(ExitCode::config, "plugin " + file.string() + ": " + what, std::move(hint));
}

// Boost.DLL reports every load failure with the same error code; only the dlerror() text
// differs. Turn the common ones into something a person can act on.
Error load_failure(const fs::path& file, const std::string& dlerror_text) {
  if (dlerror_text.find("undefined symbol") != std::string::npos) {
    return plugin_error(file, "has an unresolved symbol (" + dlerror_text + ")",
                        "it was built against other library versions than this migctl; "
                        "rebuild it with this migctl's SDK");
  }
  if (dlerror_text.find("cannot open shared object file") != std::string::npos) {
    return plugin_error(file, "needs a library that cannot be found (" + dlerror_text + ")",
                        "install the missing library or fix LD_LIBRARY_PATH");
  }
  if (dlerror_text.find("wrong ELF class") != std::string::npos ||
      dlerror_text.find("ELF") != std::string::npos) {
    return plugin_error(file,
                        "is not a loadable shared library for this machine (" + dlerror_text + ")");
  }
  return plugin_error(file, "could not be loaded: " + dlerror_text);
}

}  // namespace

std::string abi_mismatch(const AbiDescriptor& plugin, const AbiDescriptor& host) {
  if (plugin.magic != kAbiMagic) return "its ABI descriptor is not a migctl descriptor";
  auto version = [](const AbiDescriptor& d) {
    return std::to_string(d.sdk_major) + "." + std::to_string(d.sdk_minor);
  };
  std::string built_with =
      std::string(" (plugin built with ") + (plugin.compiler ? plugin.compiler : "?") + ")";
  if (plugin.sdk_major != host.sdk_major) {
    return "it was built against plugin SDK " + version(plugin) + ", this migctl has SDK " +
           version(host) + built_with;
  }
  if (older_than_oldest_minor(plugin.sdk_minor)) {
    return "it was built against plugin SDK " + version(plugin) +
           ", older than the oldest this migctl accepts (" + std::to_string(host.sdk_major) + "." +
           std::to_string(MIGCTL_SDK_OLDEST_COMPATIBLE_MINOR) + ")" + built_with;
  }
  if (plugin.sdk_minor > host.sdk_minor) {
    return "it needs plugin SDK " + version(plugin) + " or newer, this migctl has SDK " +
           version(host) + built_with;
  }
  if (plugin.cxx11_abi != host.cxx11_abi) {
    return "it uses the " + std::string(plugin.cxx11_abi ? "new" : "old") +
           " C++ string ABI (_GLIBCXX_USE_CXX11_ABI=" + std::to_string(plugin.cxx11_abi) +
           "), this migctl the " + (host.cxx11_abi ? "new" : "old") + " one" + built_with;
  }
  if (plugin.glibcxx_debug != host.glibcxx_debug) {
    return std::string("it was built ") + (plugin.glibcxx_debug ? "with" : "without") +
           " _GLIBCXX_DEBUG, this migctl " + (host.glibcxx_debug ? "with" : "without") + " it" +
           built_with;
  }
  return {};
}

// The registrar handed to one plugin's entry: records where everything came from.
class Registry::Collector final : public Registrar {
 public:
  Collector(Registry& registry, fs::path file, LibraryHandle library)
      : registry_(registry), file_(std::move(file)), library_(std::move(library)) {}

  void add_driver(std::unique_ptr<Driver> driver) override {
    if (!driver) throw plugin_error(file_, "registered a null driver");
    LibraryHandle lib = library_;
    std::shared_ptr<Driver> held(driver.release(), [lib](Driver* d) { delete d; });
    for (const auto& scheme : held->schemes()) {
      auto it = registry_.drivers_.find(scheme);
      if (it != registry_.drivers_.end()) {
        throw plugin_error(file_,
                           "registers a driver for '" + scheme + "://', which " +
                               it->second.file.string() + " already registered",
                           "load only one driver per URL scheme");
      }
    }
    registry_.driver_libraries_[held.get()] = library_;
    for (const auto& scheme : held->schemes()) registry_.drivers_[scheme] = {held, file_};
  }

  void add_migration_set(MigrationSet set) override {
    for (const auto& loaded : registry_.sets_) {
      if (loaded.set.name == set.name) {
        throw plugin_error(file_,
                           "provides migration set '" + set.name + "', which " +
                               loaded.file.string() + " already provides",
                           "each migration set must come from one plugin");
      }
      for (const auto& mine : set.revisions) {
        for (const auto& theirs : loaded.set.revisions) {
          if (mine.id == theirs.id) {
            throw plugin_error(file_,
                               "revision '" + mine.id + "' (" + mine.source +
                                   ") has the same id as a revision in " + loaded.file.string() +
                                   " (" + theirs.source + ")",
                               "revision ids must be unique across all loaded plugins");
          }
        }
      }
    }
    const std::size_t count = set.revisions.size();
    registry_.sets_.push_back({std::move(set), file_, count});
  }

  void add_hook(std::unique_ptr<Hook> hook) override {
    if (!hook) throw plugin_error(file_, "registered a null hook");
    LibraryHandle lib = library_;
    std::shared_ptr<Hook> held(hook.release(), [lib](Hook* h) { delete h; });
    for (const auto& loaded : registry_.hooks_) {
      if (loaded.hook->name() == held->name()) {
        throw plugin_error(file_,
                           "registers hook '" + held->name() + "', which " + loaded.file.string() +
                               " already registered",
                           "load only one plugin per hook name");
      }
    }
    registry_.hooks_.push_back({held, file_});
  }

  void add_backup_store(std::unique_ptr<BackupStore> store) override {
    if (!store) throw plugin_error(file_, "registered a null backup store");
    LibraryHandle lib = library_;
    std::shared_ptr<BackupStore> held(store.release(), [lib](BackupStore* b) { delete b; });
    for (const auto& loaded : registry_.backup_stores_) {
      if (loaded.store->name() == held->name()) {
        throw plugin_error(file_,
                           "registers backup store '" + held->name() + "', which " +
                               loaded.file.string() + " already registered",
                           "load only one plugin per backup store name");
      }
    }
    registry_.backup_stores_.push_back({held, file_});
  }

 private:
  Registry& registry_;
  fs::path file_;
  LibraryHandle library_;
};

Registry::Registry(LoadPolicy policy) : policy_(policy) {}

// Objects from plugins are released before the libraries (members are destroyed in
// reverse order, and each object's deleter holds its library anyway).
Registry::~Registry() = default;

void Registry::load(const fs::path& file) {
  std::error_code ec;
  fs::path canonical = fs::canonical(file, ec);
  if (ec) throw plugin_error(file, "cannot be opened: " + ec.message());
  if (libraries_.count(canonical.string())) return;

  if (!policy_.allow_untrusted) {
    std::string why = untrusted_reason(canonical);
    if (!why.empty()) {
      throw Error(ExitCode::permission,
                  "refusing to load plugin " + file.string() + ": " + why +
                      "; anyone who can write there could run code as you",
                  "fix the ownership or mode (e.g. chmod go-w), or pass "
                  "--allow-untrusted-plugins if you trust it");
    }
  }
  // dlopen of a file cut short dies with SIGBUS: check the ELF file is whole first.
  if (std::string problem = elf_file_problem(canonical); !problem.empty()) {
    const bool not_elf = problem.rfind("is not a shared library", 0) == 0;
    throw plugin_error(file, problem,
                       not_elf ? "pass a plugin built as a .so, e.g. "
                                 "build/lib/migctl/plugins/aksara.so"
                               : "build or install the plugin again; a copy cut short (a full "
                                 "disk, an interrupted transfer) leaves such a file");
  }

  auto library = std::make_shared<dll::shared_library>();
  boost::dll::fs::error_code load_ec;
  library->load(canonical, dll::load_mode::rtld_now | dll::load_mode::rtld_local, load_ec);
  if (load_ec) throw load_failure(file, load_ec.message());

  if (!library->has("migctl_plugin_abi")) {
    throw plugin_error(file,
                       "is a shared library but not a migctl plugin (it has no "
                       "migctl_plugin_abi symbol)",
                       "a plugin must end with MIGCTL_PLUGIN(entry) from <migctl/plugin.hpp>");
  }
  const AbiDescriptor& abi =
      dll::import_alias<const AbiDescriptor>(*library, "migctl_plugin_abi").operator*();
  std::string mismatch = abi_mismatch(abi, this_build_abi());
  if (!mismatch.empty()) {
    throw plugin_error(file, "is incompatible with this migctl: " + mismatch,
                       "rebuild the plugin against this migctl's SDK");
  }
  if (!library->has("migctl_plugin_entry")) {
    throw plugin_error(file, "has an ABI descriptor but no migctl_plugin_entry symbol",
                       "a plugin must end with MIGCTL_PLUGIN(entry) from <migctl/plugin.hpp>");
  }
  auto entry = dll::import_alias<PluginEntry>(*library, "migctl_plugin_entry");

  Collector collector(*this, file, library);
  try {
    entry(collector);
  } catch (const Error& e) {
    if (e.code() == ExitCode::config && std::string(e.what()).rfind("plugin ", 0) == 0) throw;
    throw plugin_error(file, std::string("failed while registering: ") + e.what(), e.hint());
  } catch (const std::exception& e) {
    throw plugin_error(file, std::string("failed while registering: ") + e.what());
  } catch (...) {
    throw plugin_error(file, "failed while registering (unknown exception)");
  }
  libraries_[canonical.string()] = std::move(library);
}

void Registry::add_in_process(const std::string& label,
                              const std::function<void(Registrar&)>& entry) {
  Collector collector(*this, label, nullptr);
  entry(collector);
}

std::shared_ptr<Driver> Registry::driver_for(const std::string& scheme) const {
  auto it = drivers_.find(scheme);
  return it == drivers_.end() ? nullptr : it->second.driver;
}

std::shared_ptr<Driver> Registry::load_driver_for(const std::string& scheme,
                                                  const std::vector<fs::path>& dirs) {
  if (auto d = driver_for(scheme)) return d;
  std::error_code ec;
  for (const auto& dir : dirs) {
    fs::path direct = dir / (scheme + ".so");
    if (fs::is_regular_file(direct, ec)) {
      load(direct);
      if (auto d = driver_for(scheme)) return d;
    }
  }
  for (const auto& dir : dirs) {
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      if (entry.path().extension() != ".so") continue;
      load(entry.path());
      if (auto d = driver_for(scheme)) return d;
    }
  }
  std::string looked;
  for (const auto& dir : dirs) looked += (looked.empty() ? "" : ", ") + dir.string();
  throw Error(ExitCode::config,
              "no driver for '" + scheme + "://' URLs (looked in: " + looked + ")",
              "DATABASE_CONN must start with postgresql:// or postgres://; "
              "set MIGCTL_DRIVER_PATH if drivers are installed elsewhere");
}

std::shared_ptr<Connection> Registry::connect(const std::shared_ptr<Driver>& driver,
                                              const std::string& url,
                                              const ConnectOptions& options) {
  auto it = driver_libraries_.find(driver.get());
  LibraryHandle lib = it == driver_libraries_.end() ? nullptr : it->second;
  std::unique_ptr<Connection> conn = driver->connect(url, options);
  // The driver is captured too: a connection may call back into its driver's state.
  return std::shared_ptr<Connection>(conn.release(), [lib, driver](Connection* c) { delete c; });
}

std::shared_ptr<Hook> Registry::load_hook(const std::string& name,
                                          const std::vector<fs::path>& dirs) {
  auto registered = [&]() -> std::shared_ptr<Hook> {
    for (const auto& h : hooks_)
      if (h.hook->name() == name) return h.hook;
    return nullptr;
  };
  if (auto h = registered()) return h;
  std::error_code ec;
  std::string looked;
  for (const auto& dir : dirs) {
    fs::path file = dir / (name + ".so");
    if (fs::is_regular_file(file, ec)) {
      load(file);
      if (auto h = registered()) return h;
      throw plugin_error(file, "does not register a hook named '" + name + "'");
    }
    looked += (looked.empty() ? "" : ", ") + dir.string();
  }
  throw Error(ExitCode::config, "hook '" + name + "' not found; looked in: " + looked,
              "check the name (--hook pg_dump_backup, --hook monitor) or set MIGCTL_HOOK_PATH");
}

void Registry::load_all(const std::vector<fs::path>& dirs) {
  std::error_code ec;
  for (const auto& dir : dirs) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dir, ec))
      if (entry.path().extension() == ".so") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) load(f);
  }
}

std::vector<std::pair<std::string, Revision>> Registry::take_revisions() {
  std::vector<std::pair<std::string, Revision>> out;
  std::size_t total = 0;
  for (const auto& loaded : sets_) total += loaded.set.revisions.size();
  out.reserve(total);
  for (auto& loaded : sets_) {
    for (auto& r : loaded.set.revisions) out.emplace_back(loaded.set.name, std::move(r));
    loaded.set.revisions.clear();
  }
  return out;
}

std::vector<fs::path> Registry::loaded_files() const {
  std::vector<fs::path> files;
  for (const auto& [path, lib] : libraries_) files.emplace_back(path);
  return files;
}

}  // namespace migctl

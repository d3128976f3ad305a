// plugins: every --plugin loads (trusted, ABI-compatible) and their revisions form a graph.
#include <filesystem>

#include "checks/check_run.hpp"

namespace migctl::checks {

std::vector<CheckResult> check_plugins(CheckRun& run) {
  try {
    const RevisionMap& map = run.session.revisions();
    std::string sets;
    for (const auto& s : run.session.registry().migration_sets()) {
      // A plugin by its file name; a migrations directory by its path, as given.
      std::error_code ec;
      std::string from = s.file.filename().string();
      if (std::filesystem::is_directory(s.file, ec)) {
        from = s.file.string();
        if (from.back() != '/') from += '/';
      }
      sets += (sets.empty() ? "" : ", ") + s.set.name + " (" + from + ": " +
              std::to_string(s.revision_count) + " revision(s), " +
              std::to_string(s.set.seeds.size()) + " seed step(s))";
    }
    run.plugins_loaded = true;
    return {
        ok("plugins", "loaded " + sets + "; " + std::to_string(map.size()) + " revisions in all")};
  } catch (const Error& e) {
    if (run.strict && e.code() == ExitCode::usage) throw;  // `check` without a plugin
    if (e.code() == ExitCode::data) {
      // The plugins loaded, but their revisions do not form a valid graph.
      return {failed("plugins", CheckStatus::error, e.what(), e.hint(), ExitCode::data)};
    }
    // A missing plugin is the Python setup's "Module not found": the backend's fix was
    // installing the dependencies; here it is building or pointing at the plugin.
    ExitCode code = e.code() == ExitCode::usage ? ExitCode::config : e.code();
    std::string fix = e.hint().empty() ? "check --plugin and MIGCTL_PLUGIN_PATH" : e.hint();
    return {failed("plugins", CheckStatus::error, e.what(),
                   fix + " (\"Module not found\": build or install the plugin)", code)};
  }
}

}  // namespace migctl::checks

#include "plugin/plugin_paths.hpp"

#include <sstream>
#include <system_error>

#include "migctl/error.hpp"

namespace fs = std::filesystem;

namespace migctl {

fs::path executable_dir() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return fs::current_path();
  return exe.parent_path();
}

fs::path installed_dir(PluginKind kind) {
  const char* sub = kind == PluginKind::driver ? MIGCTL_DRIVER_SUBDIR
                    : kind == PluginKind::hook ? MIGCTL_HOOK_SUBDIR
                                               : MIGCTL_PLUGIN_SUBDIR;
  return (executable_dir().parent_path() / sub).lexically_normal();
}

std::vector<fs::path> search_dirs(const std::string& path_list, PluginKind kind) {
  std::vector<fs::path> dirs;
  std::stringstream in(path_list);
  std::string entry;
  while (std::getline(in, entry, ':')) {
    if (!entry.empty()) dirs.emplace_back(entry);
  }
  dirs.push_back(installed_dir(kind));
  return dirs;
}

fs::path find_plugin_file(const std::string& name_or_path, const std::vector<fs::path>& dirs) {
  if (name_or_path.empty()) {
    throw Error(ExitCode::usage, "--plugin needs a file name or path",
                "for example: --plugin aksara.so");
  }
  std::error_code ec;
  if (name_or_path.find('/') != std::string::npos) {
    fs::path p(name_or_path);
    if (fs::is_regular_file(p, ec)) return p;
    if (fs::exists(p, ec)) {
      throw Error(ExitCode::config, "plugin '" + name_or_path + "' is not a regular file",
                  "pass the path of a plugin's .so file");
    }
    throw Error(ExitCode::config,
                "plugin file '" + name_or_path + "' not found (looked at " +
                    fs::absolute(p, ec).string() + ")",
                "check the path, or pass a bare name to search MIGCTL_PLUGIN_PATH");
  }

  std::vector<std::string> candidates{name_or_path};
  if (fs::path(name_or_path).extension().empty()) candidates.push_back(name_or_path + ".so");
  std::string looked;
  for (const auto& dir : dirs) {
    for (const auto& c : candidates) {
      fs::path p = dir / c;
      if (fs::is_regular_file(p, ec)) return p;
    }
    looked += looked.empty() ? "" : ", ";
    looked += dir.string();
  }
  throw Error(ExitCode::config, "plugin '" + name_or_path + "' not found; looked in: " + looked,
              "add its directory to MIGCTL_PLUGIN_PATH, or pass a path (./" + name_or_path + ")");
}

}  // namespace migctl

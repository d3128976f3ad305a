// Where plugins and drivers are looked up.
//
// `--plugin` takes a path (anything containing '/') or a bare name. A bare name is looked
// up, in order, in each directory of MIGCTL_PLUGIN_PATH and then in the installed plugin
// directory (<prefix>/lib/migctl/plugins, found relative to the migctl executable, so a
// build tree works like an install). Never in the current directory: a bare name must not
// pick up whatever file happens to be there.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace migctl {

enum class PluginKind { plugin, driver, hook };

// The directory holding the running executable.
std::filesystem::path executable_dir();

// The installed directory for a kind (from executable_dir()).
std::filesystem::path installed_dir(PluginKind kind);

// `path_list` is colon-separated (like PATH); empty entries are ignored.
std::vector<std::filesystem::path> search_dirs(const std::string& path_list, PluginKind kind);

// Resolves `name_or_path` to an existing file. A bare name without extension also matches
// "<name>.so". Throws Error(ExitCode::config) naming every place it looked.
std::filesystem::path find_plugin_file(const std::string& name_or_path,
                                       const std::vector<std::filesystem::path>& dirs);

}  // namespace migctl

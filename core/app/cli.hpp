// Command-line parsing: the first positional word is the command, the rest its arguments.
// Options may appear before or after the command. A word like "-1" or "+2" is a relative
// revision, not an option, so `migctl downgrade -1` works exactly as typed.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace migctl::app {

struct CommandLine {
  std::string command;
  std::vector<std::string> arguments;
  std::vector<std::string> plugins;
  std::map<std::string, std::string> settings;  // configuration keys set by flags
  std::string env_file;                         // --env-file; empty: ./.env if present
  bool json = false;
  bool verbose = false;
  bool help = false;
  bool version = false;
  bool ignore_checksums = false;
  bool single_transaction = false;
  bool allow_untrusted_plugins = false;
  bool no_hooks = false;
  bool offline_sql = false;
  std::vector<std::string> hooks;  // --hook, in order
  // Options declared by commands (app/command_table.hpp): name -> values, in order.
  std::map<std::string, std::vector<std::string>> command_options;

  bool has(const std::string& option) const { return command_options.count(option) > 0; }
  // The last value of a command option, or `fallback`.
  std::string value(const std::string& option, const std::string& fallback = {}) const;
};

// Throws migctl::Error(ExitCode::usage) for unknown or malformed options, and for a
// command's option given with another command.
CommandLine parse_command_line(const std::vector<std::string>& args);

// The --help text.
std::string usage_text();

}  // namespace migctl::app

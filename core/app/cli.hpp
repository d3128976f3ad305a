// Command-line parsing: the first positional word is the command, the rest its arguments.
// Options may appear before or after the command. A word like "-1" or "+2" is a relative
// revision, not an option, so `migctl downgrade -1` works exactly as typed.
#pragma once

#include <iosfwd>
#include <map>
#include <string>
#include <vector>

namespace migctl::app {

struct AppCommand;  // app/command_table.hpp

struct CommandLine {
  std::string command;
  std::vector<std::string> arguments;
  std::vector<std::string> plugins;
  std::vector<std::string> migrations_dirs;     // --migrations-dir, in order ("DIR", "NAME=DIR")
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

// Throws migctl::Error(ExitCode::usage) for unknown or malformed options (the hint
// suggests the nearest option), and for a command's option given with another command.
// Long options must be spelled in full and in lower case: Poco's parser would accept any
// unique prefix ("--js" for "--json"), which silently changes meaning when an option is
// added, so every "--name" is checked against the exact names first.
CommandLine parse_command_line(const std::vector<std::string>& args);

// True when `args` asks for JSON (a literal "--json" before any "--"), for reporting an
// error in JSON even when the command line itself could not be parsed.
bool wants_json(const std::vector<std::string>& args);

// `migctl --help`: usage, the commands, the global options, configuration, exit codes.
// Stable layout for tools that read it (the man page generator, shell completion): the
// "Commands:" section has one line per command, "  NAME  SUMMARY", NAME being the first
// word; it ends at the next empty line. `migctl help --json` gives the same as data.
std::string usage_text();

// `migctl` with no command: a few lines for stderr (usage line and command names).
std::string short_usage_text();

// `migctl help CMD` and `migctl CMD --help`: usage, summary, description, the command's own
// options, examples.
std::string command_help_text(const AppCommand& command);

// The help as JSON (format_version, commands with usage, summary, options and examples,
// global options); `command` null: every command.
std::string help_json(const AppCommand* command);

// What `migctl help [CMD]`, `migctl --help` and `migctl CMD --help` print, on `out`. Throws
// Error(usage) for an unknown command (suggesting the nearest) or more than one argument.
void print_help(const CommandLine& cl, std::ostream& out);

}  // namespace migctl::app

// The table of migctl's commands. Each command lives in its own file under app/commands/
// and registers itself with MIGCTL_APP_COMMAND, so adding a command touches no shared
// file. A command declares its own options; the parser accepts them only with it.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "cli.hpp"
#include "commands/session.hpp"

namespace migctl::app {

struct OptionSpec {
  std::string name;        // long name, without "--"
  std::string short_name;  // one letter or empty
  std::string description;
  std::string argument;  // placeholder such as "FILE"; empty for a flag
  bool repeatable = false;
};

struct Io {
  std::ostream& out;  // the command's result (JSON with --json)
  std::ostream& err;  // progress that must not mix with JSON, warnings
};

// One example in `migctl help CMD`: a command line and what it does.
struct Example {
  std::string command;  // "migctl --plugin aksara.so upgrade"
  std::string what;     // "apply every pending revision"
};

// A command and its help. The help texts are what `migctl help CMD`, the man page and
// shell completion show, so each command documents itself where it is registered.
struct AppCommand {
  std::string name;
  std::string usage;    // "upgrade [TARGET]" (without "migctl [options] ")
  std::string summary;  // one line for the command list, lower case, no final period
  std::vector<OptionSpec> options;
  // Runs the command; returns the exit code. Throws migctl::Error for failures.
  int (*run)(const CommandLine& cl, Session& session, Io& io);
  // Paragraphs for `migctl help CMD`: what it does, what it reads and writes, its exit
  // codes beyond the common ones. Lines are wrapped by the author (at most 88 columns).
  std::string description;
  std::vector<Example> examples;
  // Takes the global --sql (prints the statements instead of writing them). Any other
  // command given --sql is refused before it connects: it would write for real.
  bool prints_sql = false;
};

// Commands in the order they were registered within a file; sorted by name for help.
const std::vector<AppCommand>& app_commands();
const AppCommand* find_app_command(const std::string& name);
// The command called `name`; Error(usage) otherwise, suggesting the nearest name
// ("did you mean 'upgrade'?").
const AppCommand& require_app_command(const std::string& name);
bool register_app_command(AppCommand command);

// Helpers for command implementations.
// The single positional argument, `fallback` if none (an empty fallback makes it required,
// with `what` in the message). More arguments than one: usage error.
std::string single_argument(const CommandLine& cl, const std::string& fallback,
                            const std::string& what);
// No positional arguments allowed.
void no_arguments(const CommandLine& cl);

}  // namespace migctl::app

#define MIGCTL_APP_COMMAND_CONCAT2(a, b) a##b
#define MIGCTL_APP_COMMAND_CONCAT(a, b) MIGCTL_APP_COMMAND_CONCAT2(a, b)
// __COUNTER__, not __LINE__: in a unity build two command files share one translation unit.
#define MIGCTL_APP_COMMAND(...)                                                                    \
  [[maybe_unused]] static const bool MIGCTL_APP_COMMAND_CONCAT(migctl_app_command_, __COUNTER__) = \
      ::migctl::app::register_app_command(__VA_ARGS__)

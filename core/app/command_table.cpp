#include "command_table.hpp"

#include <algorithm>

#include "migctl/error.hpp"
#include "suggest.hpp"

namespace migctl::app {
namespace {

std::vector<AppCommand>& table() {
  static std::vector<AppCommand> commands;
  return commands;
}

}  // namespace

const std::vector<AppCommand>& app_commands() {
  return table();
}

const AppCommand* find_app_command(const std::string& name) {
  for (const auto& c : table())
    if (c.name == name) return &c;
  return nullptr;
}

const AppCommand& require_app_command(const std::string& name) {
  if (const AppCommand* command = find_app_command(name)) return *command;
  std::vector<std::string> names;
  for (const auto& c : table()) names.push_back(c.name);
  const auto suggestion = nearest(name, names);
  std::string list;
  for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
  throw Error(ExitCode::usage, "unknown command '" + name + "'",
              suggestion ? "did you mean '" + *suggestion + "'? (`migctl help` lists the commands)"
                         : "commands: " + list + " (`migctl help` describes them)");
}

bool register_app_command(AppCommand command) {
  auto& commands = table();
  auto pos =
      std::lower_bound(commands.begin(), commands.end(), command,
                       [](const AppCommand& a, const AppCommand& b) { return a.name < b.name; });
  commands.insert(pos, std::move(command));
  return true;
}

std::string single_argument(const CommandLine& cl, const std::string& fallback,
                            const std::string& what) {
  if (cl.arguments.size() > 1) {
    throw Error(ExitCode::usage, "too many arguments for `" + cl.command + "`: " + cl.arguments[1],
                "`migctl help " + cl.command + "` shows its usage");
  }
  if (!cl.arguments.empty()) return cl.arguments.front();
  if (fallback.empty()) {
    const AppCommand* c = find_app_command(cl.command);
    throw Error(ExitCode::usage, "`" + cl.command + "` needs " + what,
                c ? "usage: migctl " + c->usage : "run `migctl --help`");
  }
  return fallback;
}

void no_arguments(const CommandLine& cl) {
  if (!cl.arguments.empty()) {
    throw Error(ExitCode::usage,
                "`" + cl.command + "` takes no arguments, got '" + cl.arguments.front() + "'",
                "`migctl help " + cl.command + "` shows its usage");
  }
}

}  // namespace migctl::app

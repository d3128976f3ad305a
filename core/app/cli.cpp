#include "cli.hpp"

#include <Poco/Util/OptionException.h>
#include <Poco/Util/OptionProcessor.h>
#include <Poco/Util/OptionSet.h>

#include <regex>
#include <sstream>

#include "command_table.hpp"
#include "migctl/error.hpp"

namespace migctl::app {
namespace {

using Poco::Util::Option;
using Poco::Util::OptionSet;

OptionSet global_options() {
  OptionSet set;
  set.addOption(Option("plugin", "p", "load a migration-set plugin (path or bare name; repeatable)")
                    .argument("FILE")
                    .repeatable(true));
  set.addOption(Option("env-file", "e", "read configuration from this .env file (default: ./.env)")
                    .argument("FILE"));
  set.addOption(Option("environment", "", "dev, staging or production (overrides ENVIRONMENT)")
                    .argument("NAME"));
  set.addOption(Option("lock-timeout", "", "seconds to wait for another run's lock (default 60)")
                    .argument("SECONDS"));
  set.addOption(
      Option("version-table", "", "version table name (default alembic_version)").argument("NAME"));
  set.addOption(Option("ignore-checksums", "", "do not refuse applied revisions that changed"));
  set.addOption(Option("single-transaction", "", "apply the whole run in one transaction"));
  set.addOption(Option("hook", "", "enable a hook plugin for this run (repeatable)")
                    .argument("NAME")
                    .repeatable(true));
  set.addOption(Option("no-hooks", "", "run no hooks at all, not even default ones"));
  set.addOption(
      Option("sql", "", "print the SQL script upgrade/downgrade would run instead of running it"));
  set.addOption(
      Option("allow-untrusted-plugins", "", "load plugins even if others could have written them"));
  set.addOption(Option("json", "", "machine-readable output on stdout (most commands)"));
  set.addOption(Option("verbose", "v", "more detail"));
  set.addOption(Option("help", "h", "show this help"));
  set.addOption(Option("version", "", "show migctl's version"));
  return set;
}

// Global options plus every command's own, each once (commands may share a name).
OptionSet make_options() {
  OptionSet set = global_options();
  for (const auto& command : app_commands()) {
    for (const auto& spec : command.options) {
      if (set.hasOption(spec.name, false)) continue;
      Option option(spec.name, spec.short_name, spec.description);
      if (!spec.argument.empty()) option.argument(spec.argument);
      option.repeatable(true);
      set.addOption(option);
    }
  }
  return set;
}

bool is_relative_revision(const std::string& arg) {
  static const std::regex relative("[+-][0-9]+");
  return std::regex_match(arg, relative);
}

void apply(CommandLine& cl, const std::string& name, const std::string& value) {
  if (name == "plugin")
    cl.plugins.push_back(value);
  else if (name == "env-file")
    cl.env_file = value;
  else if (name == "environment")
    cl.settings["ENVIRONMENT"] = value;
  else if (name == "lock-timeout")
    cl.settings["MIGCTL_LOCK_TIMEOUT"] = value;
  else if (name == "version-table")
    cl.settings["MIGCTL_VERSION_TABLE"] = value;
  else if (name == "ignore-checksums")
    cl.ignore_checksums = true;
  else if (name == "single-transaction")
    cl.single_transaction = true;
  else if (name == "json")
    cl.json = true;
  else if (name == "hook")
    cl.hooks.push_back(value);
  else if (name == "no-hooks")
    cl.no_hooks = true;
  else if (name == "sql")
    cl.offline_sql = true;
  else if (name == "allow-untrusted-plugins")
    cl.allow_untrusted_plugins = true;
  else if (name == "verbose")
    cl.verbose = true;
  else if (name == "help")
    cl.help = true;
  else if (name == "version")
    cl.version = true;
  else
    cl.command_options[name].push_back(value);
}

void check_command_options(const CommandLine& cl) {
  if (cl.command.empty()) return;
  const AppCommand* command = find_app_command(cl.command);
  if (!command) return;  // reported as an unknown command by the caller
  for (const auto& [name, values] : cl.command_options) {
    bool ok = false;
    for (const auto& spec : command->options) ok |= spec.name == name;
    if (!ok) {
      std::string owners;
      for (const auto& c : app_commands())
        for (const auto& spec : c.options)
          if (spec.name == name) owners += (owners.empty() ? "" : ", ") + c.name;
      throw Error(ExitCode::usage,
                  "option --" + name + " does not apply to `" + cl.command + "`" +
                      (owners.empty() ? "" : " (it is an option of: " + owners + ")"),
                  "run `migctl --help`");
    }
  }
}

}  // namespace

CommandLine parse_command_line(const std::vector<std::string>& args) {
  OptionSet options = make_options();
  Poco::Util::OptionProcessor processor(options);
  processor.setUnixStyle(true);
  CommandLine cl;
  std::vector<std::string> positional;
  bool expecting_value = false;
  bool options_done = false;
  try {
    for (const auto& arg : args) {
      if (!options_done && !expecting_value && arg == "--") {
        options_done = true;
        continue;
      }
      if (options_done || (!expecting_value && is_relative_revision(arg))) {
        positional.push_back(arg);
        continue;
      }
      std::string name, value;
      if (processor.process(arg, name, value)) {
        // An option whose value is the next word is reported with an empty name first.
        expecting_value = name.empty();
        if (!name.empty()) apply(cl, name, value);
      } else {
        positional.push_back(arg);
      }
    }
    processor.checkRequired();
  } catch (const Poco::Util::OptionException& e) {
    throw Error(ExitCode::usage, e.displayText(), "run `migctl --help` for the options");
  }
  if (expecting_value) {
    throw Error(ExitCode::usage, "option " + args.back() + " needs a value",
                "run `migctl --help` for the options");
  }
  if (!positional.empty()) {
    cl.command = positional.front();
    cl.arguments.assign(positional.begin() + 1, positional.end());
  }
  check_command_options(cl);
  return cl;
}

std::string CommandLine::value(const std::string& option, const std::string& fallback) const {
  auto it = command_options.find(option);
  return it == command_options.end() || it->second.empty() ? fallback : it->second.back();
}

std::string usage_text() {
  std::ostringstream out;
  out << "usage: migctl [options] <command> [arguments]\n\nCommands:\n";
  for (const auto& c : app_commands()) {
    std::string usage = "  " + c.usage;
    if (usage.size() < 30)
      usage.resize(30, ' ');
    else
      usage += "\n" + std::string(30, ' ');
    out << usage << c.summary << "\n";
    for (const auto& o : c.options) {
      std::string flag = "      --" + o.name + (o.argument.empty() ? "" : " " + o.argument);
      if (flag.size() < 30)
        flag.resize(30, ' ');
      else
        flag += "\n" + std::string(30, ' ');
      out << flag << o.description << "\n";
    }
  }
  out << "\n"
         "Configuration comes from, lowest to highest: defaults, .env, the environment, flags.\n"
         "DATABASE_CONN (postgresql://user:password@host:5432/db) is read from .env or the\n"
         "environment only, so the password never appears in a process list.\n\n";
  out << "Options:\n";
  for (const auto& o : global_options()) {
    std::string flag = "  " + (o.shortName().empty() ? "    " : "-" + o.shortName() + ", ") + "--" +
                       o.fullName() + (o.argumentName().empty() ? "" : " " + o.argumentName());
    if (flag.size() < 30)
      flag.resize(30, ' ');
    else
      flag += "\n" + std::string(30, ' ');
    out << flag << o.description() << "\n";
  }
  out << "\nExit codes: 0 ok, 1 a revision failed (rolled back), 64 usage, 65 revision/graph\n"
         "error, 69 database unreachable, 70 internal error, 75 lock held past the timeout,\n"
         "77 authentication/permission, 78 configuration or plugin error.\n";
  return out.str();
}

}  // namespace migctl::app

#include "cli.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/Util/OptionException.h>
#include <Poco/Util/OptionProcessor.h>
#include <Poco/Util/OptionSet.h>

#include <algorithm>
#include <cctype>
#include <ostream>
#include <regex>
#include <sstream>

#include "command_table.hpp"
#include "json_document.hpp"
#include "migctl/error.hpp"
#include "sqlfiles/sql_dir.hpp"
#include "suggest.hpp"

namespace migctl::app {
namespace {

using Poco::Util::Option;
using Poco::Util::OptionSet;

OptionSet global_options() {
  OptionSet set;
  set.addOption(Option("plugin", "p", "load a migration-set plugin (path or bare name; repeatable)")
                    .argument("FILE")
                    .repeatable(true));
  set.addOption(Option("migrations-dir", "",
                       "load a directory of SQL migrations as a set (repeatable; NAME=DIR)")
                    .argument("DIR")
                    .repeatable(true));
  set.addOption(Option("migrations-format", "",
                       "golang-migrate, dbmate, flyway, diesel or migctl (default: detected)")
                    .argument("FORMAT"));
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
      Option("sql", "", "upgrade, downgrade, stamp, repair: print the SQL, do not run it"));
  set.addOption(
      Option("allow-untrusted-plugins", "", "load plugins even if others could have written them"));
  set.addOption(Option("json", "", "one JSON document on stdout, errors included"));
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

std::vector<std::string> long_names(const OptionSet& options) {
  std::vector<std::string> out;
  for (const auto& o : options) out.push_back(o.fullName());
  return out;
}

[[noreturn]] void unknown_option(const std::string& shown, const std::string& name,
                                 const OptionSet& options) {
  const auto suggestion = nearest(name, long_names(options));
  throw Error(ExitCode::usage, "unknown option " + shown,
              (suggestion ? "did you mean '--" + *suggestion + "'? " : std::string()) +
                  "options are spelled in full; `migctl --help` lists them, `migctl help "
                  "<command>` a command's own");
}

// Poco accepts a unique prefix of a long name, in any case, and a short name followed by
// anything; only exact names pass here, so an abbreviation never changes meaning when an
// option is added.
void require_exact_option(const std::string& arg, const OptionSet& options) {
  if (arg.size() > 2 && arg[0] == '-' && arg[1] == '-') {
    const std::string name = arg.substr(2, arg.find('=') - 2);
    for (const auto& o : options)
      if (o.fullName() == name) return;
    unknown_option("--" + name, name, options);
  }
  if (arg.size() > 1 && arg[0] == '-' && arg[1] != '-') {
    const std::string letter = arg.substr(1, 1);
    for (const auto& o : options)
      if (o.shortName() == letter) return;
    // "-json": a long option with one dash.
    unknown_option(arg.substr(0, arg.find('=')),
                   arg.size() > 2 ? arg.substr(1, arg.find('=') - 1) : letter, options);
  }
}

// Where to read about the options: the command's own help once its name was seen.
std::string options_hint(const std::vector<std::string>& positional) {
  if (!positional.empty() && find_app_command(positional.front()))
    return "`migctl help " + positional.front() + "` lists its options";
  return "`migctl --help` lists the options";
}

// "--json=1", "-vx": a flag given a value. Poco would say "Unexpected option argument: vx".
void refuse_flag_value(const std::string& arg, const OptionSet& options,
                       const std::vector<std::string>& positional) {
  if (arg.size() < 3 || arg[0] != '-') return;
  const bool long_form = arg[1] == '-';
  const auto equals = arg.find('=');
  if (long_form && equals == std::string::npos) return;
  const std::string name = long_form ? arg.substr(2, equals - 2) : arg.substr(1, 1);
  for (const auto& o : options) {
    if ((long_form ? o.fullName() : o.shortName()) != name || o.takesArgument()) continue;
    const std::string shown = long_form ? "--" + name : "-" + name;
    throw Error(ExitCode::usage,
                "option " + shown + " takes no value, got '" +
                    arg.substr(long_form ? equals + 1 : (arg[2] == '=' ? 3 : 2)) + "'",
                "write " + shown + " alone (short options are not bundled: -v -h); " +
                    options_hint(positional));
  }
}

// An option given on the command line means its value: an empty one (a shell variable that
// was not set) is refused instead of quietly meaning the default.
const std::string& non_empty(const std::string& name, const std::string& value,
                             const std::string& expected) {
  if (value.find_first_not_of(" \t") == std::string::npos) {
    throw Error(ExitCode::usage, "option --" + name + " needs a value, got an empty one",
                "give " + expected + ", or leave the option out for the default");
  }
  return value;
}

const std::string& known_format(const std::string& name, const std::string& value) {
  if (!parse_sql_format(value)) {
    throw Error(ExitCode::usage, "option --" + name + ": unknown migrations format '" + value + "'",
                "give one of: golang-migrate (or sqlx), dbmate, flyway, diesel, migctl");
  }
  return value;
}

void apply(CommandLine& cl, const std::string& name, const std::string& value) {
  if (name == "plugin")
    cl.plugins.push_back(value);
  else if (name == "migrations-dir")
    cl.migrations_dirs.push_back(non_empty(name, value, "a directory of SQL migration files"));
  else if (name == "migrations-format")
    cl.settings["MIGCTL_MIGRATIONS_FORMAT"] = known_format(name, value);
  else if (name == "env-file")
    cl.env_file = value;
  else if (name == "environment")
    cl.settings["ENVIRONMENT"] = value;
  else if (name == "lock-timeout")
    cl.settings["MIGCTL_LOCK_TIMEOUT"] = non_empty(name, value, "a number of seconds, e.g. 60");
  else if (name == "version-table")
    cl.settings["MIGCTL_VERSION_TABLE"] = non_empty(name, value, "a table name");
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
                  "`migctl help " + cl.command + "` lists its options");
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
      if (!expecting_value) {
        require_exact_option(arg, options);
        refuse_flag_value(arg, options, positional);
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
    // Checked before Poco's checkRequired, which words it "Missing option argument".
    if (expecting_value) {
      const std::string& last = args.back();
      const auto& option = last.rfind("--", 0) == 0 ? options.getOption(last.substr(2))
                                                    : options.getOption(last.substr(1), true);
      throw Error(ExitCode::usage,
                  "option " + last + " needs a value (" + option.argumentName() + ")",
                  options_hint(positional));
    }
    processor.checkRequired();
  } catch (const Poco::Util::OptionException& e) {
    throw Error(ExitCode::usage, e.displayText(), options_hint(positional));
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

namespace {

// "  FLAG" padded to `width` columns, then the description (on the next line when FLAG
// is too long).
std::string row(std::string flag, const std::string& description, std::size_t width = 30) {
  if (flag.size() + 1 < width)
    flag.resize(width, ' ');
  else
    flag += "\n" + std::string(width, ' ');
  return flag + description + "\n";
}

std::string option_flag(const std::string& short_name, const std::string& name,
                        const std::string& argument) {
  return "  " + (short_name.empty() ? "    " : "-" + short_name + ", ") + "--" + name +
         (argument.empty() ? "" : " " + argument);
}

const char* kExitCodes =
    "Exit codes: 0 ok, 1 a revision failed (rolled back), 3 a hook failed, 64 usage,\n"
    "65 revision/graph error, 69 database unreachable, 70 internal error, 75 lock held past\n"
    "the timeout, 77 authentication/permission, 78 configuration or plugin error.\n";

std::string command_names() {
  std::string names;
  for (const auto& c : app_commands()) names += (names.empty() ? "" : ", ") + c.name;
  return names;
}

Poco::JSON::Object::Ptr option_json(const std::string& short_name, const std::string& name,
                                    const std::string& argument, const std::string& description) {
  Poco::JSON::Object::Ptr o = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  o->set("name", "--" + name);
  o->set("short", short_name.empty() ? std::string() : "-" + short_name);
  o->set("argument", argument);
  o->set("description", description);
  return o;
}

Poco::JSON::Object::Ptr command_json(const AppCommand& c) {
  Poco::JSON::Object::Ptr o = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  o->set("name", c.name);
  o->set("usage", "migctl [options] " + c.usage);
  o->set("summary", c.summary);
  o->set("description", c.description);
  Poco::JSON::Array::Ptr options = new Poco::JSON::Array;
  for (const auto& spec : c.options)
    options->add(option_json(spec.short_name, spec.name, spec.argument, spec.description));
  o->set("options", options);
  Poco::JSON::Array::Ptr examples = new Poco::JSON::Array;
  for (const auto& e : c.examples) {
    Poco::JSON::Object::Ptr j = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    j->set("command", e.command);
    j->set("what", e.what);
    examples->add(j);
  }
  o->set("examples", examples);
  return o;
}

}  // namespace

std::string usage_text() {
  std::size_t width = 0;
  for (const auto& c : app_commands()) width = std::max(width, c.name.size());
  std::ostringstream out;
  out << "usage: migctl [options] <command> [arguments]\n\nCommands:\n";
  for (const auto& c : app_commands()) out << row("  " + c.name, c.summary, width + 5);
  out << "\nRun `migctl help <command>` (or `migctl <command> --help`) for a command's usage,\n"
         "options and examples.\n\n";
  out << "Options (before or after the command):\n";
  for (const auto& o : global_options())
    out << row(option_flag(o.shortName(), o.fullName(), o.argumentName()), o.description());
  out << "\n"
         "Configuration comes from, lowest to highest: defaults, .env, the environment, flags.\n"
         "The database URL (postgresql://user:password@host:5432/db) is DATABASE_CONN, else\n"
         "DATABASE_URL, read from .env or the environment only, so the password never appears\n"
         "in a process list.\n"
         "A migrations directory holds plain SQL files in the layout of golang-migrate/sqlx,\n"
         "dbmate, Flyway, diesel or migctl's own; it is a migration set named after the\n"
         "directory (NAME=DIR names it). MIGCTL_MIGRATIONS_DIR lists directories like PATH.\n\n"
      << kExitCodes;
  return out.str();
}

std::string short_usage_text() {
  return "usage: migctl [options] <command> [arguments]\n"
         "commands: " +
         command_names() +
         "\n"
         "`migctl help` describes them, `migctl help <command>` one of them.\n";
}

std::string command_help_text(const AppCommand& c) {
  std::ostringstream out;
  std::string summary = c.summary;
  if (!summary.empty())
    summary[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(summary[0])));
  out << "usage: migctl [options] " << c.usage << "\n\n" << summary << ".\n";
  if (!c.description.empty()) {
    out << "\n" << c.description;
    if (c.description.back() != '\n') out << "\n";
  }
  out << "\nOptions:\n";
  if (c.options.empty()) out << "  (none of its own)\n";
  for (const auto& o : c.options)
    out << row(option_flag(o.short_name, o.name, o.argument), o.description);
  // The global options by name, wrapped: they work with every command.
  out << "\nGlobal options (`migctl --help` describes them):\n";
  std::string line = " ";
  for (const auto& o : global_options()) {
    const std::string item =
        " --" + o.fullName() + (o.argumentName().empty() ? "" : " " + o.argumentName());
    if (line.size() + item.size() + 1 > 88) {
      out << line << "\n";
      line = " ";
    }
    line += item + ",";
  }
  line.pop_back();
  out << line << "\n";
  if (!c.examples.empty()) {
    out << "\nExamples:\n";
    for (const auto& e : c.examples) out << "  " << e.command << "\n      " << e.what << "\n";
  }
  return out.str();
}

std::string help_json(const AppCommand* command) {
  Poco::JSON::Object::Ptr doc = json_document();
  if (command) {
    doc->set("command", command_json(*command));
  } else {
    doc->set("usage", "migctl [options] <command> [arguments]");
    Poco::JSON::Array::Ptr commands = new Poco::JSON::Array;
    for (const auto& c : app_commands()) commands->add(command_json(c));
    doc->set("commands", commands);
    Poco::JSON::Array::Ptr options = new Poco::JSON::Array;
    for (const auto& o : global_options())
      options->add(option_json(o.shortName(), o.fullName(), o.argumentName(), o.description()));
    doc->set("options", options);
  }
  std::ostringstream out;
  print_json(out, doc);
  return out.str();
}

void print_help(const CommandLine& cl, std::ostream& out) {
  // `migctl help [CMD]`: the command is the argument; `migctl CMD --help`: the command.
  std::string name = cl.command;
  // `migctl help --help` is help's own help, like any `migctl CMD --help`.
  if (name == "help" && !(cl.help && cl.arguments.empty())) {
    if (cl.arguments.size() > 1)
      throw Error(ExitCode::usage,
                  "`help` takes one command, got " + std::to_string(cl.arguments.size()),
                  "e.g. `migctl help upgrade`");
    name = cl.arguments.empty() ? std::string() : cl.arguments.front();
  }
  const AppCommand* command = name.empty() ? nullptr : &require_app_command(name);
  if (cl.json)
    out << help_json(command);
  else
    out << (command ? command_help_text(*command) : usage_text());
}

bool wants_json(const std::vector<std::string>& args) {
  for (const auto& arg : args) {
    if (arg == "--") return false;
    if (arg == "--json") return true;
  }
  return false;
}

}  // namespace migctl::app

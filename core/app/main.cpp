// migctl: parses the command line, resolves configuration, runs one command, prints its
// result, and maps errors to documented exit codes. No migration logic lives here.
#include <Poco/Exception.h>
#include <unistd.h>

#include <filesystem>
#include <iostream>

#include "cli.hpp"
#include "command_table.hpp"
#include "config/database_url.hpp"
#include "config/settings.hpp"
#include "migctl/error.hpp"
#include "migctl/version.hpp"

namespace {

using namespace migctl;

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::string item;
  for (char c : text + ",") {
    if (c == ',' || c == ':') {
      if (!item.empty()) out.push_back(item);
      item.clear();
    } else if (c != ' ') {
      item += c;
    }
  }
  return out;
}

RunConfig make_run_config(const app::CommandLine& cl) {
  std::map<std::string, std::string> defaults{
      {kEnvironment, "dev"}, {kLockTimeout, "60"}, {kVersionTable, "alembic_version"}};
  const bool explicit_env_file = !cl.env_file.empty();
  Settings settings = resolve_settings(defaults, explicit_env_file ? cl.env_file : ".env",
                                       explicit_env_file, process_environment(), cl.settings);
  RunConfig config;
  config.plugins = cl.plugins;
  if (config.plugins.empty()) config.plugins = split_list(settings.get_or(kPlugins, ""));
  config.plugin_path = settings.get_or(kPluginPath, "");
  config.driver_path = settings.get_or(kDriverPath, "");
  config.database_url = settings.get_or(kDatabaseConn, "");
  try {
    config.environment = normalize_environment(settings.get_or(kEnvironment, "dev"));
  } catch (const Error&) {
    // doctor reports a bad ENVIRONMENT as one of its findings instead of refusing to run.
    if (cl.command != "doctor") throw;
    config.environment = "unknown";
  }
  int timeout = settings.get_int(kLockTimeout, 60);
  if (timeout < 0) {
    throw Error(ExitCode::config, "MIGCTL_LOCK_TIMEOUT must be 0 or more seconds",
                "0 fails at once when another run holds the lock");
  }
  config.context.lock_timeout = std::chrono::seconds(timeout);
  config.context.version_table = settings.get_or(kVersionTable, "alembic_version");
  config.verify_checksums = !cl.ignore_checksums;
  config.single_transaction = cl.single_transaction;
  config.allow_untrusted_plugins = cl.allow_untrusted_plugins;
  config.hooks = cl.hooks;
  if (config.hooks.empty()) config.hooks = split_list(settings.get_or(kHooks, ""));
  config.no_hooks = cl.no_hooks;
  config.hook_path = settings.get_or(kHookPath, "");
  config.offline_sql = cl.offline_sql;
  config.settings = settings;
  return config;
}

int run(const app::CommandLine& cl, Session& session) {
  const app::AppCommand* command = app::find_app_command(cl.command);
  if (!command) {
    std::string names;
    for (const auto& c : app::app_commands()) names += (names.empty() ? "" : ", ") + c.name;
    throw Error(ExitCode::usage, "unknown command '" + cl.command + "'",
                "commands: " + names + " (see `migctl --help`)");
  }
  app::Io io{std::cout, std::cerr};
  return command->run(cl, session, io);
}

int report(const std::string& message, const std::string& hint, ExitCode code,
           const std::vector<std::string>& secrets) {
  std::cerr << "migctl: error: " << scrub(message, secrets) << "\n";
  if (!hint.empty()) std::cerr << "  hint: " << scrub(hint, secrets) << "\n";
  return static_cast<int>(code);
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> secrets;
  try {
    app::CommandLine cl = app::parse_command_line({argv + 1, argv + argc});
    if (cl.version) {
      std::cout << "migctl " << MIGCTL_VERSION_STRING << " (plugin SDK " << MIGCTL_SDK_VERSION_MAJOR
                << "." << MIGCTL_SDK_VERSION_MINOR << ")\n";
      return 0;
    }
    if (cl.help || cl.command.empty() || cl.command == "help") {
      std::cout << app::usage_text();
      return cl.command.empty() && !cl.help ? static_cast<int>(ExitCode::usage) : 0;
    }
    RunConfig config = make_run_config(cl);
    secrets = url_secrets(config.database_url);
    Session session(std::move(config));
    return run(cl, session);
  } catch (const DatabaseError& e) {
    std::string message = e.what();
    if (!e.statement().empty()) {
      std::string s =
          e.statement().size() > 400 ? e.statement().substr(0, 400) + " ..." : e.statement();
      message += "\n  statement: " + s;
    }
    if (!e.sqlstate().empty()) message += "\n  sqlstate: " + e.sqlstate();
    return report(message, e.hint(), e.code(), secrets);
  } catch (const Error& e) {
    return report(e.what(), e.hint(), e.code(), secrets);
  } catch (const Poco::Exception& e) {
    return report("internal error: " + e.displayText(), "please report this as a bug",
                  ExitCode::internal, secrets);
  } catch (const std::exception& e) {
    return report(std::string("internal error: ") + e.what(), "please report this as a bug",
                  ExitCode::internal, secrets);
  }
}

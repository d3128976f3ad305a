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
#include "json_document.hpp"
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
  config.migrations_dirs = cl.migrations_dirs;
  if (config.migrations_dirs.empty())
    config.migrations_dirs = split_dir_list(settings.get_or(kMigrationsDir, ""));
  config.migrations_format = settings.get_or(kMigrationsFormat, "");
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
  const app::AppCommand& command = app::require_app_command(cl.command);
  app::Io io{std::cout, std::cerr};
  return command.run(cl, session, io);
}

// An error: one line on stderr (with its hint), and with --json also a JSON document on
// stdout, so a script reading stdout always gets one document.
struct Failure {
  std::string message;
  std::string hint;
  ExitCode code;
  std::string sqlstate;
  std::string statement;
};

int report(const Failure& f, bool json, const std::vector<std::string>& secrets) {
  std::string text = f.message;
  if (!f.statement.empty()) {
    std::string s = f.statement.size() > 400 ? f.statement.substr(0, 400) + " ..." : f.statement;
    text += "\n  statement: " + s;
  }
  if (!f.sqlstate.empty()) text += "\n  sqlstate: " + f.sqlstate;
  std::cerr << "migctl: error: " << scrub(text, secrets) << "\n";
  if (!f.hint.empty()) std::cerr << "  hint: " << scrub(f.hint, secrets) << "\n";
  const int code = static_cast<int>(f.code);
  if (json) {
    std::cout.flush();
    app::print_json(std::cout,
                    app::json_error(code, scrub(f.message, secrets), scrub(f.hint, secrets),
                                    f.sqlstate, scrub(f.statement, secrets)));
  }
  return code;
}

int main_with(const std::vector<std::string>& args, bool& json, std::vector<std::string>& secrets) {
  app::CommandLine cl = app::parse_command_line(args);
  json = cl.json;
  if (cl.version) {
    if (json) {
      auto doc = app::json_document();
      doc->set("version", std::string(MIGCTL_VERSION_STRING));
      doc->set("sdk_version", std::to_string(MIGCTL_SDK_VERSION_MAJOR) + "." +
                                  std::to_string(MIGCTL_SDK_VERSION_MINOR));
      app::print_json(std::cout, doc);
    } else {
      std::cout << "migctl " << MIGCTL_VERSION_STRING << " (plugin SDK " << MIGCTL_SDK_VERSION_MAJOR
                << "." << MIGCTL_SDK_VERSION_MINOR << ")\n";
    }
    return 0;
  }
  // Help needs no configuration: a broken .env must not hide it.
  if (cl.help || cl.command == "help") {
    app::print_help(cl, std::cout);
    return 0;
  }
  if (cl.command.empty()) {
    std::cerr << app::short_usage_text();
    throw Error(ExitCode::usage, "no command given", "e.g. `migctl --plugin aksara.so upgrade`");
  }
  // An unknown command, or --sql where it would not be honoured, before any configuration
  // error and before anything connects.
  const app::AppCommand& command = app::require_app_command(cl.command);
  if (cl.offline_sql && !command.prints_sql) {
    throw Error(
        ExitCode::usage,
        "--sql does not apply to `" + command.name +
            "`: only upgrade, downgrade, stamp and repair print their statements instead of "
            "running them",
        "run `migctl " + command.name + "` without --sql (nothing was done)");
  }
  RunConfig config = make_run_config(cl);
  // Until a driver reads the URL: everything after "://" is a secret.
  secrets = url_secrets(config.database_url);
  Session session(std::move(config));
  try {
    return run(cl, session);
  } catch (...) {
    // The driver's reading (Driver::url_secrets), taken while its library is still loaded.
    secrets = session.secrets();
    throw;
  }
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  bool json = app::wants_json(args);
  std::vector<std::string> secrets;
  try {
    return main_with(args, json, secrets);
  } catch (const DatabaseError& e) {
    return report({e.what(), e.hint(), e.code(), e.sqlstate(), e.statement()}, json, secrets);
  } catch (const Error& e) {
    return report({e.what(), e.hint(), e.code(), {}, {}}, json, secrets);
  } catch (const Poco::Exception& e) {
    return report({"internal error: " + e.displayText(),
                   "please report this as a bug",
                   ExitCode::internal,
                   {},
                   {}},
                  json, secrets);
  } catch (const std::exception& e) {
    return report({std::string("internal error: ") + e.what(),
                   "please report this as a bug",
                   ExitCode::internal,
                   {},
                   {}},
                  json, secrets);
  }
}

#include <boost/test/unit_test.hpp>

#include "text_contains.hpp"

#include <unistd.h>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "config/settings.hpp"
#include "migctl/error.hpp"

using migctl::resolve_settings;
using migctl::Settings;
using migctl::SettingSource;

namespace {

using migctl_test::contains;

// A temporary directory removed at the end of the test.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    static int counter = 0;
    path = std::filesystem::temp_directory_path() /
           ("migctl_settings_" + std::to_string(::getpid()) + "_" + std::to_string(++counter));
    std::filesystem::create_directories(path);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  std::string write(const std::string& name, const std::string& content) const {
    auto file = (path / name).string();
    std::ofstream(file) << content;
    return file;
  }
};

template <typename F>
std::string config_error(F f) {
  try {
    f();
  } catch (const migctl::Error& e) {
    BOOST_CHECK(e.code() == migctl::ExitCode::config);
    return e.what();
  }
  BOOST_FAIL("expected a config error");
  return {};
}

Settings with(const std::string& key, const std::string& value,
              SettingSource source = {SettingSource::environment, "environment"}) {
  Settings s;
  s.set(key, value, source);
  return s;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(settings)

BOOST_AUTO_TEST_CASE(get_and_source_of_missing_key) {
  Settings s;
  BOOST_CHECK(!s.get("X"));
  BOOST_CHECK(!s.source("X"));
  BOOST_CHECK_EQUAL(s.get_or("X", "fallback"), "fallback");
  BOOST_CHECK(s.keys().empty());
}

BOOST_AUTO_TEST_CASE(later_set_wins_and_records_its_source) {
  Settings s;
  s.set("K", "a", {SettingSource::default_value, "default"});
  s.set("K", "b", {SettingSource::flag, "command line"});
  BOOST_CHECK_EQUAL(*s.get("K"), "b");
  BOOST_CHECK(s.source("K")->kind == SettingSource::flag);
  BOOST_CHECK_EQUAL(s.get_or("K", "z"), "b");
}

BOOST_AUTO_TEST_CASE(precedence_default_dotenv_environment_flag) {
  TempDir dir;
  auto env_file = dir.write(".env",
                            "DATABASE_CONN=postgresql://dotenv/db\n"
                            "ENVIRONMENT=staging\n"
                            "MIGCTL_LOCK_TIMEOUT=30\n"
                            "JWT_ALGORITHM=HS512\n");
  std::map<std::string, std::string> defaults = {
      {"MIGCTL_LOCK_TIMEOUT", "60"}, {"JWT_ALGORITHM", "HS256"}, {"MIGCTL_VERSION_TABLE", "v"}};
  std::map<std::string, std::string> environment = {{"ENVIRONMENT", "production"},
                                                    {"DATABASE_CONN", "postgresql://env/db"}};
  std::map<std::string, std::string> flags = {{"DATABASE_CONN", "postgresql://flag/db"}};
  Settings s = resolve_settings(defaults, env_file, true, environment, flags);

  BOOST_CHECK_EQUAL(*s.get("MIGCTL_VERSION_TABLE"), "v");
  BOOST_CHECK(s.source("MIGCTL_VERSION_TABLE")->kind == SettingSource::default_value);

  BOOST_CHECK_EQUAL(*s.get("JWT_ALGORITHM"), "HS512");
  BOOST_CHECK(s.source("JWT_ALGORITHM")->kind == SettingSource::dotenv);
  BOOST_CHECK_EQUAL(s.source("JWT_ALGORITHM")->origin, env_file);
  BOOST_CHECK_EQUAL(s.get_int("MIGCTL_LOCK_TIMEOUT", 0), 30);

  BOOST_CHECK_EQUAL(*s.get("ENVIRONMENT"), "production");
  BOOST_CHECK(s.source("ENVIRONMENT")->kind == SettingSource::environment);

  BOOST_CHECK_EQUAL(*s.get("DATABASE_CONN"), "postgresql://flag/db");
  BOOST_CHECK(s.source("DATABASE_CONN")->kind == SettingSource::flag);
}

BOOST_AUTO_TEST_CASE(environment_wins_over_dotenv_even_when_empty) {
  TempDir dir;
  auto env_file = dir.write(".env", "MIGCTL_HOOKS=from-file\n");
  Settings s = resolve_settings({}, env_file, true, {{"MIGCTL_HOOKS", ""}}, {});
  BOOST_CHECK_EQUAL(*s.get("MIGCTL_HOOKS"), "");
  BOOST_CHECK(s.source("MIGCTL_HOOKS")->kind == SettingSource::environment);
}

BOOST_AUTO_TEST_CASE(only_known_environment_keys_are_taken) {
  std::map<std::string, std::string> environment = {
      {"PATH", "/usr/bin"}, {"HOME", "/root"}, {"MIGCTL_PLUGINS", "aksara"}, {"CUSTOM", "x"}};
  Settings s = resolve_settings({{"CUSTOM", "default"}}, "", false, environment, {});
  BOOST_CHECK(!s.get("PATH"));
  BOOST_CHECK(!s.get("HOME"));
  BOOST_CHECK_EQUAL(*s.get("MIGCTL_PLUGINS"), "aksara");
  // A key with a default is known, so the environment may override it.
  BOOST_CHECK_EQUAL(*s.get("CUSTOM"), "x");
  BOOST_CHECK(s.source("CUSTOM")->kind == SettingSource::environment);
}

BOOST_AUTO_TEST_CASE(every_documented_key_is_known) {
  std::map<std::string, std::string> environment;
  for (const char* key : {"DATABASE_CONN", "DATABASE_URL", "ENVIRONMENT", "MIGCTL_PLUGIN_PATH",
                          "MIGCTL_DRIVER_PATH", "MIGCTL_LOCK_TIMEOUT", "MIGCTL_VERSION_TABLE",
                          "MIGCTL_PLUGINS", "MIGCTL_HOOKS", "MIGCTL_HOOK_PATH"}) {
    environment[key] = std::string("v_") + key;
  }
  Settings s = resolve_settings({}, "", false, environment, {});
  for (const auto& [key, value] : environment) BOOST_CHECK_EQUAL(s.get_or(key, ""), value);
}

BOOST_AUTO_TEST_CASE(product_keys_are_not_migctls_own) {
  // The Aksara set's settings are the Aksara plugin's business: not taken from the
  // environment unless asked for by name.
  Settings s =
      resolve_settings({}, "", false, {{"JWT_SECRET", "x"}, {"SEED_ADMIN_PASSWORD", "y"}}, {});
  BOOST_CHECK(!s.get("JWT_SECRET"));
  BOOST_CHECK(!s.get("SEED_ADMIN_PASSWORD"));
  BOOST_CHECK(s.keys().empty());
}

BOOST_AUTO_TEST_CASE(declared_settings_keep_the_precedence) {
  TempDir dir;
  auto env_file = dir.write(".env", "FROM_FILE=file\nBOTH=file\nEMPTY_ENV=file\n");
  Settings s = resolve_settings(
      {}, env_file, true,
      {{"BOTH", "env"}, {"ONLY_ENV", "env"}, {"EMPTY_ENV", ""}, {"BOTH_FLAG", "env"}},
      {{"FLAGGED", "flag"}, {"BOTH_FLAG", "flag"}});
  BOOST_CHECK(!s.get("ONLY_ENV"));  // not migctl's: kept out of get() and keys()
  BOOST_CHECK_EQUAL(s.declared("ONLY_ENV")->value, "env");
  BOOST_CHECK(s.declared("ONLY_ENV")->source.kind == SettingSource::environment);
  BOOST_CHECK_EQUAL(s.declared("FROM_FILE")->value, "file");
  BOOST_CHECK(s.declared("FROM_FILE")->source.kind == SettingSource::dotenv);
  // The environment wins over .env, even when empty (as for migctl's own keys).
  BOOST_CHECK_EQUAL(s.declared("BOTH")->value, "env");
  BOOST_CHECK_EQUAL(s.declared("EMPTY_ENV")->value, "");
  BOOST_CHECK(s.declared("EMPTY_ENV")->source.kind == SettingSource::environment);
  BOOST_CHECK_EQUAL(s.declared("FLAGGED")->value, "flag");
  BOOST_CHECK_EQUAL(s.declared("BOTH_FLAG")->value, "flag");  // flags win over the environment
  BOOST_CHECK(!s.declared("NOWHERE"));
}

BOOST_AUTO_TEST_CASE(all_dotenv_keys_are_kept) {
  TempDir dir;
  auto env_file = dir.write(".env", "UNRELATED_APP_SETTING=1\nREDIS_URL=redis://x\n");
  Settings s = resolve_settings({}, env_file, false, {}, {});
  BOOST_CHECK_EQUAL(s.get_or("UNRELATED_APP_SETTING", ""), "1");
  BOOST_CHECK_EQUAL(s.get_or("REDIS_URL", ""), "redis://x");
  BOOST_CHECK_EQUAL(s.keys().size(), 2u);
}

BOOST_AUTO_TEST_CASE(flags_take_any_key) {
  Settings s = resolve_settings({}, "", false, {}, {{"ANYTHING", "1"}});
  BOOST_CHECK_EQUAL(s.get_or("ANYTHING", ""), "1");
  BOOST_CHECK(s.source("ANYTHING")->kind == SettingSource::flag);
}

BOOST_AUTO_TEST_CASE(missing_optional_env_file_is_fine) {
  TempDir dir;
  Settings s = resolve_settings({{"A", "1"}}, (dir.path / "absent.env").string(), false, {}, {});
  BOOST_CHECK_EQUAL(s.get_or("A", ""), "1");
}

BOOST_AUTO_TEST_CASE(missing_required_env_file_names_the_path) {
  TempDir dir;
  auto path = (dir.path / "absent.env").string();
  std::string msg = config_error([&] { resolve_settings({}, path, true, {}, {}); });
  BOOST_CHECK_MESSAGE(contains(msg, path), msg);
}

BOOST_AUTO_TEST_CASE(malformed_env_file_is_an_error_even_when_optional) {
  TempDir dir;
  auto path = dir.write(".env", "GOOD=1\nJWT_SECRET_KEY=\"sup3rsecret\n");
  std::string msg = config_error([&] { resolve_settings({}, path, false, {}, {}); });
  BOOST_CHECK_MESSAGE(contains(msg, path + ":2:"), msg);
  BOOST_CHECK(!contains(msg, "sup3rsecret"));
}

BOOST_AUTO_TEST_CASE(get_int_parses_and_falls_back) {
  BOOST_CHECK_EQUAL(with("T", "45").get_int("T", 7), 45);
  BOOST_CHECK_EQUAL(with("T", " -3 ").get_int("T", 7), -3);
  BOOST_CHECK_EQUAL(with("T", "").get_int("T", 7), 7);
  BOOST_CHECK_EQUAL(Settings().get_int("T", 7), 7);
  BOOST_CHECK_EQUAL(with("T", "2147483647").get_int("T", 0), 2147483647);
}

BOOST_AUTO_TEST_CASE(get_int_error_names_key_source_and_value) {
  for (const std::string bad : {"abc", "12abc", "1.5", "+", "-", "99999999999", "1 2", "0x10"}) {
    std::string msg = config_error([&] {
      with("MIGCTL_LOCK_TIMEOUT", bad, {SettingSource::dotenv, "/app/.env"})
          .get_int("MIGCTL_LOCK_TIMEOUT", 0);
    });
    BOOST_CHECK_MESSAGE(contains(msg, "MIGCTL_LOCK_TIMEOUT"), msg);
    BOOST_CHECK_MESSAGE(contains(msg, "/app/.env"), msg);
    BOOST_CHECK_MESSAGE(contains(msg, "\"" + bad + "\""), msg);
  }
}

BOOST_AUTO_TEST_CASE(get_bool_accepts_documented_spellings) {
  for (const std::string yes : {"1", "true", "TRUE", "Yes", "on", " On "}) {
    BOOST_CHECK_MESSAGE(with("B", yes).get_bool("B", false), yes);
  }
  for (const std::string no : {"0", "false", "False", "NO", "off"}) {
    BOOST_CHECK_MESSAGE(!with("B", no).get_bool("B", true), no);
  }
  BOOST_CHECK(with("B", "").get_bool("B", true));
  BOOST_CHECK(!Settings().get_bool("B", false));
}

BOOST_AUTO_TEST_CASE(get_bool_error_names_key_and_source) {
  std::string msg = config_error([] {
    with("FLAG", "maybe", {SettingSource::flag, "command line"}).get_bool("FLAG", false);
  });
  BOOST_CHECK(contains(msg, "FLAG"));
  BOOST_CHECK(contains(msg, "command line"));
  BOOST_CHECK(contains(msg, "maybe"));
}

BOOST_AUTO_TEST_CASE(describe_sources) {
  BOOST_CHECK_EQUAL(migctl::describe({SettingSource::default_value, "default"}), "default");
  BOOST_CHECK_EQUAL(migctl::describe({SettingSource::dotenv, "/a/.env"}), ".env file /a/.env");
  BOOST_CHECK_EQUAL(migctl::describe({SettingSource::environment, "environment"}), "environment");
  BOOST_CHECK_EQUAL(migctl::describe({SettingSource::flag, "command line"}), "command line");
}

BOOST_AUTO_TEST_CASE(process_environment_reads_environ) {
  const std::string key = "MIGCTL_TEST_PROCESS_ENV_" + std::to_string(::getpid());
  ::setenv(key.c_str(), "a=b c", 1);
  auto env = migctl::process_environment();
  ::unsetenv(key.c_str());
  BOOST_REQUIRE(env.count(key));
  BOOST_CHECK_EQUAL(env[key], "a=b c");
}

BOOST_AUTO_TEST_CASE(normalize_environment_aliases) {
  for (const std::string v : {"dev", "development", "local", "DEV", " Local "}) {
    BOOST_CHECK_EQUAL(migctl::normalize_environment(v), "dev");
  }
  for (const std::string v : {"staging", "stage", "Staging"}) {
    BOOST_CHECK_EQUAL(migctl::normalize_environment(v), "staging");
  }
  for (const std::string v : {"prod", "production", "PRODUCTION"}) {
    BOOST_CHECK_EQUAL(migctl::normalize_environment(v), "production");
  }
}

BOOST_AUTO_TEST_CASE(normalize_environment_rejects_others_listing_accepted_values) {
  for (const std::string v : {"qa", "", "produc"}) {
    std::string msg = config_error([&] { migctl::normalize_environment(v); });
    for (const char* accepted : {"dev", "staging", "production"}) {
      BOOST_CHECK_MESSAGE(contains(msg, accepted), msg);
    }
    BOOST_CHECK(contains(msg, "\"" + v + "\""));
  }
}

BOOST_AUTO_TEST_SUITE_END()

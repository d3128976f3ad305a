// Pure policy of seed: where a set's seed password comes from and when it is refused, by
// the set's SeedPolicy (commands/seed.hpp); doctor's verdict over its checks
// (commands/doctor.hpp). The Aksara set's own settings checks are tested with the plugin
// (tests/unit/aksara/test_env_checks.cpp).
#include <boost/test/unit_test.hpp>

#include "commands/doctor.hpp"
#include "commands/seed.hpp"

using namespace migctl;

namespace {

struct Messages : RunObserver {
  std::vector<std::string> lines;
  void message(const std::string& text) override { lines.push_back(text); }
};

RunConfig config(const std::string& environment, std::map<std::string, std::string> env = {}) {
  RunConfig c;
  c.environment = environment;
  for (const auto& [k, v] : env) c.settings.set(k, v, {SettingSource::environment, "environment"});
  return c;
}

// The Aksara set's policy, as its plugin declares it (plugins/aksara/seed_admin.cpp).
SeedPolicy admin_policy() {
  SeedPolicy p;
  p.password_setting = "SEED_ADMIN_PASSWORD";
  p.development_default = "admin123";
  p.min_production_length = 12;
  p.account = "the admin user";
  p.password_name = "the admin password";
  return p;
}

std::string resolve_admin_password(const RunConfig& config, const SeedOptions& options,
                                   RunObserver& observer, std::string* source = nullptr) {
  return resolve_seed_password(admin_policy(), config, options, observer, source);
}

int code_of(const std::function<void()>& f, std::string* message = nullptr) {
  try {
    f();
  } catch (const Error& e) {
    if (message) *message = e.what();
    return static_cast<int>(e.code());
  }
  return 0;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(seed_policy)

BOOST_AUTO_TEST_CASE(stdin_then_setting_then_dev_default) {
  Messages m;
  std::string source;
  SeedOptions stdin_given{std::string("from-stdin-pw")};
  BOOST_TEST(resolve_admin_password(config("dev", {{"SEED_ADMIN_PASSWORD", "from-env-pw"}}),
                                    stdin_given, m, &source) == "from-stdin-pw");
  BOOST_TEST(source == "--password-stdin");
  BOOST_TEST(resolve_admin_password(config("dev", {{"SEED_ADMIN_PASSWORD", "from-env-pw"}}), {}, m,
                                    &source) == "from-env-pw");
  BOOST_TEST(source == "SEED_ADMIN_PASSWORD (environment)");
  BOOST_TEST(m.lines.empty());
  // Empty counts as unset, as "SEED_ADMIN_PASSWORD=" in a .env template.
  BOOST_TEST(resolve_admin_password(config("staging", {{"SEED_ADMIN_PASSWORD", ""}}), {}, m,
                                    &source) == "admin123");
  BOOST_TEST(source == "default");
  BOOST_TEST_REQUIRE(m.lines.size() == 1u);
  BOOST_TEST(m.lines[0].find("warning:") == 0u);
  BOOST_TEST(m.lines[0].find("admin123") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(production_refusals_never_name_the_password) {
  Messages m;
  std::string message;
  BOOST_TEST(code_of([&] { resolve_admin_password(config("production"), {}, m); }, &message) == 78);
  BOOST_TEST(message.find("without a password") != std::string::npos, message);
  BOOST_TEST(code_of(
                 [&] {
                   resolve_admin_password(
                       config("production", {{"SEED_ADMIN_PASSWORD", "admin123"}}), {}, m);
                 },
                 &message) == 78);
  BOOST_TEST(message.find("development default") != std::string::npos, message);
  BOOST_TEST(
      code_of(
          [&] { resolve_admin_password(config("production"), {std::string("elevenchars")}, m); },
          &message) == 78);
  BOOST_TEST(message.find("11 characters") != std::string::npos, message);
  BOOST_TEST(message.find("elevenchars") == std::string::npos, message);
  BOOST_TEST(resolve_admin_password(config("production"), {std::string("twelve-chars")}, m) ==
             "twelve-chars");
  BOOST_TEST(code_of([&] { resolve_admin_password(config("dev"), {std::string()}, m); }) == 64);
  BOOST_TEST(m.lines.empty());  // no default, so no warning, in production
}

BOOST_AUTO_TEST_CASE(the_password_setting_is_the_policys_and_read_from_the_environment) {
  Messages m;
  std::string source;
  SeedPolicy other = admin_policy();
  other.password_setting = "APP_ROOT_PASSWORD";
  // A process environment variable migctl itself does not know reaches the policy.
  RunConfig c;
  c.settings = resolve_settings(
      {}, "", false,
      {{"APP_ROOT_PASSWORD", "root-pw-from-env"}, {"SEED_ADMIN_PASSWORD", "not-this-one"}}, {});
  BOOST_TEST(resolve_seed_password(other, c, {}, m, &source) == "root-pw-from-env");
  BOOST_TEST(source == "APP_ROOT_PASSWORD (environment)");
  // Messages name the policy's setting, account and password.
  c.environment = "production";
  c.settings = Settings();
  std::string message;
  BOOST_TEST(code_of([&] { resolve_seed_password(other, c, {}, m); }, &message) == 78);
  BOOST_TEST(message.find("refusing to seed the admin user in production") == 0u, message);
  c.environment = "dev";
  resolve_seed_password(other, c, {}, m);
  BOOST_TEST_REQUIRE(m.lines.size() == 1u);
  BOOST_TEST(m.lines[0].find("set APP_ROOT_PASSWORD or use --password-stdin") != std::string::npos,
             m.lines[0]);
}

BOOST_AUTO_TEST_CASE(a_policy_without_a_default_needs_a_password_everywhere) {
  Messages m;
  SeedPolicy strict = admin_policy();
  strict.development_default.clear();
  std::string message;
  BOOST_TEST(code_of([&] { resolve_seed_password(strict, config("dev"), {}, m); }, &message) == 78);
  BOOST_TEST(message.find("without a password") != std::string::npos, message);
  BOOST_TEST(message.find("development default") == std::string::npos, message);
  BOOST_TEST(resolve_seed_password(strict, config("dev", {{"SEED_ADMIN_PASSWORD", "short"}}), {},
                                   m) == "short");  // the minimum length is production's
  BOOST_TEST(m.lines.empty());
}

BOOST_AUTO_TEST_CASE(a_set_without_a_password_policy_gets_no_password) {
  Messages m;
  std::string source = "unchanged";
  BOOST_TEST(resolve_seed_password(SeedPolicy{}, config("production"), {}, m, &source).empty());
  BOOST_TEST(source == "none");
  BOOST_TEST(m.lines.empty());
}

BOOST_AUTO_TEST_CASE(doctor_exit_code_is_the_first_error) {
  DoctorReport r;
  r.checks = {{"a", CheckStatus::warning, "", "", ExitCode::ok},
              {"b", CheckStatus::error, "", "", ExitCode::unavailable},
              {"c", CheckStatus::error, "", "", ExitCode::data}};
  BOOST_TEST(!r.healthy());
  BOOST_TEST(r.exit_code() == 69);
  r.checks.erase(r.checks.begin() + 1, r.checks.end());
  BOOST_TEST(r.healthy());
  BOOST_TEST(r.exit_code() == 0);
}

BOOST_AUTO_TEST_SUITE_END()

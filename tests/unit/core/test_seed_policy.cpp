// Pure policy of seed and doctor: where the admin password comes from and when it is
// refused (commands/seed.hpp), and the .env checks of doctor (commands/doctor.hpp).
#include <boost/test/unit_test.hpp>

#include "commands/doctor.hpp"
#include "commands/seed.hpp"

using namespace migctl;

namespace migctl {
std::ostream& operator<<(std::ostream& out, CheckStatus status) {
  return out << to_string(status);
}
}  // namespace migctl

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

int code_of(const std::function<void()>& f, std::string* message = nullptr) {
  try {
    f();
  } catch (const Error& e) {
    if (message) *message = e.what();
    return static_cast<int>(e.code());
  }
  return 0;
}

const DoctorCheck& find(const std::vector<DoctorCheck>& checks, const std::string& name) {
  for (const auto& c : checks)
    if (c.name == name) return c;
  throw std::runtime_error("no check " + name);
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

BOOST_AUTO_TEST_CASE(env_checks_are_warnings_in_dev_and_errors_in_production) {
  // Both secret keys are checked alike: the backend reads JWT_SECRET, its migration guide
  // names JWT_SECRET_KEY.
  for (const char* key : {"JWT_SECRET", "JWT_SECRET_KEY"}) {
    std::map<std::string, std::string> bad{{"JWT_SECRET", std::string(40, 's')},
                                           {"JWT_ALGORITHM", "none"}};
    bad[key] = "your_secret_key_here";
    auto dev = check_env(config("dev", bad));
    BOOST_TEST(find(dev, key).status == CheckStatus::warning, key);
    BOOST_TEST(find(dev, "JWT_ALGORITHM").status == CheckStatus::warning);
    auto prod = check_env(config("production", bad));
    BOOST_TEST(find(prod, key).status == CheckStatus::error, key);
    BOOST_TEST(find(prod, "JWT_ALGORITHM").status == CheckStatus::error);
    BOOST_TEST(find(prod, key).message.find("placeholder") != std::string::npos);

    const std::string secret(31, 'k');
    std::map<std::string, std::string> short_env{{"JWT_SECRET", std::string(40, 's')}};
    short_env[key] = secret;
    auto short_key = check_env(config("production", short_env));
    BOOST_TEST(find(short_key, key).status == CheckStatus::error, key);
    BOOST_TEST(find(short_key, key).message.find("31 bytes") != std::string::npos);
    BOOST_TEST(find(short_key, key).message.find(secret) == std::string::npos);
  }

  const std::string secret(32, 'k');
  auto good = check_env(config("production", {{"JWT_SECRET", secret},
                                              {"JWT_ALGORITHM", "HS256"},
                                              {"MONGO_URI", "mongodb://u:p@h/db"},
                                              {"RECAPTCHA_SECRET_KEY", "x"},
                                              {"SEED_ADMIN_PASSWORD", "a-strong-password"}}));
  for (const auto& c : good) BOOST_TEST(c.status == CheckStatus::ok, c.name << ": " << c.message);
  BOOST_TEST(find(good, "JWT_SECRET_KEY").message == "not set (the backend reads JWT_SECRET)");

  // Only the guide's name: the backend would find no JWT_SECRET.
  auto only_key =
      check_env(config("dev", {{"JWT_SECRET_KEY", secret}, {"JWT_ALGORITHM", "HS256"}}));
  BOOST_TEST(find(only_key, "JWT_SECRET_KEY").status == CheckStatus::ok);
  BOOST_TEST(find(only_key, "JWT_SECRET").status == CheckStatus::warning);
  BOOST_TEST(find(only_key, "JWT_SECRET").fix.find("same value as JWT_SECRET_KEY") !=
             std::string::npos);
  auto neither = check_env(config("production", {{"JWT_ALGORITHM", "HS256"}}));
  BOOST_TEST(find(neither, "JWT_SECRET").status == CheckStatus::error);
  BOOST_TEST(find(neither, "JWT_SECRET").message.find("not set") != std::string::npos);

  // An ENVIRONMENT the app could not normalize (doctor tolerates it to report it).
  auto unknown = check_env(config("dev", {{"ENVIRONMENT", "prodution"}}));
  BOOST_TEST(find(unknown, "ENVIRONMENT").status == CheckStatus::error);
  BOOST_TEST(find(unknown, "ENVIRONMENT").message.find("prodution") != std::string::npos);
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

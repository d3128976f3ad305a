// The Aksara set's doctor checks (plugins/aksara/env_checks.hpp) as pure functions: the JWT
// secret under both of its names, the algorithm, warnings in dev and errors in production,
// and never a secret's value in a message.
#include <boost/test/unit_test.hpp>
#include <map>
#include <string>

#include "env_checks.hpp"

using namespace migctl;

namespace migctl {
std::ostream& operator<<(std::ostream& out, CheckStatus status) {
  return out << to_string(status);
}
}  // namespace migctl

namespace {

ConfigCheckContext context(const std::string& environment,
                           const std::map<std::string, std::string>& values) {
  ConfigCheckContext c;
  c.environment = environment;
  for (const auto& [k, v] : values) {
    c.values[k] = v;
    c.sources[k] = "environment";
  }
  return c;
}

std::vector<CheckResult> run_all(const ConfigCheckContext& c) {
  std::vector<CheckResult> out;
  for (const auto& check : aksara::env_checks()) {
    out.push_back(check.run(c));
    BOOST_TEST(out.back().name == check.name);
  }
  return out;
}

const CheckResult& find(const std::vector<CheckResult>& checks, const std::string& name) {
  for (const auto& c : checks)
    if (c.name == name) return c;
  throw std::runtime_error("no check " + name);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(aksara_env_checks)

BOOST_AUTO_TEST_CASE(warnings_in_dev_and_errors_in_production) {
  // Both secret keys are checked alike: the backend reads JWT_SECRET, its migration guide
  // names JWT_SECRET_KEY.
  for (const char* key : {"JWT_SECRET", "JWT_SECRET_KEY"}) {
    std::map<std::string, std::string> bad{{"JWT_SECRET", std::string(40, 's')},
                                           {"JWT_ALGORITHM", "none"}};
    bad[key] = "your_secret_key_here";
    auto dev = run_all(context("dev", bad));
    BOOST_TEST(find(dev, key).status == CheckStatus::warning, key);
    BOOST_TEST(find(dev, "JWT_ALGORITHM").status == CheckStatus::warning);
    auto prod = run_all(context("production", bad));
    BOOST_TEST(find(prod, key).status == CheckStatus::error, key);
    BOOST_TEST(static_cast<int>(find(prod, key).code) == 78);
    BOOST_TEST(find(prod, "JWT_ALGORITHM").status == CheckStatus::error);
    BOOST_TEST(find(prod, key).message.find("placeholder") != std::string::npos);

    const std::string secret(31, 'k');
    std::map<std::string, std::string> short_env{{"JWT_SECRET", std::string(40, 's')}};
    short_env[key] = secret;
    auto short_key = run_all(context("production", short_env));
    BOOST_TEST(find(short_key, key).status == CheckStatus::error, key);
    BOOST_TEST(find(short_key, key).message.find("31 bytes") != std::string::npos);
    BOOST_TEST(find(short_key, key).message.find(secret) == std::string::npos);
  }

  const std::string secret(32, 'k');
  auto good = run_all(context("production", {{"JWT_SECRET", secret}, {"JWT_ALGORITHM", "HS256"}}));
  for (const auto& c : good) BOOST_TEST(c.status == CheckStatus::ok, c.name << ": " << c.message);
  BOOST_TEST(find(good, "JWT_SECRET_KEY").message == "not set (the backend reads JWT_SECRET)");
  for (const auto& c : good) BOOST_TEST(c.message.find(secret) == std::string::npos, c.name);

  // Only the guide's name: the backend would find no JWT_SECRET.
  auto only_key = run_all(context("dev", {{"JWT_SECRET_KEY", secret}, {"JWT_ALGORITHM", "HS256"}}));
  BOOST_TEST(find(only_key, "JWT_SECRET_KEY").status == CheckStatus::ok);
  BOOST_TEST(find(only_key, "JWT_SECRET").status == CheckStatus::warning);
  BOOST_TEST(find(only_key, "JWT_SECRET").fix.find("same value as JWT_SECRET_KEY") !=
             std::string::npos);
  auto neither = run_all(context("production", {{"JWT_ALGORITHM", "HS256"}}));
  BOOST_TEST(find(neither, "JWT_SECRET").status == CheckStatus::error);
  BOOST_TEST(find(neither, "JWT_SECRET").message.find("not set") != std::string::npos);
  // An empty value ("JWT_SECRET=" in a .env template) counts as not set.
  auto empty = run_all(context("dev", {{"JWT_SECRET", ""}, {"JWT_ALGORITHM", ""}}));
  BOOST_TEST(find(empty, "JWT_SECRET").message.find("not set") != std::string::npos);
  BOOST_TEST(find(empty, "JWT_ALGORITHM").status == CheckStatus::warning);
}

BOOST_AUTO_TEST_CASE(the_secrets_are_declared_secret) {
  std::map<std::string, bool> declared;
  for (const auto& s : aksara::settings()) declared[s.name] = s.secret;
  for (const char* key : {"JWT_SECRET", "JWT_SECRET_KEY", "MONGO_URI", "RECAPTCHA_SECRET_KEY"}) {
    BOOST_TEST_REQUIRE(declared.count(key) == 1u, key);
    BOOST_TEST(declared[key], key);
  }
  BOOST_TEST(declared.count("JWT_ALGORITHM") == 1u);
}

BOOST_AUTO_TEST_SUITE_END()

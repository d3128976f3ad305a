// `seed` on the stub driver: each step in its own transaction under the lock, idempotent,
// refused before anything runs when its revision is not applied or the password is not
// acceptable.
#include "commands/migrate.hpp"
#include "commands/seed.hpp"
#include "stub_run.hpp"

using namespace migctl;
using namespace migctl::test;

namespace {

// Adds user "admin" to the users table unless it is there; counts its calls.
struct AdminSeed : StubRun {
  int calls = 0;
  std::string password_seen;
  bool fail_after_insert = false;
  AdminSeed() {
    seed_policy.password_setting = "APP_SEED_PASSWORD";
    seed_policy.development_default = "dev-default";
    seed_policy.min_production_length = 12;
    SeedStep step;
    step.name = "admin";
    step.requires_revision = "002";
    step.run = [this](SeedContext& context) {
      ++calls;
      password_seen = context.password;
      BOOST_TEST(context.connection.in_transaction());
      for (const auto& row : context.connection.query("SELECT ROWS users").rows)
        if (row[0] == Value("admin")) return SeedResult{false, "user admin exists"};
      context.connection.execute("INSERT ROW users 'admin'");
      if (fail_after_insert) throw Error(ExitCode::data, "profile table is missing");
      return SeedResult{true, "created user admin"};
    };
    seeds.push_back(step);
  }
  std::size_t admins() const {
    std::size_t n = 0;
    for (const auto& row : db->rows("users")) n += row.at(0) == "admin";
    return n;
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(seed_command)

BOOST_FIXTURE_TEST_CASE(seed_runs_once_in_a_transaction_and_then_changes_nothing, AdminSeed) {
  upgrade(*session(), "head", observer);
  SeedRunResult first = seed(*session(), {}, observer);
  BOOST_REQUIRE(first.steps.size() == 1u);
  BOOST_TEST(first.steps[0].changed);
  BOOST_TEST(admins() == 1u);
  BOOST_TEST(password_seen == "dev-default");  // the set's development default
  BOOST_TEST(first.password_source == "default");

  SeedRunResult second = seed(*session(), {}, observer);
  BOOST_TEST(!second.steps[0].changed);
  BOOST_TEST(admins() == 1u);
  BOOST_TEST(calls == 2);
}

BOOST_FIXTURE_TEST_CASE(seed_is_refused_when_its_revision_is_not_applied, AdminSeed) {
  upgrade(*session(), "001", observer);
  const Thrown t = thrown_by([&] { seed(*session(), {}, observer); });
  BOOST_TEST(t.code == 65);
  BOOST_TEST(contains(t.message, "002"));
  BOOST_TEST(calls == 0);
  BOOST_TEST(db->rows("users").empty());
}

BOOST_FIXTURE_TEST_CASE(a_failing_seed_step_is_rolled_back, AdminSeed) {
  upgrade(*session(), "head", observer);
  fail_after_insert = true;
  const Thrown t = thrown_by([&] { seed(*session(), {}, observer); });
  BOOST_TEST(t.code == 65);
  BOOST_TEST(contains(t.message, "seed step app/admin failed and was rolled back"));
  BOOST_TEST(admins() == 0u);
}

BOOST_FIXTURE_TEST_CASE(seed_that_loses_the_lock_commits_nothing, AdminSeed) {
  upgrade(*session(), "head", observer);
  db->lose_lock_at(StubMatch::text("INSERT ROW users 'admin'"));
  const Thrown t = thrown_by([&] { seed(*session(), {}, observer); });
  BOOST_TEST(t.code == 75);
  BOOST_TEST(admins() == 0u);
}

BOOST_FIXTURE_TEST_CASE(production_refuses_the_default_password_before_connecting, AdminSeed) {
  upgrade(*session(), "head", observer);
  db->clear_requests();
  config.environment = "production";
  const Thrown t = thrown_by([&] { seed(*session(), {}, observer); });
  BOOST_TEST(t.code == 78);
  BOOST_TEST(db->requests().empty());
  BOOST_TEST(calls == 0);

  SeedOptions options;
  options.password_from_stdin = "a-long-enough-password";
  seed(*session(), options, observer);
  BOOST_TEST(password_seen == "a-long-enough-password");
  BOOST_TEST(admins() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()

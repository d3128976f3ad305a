// Several migration sets as branches of one graph: aksara.so plus the example module
// notifications.so, whose base depends on Aksara's 001_initial.
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <boost/test/unit_test.hpp>

#include "harness.hpp"
#include "text_contains.hpp"

using namespace migctl::test;

namespace {

bool has_table(TestDatabase& db, const std::string& table) {
  return db.probe().scalar("SELECT to_regclass('public." + table + "') IS NOT NULL") == "t";
}

using migctl_test::contains;

}  // namespace

BOOST_AUTO_TEST_SUITE(branches)

BOOST_AUTO_TEST_CASE(upgrade_head_with_two_heads_lists_them_and_says_what_to_do) {
  TestDatabase db;
  // `upgrade head` keeps Alembic's meaning: one head or an error. (Plain `upgrade` takes
  // every set's head: see the progress suite.)
  RunResult r = run_migctl(modules({"upgrade", "head"}), db.url());
  BOOST_TEST(r.exit_code == 65, r.all());
  BOOST_TEST(
      contains(r.err, std::string("2, one per migration set: 002_refresh_tokens (aksara), ") +
                          kPreferences + " (notifications)"),
      r.err);
  BOOST_TEST(contains(r.err, "migctl upgrade heads"), r.err);
  BOOST_TEST(contains(r.err, "migctl upgrade notifications@head"), r.err);
  // Modules are not merged: their heads are meant to stay apart.
  BOOST_TEST(!contains(r.err, "migctl merge"), r.err);
  BOOST_TEST(db.version_rows().empty());
  BOOST_TEST(!has_table(db, "user"));
}

BOOST_AUTO_TEST_CASE(upgrade_heads_applies_every_branch_in_a_deterministic_order) {
  TestDatabase db;
  RunResult r = run_migctl(modules({"upgrade", "heads", "--json"}), db.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  auto json = Poco::JSON::Parser().parse(r.out).extract<Poco::JSON::Object::Ptr>();
  auto steps = json->getArray("steps");
  std::vector<std::string> order;
  for (std::size_t i = 0; i < steps->size(); ++i)
    order.push_back(steps->getObject(static_cast<unsigned>(i))->getValue<std::string>("revision"));
  // Alembic's order (docs/branches.md): aksara's 002_refresh_tokens is listed first, so its line is
  // walked first and applied last.
  BOOST_TEST(order == (std::vector<std::string>{"001_initial", kNotifications, kPreferences,
                                                "002_refresh_tokens"}),
             boost::test_tools::per_element());
  BOOST_TEST(db.version_rows() == (std::vector<std::string>{"002_refresh_tokens", kPreferences}),
             boost::test_tools::per_element());
  for (const char* table : {"user", "refresh_tokens", "notification", "notification_preference"})
    BOOST_TEST(has_table(db, table), table);

  r = run_migctl(modules({"current"}), db.url());
  BOOST_TEST(r.out == std::string("002_refresh_tokens (head)\n") + kPreferences + " (head)\n",
             r.out);
}

BOOST_AUTO_TEST_CASE(downgrading_one_module_leaves_the_other_alone) {
  TestDatabase db;
  BOOST_TEST_REQUIRE(run_migctl(modules({"upgrade", "heads"}), db.url()).exit_code == 0);

  // -1 is ambiguous with two rows: refused, naming the command that counts from each row.
  RunResult r = run_migctl(modules({"downgrade", "-1"}), db.url());
  BOOST_TEST(r.exit_code == 65, r.all());
  BOOST_TEST(contains(r.err, std::string("migctl downgrade ") + kPreferences + "@-1"), r.err);
  BOOST_TEST(contains(r.err, "migctl downgrade 002_refresh_tokens@-1"), r.err);

  r = run_migctl(modules({"downgrade", "notifications@-1"}), db.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(db.version_rows() == (std::vector<std::string>{"002_refresh_tokens", kNotifications}),
             boost::test_tools::per_element());
  BOOST_TEST(!has_table(db, "notification_preference"));
  BOOST_TEST(has_table(db, "notification"));
  BOOST_TEST(has_table(db, "refresh_tokens"));

  r = run_migctl(modules({"downgrade", "notifications@base"}), db.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(db.version_rows() == std::vector<std::string>{"002_refresh_tokens"},
             boost::test_tools::per_element());
  BOOST_TEST(!has_table(db, "notification"));
  BOOST_TEST(has_table(db, "user"));
  BOOST_TEST(has_table(db, "refresh_tokens"));

  // Upgrading one branch applies only it.
  r = run_migctl(modules({"upgrade", "notifications@+1"}), db.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(db.version_rows() == (std::vector<std::string>{"002_refresh_tokens", kNotifications}),
             boost::test_tools::per_element());
  r = run_migctl(modules({"upgrade", "notifications@head"}), db.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(db.version_rows() == (std::vector<std::string>{"002_refresh_tokens", kPreferences}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(reverting_aksara_below_the_dependency_takes_the_module_with_it) {
  TestDatabase db;
  BOOST_TEST_REQUIRE(run_migctl(modules({"upgrade", "heads"}), db.url()).exit_code == 0);
  // Aksara's 002_refresh_tokens is independent of the module: reverting it keeps notifications.
  RunResult r = run_migctl(modules({"downgrade", "001_initial"}), db.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  // 001_initial is implied by the module's dependency on it, so it is not a row of its own.
  BOOST_TEST(db.version_rows() == std::vector<std::string>{kPreferences},
             boost::test_tools::per_element());
  BOOST_TEST(has_table(db, "notification_preference"));
  BOOST_TEST(!has_table(db, "refresh_tokens"));
  // base reverts both, the module (which depends on 001_initial) first.
  r = run_migctl(modules({"downgrade", "base"}), db.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(db.version_rows().empty());
  const auto first = r.out.find("Notification preferences");
  const auto last = r.out.find("Initial migration - create user tables");
  BOOST_TEST((first != std::string::npos && last != std::string::npos && first < last), r.out);
}

BOOST_AUTO_TEST_CASE(heads_history_and_branches_report_both_sets) {
  RunResult r = run_migctl(modules({"heads"}), "");
  BOOST_TEST(r.exit_code == 0, r.all());
  // Alembic's text: labels on every revision of a labelled branch; the automatic "aksara"
  // label is not shown.
  BOOST_TEST(r.out == std::string("002_refresh_tokens (head)\n") + kPreferences +
                          " (notifications) (head)\n",
             r.out);

  r = run_migctl(modules({"history"}), "");
  // Alembic's order and text: the dependency in parentheses after the parents.
  BOOST_TEST(
      r.out == std::string("001_initial -> 002_refresh_tokens (head), Add refresh tokens table\n") +
                   kNotifications + " -> " + kPreferences +
                   " (notifications) (head), Notification preferences\n"
                   "<base> (001_initial) -> " +
                   kNotifications +
                   " (notifications), Notifications\n"
                   "<base> -> 001_initial, Initial migration - create user tables\n",
      r.out);

  // No branch points: nothing, as Alembic prints.
  r = run_migctl(modules({"branches"}), "");
  BOOST_TEST(r.exit_code == 0, r.all());
  BOOST_TEST(r.out.empty(), r.out);

  r = run_migctl(modules({"branches", "--json"}), "");
  auto json = Poco::JSON::Parser().parse(r.out).extract<Poco::JSON::Object::Ptr>();
  auto labels = json->getArray("labels");
  BOOST_TEST_REQUIRE(labels->size() >= 1u);
  bool found = false;
  for (std::size_t i = 0; i < labels->size(); ++i) {
    auto l = labels->getObject(static_cast<unsigned>(i));
    if (l->getValue<std::string>("label") != "notifications") continue;
    found = true;
    BOOST_TEST(l->getValue<std::string>("set") == "notifications");
    BOOST_TEST(l->getArray("members")->size() == 2u);
  }
  BOOST_TEST(found);
}

BOOST_AUTO_TEST_CASE(a_branch_point_inside_one_set) {
  TestDatabase db;
  const std::vector<std::string> plugin{"--plugin", "branchy.so"};
  auto with = [&](std::vector<std::string> args) {
    args.insert(args.begin(), plugin.begin(), plugin.end());
    return args;
  };
  RunResult r = run_migctl(with({"branches"}), "");
  BOOST_TEST(r.out ==
                 "bx1 (branchy) (branchpoint)\n"
                 "    -> bx2 (branchy) (head)\n"
                 "    -> bx3 (branchy) (head)\n\n",
             r.out);
  r = run_migctl(with({"upgrade", "bx2"}), db.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  r = run_migctl(with({"upgrade", "heads"}), db.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(db.version_rows() == (std::vector<std::string>{"bx2", "bx3"}),
             boost::test_tools::per_element());
  // Reverting the reversible branch by id leaves the irreversible one alone.
  r = run_migctl(with({"downgrade", "bx2-1"}), db.url());
  BOOST_TEST(r.exit_code == 65, r.all());  // bx1 -> reverting bx3 too, which is irreversible
  BOOST_TEST(contains(r.err, "irreversible"), r.err);
  BOOST_TEST(db.version_rows() == (std::vector<std::string>{"bx2", "bx3"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()

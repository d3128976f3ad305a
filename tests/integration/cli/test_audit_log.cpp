// `migctl log`: the audit table from the CLI, with its filters, checked against the rows
// read directly with libpq.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <boost/test/unit_test.hpp>
#include <sstream>

#include "harness.hpp"
#include "text_contains.hpp"

using namespace migctl::test;

namespace {

using migctl_test::contains;

Poco::JSON::Array::Ptr entries(const RunResult& r) {
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  auto doc = Poco::JSON::Parser().parse(r.out).extract<Poco::JSON::Object::Ptr>();
  BOOST_TEST(doc->getValue<int>("format_version") == 1);
  return doc->getArray("entries");
}

std::string field(const Poco::JSON::Array::Ptr& list, std::size_t i, const std::string& key) {
  return list->getObject(static_cast<unsigned>(i))->getValue<std::string>(key);
}

// A database with: every Aksara revision applied, the newest reverted, a failed attempt
// of failing_revision.so's revision, and the newest applied again.
struct History {
  TestDatabase db;
  std::vector<std::string> ids;  // Aksara's, oldest first
  std::string failing;
  History() {
    auto heads = Poco::JSON::Parser()
                     .parse(run_migctl(aksara({"history", "--json"}), "").out)
                     .extract<Poco::JSON::Object::Ptr>()
                     ->getArray("revisions");
    for (std::size_t i = heads->size(); i-- > 0;) ids.push_back(field(heads, i, "revision"));
    BOOST_TEST_REQUIRE(run_migctl(aksara({"upgrade"}), db.url()).exit_code == 0);
    BOOST_TEST_REQUIRE(run_migctl(aksara({"downgrade", "-1"}), db.url()).exit_code == 0);
    BOOST_TEST_REQUIRE(run_migctl(aksara({"upgrade"}), db.url()).exit_code == 0);
    RunResult failed = run_migctl(
        {"--plugin", "aksara.so", "--plugin", "failing_revision.so", "upgrade"}, db.url());
    BOOST_TEST_REQUIRE(failed.exit_code == 1, failed.all());
    failing = db.probe().scalar("SELECT revision FROM migctl_history WHERE NOT success");
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(audit_log)

BOOST_AUTO_TEST_CASE(every_row_newest_first_as_the_table_holds_it) {
  History h;
  auto list = entries(run_migctl({"log", "--json"}, h.db.url()));
  Rows rows = h.db.probe().query(
      "SELECT id, revision, direction, success, coalesce(error, ''), db_user FROM migctl_history "
      "ORDER BY id DESC");
  BOOST_TEST_REQUIRE(list->size() == rows.size());
  BOOST_TEST(rows.size() == h.ids.size() + 1 + 1 + 1);  // all up, one down, up again, a failure
  for (std::size_t i = 0; i < rows.size(); ++i) {
    BOOST_TEST(std::to_string(list->getObject(static_cast<unsigned>(i))->getValue<long>("id")) ==
               rows[i][0]);
    BOOST_TEST(field(list, i, "revision") == rows[i][1]);
    BOOST_TEST(field(list, i, "direction") == rows[i][2]);
    BOOST_TEST(list->getObject(static_cast<unsigned>(i))->getValue<bool>("success") ==
               (rows[i][3] == "t"));
    BOOST_TEST(field(list, i, "error") == rows[i][4]);
    BOOST_TEST(field(list, i, "db_user") == rows[i][5]);
  }
  // The newest is the failure, with its error and statement.
  BOOST_TEST(field(list, 0, "revision") == h.failing);
  BOOST_TEST(contains(field(list, 0, "error"), "division by zero"));
  BOOST_TEST(contains(field(list, 0, "failing_statement"), "1 / 0"));
}

BOOST_AUTO_TEST_CASE(text_shows_when_who_what_direction_duration_outcome) {
  History h;
  RunResult r = run_migctl({"log"}, h.db.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  std::istringstream in(r.out);
  std::string header, first;
  std::getline(in, header);
  std::getline(in, first);
  for (const char* column : {"when (UTC)", "who", "revision", "direction", "duration", "outcome"})
    BOOST_TEST(contains(header, column), column);
  const std::string user = h.db.probe().scalar("SELECT current_user");
  BOOST_TEST(contains(first, user), first);
  BOOST_TEST(contains(first, h.failing), first);
  BOOST_TEST(contains(first, "failed: "), first);
  BOOST_TEST(contains(first, "division by zero"), first);
  BOOST_TEST(contains(r.out, "downgrade"), r.out);
  BOOST_TEST(contains(r.out, " ms "), r.out);
  // -v adds the version rows and the failing statement.
  r = run_migctl({"log", "-v"}, h.db.url());
  BOOST_TEST(contains(r.out, "    versions: "), r.out);
  BOOST_TEST(contains(r.out, "    statement: "), r.out);
}

BOOST_AUTO_TEST_CASE(filters_by_revision_time_and_count) {
  History h;
  const std::string newest = h.ids.back();
  auto list = entries(run_migctl({"log", "--revision", newest, "--json"}, h.db.url()));
  // Applied, reverted, applied again.
  BOOST_TEST_REQUIRE(list->size() == 3u);
  for (std::size_t i = 0; i < list->size(); ++i) BOOST_TEST(field(list, i, "revision") == newest);
  BOOST_TEST(field(list, 1, "direction") == "downgrade");

  list = entries(run_migctl({"log", "--limit", "2", "--json"}, h.db.url()));
  BOOST_TEST(list->size() == 2u);
  BOOST_TEST(field(list, 0, "revision") == h.failing);

  // Everything happened within the last hour, nothing in the future.
  list = entries(run_migctl({"log", "--since", "1h", "--json"}, h.db.url()));
  const std::string total = h.db.probe().scalar("SELECT count(*) FROM migctl_history");
  BOOST_TEST(std::to_string(list->size()) == total);
  list = entries(run_migctl({"log", "--until", "1h", "--json"}, h.db.url()));
  BOOST_TEST(list->size() == 0u);
  // --since at the failure's start keeps only rows from then on.
  const std::string failed_at = h.db.probe().scalar(
      "SELECT to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM "
      "migctl_history WHERE NOT success");
  const std::string expected = h.db.probe().scalar(
      "SELECT count(*) FROM migctl_history WHERE started_at >= '" + failed_at + "'");
  list = entries(run_migctl({"log", "--since", failed_at, "--json"}, h.db.url()));
  BOOST_TEST(std::to_string(list->size()) == expected);
  RunResult none = run_migctl({"log", "--until", "2000-01-01"}, h.db.url());
  BOOST_TEST(none.exit_code == 0);
  BOOST_TEST(none.out == "No audit entries match.\n", none.out);
}

BOOST_AUTO_TEST_CASE(bad_filters_are_usage_errors) {
  TestDatabase db;
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"log", "--since", "yesterday"},
        std::vector<std::string>{"log", "--until", "2026-13-40"},
        std::vector<std::string>{"log", "--limit", "0"},
        std::vector<std::string>{"log", "--limit", "ten"},
        std::vector<std::string>{"log", "--since", "1h", "--until", "2h"}}) {
    RunResult r = run_migctl(args, db.url());
    BOOST_TEST(r.exit_code == 64, args[1] << " " << args[2] << ": " << r.all());
  }
}

BOOST_AUTO_TEST_CASE(a_database_migctl_never_touched) {
  TestDatabase db;
  RunResult r = run_migctl({"log"}, db.url());
  BOOST_TEST(r.exit_code == 0, r.all());
  BOOST_TEST(contains(r.out, "no migctl_history table"), r.out);
  // Reading created nothing.
  BOOST_TEST(db.probe().scalar("SELECT to_regclass('public.migctl_history') IS NULL") == "t");
  auto doc = Poco::JSON::Parser()
                 .parse(run_migctl({"log", "--json"}, db.url()).out)
                 .extract<Poco::JSON::Object::Ptr>();
  BOOST_TEST(!doc->getValue<bool>("table_exists"));
}

BOOST_AUTO_TEST_SUITE_END()

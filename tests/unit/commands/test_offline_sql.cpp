// One writer of version rows: the `--sql` script, run statement by statement on a stub
// database, leaves the same version rows, tables and audit rows as an online run.
#include <ostream>
#include <tuple>
#include "commands/migrate.hpp"

#include "stub_run.hpp"

using namespace migctl;
using namespace migctl::test;

namespace {

// Runs a script as the database's own client would, statement by statement (the stub
// runs the dialect's BEGIN and COMMIT as transaction control).
void apply_script(const std::string& script, Connection& conn, const Dialect& dialect) {
  for (const auto& statement : dialect.split_statements(script)) conn.execute(statement);
}

struct Comparable {
  std::string revision, direction, checksum, before, after;
  bool success;
  bool operator==(const Comparable& o) const {
    return std::tie(revision, direction, checksum, before, after, success) ==
           std::tie(o.revision, o.direction, o.checksum, o.before, o.after, o.success);
  }
};
std::ostream& operator<<(std::ostream& out, const Comparable& c) {
  return out << c.revision << " " << c.direction << " " << c.checksum << " [" << c.before
             << "] -> [" << c.after << "] " << c.success;
}
std::vector<Comparable> comparable(const std::vector<AuditRow>& rows) {
  std::vector<Comparable> out;
  for (const auto& r : rows)
    out.push_back(
        {r.revision, r.direction, r.checksum, r.versions_before, r.versions_after, r.success});
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(offline_sql)

BOOST_FIXTURE_TEST_CASE(the_script_writes_what_an_online_run_writes, StubRun) {
  // Online, on the fixture's database.
  upgrade(*session(), "head", observer);
  downgrade(*session(), "001", observer);

  // Offline: render both scripts without connecting, run them on another database.
  config.offline_sql = true;
  db->clear_requests();
  const std::string up = upgrade(*session(), "base:head", observer).offline_script;
  const std::string down = downgrade(*session(), "head:001", observer).offline_script;
  BOOST_TEST(db->requests().empty());  // a range never connects
  BOOST_TEST(!up.empty());

  stub::StubDriver driver;
  auto offline_db = driver.database("offline");
  auto conn = driver.connect("stub://offline", {});
  apply_script(up, *conn, driver.dialect());
  BOOST_TEST(offline_db->versions() == Rows{"003"});
  BOOST_TEST(offline_db->has_table("tags"));
  apply_script(down, *conn, driver.dialect());

  BOOST_TEST(offline_db->versions() == db->versions());
  BOOST_TEST(offline_db->has_table("users") == db->has_table("users"));
  BOOST_TEST(offline_db->has_table("posts") == db->has_table("posts"));
  BOOST_TEST(offline_db->has_table("tags") == db->has_table("tags"));
  BOOST_TEST(comparable(offline_db->audit_rows()) == comparable(db->audit_rows()),
             boost::test_tools::per_element());
  // The database's clock stamped the offline rows.
  for (const auto& row : offline_db->audit_rows()) BOOST_TEST(!row.started_at.empty());
}

BOOST_FIXTURE_TEST_CASE(single_transaction_script_is_one_transaction, StubRun) {
  config.offline_sql = true;
  config.single_transaction = true;
  const std::string up = upgrade(*session(), "base:head", observer).offline_script;
  stub::StubDriver driver;
  auto offline_db = driver.database("offline");
  auto conn = driver.connect("stub://offline", {});
  offline_db->fail_at(StubMatch::text("CREATE TABLE tags"));
  BOOST_CHECK_THROW(apply_script(up, *conn, driver.dialect()), DatabaseError);
  conn->rollback();  // what the client does when a statement fails (ON_ERROR_STOP)
  BOOST_TEST(offline_db->versions().empty());
  BOOST_TEST(!offline_db->has_table("users"));
  BOOST_TEST(offline_db->count("BEGIN") == 1u);
}

BOOST_AUTO_TEST_SUITE_END()

// The sample sets of tests/data/sql_sets/, one per format, read as the integration tests
// run them: ids, parents, messages, transaction modes, and the lines scripts start on.
#include <sstream>

#include "sql_dir_support.hpp"

using namespace migctl;
using namespace migctl::test;

namespace {

// Line `number` (1-based) of `file`.
std::string line_of(const std::string& file, int number) {
  std::ifstream in(file);
  std::string line;
  for (int i = 0; i < number && std::getline(in, line); ++i) {
  }
  return line;
}

std::string first_line(const std::string& script) {
  return script.substr(0, script.find('\n'));
}

// Every script that starts at a known line of its source starts there.
void check_lines(const SqlDir& dir) {
  for (const auto& r : dir.set.revisions) {
    if (r.upgrade_line > 0 && !r.upgrade.empty())
      BOOST_TEST(line_of(r.source, r.upgrade_line) == first_line(r.upgrade[0]), r.id);
    if (r.downgrade_line > 0 && !r.downgrade.empty())
      BOOST_TEST(line_of(r.source, r.downgrade_line) == first_line(r.downgrade[0]), r.id);
  }
}

SqlDir read_sample(const std::string& format) {
  return read_sql_dir(SqlDirSpec{sample_set(format), "", std::nullopt});
}

}  // namespace

BOOST_AUTO_TEST_SUITE(sample_sets)

BOOST_AUTO_TEST_CASE(golang_migrate_versions_are_numbers_parents_follow_version_order) {
  const SqlDir dir = read_sample("golang-migrate");
  BOOST_TEST(dir.format == SqlFormat::golang_migrate);
  BOOST_TEST(dir.set.name == "golang-migrate");
  BOOST_TEST(ids(dir) == (Ids{"1", "2", "3"}));
  BOOST_TEST(revision(dir, "1").down_revisions.empty());
  BOOST_TEST(revision(dir, "3").down_revisions == Ids{"2"});
  BOOST_TEST(revision(dir, "3").message == "open loans and librarian");
  const Revision& loan = revision(dir, "2");
  BOOST_TEST(loan.source == (sample_set("golang-migrate") / "000002_create_loan.up.sql").string());
  BOOST_REQUIRE(loan.upgrade.size() == 1u);
  BOOST_TEST(contains(loan.upgrade[0], "CREATE INDEX ix_loan_member_id"));
  BOOST_REQUIRE(loan.downgrade.size() == 1u);
  BOOST_TEST(contains(loan.downgrade[0], "DROP TABLE loan"));
  BOOST_TEST(loan.upgrade_line == 1);
  // The down script is a file of its own: no line of `source`.
  BOOST_TEST(loan.downgrade_line == 0);
  check_lines(dir);
}

BOOST_AUTO_TEST_CASE(dbmate_sections_lines_and_transaction_false) {
  const SqlDir dir = read_sample("dbmate");
  BOOST_TEST(dir.format == SqlFormat::dbmate);
  BOOST_TEST(ids(dir) ==
             (Ids{"20240101120000", "20240102093000", "20240103080000", "20240104070000"}));
  const Revision& index = revision(dir, "20240103080000");
  BOOST_TEST(!index.transactional);
  BOOST_TEST(index.down_revisions == Ids{"20240102093000"});
  BOOST_TEST(index.message == "index purchase customer");
  BOOST_TEST(index.upgrade_line == 4);
  BOOST_TEST(index.downgrade_line == 7);
  BOOST_REQUIRE(index.upgrade.size() == 1u);
  // The up section ends where the down marker starts.
  BOOST_TEST(!contains(index.upgrade[0], "DROP INDEX"));
  BOOST_TEST(!contains(index.upgrade[0], "migrate:down"));
  BOOST_TEST(revision(dir, "20240101120000").transactional);
  check_lines(dir);
}

BOOST_AUTO_TEST_CASE(flyway_orders_versions_numerically_and_pairs_undo_files) {
  const SqlDir dir = read_sample("flyway");
  BOOST_TEST(dir.format == SqlFormat::flyway);
  // Lexical order would put 1.10 before 1.2, whose table its view reads.
  BOOST_TEST(ids(dir) == (Ids{"1", "1.1", "1.2", "1.10", "2", "3"}));
  BOOST_TEST(revision(dir, "1.10").down_revisions == Ids{"1.2"});
  BOOST_TEST(revision(dir, "1.2").message == "Create post comment");  // V1_2__ is 1.2
  for (const auto& r : dir.set.revisions) BOOST_TEST(r.downgrade.size() == 1u, r.id);
  BOOST_TEST(contains(revision(dir, "1.1").downgrade[0], "DROP COLUMN slug"));
  check_lines(dir);
}

BOOST_AUTO_TEST_CASE(diesel_ids_are_the_version_digits_and_metadata_sets_the_mode) {
  const SqlDir dir = read_sample("diesel");
  BOOST_TEST(dir.format == SqlFormat::diesel);
  BOOST_TEST(ids(dir) ==
             (Ids{"00000000000000", "20240101120000", "20240102090000", "20240103080000"}));
  const Revision& setup = revision(dir, "00000000000000");
  BOOST_TEST(setup.message == "diesel initial setup");
  BOOST_TEST(setup.source ==
             (sample_set("diesel") / "00000000000000_diesel_initial_setup" / "up.sql").string());
  BOOST_TEST(revision(dir, "20240101120000").down_revisions == Ids{"00000000000000"});
  BOOST_TEST(!revision(dir, "20240102090000").transactional);  // run_in_transaction = false
  BOOST_TEST(revision(dir, "20240103080000").transactional);
  check_lines(dir);
}

BOOST_AUTO_TEST_CASE(migctl_header_gives_merge_labels_and_depends_on) {
  const SqlDir dir = read_sample("migctl");
  BOOST_TEST(dir.format == SqlFormat::migctl);
  BOOST_TEST(dir.set.revisions.size() == 5u);
  const Revision& base = revision(dir, "3a7c1e9b2d40");
  BOOST_TEST(base.down_revisions.empty());
  BOOST_TEST(base.depends_on == Ids{"e002_books"});
  BOOST_TEST(base.branch_labels == Ids{"reviews"});
  BOOST_TEST(base.message == "Reviews of books");
  BOOST_TEST(base.create_date == "2026-11-30T08:00:00Z");
  BOOST_TEST(base.upgrade_line == 10);
  BOOST_TEST(base.downgrade_line == 20);
  const Revision& merge = revision(dir, "0f9e8d7c6b5a");
  BOOST_TEST(merge.down_revisions == (Ids{"5be04f6a1c93", "8d21c7f05e6b"}));
  BOOST_TEST(merge.upgrade.empty());  // a no-op merge point, reversible
  BOOST_TEST(merge.downgrade.empty());
  BOOST_TEST(revision(dir, "c4b3a2918e7f").transactional);
  check_lines(dir);
}

BOOST_AUTO_TEST_CASE(name_override_and_trailing_slash) {
  const SqlDir named =
      read_sql_dir(parse_sql_dir_spec("library=" + sample_set("golang-migrate").string()));
  BOOST_TEST(named.set.name == "library");
  const SqlDir slash =
      read_sql_dir(SqlDirSpec{sample_set("dbmate").string() + "/", "", std::nullopt});
  BOOST_TEST(slash.set.name == "dbmate");
}

BOOST_AUTO_TEST_SUITE_END()

// sql_writer: the names, versions and texts `migctl create` gives a new revision of a SQL
// set in each format, from the directory's existing names and a fixed clock.
#include "sqlfiles/sql_writer.hpp"

#include <boost/test/unit_test.hpp>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "migctl/error.hpp"

namespace migctl {
inline std::ostream& boost_test_print_type(std::ostream& out, ExitCode code) {
  return out << "ExitCode(" << static_cast<int>(code) << ")";
}
}  // namespace migctl

using namespace migctl;
using Clock = std::chrono::system_clock;
using Names = std::vector<std::string>;

namespace {

// 2026-01-01T00:00:00Z
const Clock::time_point kNewYear = Clock::from_time_t(1767225600);

NewSqlRevision message(std::string text) {
  NewSqlRevision r;
  r.message = std::move(text);
  return r;
}

SqlRevisionFiles write(SqlFormat format, const Names& entries,
                       NewSqlRevision r = message("Add users"), Clock::time_point now = kNewYear) {
  return sql_revision_files(format, entries, r, now);
}

std::vector<std::string> paths(const SqlRevisionFiles& files) {
  std::vector<std::string> out;
  for (const auto& f : files.files) out.push_back(f.path.generic_string());
  return out;
}

ExitCode code_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.code();
  }
  BOOST_FAIL("no error thrown");
  return ExitCode::ok;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(sql_writer)

BOOST_AUTO_TEST_CASE(golang_migrate_continues_the_sequence_at_its_width) {
  const auto files = write(SqlFormat::golang_migrate,
                           {"000001_init.up.sql", "000001_init.down.sql", "000002_users.up.sql",
                            "000002_users.down.sql", "README.md", ".gitkeep"});
  BOOST_TEST(files.version == "000003");
  BOOST_TEST(paths(files) == (Names{"000003_add_users.up.sql", "000003_add_users.down.sql"}),
             boost::test_tools::per_element());
  // golang-migrate's `create` writes empty files.
  BOOST_TEST(files.files[0].text.empty());
  BOOST_TEST(files.files[1].text.empty());
  BOOST_TEST(files.created_dir.empty());
}

BOOST_AUTO_TEST_CASE(golang_migrate_orders_versions_as_numbers) {
  // "9" sorts after "10" as text: the next one is still 11.
  BOOST_TEST(
      write(SqlFormat::golang_migrate, {"1_a.up.sql", "9_b.up.sql", "10_c.up.sql"}).version ==
      "11");
  BOOST_TEST(write(SqlFormat::golang_migrate, {"99_a.up.sql", "99_a.down.sql"}).version == "100");
  // sqlx's up-only files count too.
  BOOST_TEST(write(SqlFormat::golang_migrate, {"0041_a.sql"}).version == "0042");
  BOOST_TEST(write(SqlFormat::golang_migrate, {}).version == "000001");
}

BOOST_AUTO_TEST_CASE(golang_migrate_timestamps_continue_as_timestamps) {
  BOOST_TEST(
      write(SqlFormat::golang_migrate, {"20240131120000_a.up.sql", "20240131120000_a.down.sql"})
          .version == "20260101000000");
  // A latest version in the future: the second after it (with the date rolling over).
  BOOST_TEST(write(SqlFormat::golang_migrate, {"20261231235959_a.up.sql"}).version ==
             "20270101000000");
  // 14 digits that are no time (month 13) are a sequence number.
  BOOST_TEST(write(SqlFormat::golang_migrate, {"20241301000000_a.up.sql"}).version ==
             "20241301000001");
}

BOOST_AUTO_TEST_CASE(timestamps_written_in_the_same_second_still_increase) {
  for (SqlFormat format : {SqlFormat::dbmate, SqlFormat::diesel}) {
    Names entries;
    std::string previous;
    for (int i = 0; i < 5; ++i) {
      const auto files = write(format, entries);  // the clock does not move
      std::string digits;
      for (char c : files.version)
        if (c != '-') digits += c;
      BOOST_TEST(digits > previous, digits << " after " << previous);
      previous = digits;
      entries.push_back(files.created_dir.empty() ? files.files[0].path.string()
                                                  : files.created_dir.string());
    }
    BOOST_TEST(previous == "20260101000004");
  }
}

BOOST_AUTO_TEST_CASE(dbmate_writes_its_own_template) {
  const auto files = write(SqlFormat::dbmate, {"20240131120000_init.sql", "schema.sql"},
                           message("Create the Users table"));
  BOOST_TEST(files.version == "20260101000000");
  BOOST_TEST(paths(files) == (Names{"20260101000000_create_the_users_table.sql"}),
             boost::test_tools::per_element());
  BOOST_TEST(files.files[0].text == "-- migrate:up\n\n\n-- migrate:down\n\n");
  // Versions that are not times (001_...) are older than any time.
  BOOST_TEST(write(SqlFormat::dbmate, {"001_init.sql"}).version == "20260101000000");
}

BOOST_AUTO_TEST_CASE(flyway_takes_the_next_major_version_in_the_directory_style) {
  auto files = write(SqlFormat::flyway,
                     {"V1__Init.sql", "V2__Users.sql", "V2.1__Fix_users.sql", "U2__Users.sql",
                      "V2__Users.sql.conf"},
                     message("Add user email"));
  BOOST_TEST(files.version == "3");
  BOOST_TEST(paths(files) == (Names{"V3__Add_user_email.sql"}), boost::test_tools::per_element());
  // Numbers, not text: 1.10 is after 1.9; the highest's first part decides.
  BOOST_TEST(write(SqlFormat::flyway, {"V1_1__a.sql", "V1_10__b.sql", "V1_9__c.sql"}).version ==
             "2");
  BOOST_TEST(write(SqlFormat::flyway, {"V9__a.sql", "V10__b.sql"}).version == "11");
  // Zero-padded versions stay padded.
  BOOST_TEST(paths(write(SqlFormat::flyway, {"V001__a.sql", "V002.5__b.sql"})) ==
                 (Names{"V003__Add_users.sql"}),
             boost::test_tools::per_element());
  BOOST_TEST(write(SqlFormat::flyway, {}).version == "1");
}

BOOST_AUTO_TEST_CASE(flyway_writes_an_undo_file_only_when_asked) {
  NewSqlRevision r = message("Add users");
  r.undo = true;
  BOOST_TEST(paths(write(SqlFormat::flyway, {"V1__Init.sql"}, r)) ==
                 (Names{"V2__Add_users.sql", "U2__Add_users.sql"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(diesel_writes_a_directory_with_its_placeholders) {
  const auto files =
      write(SqlFormat::diesel, {"00000000000000_diesel_initial_setup", "2024-01-31-120000_users"});
  BOOST_TEST(files.version == "2026-01-01-000000");
  BOOST_TEST(files.created_dir.generic_string() == "2026-01-01-000000_add_users");
  BOOST_TEST(paths(files) == (Names{"2026-01-01-000000_add_users/up.sql",
                                    "2026-01-01-000000_add_users/down.sql"}),
             boost::test_tools::per_element());
  BOOST_TEST(files.files[0].text == "-- Your SQL goes here\n");
  BOOST_TEST(files.files[1].text == "-- This file should undo anything in `up.sql`\n");
  BOOST_TEST(write(SqlFormat::diesel, {"2030-06-30-235959_future"}).version == "2030-07-01-000000");
}

BOOST_AUTO_TEST_CASE(rev_id_sets_a_linear_version_later_than_every_other) {
  NewSqlRevision r = message("Add users");
  r.rev_id = "000010";
  BOOST_TEST(write(SqlFormat::golang_migrate, {"000002_a.up.sql"}, r).version == "000010");
  r.rev_id = "2.5";
  BOOST_TEST(paths(write(SqlFormat::flyway, {"V2__a.sql"}, r)) == (Names{"V2.5__Add_users.sql"}),
             boost::test_tools::per_element());
  r.rev_id = "2024-02-01-000000";
  BOOST_TEST(write(SqlFormat::diesel, {"2024-01-31-120000_a"}, r).version == "2024-02-01-000000");

  // Not later than the latest: a revision would slip in below applied ones.
  r.rev_id = "000002";
  BOOST_TEST(code_of([&] { write(SqlFormat::golang_migrate, {"000002_a.up.sql"}, r); }) ==
             ExitCode::usage);
  r.rev_id = "2.0";
  BOOST_TEST(code_of([&] { write(SqlFormat::flyway, {"V2__a.sql"}, r); }) == ExitCode::usage);
  // Not a version of the format.
  r.rev_id = "abc";
  BOOST_TEST(code_of([&] { write(SqlFormat::dbmate, {}, r); }) == ExitCode::usage);
  r.rev_id = "2024-13-01-000000";
  BOOST_TEST(code_of([&] { write(SqlFormat::diesel, {}, r); }) == ExitCode::usage);
}

BOOST_AUTO_TEST_CASE(linear_formats_refuse_graph_options) {
  for (SqlFormat format :
       {SqlFormat::golang_migrate, SqlFormat::dbmate, SqlFormat::flyway, SqlFormat::diesel}) {
    NewSqlRevision head = message("x"), depends = message("x"), label = message("x"),
                   merge = message("x");
    head.parents = {"abc"};
    depends.depends_on = {"abc"};
    label.branch_labels = {"billing"};
    merge.merge = true;
    for (const auto& r : {head, depends, label, merge}) {
      try {
        write(format, {}, r);
        BOOST_FAIL("accepted a graph option for " << sql_format_name(format));
      } catch (const Error& e) {
        BOOST_TEST(e.code() == ExitCode::usage);
        BOOST_TEST(std::string(e.hint()).find("migctl") != std::string::npos, e.hint());
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(an_empty_message_is_refused) {
  BOOST_TEST(code_of([] { write(SqlFormat::dbmate, {}, message("")); }) == ExitCode::usage);
}

BOOST_AUTO_TEST_CASE(slug_rules) {
  BOOST_TEST(sql_slug("Add user e-mail verification!") == "add_user_e_mail_verification");
  BOOST_TEST(sql_slug("  trailing  and   spaces  ") == "trailing_and_spaces");
  BOOST_TEST(sql_slug("Café crème") == "caf_cr_me");  // ASCII only: any file system takes it
  BOOST_TEST(sql_slug("!!!") == "");
  BOOST_TEST(
      paths(write(SqlFormat::dbmate, {}, message("!!!"))) == (Names{"20260101000000_revision.sql"}),
      boost::test_tools::per_element());
  const std::string cut = sql_slug("Backfill the denormalised totals of every invoice line");
  BOOST_TEST(cut.size() <= 40u);
  BOOST_TEST(cut == "backfill_the_denormalised_totals_of");  // at a word boundary
  BOOST_TEST(flyway_description("Add user e-mail") == "Add_user_e_mail");
}

BOOST_AUTO_TEST_SUITE_END()

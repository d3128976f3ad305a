// Each bad file: a clear error naming the file (and line), exit 65 for a file's content.
#include <sys/stat.h>

#include "sql_dir_support.hpp"

using namespace migctl;
using namespace migctl::test;

namespace {

Thrown read_error(const ScratchDir& dir, std::optional<SqlFormat> format = std::nullopt) {
  return thrown_by([&] { dir.read(format); });
}

}  // namespace

BOOST_AUTO_TEST_SUITE(bad_files)

BOOST_AUTO_TEST_CASE(a_missing_down_file_names_the_file_expected) {
  ScratchDir dir;
  dir.write("1_a.up.sql", "SELECT 1;");
  const Thrown t = read_error(dir);
  BOOST_TEST(t.code == 65);
  BOOST_TEST(contains(t.message, (dir.path / "1_a.up.sql").string() + " has no down file " +
                                     (dir.path / "1_a.down.sql").string()));
  BOOST_TEST(contains(t.hint, "empty"));

  ScratchDir diesel;
  diesel.write("2024-01-01-000000_a/up.sql", "SELECT 1;");
  const Thrown d = read_error(diesel);
  BOOST_TEST(d.code == 65);
  BOOST_TEST(contains(d.message, (diesel.path / "2024-01-01-000000_a" / "down.sql").string()));
}

BOOST_AUTO_TEST_CASE(an_empty_down_file_marks_the_revision_irreversible) {
  ScratchDir dir;
  dir.write("1_a.up.sql", "CREATE TABLE t (id int);");
  dir.write("1_a.down.sql", "-- cannot be undone: the data is gone\n\n");
  const SqlDir read = dir.read();
  const Revision& r = read.set.revisions.at(0);
  BOOST_TEST(r.upgrade.size() == 1u);
  BOOST_TEST(r.downgrade.empty());
}

BOOST_AUTO_TEST_CASE(sqlx_up_only_files_are_irreversible) {
  ScratchDir dir;
  dir.write("20240101000000_a.sql", "CREATE TABLE t (id int);");
  dir.write("20240102000000_b.up.sql", "CREATE TABLE u (id int);");
  dir.write("20240102000000_b.down.sql", "DROP TABLE u;");
  const SqlDir read = dir.read();
  BOOST_TEST(ids(read) == (Ids{"20240101000000", "20240102000000"}));
  BOOST_TEST(revision(read, "20240101000000").downgrade.empty());
  BOOST_TEST(revision(read, "20240102000000").downgrade.size() == 1u);
}

BOOST_AUTO_TEST_CASE(sqlx_no_transaction_first_line) {
  ScratchDir dir;
  dir.write("1_a.sql", "-- no-transaction\nCREATE INDEX CONCURRENTLY i ON t (id);\n");
  dir.write("2_b.up.sql", "CREATE TABLE u (id int); -- no-transaction\n");
  dir.write("2_b.down.sql", "DROP TABLE u;\n");
  const SqlDir read = dir.read();
  BOOST_TEST(!revision(read, "1").transactional);
  BOOST_TEST(revision(read, "2").transactional);  // only as the first line
}

BOOST_AUTO_TEST_CASE(a_down_file_without_its_up_file) {
  ScratchDir dir;
  dir.write("1_a.up.sql", "SELECT 1;");
  dir.write("1_a.down.sql", "SELECT 1;");
  dir.write("2_b.down.sql", "SELECT 1;");
  const Thrown t = read_error(dir);
  BOOST_TEST(t.code == 65);
  BOOST_TEST(contains(t.message, (dir.path / "2_b.down.sql").string() + " has no up file"));
}

BOOST_AUTO_TEST_CASE(duplicate_versions_compare_as_numbers_and_name_both_files) {
  ScratchDir dir;
  dir.write("1_a.up.sql", "SELECT 1;");
  dir.write("1_a.down.sql", "SELECT 1;");
  dir.write("01_b.up.sql", "SELECT 1;");
  dir.write("01_b.down.sql", "SELECT 1;");
  Thrown t = read_error(dir);
  BOOST_TEST(t.code == 65);
  BOOST_TEST(contains(t.message, (dir.path / "01_b.up.sql").string()));
  BOOST_TEST(contains(t.message, (dir.path / "1_a.up.sql").string()));
  BOOST_TEST(contains(t.message, "same version"));

  ScratchDir dbmate;
  dbmate.write("1_a.sql", "-- migrate:up\nSELECT 1;\n");
  dbmate.write("001_b.sql", "-- migrate:up\nSELECT 1;\n");
  t = read_error(dbmate);
  BOOST_TEST(t.code == 65);
  BOOST_TEST(contains(t.message, "(001 and 1)"));

  ScratchDir flyway;  // Flyway: 1.0 is version 1
  flyway.write("V1__a.sql", "SELECT 1;");
  flyway.write("V1.0__b.sql", "SELECT 1;");
  t = read_error(flyway);
  BOOST_TEST(t.code == 65);
  BOOST_TEST(contains(t.message, (flyway.path / "V1.0__b.sql").string()));
  BOOST_TEST(contains(t.message, (flyway.path / "V1__a.sql").string()));

  ScratchDir migctl;
  const std::string body = "-- migctl:parents: base\n-- migctl:upgrade\n-- migctl:downgrade\n";
  migctl.write("abc_one.sql", "-- migctl:id: abc\n" + body);
  migctl.write("abc_two.sql", "-- migctl:id: abc\n" + body);
  t = read_error(migctl);
  BOOST_TEST(t.code == 65);
  BOOST_TEST(contains(t.message, "abc_one.sql"));
  BOOST_TEST(contains(t.message, "abc_two.sql"));
}

BOOST_AUTO_TEST_CASE(an_id_over_32_characters_names_the_file) {
  ScratchDir dir;
  const std::string version(33, '1');
  dir.write(version + "_a.sql", "-- migrate:up\nSELECT 1;\n");
  Thrown t = read_error(dir);
  BOOST_TEST(t.code == 65);
  BOOST_TEST(contains(t.message, (dir.path / (version + "_a.sql")).string()));
  BOOST_TEST(contains(t.message, "33 characters"));

  ScratchDir migctl;
  const std::string id(33, 'a');
  migctl.write(id + "_x.sql", "-- migctl:id: " + id +
                                  "\n-- migctl:parents: base\n-- migctl:upgrade\n"
                                  "-- migctl:downgrade\n");
  t = read_error(migctl);
  BOOST_TEST(t.code == 65);
  BOOST_TEST(contains(t.message, id + "_x.sql:1"));
}

BOOST_AUTO_TEST_CASE(an_unreadable_file_names_the_file_and_the_reason) {
  ScratchDir dir;
  dir.write("1_a.up.sql", "SELECT 1;");
  // A dangling link cannot be read by anyone, root included.
  std::filesystem::create_symlink(dir.path / "gone.sql", dir.path / "1_a.down.sql");
  Thrown t = read_error(dir);
  BOOST_TEST(t.code == 65);
  BOOST_TEST(contains(t.message, "cannot read migration file " +
                                     (dir.path / "1_a.down.sql").string() +
                                     ": No such file or directory"));
  if (::geteuid() == 0) {
    BOOST_TEST_MESSAGE("running as root: the permission case (chmod 000) cannot fail, skipped");
    return;
  }
  std::filesystem::remove(dir.path / "1_a.down.sql");
  const auto locked = dir.write("1_a.down.sql", "SELECT 1;");
  ::chmod(locked.c_str(), 0);
  t = read_error(dir);
  BOOST_TEST(t.code == 65);
  BOOST_TEST(contains(t.message, locked.string() + ": Permission denied"));
}

BOOST_AUTO_TEST_CASE(dbmate_markers) {
  ScratchDir dir;
  dir.write("1_a.sql", "-- migrate:up\nSELECT 1;\n-- migrate:up\nSELECT 2;\n");
  Thrown t = read_error(dir);
  BOOST_TEST(t.code == 65);
  BOOST_TEST(contains(t.message, "1_a.sql:3: a second -- migrate:up (the first is on line 1)"));

  ScratchDir order;
  order.write("1_a.sql", "-- migrate:down\nSELECT 1;\n-- migrate:up\nSELECT 2;\n");
  t = read_error(order);
  BOOST_TEST(contains(t.message, "1_a.sql:1: -- migrate:down comes before -- migrate:up"));

  ScratchDir option;
  option.write("1_a.sql", "-- migrate:up transaction:flase\nSELECT 1;\n");
  t = read_error(option);
  BOOST_TEST(t.code == 65);
  BOOST_TEST(contains(t.message, "1_a.sql:1: unknown dbmate option 'transaction:flase'"));

  ScratchDir before;
  before.write("1_a.sql", "-- a comment is fine\nSELECT 0;\n-- migrate:up\nSELECT 1;\n");
  t = read_error(before);
  BOOST_TEST(contains(t.message, "1_a.sql:2: SQL before the `-- migrate:up` line"));

  ScratchDir missing;  // forced: a file without the marker
  missing.write("1_a.sql", "SELECT 1;\n");
  t = read_error(missing, SqlFormat::dbmate);
  BOOST_TEST(t.code == 65);
  BOOST_TEST(
      contains(t.message, (missing.path / "1_a.sql").string() + " has no `-- migrate:up` line"));
}

BOOST_AUTO_TEST_CASE(dbmate_without_a_down_section_is_irreversible_and_crlf_is_read) {
  ScratchDir dir;
  dir.write("1_a.sql", "-- migrate:up\r\nCREATE TABLE t (id int);\r\n-- migrate:down\r\n\r\n");
  dir.write("2_b.sql", "-- migrate:up\nCREATE TABLE u (id int);\n");
  const SqlDir read = dir.read();
  BOOST_TEST(revision(read, "1").downgrade.empty());
  BOOST_TEST(revision(read, "1").upgrade.at(0) == "CREATE TABLE t (id int);\r\n");
  BOOST_TEST(revision(read, "2").downgrade.empty());
  BOOST_TEST(revision(read, "2").upgrade_line == 2);
}

BOOST_AUTO_TEST_CASE(a_byte_order_mark_does_not_hide_the_first_marker) {
  ScratchDir dir;
  dir.write("1_a.sql", "\xEF\xBB\xBF-- migrate:up\nSELECT 1;\n-- migrate:down\nSELECT 2;\n");
  const SqlDir read = dir.read();
  BOOST_TEST(read.format == SqlFormat::dbmate);
  BOOST_TEST(revision(read, "1").upgrade.at(0) == "SELECT 1;\n");
  BOOST_TEST(revision(read, "1").upgrade_line == 2);
}

BOOST_AUTO_TEST_CASE(migctl_headers) {
  struct Case {
    std::string text;
    std::string expected;  // in the message
  };
  const std::string tail = "-- migctl:upgrade\nSELECT 1;\n-- migctl:downgrade\n";
  const std::vector<Case> cases = {
      {"-- migctl:parents: base\n" + tail, "no `-- migctl:id:` header line"},
      {"-- migctl:id: abc\n" + tail, "no `-- migctl:parents:` header line"},
      {"-- migctl:id: abc\n-- migctl:parents: base\n-- migctl:colour: red\n" + tail,
       "abc_x.sql:3: unknown header key `colour`"},
      {"-- migctl:id: abc\n-- migctl:id: abc\n", "abc_x.sql:2: `id` given twice"},
      {"-- migctl:id: abc\n-- migctl:parents: base\n-- migctl:transactional: nope\n" + tail,
       "abc_x.sql:3: transactional must be true or false"},
      {"-- migctl:id: abc\n-- migctl:parents: base, abd\n" + tail, "`base` among other parents"},
      {"-- migctl:id: abc\n-- migctl:parents: base\nSELECT 0;\n" + tail,
       "abc_x.sql:3: SQL before `-- migctl:upgrade`"},
      {"-- migctl:id: abc\n-- migctl:parents: base\n-- migctl:upgrade\nSELECT 1;\n",
       "no `-- migctl:downgrade` line"},
      {"-- migctl:id: abc\n-- migctl:parents: base\n" + tail + "-- migctl:message: late\n",
       "abc_x.sql:6: header line `message` after `-- migctl:upgrade`"},
      {"-- migctl:id: abc\n-- migctl:parents: base\n" + tail + "-- migctl:upgrade\n",
       "abc_x.sql:6: a second `-- migctl:upgrade` (the first is on line 3)"},
      {"-- migctl:id: head\n-- migctl:parents: base\n" + tail, "id 'head' is not a revision id"},
      {"-- migctl:id: xyz\n-- migctl:parents: base\n" + tail,
       "the file name does not start with its id 'xyz'"},
  };
  for (const auto& c : cases) {
    ScratchDir dir;
    dir.write("abc_x.sql", c.text);
    const Thrown t = read_error(dir);
    BOOST_TEST(t.code == 65, c.expected);
    BOOST_TEST(contains(t.message, c.expected), t.message);
    BOOST_TEST(contains(t.message, (dir.path / "abc_x.sql").string()), t.message);
  }
}

BOOST_AUTO_TEST_CASE(migctl_file_without_header_beside_migctl_files) {
  ScratchDir dir;
  dir.write("abc_x.sql",
            "-- migctl:id: abc\n-- migctl:parents: base\n-- migctl:upgrade\n-- migctl:downgrade\n");
  dir.write("def_y.sql", "CREATE TABLE t (id int);\n");
  const Thrown t = read_error(dir);
  BOOST_TEST(t.code == 65);
  BOOST_TEST(
      contains(t.message, (dir.path / "def_y.sql").string() + " has no `-- migctl:` header"));
}

BOOST_AUTO_TEST_CASE(migctl_message_defaults_to_the_slug_and_transactional_false) {
  ScratchDir dir;
  dir.write("abc_add_users.sql",
            "-- migctl:id: abc\n-- migctl:parents:\n-- migctl:transactional: false\n"
            "-- migctl:upgrade\nVACUUM;\n-- migctl:downgrade\n");
  const SqlDir read = dir.read();
  const Revision& r = read.set.revisions.at(0);
  BOOST_TEST(r.message == "add users");
  BOOST_TEST(!r.transactional);
  BOOST_TEST(r.down_revisions.empty());
  BOOST_TEST(r.upgrade.at(0) == "VACUUM;\n");
  BOOST_TEST(r.downgrade.empty());  // irreversible
}

BOOST_AUTO_TEST_CASE(flyway_unsupported_files_say_what_they_are) {
  struct Case {
    std::string file;
    std::string expected;
  };
  for (const Case& c : std::vector<Case>{
           {"R__refresh_views.sql", "Flyway repeatable migration"},
           {"B5__baseline.sql", "Flyway baseline migration"},
           {"beforeMigrate.sql", "Flyway callback"},
           {"afterEachMigrate__log.sql", "Flyway callback"},
       }) {
    ScratchDir dir;
    dir.write("V1__a.sql", "SELECT 1;");
    dir.write(c.file, "SELECT 1;");
    const Thrown t = read_error(dir);
    BOOST_TEST(t.code == 65, c.file);
    BOOST_TEST(contains(t.message, (dir.path / c.file).string() + " is a " + c.expected),
               t.message);
    BOOST_TEST(contains(t.hint, "migctl has no"), t.hint);
  }
}

BOOST_AUTO_TEST_CASE(flyway_placeholders_are_refused_naming_the_line) {
  ScratchDir dir;
  dir.write("V1__a.sql", "CREATE TABLE t (id int);\nGRANT SELECT ON t TO ${reader};\n");
  const Thrown t = read_error(dir);
  BOOST_TEST(t.code == 65);
  BOOST_TEST(contains(t.message, "V1__a.sql:2: Flyway placeholder ${reader}"), t.message);
}

BOOST_AUTO_TEST_CASE(flyway_undo_and_script_configuration) {
  ScratchDir dir;
  dir.write("V1__a.sql", "CREATE TABLE t (id int);");
  dir.write("V2__b.sql", "CREATE INDEX CONCURRENTLY i ON t (id);");
  dir.write("V2__b.sql.conf", "# Flyway script configuration\nexecuteInTransaction=false\n");
  const SqlDir read = dir.read();
  BOOST_TEST(revision(read, "1").downgrade.empty());  // no undo file: irreversible
  BOOST_TEST(!revision(read, "2").transactional);
  BOOST_TEST(revision(read, "1").transactional);

  dir.write("U3__c.sql", "SELECT 1;");
  Thrown t = read_error(dir);
  BOOST_TEST(contains(t.message, (dir.path / "U3__c.sql").string() + " has no versioned"));
  std::filesystem::remove(dir.path / "U3__c.sql");

  dir.write("V2__b.sql.conf", "encoding=UTF-8\n");
  t = read_error(dir);
  BOOST_TEST(t.code == 65);
  BOOST_TEST(contains(t.message, "V2__b.sql.conf:1: unsupported setting 'encoding=UTF-8'"));
}

BOOST_AUTO_TEST_CASE(diesel_metadata_and_stray_files) {
  ScratchDir dir;
  dir.write("2024-01-01-000000_a/up.sql", "SELECT 1;");
  dir.write("2024-01-01-000000_a/down.sql", "SELECT 1;");
  dir.write("2024-01-01-000000_a/metadata.toml", "run_in_transaction = maybe\n");
  Thrown t = read_error(dir);
  BOOST_TEST(t.code == 65);
  BOOST_TEST(contains(t.message, "metadata.toml:1: unsupported setting"));

  dir.write("2024-01-01-000000_a/metadata.toml", "run_in_transaction = true\n");
  dir.write("2024-01-01-000000_a/up_old.sql", "SELECT 1;");
  t = read_error(dir);
  BOOST_TEST(t.code == 65);
  BOOST_TEST(contains(t.message, "holds up_old.sql"));

  std::filesystem::remove(dir.path / "2024-01-01-000000_a" / "up_old.sql");
  std::filesystem::create_directories(dir.path / "scripts");
  t = read_error(dir);
  BOOST_TEST(t.code == 65);
  BOOST_TEST(contains(
      t.message, "directory " + (dir.path / "scripts").string() + " is not a diesel migration"));
}

BOOST_AUTO_TEST_SUITE_END()

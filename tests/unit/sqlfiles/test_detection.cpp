// Which format a directory is read as: detected from names and marker lines, or forced;
// mixed directories, ignorable files, the NAME=DIR spec and format names.
#include "sql_dir_support.hpp"

using namespace migctl;
using namespace migctl::test;

BOOST_AUTO_TEST_SUITE(detection)

BOOST_AUTO_TEST_CASE(each_format_is_detected_from_its_files) {
  struct Case {
    SqlFormat format;
    std::string file;
    std::string content;
  };
  const std::vector<Case> cases = {
      {SqlFormat::golang_migrate, "1_a.up.sql", "SELECT 1;"},
      {SqlFormat::golang_migrate, "1_a.sql", "SELECT 1;"},  // sqlx's up-only file
      {SqlFormat::dbmate, "1_a.sql", "-- migrate:up\nSELECT 1;\n"},
      {SqlFormat::flyway, "V1__a.sql", "SELECT 1;"},
      {SqlFormat::diesel, "2024-01-01-000000_a/up.sql", "SELECT 1;"},
      {SqlFormat::migctl, "abc_a.sql", "-- migctl:id: abc\n"},
  };
  for (const auto& c : cases) {
    ScratchDir dir;
    dir.write(c.file, c.content);
    BOOST_TEST((detect_sql_format(dir.path) == c.format), c.file);
  }
}

BOOST_AUTO_TEST_CASE(an_empty_directory_has_no_format_yet) {
  ScratchDir dir;
  dir.write("README.md", "notes");
  dir.write(".gitkeep", "");
  BOOST_TEST(!detect_sql_format(dir.path).has_value());
  const Thrown t = thrown_by([&] { dir.read(); });
  BOOST_TEST(t.code == 78);
  BOOST_TEST(contains(t.message, dir.path.string()));
  BOOST_TEST(contains(t.message, "holds no migration"));
  // Forced, an empty directory is an empty set (create starts it).
  BOOST_TEST(dir.read(SqlFormat::dbmate).set.revisions.empty());
}

BOOST_AUTO_TEST_CASE(a_directory_mixing_formats_is_a_config_error_listing_examples) {
  ScratchDir dir;
  dir.write("1_a.up.sql", "SELECT 1;");
  dir.write("1_a.down.sql", "SELECT 1;");
  dir.write("V2__b.sql", "SELECT 2;");
  const Thrown t = thrown_by([&] { dir.read(); });
  BOOST_TEST(t.code == 78);
  BOOST_TEST(contains(t.message, "mixes migration formats"));
  BOOST_TEST(contains(t.message, "golang-migrate (1_a.down.sql, 1_a.up.sql)"));
  BOOST_TEST(contains(t.message, "flyway (V2__b.sql)"));
  BOOST_TEST(contains(t.hint, "--migrations-format"));
  BOOST_CHECK_THROW(detect_sql_format(dir.path), Error);
}

BOOST_AUTO_TEST_CASE(forcing_a_format_reads_only_that_format) {
  ScratchDir dir;
  dir.write("1_a.up.sql", "SELECT 1;");
  dir.write("1_a.down.sql", "SELECT 1;");
  dir.write("V2__b.sql", "SELECT 2;");
  // Forced flyway: the golang-migrate files are not Flyway migrations, named one by one.
  const Thrown t = thrown_by([&] { dir.read(SqlFormat::flyway); });
  BOOST_TEST(t.code == 65);
  BOOST_TEST(contains(t.message, (dir.path / "1_a.down.sql").string()));
  BOOST_TEST(contains(t.message, "is not a flyway migration (it looks like a golang-migrate one)"));

  // A directory of another format altogether is a configuration error.
  ScratchDir other;
  other.write("V1__a.sql", "SELECT 1;");
  const Thrown wrong = thrown_by([&] { other.read(SqlFormat::diesel); });
  BOOST_TEST(wrong.code == 78);
  BOOST_TEST(contains(wrong.message, "holds no diesel migration"));
  BOOST_TEST(contains(wrong.message, "flyway (V1__a.sql)"));
}

BOOST_AUTO_TEST_CASE(forcing_golang_migrate_on_dbmate_files_is_refused_not_run_whole) {
  // Read as sqlx up-only files, the down section would run on upgrade.
  ScratchDir dir;
  dir.write("2_b.sql", "-- migrate:up\nCREATE TABLE t (id int);\n-- migrate:down\nDROP TABLE t;\n");
  Thrown t = thrown_by([&] { dir.read(SqlFormat::golang_migrate); });
  BOOST_TEST(t.code == 78);
  BOOST_TEST(contains(t.message, "holds no golang-migrate migration"));
  BOOST_TEST(contains(t.message, "it holds dbmate (2_b.sql)"));
  dir.write("1_a.up.sql", "SELECT 1;");
  dir.write("1_a.down.sql", "SELECT 1;");
  t = thrown_by([&] { dir.read(SqlFormat::golang_migrate); });
  BOOST_TEST(t.code == 65);
  BOOST_TEST(
      contains(t.message, (dir.path / "2_b.sql").string() +
                              " is not a golang-migrate migration (it looks like a dbmate one)"));
}

BOOST_AUTO_TEST_CASE(unmarked_files_beside_dbmate_files_are_dbmate_files_missing_the_marker) {
  ScratchDir dir;
  dir.write("1_a.sql", "-- migrate:up\nSELECT 1;\n");
  dir.write("2_b.sql", "SELECT 2;\n");
  const Thrown t = thrown_by([&] { dir.read(); });
  BOOST_TEST(t.code == 65);
  BOOST_TEST(contains(t.message, (dir.path / "2_b.sql").string()));
  BOOST_TEST(contains(t.message, "has no `-- migrate:up` line"));
}

BOOST_AUTO_TEST_CASE(ignorable_files_are_ignored_and_anything_else_is_named) {
  ScratchDir dir;
  dir.write("1_a.up.sql", "SELECT 1;");
  dir.write("1_a.down.sql", "SELECT 1;");
  for (const char* name : {"README", "README.rst", "notes.md", "CHANGES.txt", ".gitkeep",
                           "schema.sql", ".hidden/x.sql"})
    dir.write(name, "anything");
  BOOST_TEST(ids(dir.read()) == Ids{"1"});

  dir.write("backup.sql.bak", "SELECT 1;");
  const Thrown t = thrown_by([&] { dir.read(); });
  BOOST_TEST(t.code == 65);
  BOOST_TEST(contains(t.message, (dir.path / "backup.sql.bak").string()));
  BOOST_TEST(contains(t.message, "is not a golang-migrate migration"));
  BOOST_TEST(contains(t.message, "<version>_<title>.up.sql"));
}

BOOST_AUTO_TEST_CASE(a_directory_of_only_unknown_files_names_one) {
  ScratchDir dir;
  dir.write("create_users.sql", "CREATE TABLE users (id int);");
  const Thrown t = thrown_by([&] { dir.read(); });
  BOOST_TEST(t.code == 65);
  BOOST_TEST(contains(t.message, "create_users.sql"));
  BOOST_TEST(contains(t.message, "not a migration file of any format"));
}

BOOST_AUTO_TEST_CASE(a_missing_directory_or_a_file_is_a_config_error) {
  ScratchDir dir;
  const Thrown missing = thrown_by([&] {
    read_sql_dir(SqlDirSpec{dir.path / "nope", "", std::nullopt});
  });
  BOOST_TEST(missing.code == 78);
  BOOST_TEST(contains(missing.message, (dir.path / "nope").string() + " does not exist"));
  const auto file = dir.write("1_a.up.sql", "SELECT 1;");
  const Thrown not_dir = thrown_by([&] { read_sql_dir(SqlDirSpec{file, "", std::nullopt}); });
  BOOST_TEST(not_dir.code == 78);
  BOOST_TEST(contains(not_dir.message, "is not a directory"));
}

BOOST_AUTO_TEST_CASE(dir_specs_and_format_names) {
  SqlDirSpec plain = parse_sql_dir_spec("db/migrations");
  BOOST_TEST(plain.dir == "db/migrations");
  BOOST_TEST(plain.set_name.empty());
  SqlDirSpec named = parse_sql_dir_spec("billing=db/billing");
  BOOST_TEST(named.set_name == "billing");
  BOOST_TEST(named.dir == "db/billing");
  // A '=' inside a path is part of the path.
  BOOST_TEST(parse_sql_dir_spec("./a=b/dir").dir == "./a=b/dir");
  BOOST_TEST(parse_sql_dir_spec("./a=b/dir").set_name.empty());
  BOOST_TEST(thrown_by([] { parse_sql_dir_spec("bad name=db"); }).code == 78);
  BOOST_TEST(thrown_by([] { parse_sql_dir_spec("billing="); }).code == 78);

  BOOST_TEST((parse_sql_format("sqlx") == SqlFormat::golang_migrate));
  BOOST_TEST((parse_sql_format("Flyway") == SqlFormat::flyway));
  BOOST_TEST(!parse_sql_format("liquibase").has_value());
  for (auto f : {SqlFormat::golang_migrate, SqlFormat::dbmate, SqlFormat::flyway, SqlFormat::diesel,
                 SqlFormat::migctl})
    BOOST_TEST((parse_sql_format(sql_format_name(f)) == f));
}

BOOST_AUTO_TEST_CASE(the_set_is_named_after_the_directory_also_for_dot) {
  ScratchDir dir;
  dir.write("1_a.up.sql", "SELECT 1;");
  dir.write("1_a.down.sql", "SELECT 1;");
  const auto cwd = std::filesystem::current_path();
  std::filesystem::current_path(dir.path);
  const SqlDir dot = read_sql_dir(SqlDirSpec{".", "", std::nullopt});
  std::filesystem::current_path(cwd);
  BOOST_TEST(dot.set.name == "migrations");
  BOOST_TEST(dot.set.revisions.at(0).source == "./1_a.up.sql");  // as given
}

BOOST_AUTO_TEST_SUITE_END()

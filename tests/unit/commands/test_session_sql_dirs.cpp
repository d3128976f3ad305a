// Session with --migrations-dir: each directory is a set registered like a plugin's,
// beside the in-process "app" set, on the stub driver.
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "commands/migrate.hpp"
#include "stub_run.hpp"

using namespace migctl;
using namespace migctl::test;

namespace {

namespace fs = std::filesystem;

// A scratch parent directory; dir(name) makes a migrations directory in it.
struct Dirs {
  fs::path root;
  Dirs() {
    static int counter = 0;
    root = fs::temp_directory_path() /
           ("migctl_session_sql_" + std::to_string(::getpid()) + "_" + std::to_string(++counter));
    fs::create_directories(root);
  }
  ~Dirs() { fs::remove_all(root); }
  fs::path write(const std::string& file, const std::string& text) {
    const fs::path path = root / file;
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
    return path;
  }
};

// golang-migrate files in the stub driver's language.
void stub_golang_set(Dirs& dirs, const std::string& dir) {
  dirs.write(dir + "/000001_members.up.sql", "CREATE TABLE members");
  dirs.write(dir + "/000001_members.down.sql", "DROP TABLE members");
  dirs.write(dir + "/000002_loans.up.sql", "CREATE TABLE loans");
  dirs.write(dir + "/000002_loans.down.sql", "DROP TABLE loans");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(session_sql_dirs)

BOOST_FIXTURE_TEST_CASE(a_directory_is_a_set_beside_the_plugins_and_upgrades, StubRun) {
  Dirs dirs;
  stub_golang_set(dirs, "library");
  config.migrations_dirs = {(dirs.root / "library").string()};
  auto s = session();
  BOOST_TEST(s->set_of("2") == "library");
  BOOST_TEST(s->set_of("003") == "app");
  BOOST_TEST(s->revisions().get("2").source ==
             (dirs.root / "library/000002_loans.up.sql").string());

  upgrade(*s, "heads", observer);
  BOOST_TEST(db->has_table("members"));
  BOOST_TEST(db->has_table("loans"));
  BOOST_TEST(db->has_table("tags"));  // the app set's head too
  downgrade(*session(), "library@base", observer);
  BOOST_TEST(!db->has_table("loans"));
  BOOST_TEST(!db->has_table("members"));
  BOOST_TEST(db->has_table("tags"));
}

BOOST_FIXTURE_TEST_CASE(name_equals_dir_names_the_set, StubRun) {
  Dirs dirs;
  stub_golang_set(dirs, "library");
  config.migrations_dirs = {"books=" + (dirs.root / "library").string()};
  BOOST_TEST(session()->set_of("1") == "books");
}

BOOST_FIXTURE_TEST_CASE(an_id_taken_by_a_plugin_set_names_both, StubRun) {
  Dirs dirs;
  dirs.write("extra/002_again.sql",
             "-- migctl:id: 002\n-- migctl:parents: base\n-- migctl:upgrade\n"
             "CREATE TABLE again\n-- migctl:downgrade\nDROP TABLE again\n");
  config.migrations_dirs = {(dirs.root / "extra").string()};
  auto s = session();
  const Thrown t = thrown_by([&] { s->revisions(); });
  BOOST_TEST(t.code == 78);
  BOOST_TEST(contains(t.message, (dirs.root / "extra/002_again.sql").string()));
  BOOST_TEST(contains(t.message, "app/002.cpp"));  // the plugin revision's source
  BOOST_TEST(contains(t.message, "<stub test>"));
}

BOOST_FIXTURE_TEST_CASE(two_directories_with_one_name_are_refused, StubRun) {
  Dirs dirs;
  stub_golang_set(dirs, "a/migrations");
  dirs.write("b/migrations/20240101000000_x.sql", "-- migrate:up\nCREATE TABLE x\n");
  config.migrations_dirs = {(dirs.root / "a/migrations").string(),
                            (dirs.root / "b/migrations").string()};
  auto s = session();
  const Thrown t = thrown_by([&] { s->revisions(); });
  BOOST_TEST(t.code == 78);
  BOOST_TEST(contains(t.message, "would be the migration set 'migrations'"));
  BOOST_TEST(contains(t.message, (dirs.root / "a/migrations").string()));

  // Named apart, both load.
  config.migrations_dirs = {(dirs.root / "a/migrations").string(),
                            "b=" + (dirs.root / "b/migrations").string()};
  auto named = session();
  BOOST_TEST(named->set_of("20240101000000") == "b");
  BOOST_TEST(named->set_of("1") == "migrations");
}

BOOST_FIXTURE_TEST_CASE(a_directory_named_like_a_plugin_set_is_refused, StubRun) {
  Dirs dirs;
  stub_golang_set(dirs, "app");
  config.migrations_dirs = {(dirs.root / "app").string()};
  auto s = session();
  const Thrown t = thrown_by([&] { s->revisions(); });
  BOOST_TEST(t.code == 78);
  BOOST_TEST(contains(t.message, "which <stub test> already provides"));
}

BOOST_FIXTURE_TEST_CASE(the_forced_format_applies_and_a_bad_one_is_config, StubRun) {
  Dirs dirs;
  stub_golang_set(dirs, "library");
  config.migrations_dirs = {(dirs.root / "library").string()};
  config.migrations_format = "dbmate";
  Thrown t = thrown_by([&] { session()->revisions(); });
  BOOST_TEST(t.code == 78);
  BOOST_TEST(contains(t.message, "holds no dbmate migration"));

  config.migrations_format = "liquibase";
  t = thrown_by([&] { session()->revisions(); });
  BOOST_TEST(t.code == 78);
  BOOST_TEST(contains(t.message, "MIGCTL_MIGRATIONS_FORMAT=\"liquibase\""));
}

BOOST_FIXTURE_TEST_CASE(without_a_set_the_usage_error_names_migrations_dir, StubRun) {
  Session bare(config, &observer);
  const Thrown t = thrown_by([&] { bare.revisions(); });
  BOOST_TEST(t.code == 64);
  BOOST_TEST(contains(t.message, "neither a plugin nor a migrations directory"));
}

BOOST_FIXTURE_TEST_CASE(an_empty_directory_alone_holds_no_migration_yet, StubRun) {
  Dirs dirs;
  fs::create_directories(dirs.root / "fresh");
  config.migrations_dirs = {(dirs.root / "fresh").string()};
  config.migrations_format = "migctl";
  Session s(config, &observer);
  const Thrown t = thrown_by([&] { s.revisions(); });
  BOOST_TEST(t.code == 78);
  BOOST_TEST(contains(t.message, "hold no migration yet"));
}

BOOST_AUTO_TEST_SUITE_END()

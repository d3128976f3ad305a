// The built sqlite.so, loaded as migctl loads it: the shared conformance suite on a
// database file in a fresh directory, then what is SQLite's own: URL forms, the lock file,
// the busy timeout, error positions and classification, privileges.
#include <sys/stat.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>

#include "conformance/driver_conformance.hpp"
#include "loaded_driver.hpp"
#include "text_contains.hpp"

#ifndef MIGCTL_SQLITE_PLUGIN_PATH
#error "MIGCTL_SQLITE_PLUGIN_PATH must name the built sqlite plugin"
#endif

namespace fs = std::filesystem;
using migctl::ExitCode;
using migctl::Value;

namespace {

int exit_number(ExitCode c) {
  return static_cast<int>(c);
}
using migctl_test::contains;

// A fresh directory (symlinks resolved), removed at the end.
struct TempDir {
  fs::path path;
  TempDir() {
    std::random_device random;
    path = fs::temp_directory_path() /
           ("migctl-sqlite-" + std::to_string(::getpid()) + "-" + std::to_string(random()));
    fs::create_directories(path);
    path = fs::canonical(path);
  }
  ~TempDir() {
    std::error_code ignored;
    fs::permissions(path, fs::perms::owner_all, fs::perm_options::add, ignored);
    fs::remove_all(path, ignored);
  }
  std::string url(const std::string& name) const { return "sqlite:///" + (path / name).string(); }
};

struct Loaded {
  std::unique_ptr<migctl::conformance::LoadedDriver> plugin =
      migctl::conformance::load_driver(MIGCTL_SQLITE_PLUGIN_PATH);
  migctl::Driver& driver = plugin->driver();
};

// Runs `action`, which must throw migctl::DatabaseError with `expected`.
template <class Action>
std::string expect_refused(const std::string& what, ExitCode expected, Action action) {
  try {
    action();
    BOOST_ERROR(what << ": accepted");
  } catch (const migctl::DatabaseError& e) {
    BOOST_TEST(exit_number(e.code()) == exit_number(expected), what << ": " << e.what());
    BOOST_TEST(!e.hint().empty(), what << ": no hint");
    return e.what();
  } catch (const std::exception& e) {
    BOOST_ERROR(what << ": not a DatabaseError: " << e.what());
  }
  return {};
}

bool running_as_root() {
  return ::geteuid() == 0;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(driver_sqlite)

BOOST_AUTO_TEST_CASE(plugin_registers_the_sqlite_driver) {
  Loaded loaded;
  BOOST_TEST(loaded.driver.name() == "sqlite");
  BOOST_TEST((loaded.driver.schemes() == std::vector<std::string>{"sqlite"}));
}

BOOST_AUTO_TEST_CASE(conformance) {
  Loaded loaded;
  TempDir dir;
  migctl::conformance::Target target;
  target.driver = &loaded.driver;
  target.url = dir.url("conformance.db");
  const fs::path lock_file = dir.path / "conformance.db-migctl.lock";
  target.lose_lock = [lock_file](migctl::Connection&, const std::string&) {
    BOOST_REQUIRE(fs::remove(lock_file));
  };
  migctl::conformance::run_driver_conformance(target);
}

BOOST_AUTO_TEST_CASE(relative_and_absolute_urls_name_the_same_file) {
  Loaded loaded;
  TempDir dir;
  const fs::path before = fs::current_path();
  fs::create_directories(dir.path / "sub");
  fs::current_path(dir.path);
  try {
    auto relative = loaded.driver.connect("sqlite:///sub/app.db", {});
    relative->execute("CREATE TABLE t (x integer)");
    BOOST_TEST(relative->server_info().database == (dir.path / "sub/app.db").string());
    auto absolute = loaded.driver.connect("sqlite:///" + (dir.path / "sub/app.db").string(), {});
    BOOST_TEST(absolute->query("SELECT count(*) FROM t").rows.at(0).at(0) == Value("0"));
    // Percent-escapes are decoded, as in any URL.
    auto escaped = loaded.driver.connect("sqlite:///sub/a%20b.db", {});
    BOOST_TEST(fs::exists(dir.path / "sub/a b.db"));
  } catch (...) {
    fs::current_path(before);
    throw;
  }
  fs::current_path(before);
}

BOOST_AUTO_TEST_CASE(unusable_urls_are_configuration_errors_and_create_nothing) {
  Loaded loaded;
  TempDir dir;
  const std::string file = (dir.path / "x.db").string();
  const std::vector<std::string> urls = {
      "sqlite://host/x.db",
      "sqlite://user:Hidden123@host/x.db",
      "sqlite://",
      "sqlite:///",
      "sqlite:///:memory:",
      "sqlite:///" + file + "?mode=ro",
      "sqlite:///" + file + "#frag",
      "sqlite:///" + file + "?timeout=soon",
      "sqlite:///" + file + "%zz",
      "sqlite:" + file,
      "sqlite:///" + (dir.path / "missing/x.db").string(),
      "sqlite:///" + dir.path.string(),
  };
  for (const auto& url : urls) {
    const std::string message =
        expect_refused(url, ExitCode::config, [&] { loaded.driver.connect(url, {}); });
    BOOST_TEST(!contains(message, "Hidden123"), message);
  }
  BOOST_TEST(fs::is_empty(dir.path), "a refused URL created a file");
}

BOOST_AUTO_TEST_CASE(a_file_that_is_not_a_database_is_refused) {
  Loaded loaded;
  TempDir dir;
  std::ofstream(dir.path / "notes.txt") << "these are notes, not a database, long enough to tell\n"
                                           "................................................\n";
  const std::string message = expect_refused(
      "text file", ExitCode::config, [&] { loaded.driver.connect(dir.url("notes.txt"), {}); });
  BOOST_TEST(contains(message, "not an SQLite database"), message);
}

BOOST_AUTO_TEST_CASE(redaction) {
  Loaded loaded;
  const auto& d = loaded.driver;
  BOOST_TEST(d.redact_url("sqlite:////srv/app.db") == "sqlite:////srv/app.db");
  BOOST_TEST(d.redact_url("sqlite:///app.db?timeout=5") == "sqlite:///app.db?timeout=5");
  BOOST_TEST(d.redact_url("sqlite:///app.db?password=s3cret&timeout=5") ==
             "sqlite:///app.db?password=***&timeout=5");
  BOOST_TEST(d.redact_url("sqlite://user:s3cret@host/app.db") == "sqlite://***");
  BOOST_TEST(d.redact_url("postgresql://u:s3cret@h/db") == "sqlite://***");
}

BOOST_AUTO_TEST_CASE(errors_name_line_and_column) {
  Loaded loaded;
  TempDir dir;
  auto c = loaded.driver.connect(dir.url("e.db"), {});
  try {
    c->execute("SELECT 1\n  FROM nowhere_table_xyz");
    BOOST_ERROR("no error");
  } catch (const migctl::DatabaseError& e) {
    BOOST_TEST(e.sqlstate() == "42S02");
    BOOST_TEST(contains(e.what(), "no such table: nowhere_table_xyz"), e.what());
  }
  try {
    c->execute("SELECT 1\n  FROM sqlite_schema WHERE WHERE");
    BOOST_ERROR("no error");
  } catch (const migctl::DatabaseError& e) {
    BOOST_TEST(e.sqlstate() == "42000");
    BOOST_TEST(contains(e.what(), "syntax error (line 2, column 28)"), e.what());
  }
  // Several statements in one call run in turn, as a script's do; the failing one is named.
  c->execute("CREATE TABLE a (x integer PRIMARY KEY); INSERT INTO a VALUES (1)");
  try {
    c->execute("INSERT INTO a VALUES (2);\nINSERT INTO a VALUES (1)");
    BOOST_ERROR("no error");
  } catch (const migctl::DatabaseError& e) {
    BOOST_TEST(e.sqlstate() == "23000", e.what());
    BOOST_TEST(contains(e.what(), "UNIQUE constraint failed"), e.what());
  }
  BOOST_TEST(c->query("SELECT count(*) FROM a").rows.at(0).at(0) == Value("2"));
}

BOOST_AUTO_TEST_CASE(a_scripts_own_begin_and_commit_are_seen) {
  Loaded loaded;
  TempDir dir;
  auto c = loaded.driver.connect(dir.url("t.db"), {});
  c->execute("BEGIN");
  BOOST_TEST(c->in_transaction());
  c->execute("CREATE TABLE t (x integer)");
  c->execute("COMMIT");
  BOOST_TEST(!c->in_transaction());
  c->begin();
  c->execute("COMMIT");
  BOOST_CHECK_NO_THROW(c->commit());
  BOOST_TEST(!c->in_transaction());
}

// BEGIN IMMEDIATE takes the write lock up front; a second writer waits for it up to the busy
// timeout (the URL's ?timeout), then fails with a temporary error.
BOOST_AUTO_TEST_CASE(a_second_writer_waits_up_to_the_busy_timeout) {
  Loaded loaded;
  TempDir dir;
  auto first = loaded.driver.connect(dir.url("w.db"), {});
  auto second = loaded.driver.connect(dir.url("w.db") + "?timeout=1", {});
  first->execute("CREATE TABLE t (x integer)");
  first->begin();
  first->execute("INSERT INTO t VALUES (1)");
  const auto start = std::chrono::steady_clock::now();
  try {
    second->begin();
    BOOST_ERROR("a second write transaction began while the first held the write lock");
  } catch (const migctl::DatabaseError& e) {
    BOOST_TEST(e.sqlstate() == "HYT00", e.what());
    BOOST_TEST(exit_number(e.code()) == exit_number(ExitCode::temporary), e.what());
  }
  const double waited =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  BOOST_TEST(waited >= 0.9, waited);
  BOOST_TEST(waited < 5.0, waited);
  BOOST_TEST(!second->in_transaction());
  // Reading is not blocked by a writer.
  BOOST_TEST(second->query("SELECT count(*) FROM t").rows.at(0).at(0) == Value("0"));
  first->commit();
  second->begin();
  second->execute("INSERT INTO t VALUES (2)");
  second->commit();
  BOOST_TEST(first->query("SELECT count(*) FROM t").rows.at(0).at(0) == Value("2"));
}

BOOST_AUTO_TEST_CASE(the_lock_file_names_its_holder_and_is_emptied_on_release) {
  Loaded loaded;
  TempDir dir;
  auto c = loaded.driver.connect(dir.url("l.db"), {});
  auto other = loaded.driver.connect(dir.url("l.db"), {});
  const fs::path lock_file = dir.path / "l.db-migctl.lock";
  auto lock = c->migration_lock("alembic_version");
  BOOST_TEST(!fs::exists(lock_file), "the lock file exists before anyone asked for the lock");
  BOOST_REQUIRE(lock->try_acquire());
  BOOST_TEST(fs::exists(lock_file));
  auto waiting = other->migration_lock("another_version_table");  // one lock per database file
  BOOST_TEST(!waiting->try_acquire());
  const std::string holder = waiting->describe_holder();
  BOOST_TEST(contains(holder, "pid " + std::to_string(::getpid())), holder);
  BOOST_TEST(contains(holder, lock_file.string()), holder);
  lock->release();
  BOOST_TEST(fs::file_size(lock_file) == 0u);
  BOOST_TEST(waiting->try_acquire());
  waiting->release();
}

BOOST_AUTO_TEST_CASE(a_replaced_lock_file_is_a_lost_lock) {
  Loaded loaded;
  TempDir dir;
  auto c = loaded.driver.connect(dir.url("r.db"), {});
  auto lock = c->migration_lock("alembic_version");
  BOOST_REQUIRE(lock->try_acquire());
  const fs::path lock_file = dir.path / "r.db-migctl.lock";
  fs::rename(lock_file, dir.path / "moved");
  std::ofstream(lock_file) << "";
  // Whoever locks the new file now gets the lock: the old holder must notice.
  auto other = loaded.driver.connect(dir.url("r.db"), {});
  auto intruder = other->migration_lock("alembic_version");
  BOOST_TEST(intruder->try_acquire());
  try {
    lock->verify();
    BOOST_ERROR("verify() passed on a replaced lock file");
  } catch (const migctl::Error& e) {
    BOOST_TEST(exit_number(e.code()) == exit_number(ExitCode::temporary));
    BOOST_TEST(contains(e.what(), "was replaced"), e.what());
  }
}

BOOST_AUTO_TEST_CASE(server_info_and_privileges) {
  Loaded loaded;
  TempDir dir;
  auto c = loaded.driver.connect(dir.url("p.db"), {});
  const migctl::ServerInfo info = c->server_info();
  BOOST_TEST(info.product == "SQLite");
  BOOST_TEST(info.database == (dir.path / "p.db").string());
  BOOST_TEST(info.server_version.rfind("3.", 0) == 0u, info.server_version);
  BOOST_TEST((c->check_privileges("alembic_version").status == migctl::CheckStatus::ok));
  if (running_as_root()) return;  // root writes anywhere: nothing more to see
  fs::permissions(dir.path, fs::perms::owner_write, fs::perm_options::remove);
  const migctl::CheckResult result = c->check_privileges("alembic_version");
  BOOST_TEST((result.status == migctl::CheckStatus::error));
  BOOST_TEST(exit_number(result.code) == exit_number(ExitCode::permission));
  BOOST_TEST(contains(result.message, dir.path.string()), result.message);
  BOOST_TEST(!result.fix.empty());
}

BOOST_AUTO_TEST_SUITE_END()

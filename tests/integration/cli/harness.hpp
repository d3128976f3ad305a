// Test harness for the CLI integration tests: a fresh database per test on the real
// server named by MIGCTL_TEST_DATABASE_URL, a libpq probe that reads the catalogs
// independently of migctl's own code, and a runner for the migctl executable that checks
// every output for the password.
#pragma once

#include <libpq-fe.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace migctl::test {

using Rows = std::vector<std::vector<std::string>>;  // NULL reads as "<null>"

// A direct libpq connection, for setting up and checking the database.
class Probe {
 public:
  explicit Probe(const std::string& url);
  ~Probe();
  Probe(const Probe&) = delete;
  Probe& operator=(const Probe&) = delete;
  Rows query(const std::string& sql);
  std::string scalar(const std::string& sql);  // first column of the first row
  void exec(const std::string& sql);

 private:
  PGconn* conn_;
};

// A database created for one test and dropped afterwards.
class TestDatabase {
 public:
  TestDatabase();
  ~TestDatabase();
  const std::string& url() const { return url_; }
  const std::string& name() const { return name_; }
  Probe& probe() { return *probe_; }

  // Tables, columns, indexes and constraints of the public schema, one per line, sorted:
  // two databases with the same schema give the same text.
  std::string schema_snapshot();
  std::vector<std::string> version_rows();
  // Everything of a database that migctl may change: schema, version rows, audit rows.
  std::string full_snapshot();

 private:
  std::string name_;
  std::string url_;
  std::unique_ptr<Probe> probe_;
};

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
  std::string all() const { return out + err; }
};

// The admin URL (MIGCTL_TEST_DATABASE_URL) and its password; the test fails if unset.
const std::string& admin_url();
const std::string& test_password();
// A URL for `database` with the admin's credentials.
std::string url_for(const std::string& database);

// Runs build/bin/migctl with `args` in an empty working directory (no stray .env), with
// DATABASE_CONN=`database_url` (unless empty) and MIGCTL_PLUGIN_PATH set to the build's
// plugin and fixture directories, plus `env`. Asserts (BOOST_CHECK) that neither stdout
// nor stderr contains the password, in plain or percent-encoded form.
RunResult run_migctl(const std::vector<std::string>& args, const std::string& database_url,
                     const std::map<std::string, std::string>& env = {});

// The same without the Boost.Test assertion, safe to call from several threads; check
// its result afterwards with check_no_password on the test's thread.
RunResult run_migctl_unchecked(const std::vector<std::string>& args,
                               const std::string& database_url,
                               const std::map<std::string, std::string>& env = {});
void check_no_password(const RunResult& result, const std::string& what,
                       const std::vector<std::string>& extra_secrets = {});

// {"--plugin", "aksara.so", args...}
std::vector<std::string> aksara(std::vector<std::string> args);
// {"--plugin", "aksara.so", "--plugin", "notifications.so", args...}
std::vector<std::string> modules(std::vector<std::string> args);

// The example notifications module's revisions: its base, and the one above it.
inline const char* const kNotifications = "4c1a9e2b7d10";
inline const char* const kPreferences = "9e5b3f7a1c22";

std::string fixture(const std::string& name);              // path of a fixture plugin
std::string read_file(const std::filesystem::path& path);  // whole file, as bytes
std::filesystem::path source_dir();                        // the repository's root
// A scratch project tree: the real templates and a copy of the Aksara revisions as set "demo".
std::filesystem::path demo_project();
std::string scratch_dir();  // a fresh temp directory

// Runs psql -X -q -v ON_ERROR_STOP=1 -f <script> against `url` (the password through
// PGPASSWORD, never the argument list); returns psql's exit code, its output in `out`.
int psql_file(const std::string& url, const std::string& script, std::string& out);

// The audit rows' revision, direction, checksum, version rows and success, oldest first, one
// line each: what an online run and a psql-applied offline script must agree on.
std::string audit_rows_text(TestDatabase& db);

}  // namespace migctl::test

// Helpers for the SQLite suites (sqlite, sqlite_concurrency): a database file in a fresh
// directory read with SQLite's own C API (never through migctl's driver), the sqlite3 shell,
// migctl in a chosen working directory.
#pragma once

#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <sqlite3.h>

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "harness.hpp"
#include "text_contains.hpp"

namespace migctl::test::sqlite_files {

namespace fs = std::filesystem;

using migctl_test::contains;

// A database file in a fresh directory, read with SQLite's C API.
class SqliteFile {
 public:
  SqliteFile() : dir_(fs::canonical(scratch_dir())), path_(dir_ / "app.db") {}
  ~SqliteFile() {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  const fs::path& dir() const { return dir_; }
  std::string path() const { return path_.string(); }
  std::string url() const { return "sqlite:///" + path_.string(); }
  std::string lock_file() const { return path_.string() + "-migctl.lock"; }

  // Every row, columns joined by '|', NULL as <null>.
  std::vector<std::string> query(const std::string& sql) const {
    sqlite3* db = nullptr;
    BOOST_REQUIRE(sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK);
    sqlite3_busy_timeout(db, 10000);
    std::vector<std::string> rows;
    sqlite3_stmt* statement = nullptr;
    const int rc = sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr);
    const std::string error = rc == SQLITE_OK ? "" : sqlite3_errmsg(db);
    BOOST_REQUIRE_MESSAGE(rc == SQLITE_OK, "probe: " << error << " in " << sql);
    while (sqlite3_step(statement) == SQLITE_ROW) {
      std::string row;
      for (int c = 0; c < sqlite3_column_count(statement); ++c) {
        const auto* text = sqlite3_column_text(statement, c);
        row += (c ? "|" : "") +
               (text ? std::string(reinterpret_cast<const char*>(text)) : std::string("<null>"));
      }
      rows.push_back(row);
    }
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return rows;
  }
  std::string scalar(const std::string& sql) const {
    const auto rows = query(sql);
    return rows.empty() ? std::string("<none>") : rows.front();
  }
  bool has_table(const std::string& name) const {
    return scalar("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = '" + name +
                  "'") == "1";
  }
  std::vector<std::string> version_rows() const {
    if (!has_table("alembic_version")) return {};
    return query("SELECT version_num FROM alembic_version ORDER BY 1");
  }
  // Tables, indexes and their SQL (migctl's own tables left out) and the version rows.
  std::string schema() const {
    std::string out;
    for (const auto& row :
         query("SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE name NOT LIKE "
               "'migctl_history%' AND name <> 'sqlite_sequence' ORDER BY type, name")) {
      out += row + "\n";
    }
    for (const auto& row : version_rows()) out += "version " + row + "\n";
    return out;
  }

 private:
  fs::path dir_;
  fs::path path_;
};

inline std::vector<std::string> portable(std::vector<std::string> args) {
  args.insert(args.begin(), {"--plugin", "example_portable.so"});
  return args;
}

inline std::vector<std::string> bench(std::vector<std::string> args) {
  args.insert(args.begin(), {"--plugin", "bench_revisions.so"});
  return args;
}

inline std::string read_all(Poco::Pipe& pipe) {
  Poco::PipeInputStream in(pipe);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The sqlite3 shell, as a user applies an offline script: sqlite3 -bail DB < script.
inline int sqlite3_shell(const std::string& database, const std::string& script,
                         std::string& output) {
  const fs::path file = fs::path(scratch_dir()) / "script.sql";
  std::ofstream(file) << script;
  Poco::Pipe out;
  Poco::ProcessHandle handle = Poco::Process::launch(
      "/usr/bin/sqlite3", {"-bail", database, ".read " + file.string()}, ".", nullptr, &out, &out);
  output = read_all(out);
  return handle.wait();
}

// migctl with a working directory of the caller's choice (relative URLs).
inline RunResult run_in(const std::string& workdir, const std::vector<std::string>& args,
                        const std::string& url) {
  Poco::Process::Env env;
  env["MIGCTL_PLUGIN_PATH"] = std::string(MIGCTL_PLUGIN_DIR) + ":" + MIGCTL_FIXTURE_DIR;
  env["DATABASE_CONN"] = url;
  env["ENVIRONMENT"] = "dev";
  Poco::Pipe out, err;
  Poco::ProcessHandle handle =
      Poco::Process::launch(MIGCTL_BIN, args, workdir, nullptr, &out, &err, env);
  RunResult result;
  std::thread err_reader([&] { result.err = read_all(err); });
  result.out = read_all(out);
  err_reader.join();
  result.exit_code = handle.wait();
  return result;
}

inline void wait_until(const std::function<bool()>& condition, const char* what) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (!condition()) {
    BOOST_REQUIRE_MESSAGE(std::chrono::steady_clock::now() < deadline, "timed out: " << what);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

inline std::string file_text(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace migctl::test::sqlite_files

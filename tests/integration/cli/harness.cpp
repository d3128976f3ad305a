#include "harness.hpp"

#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/URI.h>
#include <unistd.h>

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace fs = std::filesystem;

namespace migctl::test {
namespace {

std::string read_all(Poco::Pipe& pipe) {
  Poco::PipeInputStream in(pipe);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string unique_suffix() {
  static std::atomic<int> counter{0};
  std::random_device rd;
  return std::to_string(getpid()) + "_" + std::to_string(counter++) + "_" +
         std::to_string(rd() % 100000);
}

// The password as written in the URL (may be percent-encoded).
std::string raw_password(const std::string& url) {
  auto scheme_end = url.find("://");
  auto at = url.rfind('@');
  if (scheme_end == std::string::npos || at == std::string::npos) return {};
  std::string userinfo = url.substr(scheme_end + 3, at - scheme_end - 3);
  auto colon = userinfo.find(':');
  return colon == std::string::npos ? std::string() : userinfo.substr(colon + 1);
}

}  // namespace

Probe::Probe(const std::string& url) : conn_(PQconnectdb(url.c_str())) {
  if (PQstatus(conn_) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(conn_);
    PQfinish(conn_);
    throw std::runtime_error("test probe cannot connect: " + msg);
  }
  PQsetNoticeProcessor(
      conn_, [](void*, const char*) {}, nullptr);
}

Probe::~Probe() {
  PQfinish(conn_);
}

Rows Probe::query(const std::string& sql) {
  PGresult* res = PQexec(conn_, sql.c_str());
  auto status = PQresultStatus(res);
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
    std::string msg = PQresultErrorMessage(res);
    PQclear(res);
    throw std::runtime_error("probe query failed: " + msg + " in: " + sql);
  }
  Rows rows;
  for (int r = 0; r < PQntuples(res); ++r) {
    std::vector<std::string> row;
    for (int c = 0; c < PQnfields(res); ++c) {
      row.push_back(PQgetisnull(res, r, c) ? "<null>" : PQgetvalue(res, r, c));
    }
    rows.push_back(std::move(row));
  }
  PQclear(res);
  return rows;
}

std::string Probe::scalar(const std::string& sql) {
  Rows rows = query(sql);
  if (rows.empty() || rows[0].empty()) throw std::runtime_error("no rows from: " + sql);
  return rows[0][0];
}

void Probe::exec(const std::string& sql) {
  query(sql);
}

const std::string& admin_url() {
  static const std::string url = [] {
    const char* v = std::getenv("MIGCTL_TEST_DATABASE_URL");
    if (!v || !*v) {
      throw std::runtime_error(
          "MIGCTL_TEST_DATABASE_URL is not set: run the tests with packaging/test.sh, which "
          "starts a throwaway PostgreSQL");
    }
    return std::string(v);
  }();
  return url;
}

const std::string& test_password() {
  static const std::string pw = [] {
    Poco::URI uri(admin_url());
    auto info = uri.getUserInfo();
    auto colon = info.find(':');
    return colon == std::string::npos ? std::string() : info.substr(colon + 1);
  }();
  return pw;
}

std::string url_for(const std::string& database) {
  Poco::URI uri(admin_url());
  uri.setPath("/" + database);
  // Poco re-encodes userinfo; keep the original spelling of the credentials.
  std::string text = uri.toString();
  auto scheme_end = admin_url().find("://");
  auto at = admin_url().rfind('@');
  std::string credentials = admin_url().substr(scheme_end + 3, at - scheme_end - 3);
  auto new_at = text.rfind('@');
  return text.substr(0, text.find("://") + 3) + credentials + text.substr(new_at);
}

TestDatabase::TestDatabase() : name_("migctl_t_" + unique_suffix()) {
  Probe admin(admin_url());
  admin.exec("CREATE DATABASE " + name_);
  url_ = url_for(name_);
  probe_ = std::make_unique<Probe>(url_);
}

TestDatabase::~TestDatabase() {
  probe_.reset();
  try {
    Probe admin(admin_url());
    admin.exec("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
  } catch (...) {
  }
}

std::string TestDatabase::schema_snapshot() {
  std::string out;
  auto add = [&](const std::string& sql) {
    for (const auto& row : probe_->query(sql)) {
      for (const auto& v : row) out += v + " | ";
      out += "\n";
    }
  };
  add("SELECT 'column', table_name, column_name, data_type, "
      "coalesce(character_maximum_length::text, ''),"
      " is_nullable, coalesce(column_default, ''), is_identity FROM information_schema.columns"
      " WHERE table_schema = 'public' ORDER BY table_name, column_name");
  add("SELECT 'index', tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'"
      " ORDER BY tablename, indexname");
  add("SELECT 'constraint', conrelid::regclass::text, conname, pg_get_constraintdef(oid)"
      " FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY 2, 3");
  return out;
}

std::vector<std::string> TestDatabase::version_rows() {
  std::vector<std::string> rows;
  if (probe_->scalar("SELECT to_regclass('alembic_version') IS NOT NULL") != "t") return rows;
  for (const auto& r : probe_->query("SELECT version_num FROM alembic_version ORDER BY 1"))
    rows.push_back(r[0]);
  return rows;
}

std::string TestDatabase::full_snapshot() {
  std::string out = schema_snapshot();
  for (const auto& v : version_rows()) out += "version " + v + "\n";
  if (probe_->scalar("SELECT to_regclass('migctl_history') IS NOT NULL") == "t") {
    out += "history rows " + probe_->scalar("SELECT count(*) FROM migctl_history") + "\n";
  }
  return out;
}

std::string fixture(const std::string& name) {
  return std::string(MIGCTL_FIXTURE_DIR) + "/" + name + ".so";
}

std::string scratch_dir() {
  fs::path dir = fs::temp_directory_path() / ("migctl-test-" + unique_suffix());
  fs::create_directories(dir);
  return dir.string();
}

RunResult run_migctl_unchecked(const std::vector<std::string>& args,
                               const std::string& database_url,
                               const std::map<std::string, std::string>& env) {
  static const std::string workdir = scratch_dir();
  Poco::Process::Env environment;
  environment["MIGCTL_PLUGIN_PATH"] = std::string(MIGCTL_PLUGIN_DIR) + ":" + MIGCTL_FIXTURE_DIR;
  environment["DATABASE_CONN"] = database_url;
  environment["ENVIRONMENT"] = "dev";
  for (const auto& [k, v] : env) environment[k] = v;

  Poco::Pipe out_pipe, err_pipe;
  Poco::ProcessHandle handle =
      Poco::Process::launch(MIGCTL_BIN, args, workdir, nullptr, &out_pipe, &err_pipe, environment);
  RunResult result;
  std::thread err_reader([&] { result.err = read_all(err_pipe); });
  result.out = read_all(out_pipe);
  err_reader.join();
  result.exit_code = handle.wait();
  return result;
}

void check_no_password(const RunResult& result, const std::string& what,
                       const std::vector<std::string>& extra_secrets) {
  std::vector<std::string> secrets{test_password(), raw_password(admin_url())};
  for (const auto& s : extra_secrets) secrets.push_back(s);
  for (const auto& secret : secrets) {
    if (secret.size() < 4) continue;
    BOOST_CHECK_MESSAGE(result.all().find(secret) == std::string::npos,
                        "migctl printed a password (" << what << ")");
  }
}

RunResult run_migctl(const std::vector<std::string>& args, const std::string& database_url,
                     const std::map<std::string, std::string>& env) {
  RunResult result = run_migctl_unchecked(args, database_url, env);
  std::vector<std::string> extra{raw_password(database_url)};
  for (const auto& [k, v] : env) {
    if (k == "DATABASE_CONN") extra.push_back(raw_password(v));
  }
  std::string what;
  for (const auto& a : args) what += a + " ";
  check_no_password(result, what, extra);
  return result;
}

std::string audit_rows_text(TestDatabase& db) {
  std::string out;
  for (const auto& row : db.probe().query(
           "SELECT revision, direction, checksum, versions_before, versions_after, success"
           " FROM migctl_history ORDER BY id")) {
    for (const auto& v : row) out += v + " | ";
    out += "\n";
  }
  return out;
}

int psql_file(const std::string& url, const std::string& script, std::string& out) {
  const fs::path file = fs::path(scratch_dir()) / "script.sql";
  std::ofstream(file) << script;
  Poco::Pipe out_pipe, err_pipe;
  Poco::URI uri(url);
  const std::string user = uri.getUserInfo().substr(0, uri.getUserInfo().find(':'));
  const std::string target = "postgresql://" + user + "@" + uri.getHost() + ":" +
                             std::to_string(uri.getPort()) + uri.getPath();
  Poco::Process::Env env{{"PGPASSWORD", test_password()}};
  Poco::ProcessHandle handle = Poco::Process::launch(
      "/usr/lib/postgresql/15/bin/psql",
      {"-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", target, "-f", file.string()}, ".", nullptr,
      &out_pipe, &err_pipe, env);
  std::string err;
  std::thread reader([&] { err = read_all(err_pipe); });
  out = read_all(out_pipe);
  reader.join();
  out += err;
  return handle.wait();
}

std::vector<std::string> aksara(std::vector<std::string> args) {
  args.insert(args.begin(), {"--plugin", "aksara.so"});
  return args;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::filesystem::path source_dir() {
  return std::filesystem::path(__FILE__).parent_path().parent_path().parent_path().parent_path();
}

std::filesystem::path demo_project() {
  namespace fs = std::filesystem;
  const fs::path root = scratch_dir();
  fs::create_directories(root / "migrations" / "demo" / "versions");
  fs::copy(source_dir() / "migrations" / "templates", root / "migrations" / "templates");
  for (const auto& entry :
       fs::directory_iterator(source_dir() / "migrations" / "aksara" / "versions"))
    fs::copy(entry.path(), root / "migrations" / "demo" / "versions" / entry.path().filename());
  return root;
}

std::vector<std::string> modules(std::vector<std::string> args) {
  args.insert(args.begin(), {"--plugin", "aksara.so", "--plugin", "notifications.so"});
  return args;
}

}  // namespace migctl::test

#include "sqlite_connection.hpp"

#include <Poco/Data/SQLite/Utility.h>
#include <pwd.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "diagnostics.hpp"
#include "file_lock.hpp"

namespace migctl::sqlite {
namespace {

struct StatementDeleter {
  void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
};
using Statement = std::unique_ptr<sqlite3_stmt, StatementDeleter>;

std::string os_user() {
  const passwd* pw = getpwuid(geteuid());
  return pw != nullptr ? pw->pw_name : std::to_string(geteuid());
}

// The parameter a placeholder names: "?3", "$3", ":3" -> 3; a bare "?" -> its position.
std::size_t parameter_number(sqlite3_stmt* statement, int index) {
  const char* name = sqlite3_bind_parameter_name(statement, index);
  if (name == nullptr || name[1] == '\0') return static_cast<std::size_t>(index);
  std::size_t number = 0;
  for (const char* p = name + 1; *p != '\0'; ++p) {
    if (*p < '0' || *p > '9') return 0;
    number = number * 10 + static_cast<std::size_t>(*p - '0');
  }
  return number;
}

Value column_value(sqlite3_stmt* statement, int column) {
  if (sqlite3_column_type(statement, column) == SQLITE_NULL) return std::nullopt;
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, column));
  const int size = sqlite3_column_bytes(statement, column);
  return std::string(text != nullptr ? text : "", static_cast<std::size_t>(size));
}

}  // namespace

SqliteConnection::SqliteConnection(Poco::Data::Session session, std::string path)
    : session_(std::move(session)),
      db_(Poco::Data::SQLite::Utility::dbHandle(session_)),
      path_(std::move(path)) {}

SqliteConnection::~SqliteConnection() {
  rollback();  // closing would roll back too; this keeps the journal tidy first
}

void SqliteConnection::fail(int rc, std::string_view text, int offset_base) const {
  const int offset = sqlite3_error_offset(db_);
  throw statement_error(sqlite3_extended_errcode(db_) != 0 ? sqlite3_extended_errcode(db_) : rc,
                        sqlite3_errmsg(db_), std::string(text),
                        offset < 0 || offset_base < 0 ? -1 : offset_base + offset);
}

std::uint64_t SqliteConnection::run(std::string_view text, const std::vector<Value>* params,
                                    ResultSet* rows) {
  const char* const begin = text.data();
  const char* const end = begin + text.size();
  const char* next = begin;
  std::uint64_t changed = 0;
  bool first = true;
  while (next < end) {
    sqlite3_stmt* raw = nullptr;
    const char* tail = nullptr;
    const int base = static_cast<int>(next - begin);
    const int rc = sqlite3_prepare_v2(db_, next, static_cast<int>(end - next), &raw, &tail);
    Statement statement(raw);
    if (rc != SQLITE_OK) fail(rc, text, base);
    if (tail == nullptr || tail <= next) tail = end;
    next = tail;
    if (!statement) continue;  // only comments or whitespace
    if (!first && (params != nullptr || rows != nullptr)) {
      throw DatabaseError(ExitCode::internal, "a query must be a single statement", "HY000",
                          std::string(text));
    }
    if (params != nullptr) {
      const int count = sqlite3_bind_parameter_count(statement.get());
      for (int i = 1; i <= count; ++i) {
        const std::size_t number = parameter_number(statement.get(), i);
        if (number == 0 || number > params->size()) {
          throw DatabaseError(ExitCode::internal,
                              "the statement's parameter " + std::to_string(i) + " has no value (" +
                                  std::to_string(params->size()) + " given)",
                              "07001", std::string(text));
        }
        const Value& value = (*params)[number - 1];
        const int bound = value
                              ? sqlite3_bind_text(statement.get(), i, value->data(),
                                                  static_cast<int>(value->size()), SQLITE_TRANSIENT)
                              : sqlite3_bind_null(statement.get(), i);
        if (bound != SQLITE_OK) fail(bound, text, -1);
      }
    }
    if (rows != nullptr) {
      const int columns = sqlite3_column_count(statement.get());
      for (int c = 0; c < columns; ++c)
        rows->columns.emplace_back(sqlite3_column_name(statement.get(), c));
    }
    const auto before = sqlite3_total_changes64(db_);
    int step = SQLITE_ROW;
    while ((step = sqlite3_step(statement.get())) == SQLITE_ROW) {
      if (rows == nullptr) continue;
      std::vector<Value> row;
      row.reserve(rows->columns.size());
      for (int c = 0; c < static_cast<int>(rows->columns.size()); ++c) {
        row.push_back(column_value(statement.get(), c));
      }
      rows->rows.push_back(std::move(row));
    }
    if (step != SQLITE_DONE) fail(step, text, -1);
    // sqlite3_changes64 keeps the count of the last INSERT/UPDATE/DELETE; only statements
    // that changed the total are such statements.
    if (sqlite3_total_changes64(db_) != before) {
      changed += static_cast<std::uint64_t>(sqlite3_changes64(db_));
    }
    first = false;
  }
  return changed;
}

std::uint64_t SqliteConnection::execute(std::string_view statement) {
  return run(statement, nullptr, nullptr);
}

ResultSet SqliteConnection::query(std::string_view statement, const std::vector<Value>& params) {
  ResultSet rows;
  run(statement, &params, &rows);
  return rows;
}

void SqliteConnection::begin() {
  if (in_transaction()) {
    throw DatabaseError(ExitCode::internal, "begin(): a transaction is already open", "25001",
                        "BEGIN IMMEDIATE");
  }
  run("BEGIN IMMEDIATE", nullptr, nullptr);
}

void SqliteConnection::commit() {
  if (!in_transaction()) return;
  run("COMMIT", nullptr, nullptr);
}

void SqliteConnection::rollback() noexcept {
  if (!in_transaction()) return;
  sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

bool SqliteConnection::in_transaction() const {
  return sqlite3_get_autocommit(db_) == 0;
}

std::unique_ptr<MigrationLock> SqliteConnection::migration_lock(const std::string&) {
  return std::make_unique<FileMigrationLock>(path_ + "-migctl.lock");
}

CheckResult SqliteConnection::check_privileges(const std::string&) {
  CheckResult result;
  result.name = "database_privileges";
  const std::string directory = std::filesystem::path(path_).parent_path().string();
  const std::string user = os_user();
  std::string problem;
  if (::access(path_.c_str(), R_OK | W_OK) != 0) {
    problem = "user " + user + " cannot write the database file " + path_ + " (" +
              std::strerror(errno) + ")";
  } else if (::access(directory.c_str(), W_OK | X_OK) != 0) {
    problem = "user " + user + " cannot create files in " + directory + " (" +
              std::strerror(errno) + "), where SQLite writes its journal and migctl its lock file";
  } else if (sqlite3_db_readonly(db_, "main") == 1) {
    problem = "SQLite opened " + path_ + " read-only";
  }
  if (problem.empty()) {
    result.message = "user " + user + " may write " + path_ + " and create files in " + directory;
    return result;
  }
  result.status = CheckStatus::error;
  result.message = problem;
  result.fix =
      "give " + user + " write access to the database file and its directory (chown/chmod)";
  result.code = ExitCode::permission;
  return result;
}

ServerInfo SqliteConnection::server_info() {
  ServerInfo info;
  info.database = path_;
  info.user = os_user();
  info.server_version = sqlite3_libversion();
  info.product = "SQLite";
  return info;
}

}  // namespace migctl::sqlite

#include "stub_connection.hpp"

#include <cctype>

#include "stub_language.hpp"

namespace migctl::stub {
namespace {

// Replaces $n outside quotes with the n-th parameter as a literal.
std::string bind(std::string_view statement, const std::vector<Value>& params) {
  if (params.empty()) return std::string(statement);
  std::string out;
  char quote = 0;
  for (std::size_t i = 0; i < statement.size(); ++i) {
    const char c = statement[i];
    if (quote) {
      if (c == quote) quote = 0;
      out += c;
    } else if (c == '\'' || c == '"') {
      quote = c;
      out += c;
    } else if (c == '$' && i + 1 < statement.size() &&
               std::isdigit(static_cast<unsigned char>(statement[i + 1]))) {
      std::size_t n = 0;
      while (i + 1 < statement.size() && std::isdigit(static_cast<unsigned char>(statement[i + 1])))
        n = n * 10 + static_cast<std::size_t>(statement[++i] - '0');
      if (n == 0 || n > params.size()) {
        throw DatabaseError(ExitCode::internal, "there is no parameter $" + std::to_string(n),
                            "42P02", std::string(statement));
      }
      out += params[n - 1] ? quote_literal(*params[n - 1]) : "NULL";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

StubConnection::StubConnection(std::shared_ptr<StubDatabase> db, const std::string& user,
                               const std::string& application,
                               std::function<void(const std::string&)> on_notice)
    : db_(std::move(db)),
      session_(db_->open_session(user, application)),
      on_notice_(std::move(on_notice)) {}

StubConnection::~StubConnection() {
  db_->close_session(session_);
}

std::uint64_t StubConnection::execute(std::string_view statement) {
  return db_->run(session_, std::string(statement), on_notice_).changed;
}

ResultSet StubConnection::query(std::string_view statement, const std::vector<Value>& params) {
  return db_->run(session_, bind(statement, params), on_notice_).result;
}

void StubConnection::begin() {
  db_->begin(session_);
}
void StubConnection::commit() {
  db_->commit(session_);
}
void StubConnection::rollback() noexcept {
  db_->rollback(session_);
}
bool StubConnection::in_transaction() const {
  return db_->in_transaction(session_);
}

std::unique_ptr<MigrationLock> StubConnection::migration_lock(const std::string& version_table) {
  return std::make_unique<StubLock>(db_, session_, version_table);
}

CheckResult StubConnection::check_privileges(const std::string& /*version_table*/) {
  if (!db_->alive(session_)) {
    throw DatabaseError(ExitCode::unavailable,
                        "stub: the connection to database '" + db_->name() + "' was lost", "08006");
  }
  return db_->privileges();
}

ServerInfo StubConnection::server_info() {
  if (!db_->alive(session_)) {
    throw DatabaseError(ExitCode::unavailable,
                        "stub: the connection to database '" + db_->name() + "' was lost", "08006");
  }
  return ServerInfo{db_->name(), db_->user_of(session_), "1", "stub"};
}

StubLock::StubLock(std::shared_ptr<StubDatabase> db, int session, std::string version_table)
    : db_(std::move(db)), session_(session), table_(std::move(version_table)) {}

StubLock::~StubLock() {
  release();
}

bool StubLock::try_acquire() {
  return db_->try_lock(session_, table_);
}

std::string StubLock::describe_holder() noexcept {
  try {
    return db_->describe_holder(table_);
  } catch (...) {
    return "another session";
  }
}

void StubLock::verify() {
  db_->verify_lock(session_, table_);
}

void StubLock::release() noexcept {
  db_->unlock(session_, table_);
}

}  // namespace migctl::stub

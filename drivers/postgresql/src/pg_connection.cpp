#include "pg_connection.hpp"

#include <Poco/Data/PostgreSQL/Utility.h>
#include <Poco/Exception.h>

#include <cstdlib>

#include "conninfo.hpp"
#include "diagnostics.hpp"
#include "migctl/error.hpp"
#include "pg_migration_lock.hpp"

namespace migctl::pg {
namespace {

std::string field(const PGresult* result, int code) {
  const char* value = result ? PQresultErrorField(result, code) : nullptr;
  return value ? value : "";
}

// Connection loss is ExitCode::unavailable (69), whatever the statement was: the core tells it
// from a failed statement by the code, never by the text.
const char* const kLostHint = "the connection to the server was lost; is the server running?";

std::string trim_trailing_newlines(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

// Restores the connection's error verbosity when a Poco call returns or throws.
class VerboseErrors {
 public:
  explicit VerboseErrors(PGconn* conn)
      : conn_(conn), previous_(PQsetErrorVerbosity(conn, PQERRORS_VERBOSE)) {}
  ~VerboseErrors() { PQsetErrorVerbosity(conn_, previous_); }
  VerboseErrors(const VerboseErrors&) = delete;
  VerboseErrors& operator=(const VerboseErrors&) = delete;

 private:
  PGconn* conn_;
  PGVerbosity previous_;
};

}  // namespace

PgConnection::PgConnection(Poco::Data::Session session,
                           std::function<void(const std::string&)> on_notice,
                           std::vector<std::string> secrets, Opener open_sibling)
    : on_notice_(std::move(on_notice)),
      secrets_(std::move(secrets)),
      open_sibling_(std::move(open_sibling)),
      session_(std::move(session)),
      conn_(*Poco::Data::PostgreSQL::Utility::handle(session_)) {
  // A receiver rather than a processor: it sees the fields, so the text does not depend on the
  // error verbosity that transaction_command switches.
  PQsetNoticeReceiver(conn_, &PgConnection::receive_notice, this);
}

PgConnection::~PgConnection() {
  try {
    session_.close();
  } catch (...) {  // NOLINT(bugprone-empty-catch): a destructor must not throw
  }
}

void PgConnection::receive_notice(void* self, const PGresult* notice) {
  const auto& sink = static_cast<PgConnection*>(self)->on_notice_;
  if (!sink) return;
  try {
    std::string text =
        field(notice, PG_DIAG_SEVERITY) + ": " + field(notice, PG_DIAG_MESSAGE_PRIMARY);
    if (auto detail = field(notice, PG_DIAG_MESSAGE_DETAIL); !detail.empty()) {
      text += "\nDETAIL: " + detail;
    }
    if (auto hint = field(notice, PG_DIAG_MESSAGE_HINT); !hint.empty()) text += "\nHINT: " + hint;
    sink(text);
  } catch (...) {  // NOLINT(bugprone-empty-catch): must not unwind through libpq's C frames
  }
}

void PgConnection::fail(const PGresult* result, const std::string& statement) const {
  std::string sqlstate = field(result, PG_DIAG_SQLSTATE);
  const bool lost = is_connection_loss(sqlstate, PQstatus(conn_) == CONNECTION_BAD);
  std::string message = field(result, PG_DIAG_MESSAGE_PRIMARY);
  if (message.empty()) {
    // Client-side failures (connection lost, out of memory) have no fields, only text.
    message = trim_trailing_newlines(result ? PQresultErrorMessage(result) : "");
    if (message.empty()) message = trim_trailing_newlines(PQerrorMessage(conn_));
    if (message.empty()) message = "unknown error";
  }
  if (auto position = field(result, PG_DIAG_STATEMENT_POSITION); !position.empty()) {
    message += position_suffix(statement, std::atoi(position.c_str()));
  }
  if (auto detail = field(result, PG_DIAG_MESSAGE_DETAIL); !detail.empty()) {
    message += "\nDETAIL: " + detail;
  }
  if (auto context = field(result, PG_DIAG_CONTEXT); !context.empty()) {
    message += "\nCONTEXT: " + context;
  }
  std::string hint = field(result, PG_DIAG_MESSAGE_HINT);
  if (lost) {
    // libpq's own text runs over several lines ("server closed the connection
    // unexpectedly\n\tThis probably means..."): its first line says it.
    message = message.substr(0, message.find('\n'));
    if (sqlstate.empty()) sqlstate = "08006";
    if (hint.empty()) hint = kLostHint;
  }
  throw DatabaseError(lost ? ExitCode::unavailable : ExitCode::migration_failed,
                      scrub(message, secrets_), sqlstate, statement, scrub(hint, secrets_));
}

PgConnection::Result PgConnection::check(Result result, const std::string& statement) {
  switch (PQresultStatus(result.get())) {
    case PGRES_COMMAND_OK:
    case PGRES_TUPLES_OK:
    case PGRES_EMPTY_QUERY:
      return result;
    case PGRES_COPY_OUT: {
      // Rows are discarded anyway: drain the data, then the final status decides.
      char* buffer = nullptr;
      while (PQgetCopyData(conn_, &buffer, 0) > 0) PQfreemem(buffer);
      return check(Result(PQgetResult(conn_)), statement);
    }
    case PGRES_COPY_IN: {
      // There is no data stream to feed: end the COPY with an error so the server aborts it.
      PQputCopyEnd(conn_, "migctl cannot supply data to COPY FROM STDIN");
      Result last;
      while (Result next{PQgetResult(conn_)}) last = std::move(next);
      fail(last.get(), statement);
    }
    default:
      fail(result.get(), statement);
  }
}

std::uint64_t PgConnection::execute(std::string_view statement) {
  const std::string sql(statement);
  const Result result = check(Result(PQexec(conn_, sql.c_str())), sql);
  // PQcmdTuples counts the rows of SELECT, CREATE TABLE AS, COPY, FETCH and MOVE too; the
  // contract counts rows inserted, updated or deleted (the command tags with a row count
  // that change rows).
  const std::string_view tag = PQcmdStatus(result.get());
  const bool changes_rows = tag.rfind("INSERT ", 0) == 0 || tag.rfind("UPDATE ", 0) == 0 ||
                            tag.rfind("DELETE ", 0) == 0 || tag.rfind("MERGE ", 0) == 0;
  const char* count = PQcmdTuples(result.get());
  return changes_rows && count && *count ? std::strtoull(count, nullptr, 10) : 0;
}

ResultSet PgConnection::query(std::string_view statement, const std::vector<Value>& params) {
  const std::string sql(statement);
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& param : params) values.push_back(param ? param->c_str() : nullptr);
  Result result = check(Result(PQexecParams(conn_, sql.c_str(), static_cast<int>(values.size()),
                                            nullptr, values.data(), nullptr, nullptr, 0)),
                        sql);

  ResultSet out;
  const int columns = PQnfields(result.get());
  const int rows = PQntuples(result.get());
  for (int c = 0; c < columns; ++c) out.columns.emplace_back(PQfname(result.get(), c));
  out.rows.reserve(static_cast<std::size_t>(rows));
  for (int r = 0; r < rows; ++r) {
    std::vector<Value> row;
    row.reserve(static_cast<std::size_t>(columns));
    for (int c = 0; c < columns; ++c) {
      if (PQgetisnull(result.get(), r, c)) {
        row.emplace_back(std::nullopt);
      } else {
        row.emplace_back(std::string(PQgetvalue(result.get(), r, c),
                                     static_cast<std::size_t>(PQgetlength(result.get(), r, c))));
      }
    }
    out.rows.push_back(std::move(row));
  }
  return out;
}

template <class Command>
void PgConnection::transaction_command(const char* name, Command command) {
  try {
    // Poco only passes on PQerrorMessage; verbose errors carry the SQLSTATE in that text.
    VerboseErrors verbose(conn_);
    command();
  } catch (const Poco::Exception& e) {
    ServerError error = parse_verbose_error(e.message());
    const bool lost = is_connection_loss(error.sqlstate, PQstatus(conn_) == CONNECTION_BAD);
    if (error.sqlstate.empty() && lost) error.sqlstate = "08006";
    if (error.message.empty()) error.message = e.displayText();
    throw DatabaseError(lost ? ExitCode::unavailable : ExitCode::migration_failed,
                        scrub(std::string(name) + " failed: " + error.message, secrets_),
                        error.sqlstate, name, lost ? kLostHint : "");
  }
}

void PgConnection::begin() {
  if (in_transaction()) {
    throw DatabaseError(ExitCode::internal, "begin() while a transaction is already open", "25001",
                        "BEGIN");
  }
  transaction_command("BEGIN", [this] { session_.begin(); });
}

void PgConnection::commit() {
  if (PQtransactionStatus(conn_) == PQTRANS_INERROR) {
    // COMMIT would succeed and silently roll back; say so instead.
    rollback();
    throw DatabaseError(ExitCode::migration_failed,
                        "cannot commit: an earlier statement in the transaction failed, so it "
                        "was rolled back",
                        "25P02", "COMMIT");
  }
  if (!in_transaction()) {
    throw DatabaseError(ExitCode::internal, "commit() without an open transaction", "25P01",
                        "COMMIT");
  }
  transaction_command("COMMIT", [this] { session_.commit(); });
}

void PgConnection::rollback() noexcept {
  try {
    if (in_transaction()) session_.rollback();
  } catch (...) {  // NOLINT(bugprone-empty-catch): called on error paths; the server rolls
                   // back anyway when the connection closes
  }
}

bool PgConnection::in_transaction() const {
  // Poco's flag, or the server's state when a statement opened a transaction behind Poco's back
  // (a script's own BEGIN). A script's own COMMIT leaves Poco's flag set: commit()/rollback()
  // then clear it, with a harmless "no transaction in progress" warning.
  const auto status = PQtransactionStatus(conn_);
  try {
    if (session_.isTransaction()) return true;
  } catch (const Poco::Exception&) {  // not expected: Poco reads a flag
  }
  return status == PQTRANS_INTRANS || status == PQTRANS_INERROR;
}

std::unique_ptr<MigrationLock> PgConnection::migration_lock(const std::string& version_table) {
  return std::make_unique<PgMigrationLock>(*this, open_sibling_, version_table);
}

ServerInfo PgConnection::server_info() {
  const ResultSet result =
      query("SELECT current_database(), current_user, current_setting('server_version')", {});
  if (result.rows.size() != 1 || result.rows[0].size() != 3) {
    throw DatabaseError(ExitCode::internal, "unexpected result shape", "", "server_info");
  }
  const auto& row = result.rows[0];
  ServerInfo info{row[0].value_or(""), row[1].value_or(""), row[2].value_or(""), "PostgreSQL"};
  // "15.14 (Debian 15.14-0+deb12u1)" -> "15.14"
  info.server_version = info.server_version.substr(0, info.server_version.find(' '));
  return info;
}

}  // namespace migctl::pg

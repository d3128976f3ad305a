#include "stub_database.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <stdexcept>

#include "migctl/error.hpp"
#include "stub_language.hpp"

namespace migctl::stub {
namespace {

using Kind = Token::Kind;

std::string utc_now() {
  const auto now = std::chrono::system_clock::now();
  const auto us =
      std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count();
  const std::time_t seconds = static_cast<std::time_t>(us / 1000000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char text[64];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%06lldZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<long long>(us % 1000000));
  return text;
}

DatabaseError statement_error(const std::string& message, const std::string& sqlstate,
                              const std::string& statement) {
  return DatabaseError(ExitCode::migration_failed, message, sqlstate, statement);
}

// Reads one statement's tokens from left to right.
class Reader {
 public:
  Reader(const std::vector<Token>& tokens, const std::string& statement)
      : tokens_(tokens), statement_(statement) {}

  bool keyword(std::string_view word) {
    if (pos_ < tokens_.size() && is_keyword(tokens_[pos_], word)) {
      ++pos_;
      return true;
    }
    return false;
  }
  bool keywords(std::initializer_list<std::string_view> words) {
    const std::size_t start = pos_;
    for (auto w : words) {
      if (!keyword(w)) {
        pos_ = start;
        return false;
      }
    }
    return true;
  }
  bool done() const { return pos_ >= tokens_.size(); }
  std::string name() {
    if (pos_ < tokens_.size() &&
        (tokens_[pos_].kind == Kind::word || tokens_[pos_].kind == Kind::name)) {
      return tokens_[pos_++].text;
    }
    throw syntax("a table name");
  }
  // A literal, a bare word (number, true/false) or NULL (nullopt).
  Value value() {
    if (pos_ < tokens_.size()) {
      const Token& t = tokens_[pos_];
      if (t.kind == Kind::literal) {
        ++pos_;
        return t.text;
      }
      if (t.kind == Kind::word) {
        ++pos_;
        if (is_keyword(t, "NULL")) return std::nullopt;
        return t.text;
      }
    }
    throw syntax("a value");
  }
  bool at_value() const {
    return pos_ < tokens_.size() &&
           (tokens_[pos_].kind == Kind::literal || tokens_[pos_].kind == Kind::word);
  }
  // key=value
  std::pair<std::string, Value> assignment() {
    if (pos_ + 1 < tokens_.size() && tokens_[pos_].kind == Kind::word &&
        tokens_[pos_ + 1].kind == Kind::equals) {
      std::string key = tokens_[pos_].text;
      pos_ += 2;
      return {key, value()};
    }
    throw syntax("key=value");
  }
  void end() {
    if (!done()) throw syntax("the end of the statement");
  }
  DatabaseError syntax(const std::string& expected) const {
    const std::string near = pos_ < tokens_.size() ? "'" + tokens_[pos_].text + "'" : "the end";
    return statement_error("stub syntax error: expected " + expected + " at " + near, "42601",
                           statement_);
  }

 private:
  const std::vector<Token>& tokens_;
  const std::string& statement_;
  std::size_t pos_ = 0;
};

std::string text_or_empty(const Value& v) {
  return v.value_or("");
}

// "YYYY-MM-DDTHH:MM:SS[.f...]Z" as a key that orders like the time it names, so that
// "...:05Z" and "...:05.000000Z" are equal; other text is its own key.
std::string time_key(const std::string& iso) {
  if (iso.size() < 20 || iso.back() != 'Z') return iso;
  std::string fraction;
  if (iso[19] == '.')
    fraction = iso.substr(20, iso.size() - 21);
  else if (iso.size() != 20)
    return iso;
  fraction.resize(9, '0');
  return iso.substr(0, 19) + "." + fraction;
}

std::string format_ms(double ms) {
  char text[64];
  std::snprintf(text, sizeof text, "%.3f", ms);
  return text;
}

}  // namespace

StubDatabase::StubDatabase(std::string name) : name_(std::move(name)), clock_(utc_now) {}

// --- State -------------------------------------------------------------------------------

StubDatabase::Table* StubDatabase::find(const std::string& table) {
  auto it = tables_.find(table);
  return it == tables_.end() ? nullptr : &it->second;
}

const StubDatabase::Table* StubDatabase::find(const std::string& table) const {
  auto it = tables_.find(table);
  return it == tables_.end() ? nullptr : &it->second;
}

bool StubDatabase::has_table(const std::string& table) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return find(table) != nullptr;
}

std::vector<std::string> StubDatabase::versions(const std::string& table) const {
  std::lock_guard<std::mutex> lock(mutex_);
  const Table* t = find(table);
  return t ? t->versions : std::vector<std::string>{};
}

std::vector<AuditRow> StubDatabase::audit_rows(const std::string& table) const {
  std::lock_guard<std::mutex> lock(mutex_);
  const Table* t = find(table);
  return t ? t->audit : std::vector<AuditRow>{};
}

std::vector<std::vector<std::string>> StubDatabase::rows(const std::string& table) const {
  std::lock_guard<std::mutex> lock(mutex_);
  const Table* t = find(table);
  return t ? t->rows : std::vector<std::vector<std::string>>{};
}

void StubDatabase::set_versions(const std::vector<std::string>& rows, const std::string& table) {
  std::lock_guard<std::mutex> lock(mutex_);
  Table& t = tables_[table];
  t.kind = Table::Kind::version;
  t.versions = rows;
}

void StubDatabase::add_audit_row(AuditRow row, const std::string& table) {
  std::lock_guard<std::mutex> lock(mutex_);
  Table& t = tables_[table];
  t.kind = Table::Kind::audit;
  row.id = next_audit_id_++;
  t.audit.push_back(std::move(row));
}

// --- Request record ----------------------------------------------------------------------

std::vector<StubRequest> StubDatabase::requests() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return requests_;
}

std::vector<std::string> StubDatabase::statements() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<std::string> out;
  for (const auto& r : requests_)
    if (!r.control) out.push_back(r.sql);
  return out;
}

std::size_t StubDatabase::count(const std::string& text) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return static_cast<std::size_t>(std::count_if(requests_.begin(), requests_.end(), [&](auto& r) {
    return r.sql.find(text) != std::string::npos;
  }));
}

void StubDatabase::clear_requests() {
  std::lock_guard<std::mutex> lock(mutex_);
  requests_.clear();
}

void StubDatabase::record(int session, const std::string& sql, bool control,
                          StubRequest::Outcome outcome, const std::string& sqlstate) {
  auto it = sessions_.find(session);
  const bool in_tx = it != sessions_.end() && it->second.snapshot.has_value();
  requests_.push_back({session, sql, control, in_tx, outcome, sqlstate});
}

// --- Faults ------------------------------------------------------------------------------

void StubDatabase::fail_at(StubMatch match, std::string sqlstate, std::string message) {
  std::lock_guard<std::mutex> lock(mutex_);
  faults_.push_back({FaultKind::fail, std::move(match), std::move(sqlstate), std::move(message)});
}

void StubDatabase::lose_connection_at(StubMatch match, bool after) {
  std::lock_guard<std::mutex> lock(mutex_);
  faults_.push_back({after ? FaultKind::lose_connection_after : FaultKind::lose_connection,
                     std::move(match),
                     {},
                     {}});
}

void StubDatabase::lose_lock_at(StubMatch match) {
  std::lock_guard<std::mutex> lock(mutex_);
  faults_.push_back({FaultKind::lose_lock, std::move(match), {}, {}});
}

void StubDatabase::lose_lock(const std::string& version_table) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = lock_holders_.find(version_table);
  if (it == lock_holders_.end()) return;
  sessions_[it->second].locks.erase(version_table);
  lock_holders_.erase(it);
}

void StubDatabase::terminate(int session) {
  std::lock_guard<std::mutex> lock(mutex_);
  kill(session);
}

void StubDatabase::refuse_connections(std::size_t count) {
  std::lock_guard<std::mutex> lock(mutex_);
  refuse_connections_ = count;
}

std::optional<StubDatabase::Fault> StubDatabase::fault_for(const std::string& request,
                                                           bool control) {
  std::optional<Fault> firing;
  for (auto& f : faults_) {
    if (f.fired) continue;
    const bool matches = f.match.containing.empty()
                             ? !control
                             : request.find(f.match.containing) != std::string::npos;
    if (!matches || ++f.seen != f.match.nth) continue;
    f.fired = true;
    if (!firing) firing = f;
  }
  return firing;
}

// --- Sessions ----------------------------------------------------------------------------

int StubDatabase::open_session(const std::string& user, const std::string& application) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (refuse_connections_ > 0) {
    --refuse_connections_;
    throw DatabaseError(ExitCode::unavailable,
                        "stub database '" + name_ + "' refused the connection (injected)", "08001");
  }
  const int id = next_session_++;
  Session& s = sessions_[id];
  s.user = user;
  s.application = application;
  return id;
}

void StubDatabase::close_session(int session) noexcept {
  std::lock_guard<std::mutex> lock(mutex_);
  kill(session);
}

bool StubDatabase::alive(int session) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = sessions_.find(session);
  return it != sessions_.end() && it->second.alive;
}

std::string StubDatabase::user_of(int session) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = sessions_.find(session);
  return it == sessions_.end() ? std::string() : it->second.user;
}

void StubDatabase::kill(int session) noexcept {
  auto it = sessions_.find(session);
  if (it == sessions_.end() || !it->second.alive) return;
  Session& s = it->second;
  if (s.snapshot) tables_ = std::move(*s.snapshot);
  s.snapshot.reset();
  s.aborted = false;
  for (const auto& table : s.locks) lock_holders_.erase(table);
  s.locks.clear();
  s.alive = false;
}

void StubDatabase::lost(int session, const std::string& request) {
  throw DatabaseError(ExitCode::unavailable,
                      "stub: the connection to database '" + name_ + "' was lost (session " +
                          std::to_string(session) + ")",
                      "08006", request);
}

StubDatabase::Session& StubDatabase::live_session(int session, const std::string& request) {
  auto it = sessions_.find(session);
  if (it == sessions_.end() || !it->second.alive) {
    record(session, request, false, StubRequest::Outcome::connection_lost, "08006");
    lost(session, request);
  }
  return it->second;
}

void StubDatabase::check_writer(int session) const {
  for (const auto& [id, s] : sessions_) {
    if (id != session && s.alive && s.snapshot) {
      throw std::logic_error("stub database: session " + std::to_string(session) +
                             " writes while session " + std::to_string(id) +
                             " has a transaction open (not modelled: the stub has no isolation)");
    }
  }
}

StubDatabase::Outcome StubDatabase::run(int session, const std::string& statement,
                                        const std::function<void(const std::string&)>& notices) {
  std::lock_guard<std::mutex> lock(mutex_);
  // The dialect's BEGIN and COMMIT, run as statements (an offline script): transaction
  // control, as on a real database.
  const auto tokens = tokenize(statement);
  if (tokens && tokens->size() == 1) {
    if (is_keyword(tokens->front(), "BEGIN")) {
      begin_locked(session);
      return {};
    }
    if (is_keyword(tokens->front(), "COMMIT")) {
      commit_locked(session, true);
      return {};
    }
    if (is_keyword(tokens->front(), "ROLLBACK")) {
      live_session(session, "ROLLBACK");
      rollback_locked(session);
      return {};
    }
  }
  Session& s = live_session(session, statement);
  const std::optional<Fault> fault = fault_for(statement, false);
  if (fault && fault->kind == FaultKind::lose_lock) {
    for (const auto& table : s.locks) lock_holders_.erase(table);
    s.locks.clear();
  }
  if (fault && fault->kind == FaultKind::lose_connection) {
    kill(session);
    record(session, statement, false, StubRequest::Outcome::connection_lost, "08006");
    lost(session, statement);
  }
  try {
    if (fault && fault->kind == FaultKind::fail)
      throw statement_error(fault->message, fault->sqlstate, statement);
    if (s.aborted) {
      throw statement_error(
          "current transaction is aborted, commands ignored until end of transaction block",
          "25P02", statement);
    }
    Outcome outcome = interpret(session, statement, notices);
    record(session, statement, false, StubRequest::Outcome::ok);
    if (fault && fault->kind == FaultKind::lose_connection_after) {
      kill(session);
      lost(session, statement);
    }
    return outcome;
  } catch (const DatabaseError& e) {
    if (e.code() == ExitCode::unavailable) throw;
    if (s.snapshot) s.aborted = true;
    record(session, statement, false, StubRequest::Outcome::failed, e.sqlstate());
    throw;
  }
}

void StubDatabase::begin(int session) {
  std::lock_guard<std::mutex> lock(mutex_);
  begin_locked(session);
}

void StubDatabase::commit(int session) {
  std::lock_guard<std::mutex> lock(mutex_);
  commit_locked(session, false);
}

void StubDatabase::rollback(int session) noexcept {
  std::lock_guard<std::mutex> lock(mutex_);
  rollback_locked(session);
}

void StubDatabase::begin_locked(int session) {
  Session& s = live_session(session, "BEGIN");
  if (s.snapshot) {
    throw DatabaseError(ExitCode::internal, "begin() while a transaction is already open", "25001",
                        "BEGIN");
  }
  const std::optional<Fault> fault = fault_for("BEGIN", true);
  if (fault && (fault->kind == FaultKind::lose_connection ||
                fault->kind == FaultKind::lose_connection_after)) {
    kill(session);
    record(session, "BEGIN", true, StubRequest::Outcome::connection_lost, "08006");
    lost(session, "BEGIN");
  }
  if (fault && fault->kind == FaultKind::fail) {
    record(session, "BEGIN", true, StubRequest::Outcome::failed, fault->sqlstate);
    throw statement_error(fault->message, fault->sqlstate, "BEGIN");
  }
  s.snapshot = tables_;
  s.aborted = false;
  s.ended_by_statement = false;
  record(session, "BEGIN", true, StubRequest::Outcome::ok);
}

void StubDatabase::commit_locked(int session, bool by_statement) {
  Session& s = live_session(session, "COMMIT");
  if (!s.snapshot && !by_statement && s.ended_by_statement) {
    s.ended_by_statement = false;  // a script ended it with COMMIT: nothing left to do
    return;
  }
  if (!s.snapshot) {
    throw DatabaseError(ExitCode::internal, "commit() without an open transaction", "25P01",
                        "COMMIT");
  }
  const std::optional<Fault> fault = fault_for("COMMIT", true);
  if (fault && fault->kind == FaultKind::lose_lock) {
    for (const auto& table : s.locks) lock_holders_.erase(table);
    s.locks.clear();
  }
  if (fault && fault->kind == FaultKind::lose_connection) {
    kill(session);  // rolls back
    record(session, "COMMIT", true, StubRequest::Outcome::connection_lost, "08006");
    lost(session, "COMMIT");
  }
  if (fault && fault->kind == FaultKind::fail) {
    tables_ = std::move(*s.snapshot);
    s.snapshot.reset();
    s.aborted = false;
    record(session, "COMMIT", true, StubRequest::Outcome::failed, fault->sqlstate);
    throw statement_error(fault->message, fault->sqlstate, "COMMIT");
  }
  if (s.aborted) {
    tables_ = std::move(*s.snapshot);
    s.snapshot.reset();
    s.aborted = false;
    record(session, "COMMIT", true, StubRequest::Outcome::failed, "25P02");
    throw statement_error("the transaction was aborted by an earlier error; COMMIT rolled it back",
                          "25P02", "COMMIT");
  }
  record(session, "COMMIT", true, StubRequest::Outcome::ok);
  s.snapshot.reset();
  s.ended_by_statement = by_statement;
  if (fault && fault->kind == FaultKind::lose_connection_after) {
    kill(session);  // committed: nothing left to roll back
    lost(session, "COMMIT");
  }
}

void StubDatabase::rollback_locked(int session) noexcept {
  auto it = sessions_.find(session);
  if (it == sessions_.end() || !it->second.alive || !it->second.snapshot) return;
  tables_ = std::move(*it->second.snapshot);
  it->second.snapshot.reset();
  it->second.aborted = false;
  record(session, "ROLLBACK", true, StubRequest::Outcome::ok);
}

bool StubDatabase::in_transaction(int session) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = sessions_.find(session);
  return it != sessions_.end() && it->second.alive && it->second.snapshot.has_value();
}

// --- The migration lock ------------------------------------------------------------------

bool StubDatabase::try_lock(int session, const std::string& version_table) {
  std::lock_guard<std::mutex> lock(mutex_);
  const std::string request = "LOCK ACQUIRE " + version_table;
  Session& s = live_session(session, request);
  if (!refuse_locks_.empty()) {
    throw Error(ExitCode::config,
                "stub database '" + name_ + "' cannot keep the migration lock: " + refuse_locks_);
  }
  auto it = lock_holders_.find(version_table);
  const bool mine = it == lock_holders_.end() || it->second == session;
  if (mine) {
    lock_holders_[version_table] = session;
    s.locks.insert(version_table);
  }
  record(session, request + (mine ? "" : " (held by another session)"), true,
         StubRequest::Outcome::ok);
  return mine;
}

void StubDatabase::verify_lock(int session, const std::string& version_table) {
  std::lock_guard<std::mutex> lock(mutex_);
  const std::string request = "LOCK VERIFY " + version_table;
  live_session(session, request);
  auto it = lock_holders_.find(version_table);
  if (it != lock_holders_.end() && it->second == session) {
    record(session, request, true, StubRequest::Outcome::ok);
    return;
  }
  record(session, request, true, StubRequest::Outcome::failed);
  throw Error(ExitCode::temporary,
              "lost the migration lock: stub session " + std::to_string(session) +
                  " no longer holds the lock of '" + version_table + "'" +
                  (it == lock_holders_.end()
                       ? std::string(" (nobody holds it)")
                       : " (session " + std::to_string(it->second) + " holds it now)"),
              "the stub's lose_lock()/lose_lock_at() took it away");
}

void StubDatabase::unlock(int session, const std::string& version_table) noexcept {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = lock_holders_.find(version_table);
  if (it == lock_holders_.end() || it->second != session) return;
  lock_holders_.erase(it);
  auto s = sessions_.find(session);
  if (s != sessions_.end()) s->second.locks.erase(version_table);
  record(session, "LOCK RELEASE " + version_table, true, StubRequest::Outcome::ok);
}

std::string StubDatabase::describe_holder(const std::string& version_table) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = lock_holders_.find(version_table);
  if (it == lock_holders_.end()) return "no session (it may have just finished)";
  const Session& s = sessions_.at(it->second);
  return "stub session " + std::to_string(it->second) + " (application '" + s.application +
         "', user " + s.user + ")";
}

CheckResult StubDatabase::privileges() const {
  std::lock_guard<std::mutex> lock(mutex_);
  if (privileges_) return *privileges_;
  return CheckResult{"database_privileges",
                     CheckStatus::ok,
                     "stub database '" + name_ + "': every privilege",
                     {},
                     ExitCode::ok};
}

// --- The language ------------------------------------------------------------------------

StubDatabase::Outcome StubDatabase::interpret(
    int session, const std::string& statement,
    const std::function<void(const std::string&)>& notices) {
  Outcome out;
  const auto tokens = tokenize(statement);
  auto other_sql = [&]() {
    if (!reject_other_sql_.empty()) {
      throw statement_error("stub: not a statement of the stub language", reject_other_sql_,
                            statement);
    }
    return out;
  };
  if (!tokens || tokens->empty()) return other_sql();
  if (is_keyword(tokens->front(), "CONCURRENTLY")) {
    // PostgreSQL's CREATE INDEX CONCURRENTLY: the statement after the keyword, refused
    // inside a transaction block.
    if (sessions_.at(session).snapshot) {
      throw statement_error("CONCURRENTLY cannot run inside a transaction block", "25001",
                            statement);
    }
    std::string lower = statement;
    for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    const std::size_t keyword = lower.find("concurrently");  // the first token
    return interpret(session, statement.substr(keyword + 12), notices);
  }
  Reader r(*tokens, statement);

  auto missing = [&](const std::string& table) {
    return statement_error("relation \"" + table + "\" does not exist", "42P01", statement);
  };
  auto no_column = [&](const std::string& column) {
    return statement_error("column \"" + column + "\" does not exist", "42703", statement);
  };
  auto table_of = [&](const std::string& table, Table::Kind kind, const char* column) -> Table& {
    Table* t = find(table);
    if (!t) throw missing(table);
    if (t->kind != kind) throw no_column(column);
    return *t;
  };
  auto create = [&](Table::Kind kind) {
    const std::string table = r.name();
    r.end();
    check_writer(session);
    if (!find(table)) tables_[table].kind = kind;
    return out;
  };

  if (r.keywords({"CREATE", "VERSION", "TABLE"})) return create(Table::Kind::version);
  if (r.keywords({"CREATE", "AUDIT", "TABLE"})) return create(Table::Kind::audit);
  if (r.keywords({"CREATE", "TABLE"})) {
    const bool if_not_exists = r.keywords({"IF", "NOT", "EXISTS"});
    const std::string table = r.name();  // the rest (columns) is ignored
    check_writer(session);
    if (find(table)) {
      if (if_not_exists) return out;
      throw statement_error("relation \"" + table + "\" already exists", "42P07", statement);
    }
    tables_[table].kind = Table::Kind::data;
    return out;
  }
  if (r.keywords({"DROP", "TABLE"})) {
    const bool if_exists = r.keywords({"IF", "EXISTS"});
    const std::string table = r.name();  // the rest (CASCADE) is ignored
    check_writer(session);
    if (!find(table)) {
      if (if_exists) return out;
      throw missing(table);
    }
    tables_.erase(table);
    return out;
  }
  if (r.keywords({"SELECT", "VERSIONS"})) {
    const Table& t = table_of(r.name(), Table::Kind::version, "version_num");
    r.end();
    out.result.columns = {"version_num"};
    for (const auto& v : t.versions) out.result.rows.push_back({Value(v)});
    return out;
  }
  if (r.keywords({"INSERT", "VERSION"})) {
    const std::string table = r.name();
    const std::string revision = text_or_empty(r.value());
    r.end();
    Table& t = table_of(table, Table::Kind::version, "version_num");
    check_writer(session);
    if (std::find(t.versions.begin(), t.versions.end(), revision) != t.versions.end()) {
      throw statement_error("duplicate key value violates unique constraint \"" + table +
                                "_pkc\": (version_num)=(" + revision + ") already exists",
                            "23505", statement);
    }
    t.versions.push_back(revision);
    out.changed = 1;
    return out;
  }
  if (r.keywords({"UPDATE", "VERSION"})) {
    const std::string table = r.name();
    const std::string from = text_or_empty(r.value());
    const std::string to = text_or_empty(r.value());
    r.end();
    Table& t = table_of(table, Table::Kind::version, "version_num");
    check_writer(session);
    auto it = std::find(t.versions.begin(), t.versions.end(), from);
    if (it == t.versions.end()) return out;
    if (to != from && std::find(t.versions.begin(), t.versions.end(), to) != t.versions.end()) {
      throw statement_error("duplicate key value violates unique constraint \"" + table +
                                "_pkc\": (version_num)=(" + to + ") already exists",
                            "23505", statement);
    }
    *it = to;
    out.changed = 1;
    return out;
  }
  if (r.keywords({"DELETE", "VERSION"})) {
    const std::string table = r.name();
    const std::string revision = text_or_empty(r.value());
    r.end();
    Table& t = table_of(table, Table::Kind::version, "version_num");
    check_writer(session);
    auto it = std::find(t.versions.begin(), t.versions.end(), revision);
    if (it != t.versions.end()) {
      t.versions.erase(it);
      out.changed = 1;
    }
    return out;
  }
  if (r.keywords({"DELETE", "VERSIONS"})) {
    Table& t = table_of(r.name(), Table::Kind::version, "version_num");
    r.end();
    check_writer(session);
    out.changed = t.versions.size();
    t.versions.clear();
    return out;
  }
  if (r.keywords({"INSERT", "AUDIT"})) {
    const std::string table = r.name();
    AuditRow row;
    while (!r.done()) {
      auto [key, value] = r.assignment();
      const std::string v = text_or_empty(value);
      if (key == "revision")
        row.revision = v;
      else if (key == "direction")
        row.direction = v;
      else if (key == "checksum")
        row.checksum = v;
      else if (key == "started_at")
        row.started_at = v;
      else if (key == "finished_at")
        row.finished_at = v;
      else if (key == "duration_ms") {
        try {
          row.duration_ms = std::stod(v);
        } catch (const std::exception&) {
          throw statement_error("invalid input syntax for type double: \"" + v + "\"", "22P02",
                                statement);
        }
      } else if (key == "success") {
        if (v != "true" && v != "false")
          throw statement_error("invalid input syntax for type boolean: \"" + v + "\"", "22P02",
                                statement);
        row.success = v == "true";
      } else if (key == "error")
        row.error = v;
      else if (key == "failing_statement")
        row.failing_statement = v;
      else if (key == "versions_before")
        row.versions_before = v;
      else if (key == "versions_after")
        row.versions_after = v;
      else if (key == "os_user")
        row.os_user = v;
      else if (key == "host")
        row.host = v;
      else if (key == "migctl_version")
        row.migctl_version = v;
      else
        throw no_column(key);
    }
    Table& t = table_of(table, Table::Kind::audit, "revision");
    check_writer(session);
    if (row.started_at.empty()) row.started_at = clock_();
    if (row.finished_at.empty()) row.finished_at = row.started_at;
    row.db_user = sessions_.at(session).user;
    row.id = next_audit_id_++;  // like a sequence: a rollback does not give the id back
    t.audit.push_back(std::move(row));
    out.changed = 1;
    return out;
  }
  if (r.keywords({"SELECT", "AUDIT"})) {
    const Table& t = table_of(r.name(), Table::Kind::audit, "revision");
    AuditFilter filter;
    while (!r.done()) {
      auto [key, value] = r.assignment();
      const std::string v = text_or_empty(value);
      if (key == "revision")
        filter.revision = v;
      else if (key == "since")
        filter.since = v;
      else if (key == "until")
        filter.until = v;
      else if (key == "limit")
        filter.limit = static_cast<std::size_t>(std::stoull(v));
      else
        throw no_column(key);
    }
    out.result.columns = {"id",
                          "revision",
                          "direction",
                          "checksum",
                          "started_at",
                          "finished_at",
                          "duration_ms",
                          "success",
                          "error",
                          "failing_statement",
                          "versions_before",
                          "versions_after",
                          "db_user",
                          "os_user",
                          "host",
                          "migctl_version"};
    auto null_if_empty = [](const std::string& s) { return s.empty() ? Value() : Value(s); };
    for (auto it = t.audit.rbegin(); it != t.audit.rend(); ++it) {
      const AuditRow& a = *it;
      if (a.revision.compare(0, filter.revision.size(), filter.revision) != 0) continue;
      const std::string started = time_key(a.started_at);
      if (!filter.since.empty() && started < time_key(filter.since)) continue;
      if (!filter.until.empty() && !(started < time_key(filter.until))) continue;
      out.result.rows.push_back(
          {std::to_string(a.id), a.revision, a.direction, null_if_empty(a.checksum), a.started_at,
           a.finished_at, format_ms(a.duration_ms), a.success ? "true" : "false",
           null_if_empty(a.error), null_if_empty(a.failing_statement), a.versions_before,
           a.versions_after, a.db_user, a.os_user, a.host, a.migctl_version});
      if (filter.limit && out.result.rows.size() == filter.limit) break;
    }
    return out;
  }
  if (r.keywords({"SELECT", "CHECKSUMS"})) {
    const Table& t = table_of(r.name(), Table::Kind::audit, "revision");
    r.end();
    // The latest successful upgrade, downgrade or repair of each revision decides.
    std::map<std::string, const AuditRow*> latest;
    for (const auto& a : t.audit) {
      if (a.success &&
          (a.direction == "upgrade" || a.direction == "downgrade" || a.direction == "repair"))
        latest[a.revision] = &a;
    }
    out.result.columns = {"revision", "checksum"};
    for (const auto& [revision, a] : latest) {
      if ((a->direction == "upgrade" || a->direction == "repair") && !a->checksum.empty())
        out.result.rows.push_back({revision, a->checksum});
    }
    return out;
  }
  if (r.keywords({"INSERT", "ROW"})) {
    const std::string table = r.name();
    std::vector<std::string> row;
    while (!r.done()) {
      Value v = r.value();
      if (!v) throw statement_error("stub data tables hold no NULLs", "23502", statement);
      row.push_back(*v);
    }
    Table& t = table_of(table, Table::Kind::data, "row");
    check_writer(session);
    t.rows.push_back(std::move(row));
    out.changed = 1;
    return out;
  }
  if (r.keywords({"SELECT", "ROWS"})) {
    const Table& t = table_of(r.name(), Table::Kind::data, "row");
    r.end();
    std::size_t width = 0;
    for (const auto& row : t.rows) width = std::max(width, row.size());
    for (std::size_t i = 1; i <= width; ++i) out.result.columns.push_back("c" + std::to_string(i));
    for (const auto& row : t.rows) {
      std::vector<Value> values(row.begin(), row.end());
      values.resize(width);
      out.result.rows.push_back(std::move(values));
    }
    return out;
  }
  if (r.keywords({"DELETE", "ROWS"})) {
    Table& t = table_of(r.name(), Table::Kind::data, "row");
    r.end();
    check_writer(session);
    out.changed = t.rows.size();
    t.rows.clear();
    return out;
  }
  if (r.keyword("NOTICE")) {
    const std::string text = text_or_empty(r.value());
    r.end();
    if (notices) notices(text);
    return out;
  }
  if (r.keyword("FAIL")) {
    const std::string sqlstate = text_or_empty(r.value());
    const std::string message = r.at_value() ? text_or_empty(r.value()) : "FAIL statement";
    throw statement_error(message, sqlstate, statement);
  }
  if (r.keywords({"RELEASE", "LOCKS"})) {
    r.end();
    Session& s = sessions_.at(session);
    for (const auto& table : s.locks) lock_holders_.erase(table);
    s.locks.clear();
    return out;
  }
  return other_sql();
}

}  // namespace migctl::stub

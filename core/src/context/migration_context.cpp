#include "context/migration_context.hpp"

#include <Poco/DateTimeFormatter.h>
#include <Poco/NumberFormatter.h>
#include <Poco/Timestamp.h>

#include <algorithm>
#include <cstdlib>
#include <thread>

#include "migctl/error.hpp"

namespace migctl {
namespace {

using Clock = std::chrono::steady_clock;

std::string iso_utc(std::chrono::system_clock::time_point t) {
  auto us = std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
  return Poco::DateTimeFormatter::format(Poco::Timestamp(us), "%Y-%m-%dT%H:%M:%S.%FZ");
}

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

}  // namespace

MigrationContext::MigrationContext(std::shared_ptr<Connection> conn, Opener open,
                                   const Dialect& dialect, ContextOptions options)
    : conn_(std::move(conn)),
      open_(std::move(open)),
      options_(std::move(options)),
      writer_(dialect, options_.version_table, options_.history_table),
      actor_(Actor::current()) {}

MigrationContext::~MigrationContext() {
  unlock();
}

void MigrationContext::lock(const std::function<void(const std::string&)>& on_wait) {
  if (lock_) return;
  std::unique_ptr<MigrationLock> lock = conn_->migration_lock(options_.version_table);
  const auto deadline = Clock::now() + options_.lock_timeout;
  auto pause = std::chrono::milliseconds(50);
  bool reported = false;
  while (!lock->try_acquire()) {
    if (Clock::now() >= deadline) {
      auto seconds = std::chrono::duration<double>(options_.lock_timeout).count();
      throw Error(ExitCode::temporary,
                  "another migration holds the lock on this database: " + lock->describe_holder() +
                      "; gave up after " + Poco::NumberFormatter::format(seconds, 1) + " s",
                  "wait for it to finish and retry, or raise --lock-timeout");
    }
    if (!reported && on_wait) {
      on_wait(lock->describe_holder());
      reported = true;
    }
    std::this_thread::sleep_for(std::min<std::chrono::milliseconds>(
        pause, std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()) +
                   std::chrono::milliseconds(1)));
    pause = std::min(pause * 2, std::chrono::milliseconds(500));
  }
  lock_ = std::move(lock);
  lock_lost_ = false;
}

void MigrationContext::unlock() noexcept {
  if (!lock_) return;
  conn_->rollback();  // an aborted transaction would refuse the release
  lock_->release();
  lock_.reset();
}

void MigrationContext::verify_lock() {
  if (!lock_) return;
  try {
    lock_->verify();
  } catch (const Error& e) {
    if (e.code() == ExitCode::temporary) lock_lost_ = true;
    throw;
  }
}

std::vector<std::string> MigrationContext::version_rows() {
  std::vector<std::string> rows;
  try {
    ResultSet r = conn_->query(dialect().select_versions(options_.version_table));
    for (const auto& row : r.rows) rows.push_back(row[0].value_or(""));
  } catch (const DatabaseError& e) {
    if (dialect().is_missing_column(e)) {
      // The name resolves to an existing table or view of another kind (a system catalog,
      // the audit table): refuse before anything is created next to it.
      throw Error(ExitCode::config,
                  "the version table '" + options_.version_table +
                      "' is an existing table that is not a version table (it has no "
                      "version_num column)",
                  "choose another name with --version-table or MIGCTL_VERSION_TABLE (default "
                  "alembic_version); nothing was changed");
    }
    if (!dialect().is_missing_table(e)) throw;
    if (conn_->in_transaction()) throw;  // the transaction is aborted; caller must know
  }
  return rows;
}

void MigrationContext::ensure_tables() {
  for (const auto& statement : writer_.create_tables()) conn_->execute(statement);
}

void MigrationContext::run(Connection& conn, const std::vector<SqlStatement>& statements) {
  for (const auto& statement : statements) {
    const std::uint64_t changed = conn.execute(statement.sql);
    if (statement.expect_one_row && changed != 1) {
      throw DatabaseError(
          ExitCode::internal,
          "the version table " + options_.version_table + " changed while migctl held the lock (" +
              std::to_string(changed) + " rows changed instead of 1)",
          "", statement.sql, "another tool is writing it; run `migctl current` and retry");
    }
  }
}

void MigrationContext::stamp(const std::vector<std::string>& rows_before,
                             const std::vector<std::string>& rows_after,
                             const std::vector<std::string>& audit_revisions, bool purge) {
  const auto wall_start = std::chrono::system_clock::now();
  const auto start = Clock::now();
  conn_->begin();
  try {
    // --purge also drops rows no loaded plugin knows, which rows_before may not list.
    const VersionChange change{rows_before, rows_after, purge};
    const double ms = ms_since(start);
    std::vector<AuditRow> audit;
    for (const auto& revision : audit_revisions) {
      AuditRow row = make_audit_row(revision, "stamp", {rows_before, rows_after}, actor_, true);
      row.started_at = iso_utc(wall_start);
      row.finished_at =
          iso_utc(wall_start + std::chrono::microseconds(static_cast<long long>(ms * 1000)));
      row.duration_ms = ms;
      audit.push_back(std::move(row));
    }
    run(*conn_, writer_.write(change, audit));
    verify_lock();
    conn_->commit();
  } catch (...) {
    conn_->rollback();
    throw;
  }
}

std::map<std::string, std::string> MigrationContext::recorded_checksums() {
  std::map<std::string, std::string> out;
  try {
    ResultSet r = conn_->query(dialect().select_recorded_checksums(options_.history_table));
    for (const auto& row : r.rows) {
      if (row[1]) out[row[0].value_or("")] = *row[1];
    }
  } catch (const DatabaseError& e) {
    if (!dialect().is_missing_table(e)) throw;
  }
  return out;
}

void MigrationContext::record_repairs(const std::vector<RepairedChecksum>& repaired,
                                      const std::vector<std::string>& rows) {
  const auto wall_start = std::chrono::system_clock::now();
  const VersionChange unchanged{rows, rows};
  std::vector<AuditRow> audit;
  for (const auto& r : repaired) {
    AuditRow row = make_audit_row(r.revision, "repair", unchanged, actor_, true);
    row.checksum = r.checksum;
    row.started_at = row.finished_at = iso_utc(wall_start);
    audit.push_back(std::move(row));
  }
  conn_->begin();
  try {
    run(*conn_, writer_.write(unchanged, audit));
    verify_lock();
    conn_->commit();
  } catch (...) {
    conn_->rollback();
    throw;
  }
}

AuditRow MigrationContext::timed_audit_row(const StepChange& step, const std::string& checksum,
                                           std::chrono::system_clock::time_point started,
                                           double duration_ms, bool success) const {
  AuditRow row = make_audit_row(step.revision, step.direction, step.change, actor_, success);
  row.checksum = checksum;
  row.started_at = iso_utc(started);
  row.finished_at =
      iso_utc(started + std::chrono::microseconds(static_cast<long long>(duration_ms * 1000)));
  row.duration_ms = duration_ms;
  return row;
}

void MigrationContext::insert_history(Connection& conn, const StepChange& step,
                                      const std::string& checksum,
                                      std::chrono::system_clock::time_point started,
                                      double duration_ms, bool success, const std::string& error,
                                      const std::string& statement) {
  AuditRow row = timed_audit_row(step, checksum, started, duration_ms, success);
  row.error = error;
  row.failing_statement = statement;
  run(conn, {writer_.audit(row)});
}

bool MigrationContext::record_failure(const StepChange& step, const std::string& checksum,
                                      std::chrono::system_clock::time_point started,
                                      double duration_ms, const std::string& error,
                                      const std::string& statement) noexcept {
  return record_failure_on(*conn_, step, checksum, started, duration_ms, error, statement);
}

bool MigrationContext::record_failure_on(Connection& conn, const StepChange& step,
                                         const std::string& checksum,
                                         std::chrono::system_clock::time_point started,
                                         double duration_ms, const std::string& error,
                                         const std::string& statement) noexcept {
  try {
    insert_history(conn, step, checksum, started, duration_ms, false, error, statement);
    return true;
  } catch (...) {
    return false;
  }
}

std::shared_ptr<Connection> MigrationContext::reconnect_after_loss(
    const std::vector<std::string>& rows_before, const std::vector<std::string>& rows_after,
    LossOutcome& outcome, std::string& found) {
  lock_.reset();  // the server ended the session, and the lock with it
  outcome = LossOutcome::unknown;
  found.clear();
  if (!open_) return nullptr;
  // A restarting server refuses connections for a moment ("starting up"): retry.
  const auto deadline = Clock::now() + kReconnectWindow;
  std::shared_ptr<Connection> fresh;
  for (;;) {
    try {
      fresh = open_();
      break;
    } catch (const Error&) {
      if (Clock::now() >= deadline) return nullptr;
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
  }
  try {
    std::vector<std::string> rows;
    for (const auto& row : fresh->query(dialect().select_versions(options_.version_table)).rows)
      rows.push_back(row[0].value_or(""));
    auto sorted = [](std::vector<std::string> v) {
      std::sort(v.begin(), v.end());
      return v;
    };
    for (const auto& row : sorted(rows)) found += (found.empty() ? "" : ", ") + row;
    if (found.empty()) found = "no revision";
    if (sorted(rows) == sorted(rows_after)) {
      outcome = LossOutcome::committed;
    } else if (sorted(rows) == sorted(rows_before)) {
      outcome = LossOutcome::not_committed;
    } else {
      outcome = LossOutcome::other;
    }
  } catch (const Error&) {
    outcome = LossOutcome::unknown;
  }
  return fresh;
}

void MigrationContext::step_interrupted(const StepChange& step, const Revision& revision,
                                        const std::string& checksum,
                                        std::chrono::system_clock::time_point started,
                                        double duration_ms, const Error& error,
                                        const std::string& statement, StepTransaction mode) {
  const bool outer_transaction = mode == StepTransaction::outer;
  const std::string& verb = step.direction;
  std::string message = std::string("lost the connection to the database during the ") + verb +
                        " of revision " + revision.id + " (" + revision.source +
                        "): " + error.what();
  LossOutcome outcome = LossOutcome::unknown;
  std::string found;
  std::shared_ptr<Connection> fresh;
  if (outer_transaction) {
    // --single-transaction: the server rolled the whole run back; only the audit row is left.
    fresh = reconnect_after_loss({}, {}, outcome, found);
    outcome = fresh ? LossOutcome::not_committed : LossOutcome::unknown;
  } else {
    fresh = reconnect_after_loss(step.change.rows_before, step.change.rows_after, outcome, found);
  }
  const bool partial = mode == StepTransaction::none;
  std::string hint = "rerun the command when the server is reachable";
  switch (outcome) {
    case LossOutcome::committed:
      message += "; after reconnecting: the revision had committed (the version table shows " +
                 found + "), with its audit row";
      break;
    case LossOutcome::not_committed: {
      const bool recorded =
          record_failure_on(*fresh, step, checksum, started, duration_ms,
                            std::string("connection lost: ") + error.what(), statement);
      message += outer_transaction ? "; the server rolled the whole run back"
                 : partial
                     ? "; the revision is non-transactional: statements before the interruption "
                       "may have stayed applied, its version row was not changed"
                     : "; the server rolled the revision back";
      message += recorded ? "; the attempt was recorded in " + options_.history_table +
                                " after reconnecting"
                          : "; the attempt could not be recorded in " + options_.history_table;
      if (partial) hint = "check what the revision's statements left behind, then rerun";
      break;
    }
    case LossOutcome::other:
      message += "; after reconnecting the version table shows " + found +
                 ", neither before nor after this revision: another run may have changed it; "
                 "the attempt was not recorded";
      hint = "run `migctl current` and `migctl history` before rerunning";
      break;
    case LossOutcome::unknown:
      message += "; could not reconnect within " + std::to_string(kReconnectWindow.count()) +
                 " s to check the outcome, so the attempt was not recorded in " +
                 options_.history_table;
      hint =
          "run `migctl current` when the server is back: a revision's change commits whole or "
          "not at all" +
          std::string(partial ? " (but this one is non-transactional)" : "") + "; then rerun";
      break;
  }
  auto* db = dynamic_cast<const DatabaseError*>(&error);
  throw DatabaseError(ExitCode::unavailable, message, db ? db->sqlstate() : "08006", statement,
                      hint);
}

double MigrationContext::apply(const StepChange& step, const Revision& revision,
                               const std::vector<std::string>& statements,
                               const std::string& checksum, StepTransaction mode) {
  const auto wall_start = std::chrono::system_clock::now();
  const auto start = Clock::now();
  const bool outer_transaction = mode == StepTransaction::outer;
  const bool outside = mode == StepTransaction::none;
  const std::string* current = nullptr;
  try {
    if (mode == StepTransaction::own) conn_->begin();
    for (const auto& statement : statements) {
      current = &statement;
      conn_->execute(statement);
    }
    current = nullptr;
    if (outside) conn_->begin();
    double ms = ms_since(start);
    run(*conn_,
        writer_.write(step.change, {timed_audit_row(step, checksum, wall_start, ms, true)}));
    if (!outer_transaction) {
      verify_lock();
      conn_->commit();
    }
    return ms;
  } catch (const Error& e) {
    double ms = ms_since(start);
    conn_->rollback();
    std::string statement = current ? *current : std::string();
    if (e.code() == ExitCode::unavailable) {
      step_interrupted(step, revision, checksum, wall_start, ms, e, statement, mode);
    }
    bool recorded = record_failure(step, checksum, wall_start, ms, e.what(), statement);
    const std::string& verb = step.direction;
    if (lock_lost_) {
      std::string message = verb + " of revision " + revision.id + " (" + revision.source +
                            ") was rolled back before its commit: " + e.what();
      if (outside) {
        message +=
            "; it ran outside a transaction: its statements stayed applied, its version row "
            "was not changed";
      }
      message += recorded ? "; recorded in " + options_.history_table
                          : "; could not be recorded in " + options_.history_table;
      throw Error(ExitCode::temporary, message, e.hint());
    }
    std::string message =
        verb + " of revision " + revision.id + " (" + revision.source + ") failed: " + e.what();
    std::string hint;
    if (outside && current) {
      hint =
          "this revision runs outside a transaction: the statements before the failing one "
          "stayed applied; fix the database by hand, then retry";
    } else {
      hint = outer_transaction ? "the whole run was rolled back; nothing changed"
                               : "the revision was rolled back; the database is as it was "
                                 "before it";
    }
    if (!recorded) hint += " (the failure could not be recorded in " + options_.history_table + ")";
    auto* db = dynamic_cast<const DatabaseError*>(&e);
    throw DatabaseError(ExitCode::migration_failed, message, db ? db->sqlstate() : "", statement,
                        hint);
  }
}

std::vector<AuditRow> MigrationContext::history(std::size_t limit) {
  AuditFilter filter;
  filter.limit = limit;
  return history(filter);
}

bool MigrationContext::has_history_table() {
  AuditFilter one;
  one.limit = 1;
  try {
    conn_->query(dialect().select_audit_rows(options_.history_table, one));
    return true;
  } catch (const DatabaseError& e) {
    if (!dialect().is_missing_table(e)) throw;
    return false;
  }
}

std::vector<AuditRow> MigrationContext::history(const AuditFilter& filter) {
  std::vector<AuditRow> out;
  try {
    for (const auto& row :
         conn_->query(dialect().select_audit_rows(options_.history_table, filter)).rows) {
      AuditRow h;
      h.id = std::atoll(row[0].value_or("0").c_str());
      h.revision = row[1].value_or("");
      h.direction = row[2].value_or("");
      h.checksum = row[3].value_or("");
      h.started_at = row[4].value_or("");
      h.finished_at = row[5].value_or("");
      h.duration_ms = std::atof(row[6].value_or("0").c_str());
      h.success = row[7].value_or("") == "true";
      h.error = row[8].value_or("");
      h.failing_statement = row[9].value_or("");
      h.versions_before = row[10].value_or("");
      h.versions_after = row[11].value_or("");
      h.db_user = row[12].value_or("");
      h.os_user = row[13].value_or("");
      h.host = row[14].value_or("");
      h.migctl_version = row[15].value_or("");
      out.push_back(std::move(h));
    }
  } catch (const DatabaseError& e) {
    if (!dialect().is_missing_table(e)) throw;
  }
  return out;
}

}  // namespace migctl

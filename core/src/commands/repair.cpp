#include "commands/repair.hpp"

#include <Poco/DateTimeFormatter.h>
#include <Poco/Timestamp.h>

#include <sstream>

#include "context/version_writer.hpp"

namespace migctl {
namespace {

void refuse_unparsable(const std::vector<ChangedRevision>& changed) {
  std::string broken;
  for (const auto& c : changed)
    if (c.now.empty()) broken += (broken.empty() ? "" : "; ") + describe_change(c);
  if (!broken.empty())
    throw RevisionError("cannot repair a revision that does not parse: " + broken,
                        "fix the SQL, then rerun `migctl repair`; nothing was written");
}

// --sql: the audit rows' statements in one transaction, stamped by the database's clock.
std::string repair_script(Session& session, const RepairResult& result) {
  const Dialect& d = session.driver()->dialect();
  const ContextOptions& options = session.config().context;
  const VersionWriter writer(d, options.version_table, options.history_table);
  Actor actor = Actor::current();
  std::ostringstream out;
  out << "-- migctl offline script: repair\n"
      << "-- rendered by " << actor.os_user << "@" << actor.host << " with migctl "
      << actor.migctl_version << " at "
      << Poco::DateTimeFormatter::format(Poco::Timestamp(), "%Y-%m-%dT%H:%M:%SZ") << "\n"
      << "-- " << result.repaired.size()
      << (result.repaired.size() == 1 ? " checksum" : " checksums") << " to re-record\n"
      << "-- apply with: " << d.apply_script_hint() << "\n";
  if (result.repaired.empty()) return out.str();
  actor.migctl_version += " (offline --sql)";
  const VersionChange unchanged{result.rows, result.rows};
  std::vector<AuditRow> rows;
  for (const auto& c : result.repaired) {
    out << "-- " << describe_change(c) << "\n";
    AuditRow row = make_audit_row(c.id, "repair", unchanged, actor, true);
    row.checksum = c.now;  // times left empty: the database stamps the row
    rows.push_back(std::move(row));
  }
  out << "\n" << d.begin_transaction() << ";\n";
  for (const auto& statement : writer.write(unchanged, rows)) out << statement.sql << ";\n";
  out << d.commit_transaction() << ";\n";
  return out.str();
}

}  // namespace

RepairResult repair(Session& session) {
  const RevisionMap& map = session.revisions();
  const bool offline = session.config().offline_sql;
  MigrationContext& ctx = session.context(/*for_changes=*/!offline);
  if (!offline) ctx.lock();
  RepairResult result;
  result.offline = offline;
  result.rows = ctx.version_rows();
  result.repaired = changed_revisions(map, ctx.dialect(), map.applied_from_rows(result.rows),
                                      ctx.recorded_checksums());
  refuse_unparsable(result.repaired);
  if (offline) {
    result.offline_script = repair_script(session, result);
    return result;
  }
  if (!result.repaired.empty()) {
    std::vector<RepairedChecksum> records;
    for (const auto& c : result.repaired) records.push_back({c.id, c.now});
    ctx.record_repairs(records, result.rows);
  }
  ctx.unlock();
  return result;
}

}  // namespace migctl

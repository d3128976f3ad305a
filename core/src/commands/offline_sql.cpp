#include "commands/offline_sql.hpp"

#include <Poco/DateTimeFormatter.h>
#include <Poco/Timestamp.h>

#include <sstream>

#include "context/checksum.hpp"
#include "context/version_writer.hpp"
#include "migctl/error.hpp"

namespace migctl {
namespace {

std::string rows_text(const std::vector<std::string>& rows) {
  return rows.empty() ? "<base>" : join_rows(rows);
}

}  // namespace

std::string render_offline_script(const RevisionMap& map, const std::vector<Step>& plan,
                                  const OfflineScriptOptions& options) {
  if (!options.dialect)
    throw Error(ExitCode::internal, "offline script rendered without a dialect");
  const Dialect& d = *options.dialect;
  const VersionWriter writer(d, options.context.version_table, options.context.history_table);
  const bool single = options.single_transaction;
  if (single) {
    for (const auto& step : plan)
      if (!map.get(step.revision).transactional)
        throw RevisionError("revision " + step.revision +
                                " is non-transactional and cannot run inside "
                                "--single-transaction",
                            "render without --single-transaction");
  }
  Actor actor = options.actor;
  actor.migctl_version += " (offline --sql)";

  std::ostringstream out;
  out << "-- migctl offline script: " << options.description << "\n"
      << "-- rendered by " << options.actor.os_user << "@" << options.actor.host << " with migctl "
      << options.actor.migctl_version << " at "
      << Poco::DateTimeFormatter::format(Poco::Timestamp(), "%Y-%m-%dT%H:%M:%SZ") << "\n"
      << "-- " << plan.size() << (plan.size() == 1 ? " revision" : " revisions") << ", "
      << rows_text(plan.empty() ? std::vector<std::string>{} : plan.front().rows_before) << " -> "
      << rows_text(plan.empty() ? std::vector<std::string>{} : plan.back().rows_after) << "\n"
      << "-- apply with: " << d.apply_script_hint() << "\n";
  out << "\n";
  for (const auto& statement : writer.create_tables()) out << statement << ";\n";
  if (single) out << "\n" << d.begin_transaction() << ";\n";

  for (const auto& step : plan) {
    const Revision& revision = map.get(step.revision);
    const bool up = step.direction == Direction::upgrade;
    out << "\n-- Running " << (up ? "upgrade " : "downgrade ") << rows_text(step.rows_before)
        << " -> " << rows_text(step.rows_after) << ", " << revision.message << " (" << revision.id
        << (revision.source.empty() ? "" : ", " + revision.source) << ")\n";
    const bool own = !single && revision.transactional;
    if (own) out << d.begin_transaction() << ";\n";
    if (!revision.transactional) out << "-- non-transactional: statements run one by one\n";
    for (const auto& script : up ? revision.upgrade : revision.downgrade)
      for (const auto& statement : d.split_statements(script)) out << statement << ";\n";
    if (!single && !revision.transactional) out << d.begin_transaction() << ";\n";
    const VersionChange change{step.rows_before, step.rows_after};
    // Times left empty: the database stamps the row when the script runs.
    AuditRow row = make_audit_row(step.revision, up ? "upgrade" : "downgrade", change, actor, true);
    row.checksum = revision_checksum(revision);
    for (const auto& statement : writer.write(change, {row})) out << statement.sql << ";\n";
    if (!single) out << d.commit_transaction() << ";\n";
  }
  if (single) out << "\n" << d.commit_transaction() << ";\n";
  return out.str();
}

}  // namespace migctl

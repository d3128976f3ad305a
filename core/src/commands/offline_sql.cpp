#include "commands/offline_sql.hpp"

#include <Poco/DateTimeFormatter.h>
#include <Poco/Timestamp.h>

#include <sstream>

#include "context/version_writer.hpp"
#include "migctl/error.hpp"

namespace migctl {
namespace {

std::string rows_text(const std::vector<std::string>& rows) {
  return rows.empty() ? "<base>" : join_rows(rows);
}

const Dialect& dialect_of(const OfflineScriptOptions& options) {
  if (!options.dialect)
    throw Error(ExitCode::internal, "offline script rendered without a dialect");
  return *options.dialect;
}

// Who rendered the script, as its audit rows record it.
Actor offline_actor(const OfflineScriptOptions& options) {
  Actor actor = options.actor;
  actor.migctl_version += " (offline --sql)";
  return actor;
}

// The header comment and the statements that create the tables.
void write_preamble(std::ostream& out, const OfflineScriptOptions& options,
                    const VersionWriter& writer, const std::string& what,
                    const std::vector<std::string>& rows_before,
                    const std::vector<std::string>& rows_after) {
  const Dialect& d = dialect_of(options);
  out << "-- migctl offline script: " << options.description << "\n"
      << "-- rendered by " << options.actor.os_user << "@" << options.actor.host << " with migctl "
      << options.actor.migctl_version << " at "
      << Poco::DateTimeFormatter::format(Poco::Timestamp(), "%Y-%m-%dT%H:%M:%SZ") << "\n"
      << "-- " << what << ", " << rows_text(rows_before) << " -> " << rows_text(rows_after) << "\n"
      << "-- apply with: " << d.apply_script_hint() << "\n";
  out << "\n";
  for (const auto& statement : writer.create_tables()) out << statement << ";\n";
}

}  // namespace

std::optional<OfflineRange> split_offline_range(const std::string& text,
                                                const std::string& example) {
  const auto colon = text.find(':');
  if (colon == std::string::npos) return std::nullopt;
  OfflineRange range{text.substr(0, colon), text.substr(colon + 1)};
  if (range.from.empty() || range.to.empty())
    throw Error(ExitCode::usage, "'" + text + "' needs both ends: <from>:<to>",
                "e.g. `" + example + "`");
  return range;
}

std::string render_offline_script(const std::vector<PreparedStep>& steps,
                                  const OfflineScriptOptions& options) {
  const Dialect& d = dialect_of(options);
  const VersionWriter writer(d, options.context.version_table, options.context.history_table);
  const bool single = options.single_transaction;
  const Actor actor = offline_actor(options);
  const std::vector<std::string> none;

  std::ostringstream out;
  write_preamble(out, options, writer,
                 std::to_string(steps.size()) + (steps.size() == 1 ? " revision" : " revisions"),
                 steps.empty() ? none : steps.front().step.rows_before,
                 steps.empty() ? none : steps.back().step.rows_after);
  if (single) out << "\n" << d.begin_transaction() << ";\n";

  for (const auto& prepared : steps) {
    const Step& step = prepared.step;
    const Revision& revision = *prepared.revision;
    const bool up = step.direction == Direction::upgrade;
    const bool inside = prepared.scripts.transactional();
    out << "\n-- Running " << (up ? "upgrade " : "downgrade ") << rows_text(step.rows_before)
        << " -> " << rows_text(step.rows_after) << ", " << revision.message << " (" << revision.id
        << (revision.source.empty() ? "" : ", " + revision.source) << ")\n";
    if (prepared.scripts.mode == StepMode::declared_outside)
      out << "-- non-transactional: statements run one by one\n";
    if (prepared.scripts.mode == StepMode::automatic_outside)
      out << "-- outside a transaction: " << prepared.scripts.reason << "\n";
    if (!single && inside) out << d.begin_transaction() << ";\n";
    for (const auto& statement : prepared.scripts.statements) out << statement << ";\n";
    if (!single && !inside) out << d.begin_transaction() << ";\n";
    const VersionChange change{step.rows_before, step.rows_after};
    // Times left empty: the database stamps the row when the script runs.
    AuditRow row = make_audit_row(step.revision, up ? "upgrade" : "downgrade", change, actor, true);
    row.checksum = prepared.checksum;
    for (const auto& statement : writer.write(change, {row})) out << statement.sql << ";\n";
    if (!single) out << d.commit_transaction() << ";\n";
  }
  if (single) out << "\n" << d.commit_transaction() << ";\n";
  return out.str();
}

std::string render_offline_stamp(const std::vector<std::string>& rows_before,
                                 const std::vector<std::string>& rows_after,
                                 const std::vector<std::string>& audit_revisions, bool purge,
                                 const OfflineScriptOptions& options) {
  const Dialect& d = dialect_of(options);
  const VersionWriter writer(d, options.context.version_table, options.context.history_table);
  const Actor actor = offline_actor(options);
  std::ostringstream out;
  write_preamble(out, options, writer, "stamp, no revision SQL", rows_before, rows_after);
  const VersionChange change{rows_before, rows_after, purge};
  std::vector<AuditRow> audit;
  // Times left empty: the database stamps the rows when the script runs.
  for (const auto& revision : audit_revisions)
    audit.push_back(make_audit_row(revision, "stamp", {rows_before, rows_after}, actor, true));
  out << "\n-- Stamping " << rows_text(rows_before) << " -> " << rows_text(rows_after) << "\n"
      << d.begin_transaction() << ";\n";
  for (const auto& statement : writer.write(change, audit)) out << statement.sql << ";\n";
  out << d.commit_transaction() << ";\n";
  return out.str();
}

}  // namespace migctl

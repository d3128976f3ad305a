#include "commands/offline_sql.hpp"

#include <Poco/DateTimeFormatter.h>
#include <Poco/Timestamp.h>

#include <algorithm>
#include <sstream>

#include "context/checksum.hpp"
#include "migctl/error.hpp"
#include "sql/statement_splitter.hpp"

namespace migctl {
namespace {

std::string joined(const std::vector<std::string>& rows) {
  std::string out;
  for (const auto& row : rows) out += (out.empty() ? "" : ",") + row;
  return out;
}

// The same changes MigrationContext::update_version_rows makes.
void render_version_change(std::ostream& out, const Step& step, const std::string& table,
                           const Driver& d) {
  const VersionRowChange change = version_row_change(step);
  const auto& removed = change.removed;
  const auto& added = change.added;
  if (change.is_update()) {
    out << "UPDATE " << table << " SET version_num = " << d.quote_literal(added[0])
        << " WHERE version_num = " << d.quote_literal(removed[0]) << ";\n";
    return;
  }
  for (const auto& row : removed)
    out << "DELETE FROM " << table << " WHERE version_num = " << d.quote_literal(row) << ";\n";
  for (const auto& row : added)
    out << "INSERT INTO " << table << " (version_num) VALUES (" << d.quote_literal(row) << ");\n";
}

void render_audit_row(std::ostream& out, const Step& step, const Revision& revision,
                      const std::string& table, const Actor& actor, const Driver& d) {
  const bool up = step.direction == Direction::upgrade;
  out << "INSERT INTO " << table
      << " (revision, direction, checksum, versions_before, versions_after, started_at,"
         " finished_at, duration_ms, success, os_user, host, migctl_version) VALUES ("
      << d.quote_literal(step.revision) << ", '" << (up ? "upgrade" : "downgrade") << "', "
      << d.quote_literal(revision_checksum(revision)) << ", "
      << d.quote_literal(joined(step.rows_before)) << ", "
      << d.quote_literal(joined(step.rows_after))
      << ", now(), clock_timestamp(), 1000 * extract(epoch FROM clock_timestamp() - now()), "
         "true, "
      << d.quote_literal(actor.os_user) << ", " << d.quote_literal(actor.host) << ", "
      << d.quote_literal(actor.migctl_version + " (offline --sql)") << ");\n";
}

std::string rows_text(const std::vector<std::string>& rows) {
  return rows.empty() ? "<base>" : joined(rows);
}

}  // namespace

std::string render_offline_script(const RevisionMap& map, const std::vector<Step>& plan,
                                  const OfflineScriptOptions& options) {
  validate_table_name("version table", options.context.version_table);
  validate_table_name("history table", options.context.history_table);
  if (!options.driver) throw Error(ExitCode::internal, "offline script rendered without a driver");
  const Driver& d = *options.driver;
  const std::string version_table = d.quote_identifier(options.context.version_table);
  const std::string history_table = d.quote_identifier(options.context.history_table);
  const bool single = options.single_transaction;
  if (single) {
    for (const auto& step : plan)
      if (!map.get(step.revision).transactional)
        throw RevisionError("revision " + step.revision +
                                " is non-transactional and cannot run inside "
                                "--single-transaction",
                            "render without --single-transaction");
  }

  std::ostringstream out;
  out << "-- migctl offline script: " << options.description << "\n"
      << "-- rendered by " << options.actor.os_user << "@" << options.actor.host << " with migctl "
      << options.actor.migctl_version << " at "
      << Poco::DateTimeFormatter::format(Poco::Timestamp(), "%Y-%m-%dT%H:%M:%SZ") << "\n"
      << "-- " << plan.size() << (plan.size() == 1 ? " revision" : " revisions") << ", "
      << rows_text(plan.empty() ? std::vector<std::string>{} : plan.front().rows_before) << " -> "
      << rows_text(plan.empty() ? std::vector<std::string>{} : plan.back().rows_after) << "\n"
      << "-- apply with: psql -v ON_ERROR_STOP=1 -f <this file>\n";
  out << "\n";
  for (const auto& statement : create_tables_sql(options.context, version_table, history_table))
    out << statement << ";\n";
  if (single) out << "\nBEGIN;\n";

  for (const auto& step : plan) {
    const Revision& revision = map.get(step.revision);
    const bool up = step.direction == Direction::upgrade;
    out << "\n-- Running " << (up ? "upgrade " : "downgrade ") << rows_text(step.rows_before)
        << " -> " << rows_text(step.rows_after) << ", " << revision.message << " (" << revision.id
        << (revision.source.empty() ? "" : ", " + revision.source) << ")\n";
    const bool own = !single && revision.transactional;
    if (own) out << "BEGIN;\n";
    if (!revision.transactional) out << "-- non-transactional: statements run one by one\n";
    for (const auto& script : up ? revision.upgrade : revision.downgrade)
      for (const auto& statement : split_sql_statements(script)) out << statement << ";\n";
    if (!single && !revision.transactional) out << "BEGIN;\n";
    render_version_change(out, step, version_table, d);
    render_audit_row(out, step, revision, history_table, options.actor, d);
    if (!single) out << "COMMIT;\n";
  }
  if (single) out << "\nCOMMIT;\n";
  return out.str();
}

}  // namespace migctl

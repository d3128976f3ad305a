#include "context/version_writer.hpp"

#include <algorithm>
#include <regex>

#include "migctl/error.hpp"

namespace migctl {
namespace {

std::vector<std::string> minus(const std::vector<std::string>& a,
                               const std::vector<std::string>& b) {
  std::vector<std::string> out;
  for (const auto& x : a)
    if (std::find(b.begin(), b.end(), x) == b.end()) out.push_back(x);
  return out;
}

}  // namespace

VersionRowDiff version_row_diff(const VersionChange& change) {
  if (change.purge) return {{}, change.rows_after};
  return {minus(change.rows_before, change.rows_after),
          minus(change.rows_after, change.rows_before)};
}

std::string join_rows(const std::vector<std::string>& rows) {
  std::string out;
  for (const auto& row : rows) out += (out.empty() ? "" : ",") + row;
  return out;
}

AuditRow make_audit_row(const std::string& revision, const std::string& direction,
                        const VersionChange& change, const Actor& actor, bool success) {
  AuditRow row;
  row.revision = revision;
  row.direction = direction;
  row.success = success;
  row.versions_before = join_rows(change.rows_before);
  row.versions_after = join_rows(success ? change.rows_after : change.rows_before);
  row.os_user = actor.os_user;
  row.host = actor.host;
  row.migctl_version = actor.migctl_version;
  return row;
}

void validate_table_name(const std::string& what, const std::string& name) {
  static const std::regex valid("[A-Za-z_][A-Za-z0-9_]{0,62}");
  if (!std::regex_match(name, valid)) {
    throw Error(ExitCode::config, what + " name '" + name + "' is not a plain SQL identifier",
                "use letters, digits and underscores, at most 63 characters");
  }
}

VersionWriter::VersionWriter(const Dialect& dialect, std::string version_table,
                             std::string audit_table)
    : dialect_(dialect),
      version_table_(std::move(version_table)),
      audit_table_(std::move(audit_table)) {
  validate_table_name("version table", version_table_);
  validate_table_name("history table", audit_table_);
}

std::vector<std::string> VersionWriter::create_tables() const {
  std::vector<std::string> out = dialect_.create_version_table(version_table_);
  for (auto& statement : dialect_.create_audit_table(audit_table_)) out.push_back(statement);
  return out;
}

std::vector<SqlStatement> VersionWriter::write(const VersionChange& change,
                                               const std::vector<AuditRow>& audit) const {
  std::vector<SqlStatement> out;
  if (change.purge) out.push_back(dialect_.delete_all_versions(version_table_));
  const VersionRowDiff diff = version_row_diff(change);
  if (diff.is_update()) {
    out.push_back(dialect_.update_version(version_table_, diff.removed[0], diff.added[0]));
  } else {
    for (const auto& row : diff.removed)
      out.push_back(dialect_.delete_version(version_table_, row));
    for (const auto& row : diff.added) out.push_back(dialect_.insert_version(version_table_, row));
  }
  for (const auto& row : audit) out.push_back(this->audit(row));
  return out;
}

SqlStatement VersionWriter::audit(const AuditRow& row) const {
  return {dialect_.insert_audit_row(audit_table_, row), false};
}

}  // namespace migctl

// Read-only commands: current, history, heads.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "commands/session.hpp"

namespace migctl {

struct RevisionInfo {
  std::string id;
  std::string set;
  std::string message;
  std::vector<std::string> down_revisions;
  std::vector<std::string> depends_on;
  // Alembic's labels: the revision's own and those inherited along its branch (declared
  // labels only; the automatic set labels are not shown).
  std::vector<std::string> branch_labels;
  std::vector<std::string> children;  // "Branches into"
  std::string create_date;
  std::string source;
  bool is_head = false;            // nothing requires it, not even through depends_on
  bool is_effective_head = false;  // no child, but a revision depends_on it
  bool is_base = false;
  bool is_merge = false;
  bool is_branch_point = false;
  bool known = true;  // false: a version row no loaded plugin provides
  // history --indicate-current: whether the revision is a version row (unset otherwise).
  std::optional<bool> is_current;
};

struct HistoryOptions {
  std::string range;              // "lower:upper" (revision/range.hpp); empty: everything
  bool indicate_current = false;  // mark the database's current revisions
};

// Everything known about one loaded revision (`known` false for an id no plugin provides).
RevisionInfo describe_revision(const RevisionMap& map, const std::string& id,
                               const std::string& set);
RevisionInfo describe_revision(Session& session, const RevisionMap& map, const std::string& id);

struct CurrentResult {
  std::string database;  // redacted URL
  // As Alembic's `current`: the tip of each applied line (the rows, and any applied
  // revision that only depends_on links below a row); empty: nothing applied.
  std::vector<RevisionInfo> revisions;
  std::vector<AuditRow> last_applied;  // for -v: latest audit row per current revision
};

// What `current` shows for `rows`: the tip of each applied line, in topological order,
// then any row no loaded plugin provides.
std::vector<std::string> current_tips(const RevisionMap& map, const std::vector<std::string>& rows);

// Connects (no lock: reading never blocks a running migration) and reads the version rows.
// Works without plugins too (the rows are then shown as unknown).
CurrentResult current(Session& session, bool verbose);

// Every revision, newest first in Alembic's order (revision/order.hpp). No database access.
std::vector<RevisionInfo> history(Session& session);

// The revisions of `options.range` (revision/range.hpp), marked current when asked.
// Connects (no lock) only when the range says "current" or indicate_current is set.
std::vector<RevisionInfo> history(Session& session, const HistoryOptions& options);

// The same without a session: `rows` are the database's version rows.
std::vector<RevisionInfo> history_of(const RevisionMap& map, const HistoryOptions& options,
                                     const std::vector<std::string>& rows);

// The heads of the graph (Alembic's: effective heads included), in declaration order.
std::vector<RevisionInfo> heads(Session& session);

}  // namespace migctl

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
  std::vector<std::string> branch_labels;
  std::string create_date;
  std::string source;
  bool is_head = false;
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
RevisionInfo describe_revision(Session& session, const RevisionMap& map, const std::string& id);

struct CurrentResult {
  std::string database;                    // redacted URL
  std::vector<RevisionInfo> revisions;     // one per version row; empty: nothing applied
  std::vector<HistoryEntry> last_applied;  // for -v: latest audit row per current revision
};

// Connects (no lock: reading never blocks a running migration) and reads the version rows.
// Works without plugins too (the rows are then shown as unknown).
CurrentResult current(Session& session, bool verbose);

// Every revision, newest first (reverse topological order). No database access.
std::vector<RevisionInfo> history(Session& session);

// The revisions of `options.range`, newest first, marked current when asked. Connects (no
// lock) only when the range says "current" or indicate_current is set.
std::vector<RevisionInfo> history(Session& session, const HistoryOptions& options);

// The heads of the graph. No database access.
std::vector<RevisionInfo> heads(Session& session);

}  // namespace migctl

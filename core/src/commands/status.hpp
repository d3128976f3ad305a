// Read-only commands: current, history, heads.
#pragma once

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
};

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

// The heads of the graph. No database access.
std::vector<RevisionInfo> heads(Session& session);

}  // namespace migctl

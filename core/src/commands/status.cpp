#include "commands/status.hpp"

#include <algorithm>
#include <set>

#include "revision/range.hpp"

namespace migctl {

RevisionInfo describe_revision(const RevisionMap& map, const std::string& id,
                               const std::string& set) {
  RevisionInfo info;
  info.id = id;
  if (!map.contains(id)) {
    info.known = false;
    return info;
  }
  const Revision& r = map.get(id);
  info.set = set;
  info.message = r.message;
  info.down_revisions = r.down_revisions;
  info.depends_on = r.depends_on;
  info.branch_labels = map.branch_labels(id, /*printable=*/true);
  info.children = map.children(id);
  info.create_date = r.create_date;
  info.source = r.source;
  info.is_base = r.down_revisions.empty();
  info.is_merge = r.down_revisions.size() > 1;
  info.is_branch_point = map.children(id).size() > 1;
  info.is_head = map.is_real_head(id);
  info.is_effective_head = map.children(id).empty() && !info.is_head;
  return info;
}

RevisionInfo describe_revision(Session& session, const RevisionMap& map, const std::string& id) {
  return describe_revision(map, id, session.set_of(id));
}

namespace {

RevisionInfo describe(Session& session, const RevisionMap& map, const std::string& id) {
  return describe_revision(session, map, id);
}

}  // namespace

std::vector<std::string> current_tips(const RevisionMap& map,
                                      const std::vector<std::string>& rows) {
  // Alembic shows the tip of every applied line: a revision applied only because a row
  // depends_on it is shown too.
  std::vector<std::string> known;
  for (const auto& row : rows)
    if (map.contains(row)) known.push_back(row);
  const std::set<std::string> applied = map.ancestors(known);
  std::vector<std::string> shown;
  for (const auto& id : map.in_topological_order(applied)) {
    bool covered = false;
    for (const auto& child : map.children(id)) covered |= applied.count(child) > 0;
    if (!covered) shown.push_back(id);
  }
  for (const auto& row : rows)
    if (!map.contains(row)) shown.push_back(row);
  return shown;
}

CurrentResult current(Session& session, bool verbose) {
  CurrentResult result;
  result.database = session.redacted_url();
  const RevisionMap* map = session.sets_given() ? &session.revisions() : nullptr;
  MigrationContext& ctx = session.context(/*for_changes=*/false);
  std::vector<std::string> rows = ctx.version_rows();
  const std::vector<std::string> shown = map ? current_tips(*map, rows) : rows;
  for (const auto& row : shown) {
    if (map) {
      result.revisions.push_back(describe(session, *map, row));
    } else {
      RevisionInfo info;
      info.id = row;
      info.known = false;
      result.revisions.push_back(info);
    }
  }
  if (verbose && !rows.empty()) {
    for (const auto& entry : ctx.history()) {
      if (!entry.success || entry.direction != "upgrade") continue;
      bool wanted = false;
      for (const auto& row : rows) wanted |= row == entry.revision;
      bool seen = false;
      for (const auto& e : result.last_applied) seen |= e.revision == entry.revision;
      if (wanted && !seen) result.last_applied.push_back(entry);
    }
  }
  return result;
}

std::vector<RevisionInfo> history(Session& session) {
  return history(session, HistoryOptions{});
}

std::vector<RevisionInfo> history_of(const RevisionMap& map, const HistoryOptions& options,
                                     const std::vector<std::string>& rows) {
  const RevisionRange range = options.range.empty() ? RevisionRange{} : parse_range(options.range);
  std::vector<RevisionInfo> out;
  for (const auto& id : revisions_in_range(map, range, rows)) {
    out.push_back(describe_revision(map, id, {}));
    if (options.indicate_current)
      out.back().is_current = std::find(rows.begin(), rows.end(), id) != rows.end();
  }
  return out;
}

std::vector<RevisionInfo> history(Session& session, const HistoryOptions& options) {
  const RevisionMap& map = session.revisions();
  // Parsed first: a malformed range is a usage error before any connection.
  const RevisionRange range = options.range.empty() ? RevisionRange{} : parse_range(options.range);
  std::vector<std::string> rows;
  if (options.indicate_current || range.uses_current()) {
    rows = session.context(/*for_changes=*/false).version_rows();
    map.applied_from_rows(rows);  // an unknown row is an error, as for upgrade
  }
  std::vector<RevisionInfo> out = history_of(map, options, rows);
  for (auto& info : out) info.set = session.set_of(info.id);
  return out;
}

std::vector<RevisionInfo> heads(Session& session) {
  const RevisionMap& map = session.revisions();
  std::vector<RevisionInfo> out;
  for (const auto& id : map.heads()) out.push_back(describe(session, map, id));
  return out;
}

}  // namespace migctl

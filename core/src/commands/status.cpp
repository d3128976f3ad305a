#include "commands/status.hpp"

#include <algorithm>

#include "revision/range.hpp"

namespace migctl {

RevisionInfo describe_revision(Session& session, const RevisionMap& map, const std::string& id) {
  RevisionInfo info;
  info.id = id;
  if (!map.contains(id)) {
    info.known = false;
    return info;
  }
  const Revision& r = map.get(id);
  info.set = session.set_of(id);
  info.message = r.message;
  info.down_revisions = r.down_revisions;
  info.depends_on = r.depends_on;
  info.branch_labels = r.branch_labels;
  info.create_date = r.create_date;
  info.source = r.source;
  info.is_base = r.down_revisions.empty();
  info.is_merge = r.down_revisions.size() > 1;
  info.is_branch_point = map.children(id).size() > 1;
  info.is_head = map.children(id).empty();
  return info;
}

namespace {

RevisionInfo describe(Session& session, const RevisionMap& map, const std::string& id) {
  return describe_revision(session, map, id);
}

}  // namespace

CurrentResult current(Session& session, bool verbose) {
  CurrentResult result;
  result.database = session.redacted_url();
  const RevisionMap* map = session.config().plugins.empty() ? nullptr : &session.revisions();
  MigrationContext& ctx = session.context(/*for_changes=*/false);
  std::vector<std::string> rows = ctx.version_rows();
  if (map) rows = map->in_topological_order({rows.begin(), rows.end()});
  for (const auto& row : rows) {
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
  const RevisionMap& map = session.revisions();
  std::vector<RevisionInfo> out;
  const auto& order = map.topological_order();
  out.reserve(order.size());
  for (auto it = order.rbegin(); it != order.rend(); ++it)
    out.push_back(describe(session, map, *it));
  return out;
}

std::vector<RevisionInfo> history(Session& session, const HistoryOptions& options) {
  const RevisionMap& map = session.revisions();
  const RevisionRange range = options.range.empty() ? RevisionRange{} : parse_range(options.range);
  std::vector<std::string> rows;
  if (options.indicate_current || range.uses_current()) {
    rows = session.context(/*for_changes=*/false).version_rows();
    map.applied_from_rows(rows);  // an unknown row is an error, as for upgrade
  }
  std::vector<RevisionInfo> out;
  for (const auto& id : revisions_in_range(map, range, rows)) {
    out.push_back(describe(session, map, id));
    if (options.indicate_current)
      out.back().is_current = std::find(rows.begin(), rows.end(), id) != rows.end();
  }
  return out;
}

std::vector<RevisionInfo> heads(Session& session) {
  const RevisionMap& map = session.revisions();
  std::vector<RevisionInfo> out;
  for (const auto& id : map.heads()) out.push_back(describe(session, map, id));
  return out;
}

}  // namespace migctl

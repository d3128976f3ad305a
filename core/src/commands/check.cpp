#include "commands/check.hpp"

#include <map>

#include "context/checksum.hpp"
#include "revision/describe.hpp"
#include "revision/plan.hpp"

namespace migctl {
namespace {

using revision_text::join;

std::string first_ids(const std::vector<std::string>& ids, std::size_t limit = 10) {
  if (ids.size() <= limit) return join(ids);
  return join(std::vector<std::string>(ids.begin(), ids.begin() + static_cast<long>(limit))) +
         " and " + std::to_string(ids.size() - limit) + " more";
}

void check_graph(Session& session, const RevisionMap& map, CheckReport& result) {
  std::map<std::string, std::vector<std::string>> heads_by_set;
  for (const auto& head : map.heads()) heads_by_set[session.set_of(head)].push_back(head);
  for (const auto& [set, heads] : heads_by_set) {
    if (heads.size() < 2) continue;
    result.problems.push_back({"heads",
                               "migration set '" + set + "' has " + std::to_string(heads.size()) +
                                   " heads: " + join(heads),
                               "join them with `migctl merge -m \"merge\" " + join(heads, " ") +
                                   "` (or upgrade them one by one with <id> targets)"});
  }
  for (const auto& id : map.topological_order()) {
    const Revision& r = map.get(id);
    if (!r.upgrade.empty() && r.downgrade.empty())
      result.problems.push_back({"irreversible",
                                 "revision " + revision_text::describe(r) + " has no downgrade",
                                 "write its downgrade; a revision that truly cannot be reverted "
                                 "stops every downgrade through it"});
  }
}

void check_database(Session& session, const RevisionMap& map, CheckReport& result) {
  MigrationContext& ctx = session.context(/*for_changes=*/false);
  result.database_checked = true;
  result.rows = ctx.version_rows();
  std::set<std::string> applied;
  try {
    applied = map.applied_from_rows(result.rows);
  } catch (const Error& e) {
    result.problems.push_back({"unknown_row", e.what(), e.hint()});
    return;
  }
  const auto recorded = ctx.recorded_checksums();
  for (const auto& id : map.in_topological_order(applied)) {
    const auto it = recorded.find(id);
    if (it == recorded.end()) continue;
    const Revision& r = map.get(id);
    const std::string now = revision_checksum(r);
    if (now != it->second)
      result.problems.push_back(
          {"checksum",
           "applied revision " + revision_text::describe(r) + " changed since it was applied (" +
               it->second.substr(0, 12) + " then, " + now.substr(0, 12) + " now)",
           "restore it and put the change in a new revision (`migctl create`)"});
  }
  std::vector<std::string> pending;
  for (const auto& step : plan_upgrade(map, result.rows, Target{Target::Kind::heads, {}, {}, 0}))
    pending.push_back(step.revision);
  if (!pending.empty())
    result.problems.push_back({"behind",
                               "the database is behind head: " + std::to_string(pending.size()) +
                                   (pending.size() == 1 ? " revision is" : " revisions are") +
                                   " not applied: " + first_ids(pending),
                               "`migctl upgrade heads` applies them"});
}

}  // namespace

CheckReport check(Session& session) {
  CheckReport result;
  const RevisionMap* map = nullptr;
  try {
    map = &session.revisions();
  } catch (const Error& e) {
    if (e.code() == ExitCode::usage) throw;  // no plugin given: nothing to check
    const bool plugin = e.code() != ExitCode::data;
    result.problems.push_back({plugin ? "plugin" : "graph", e.what(), e.hint()});
    return result;
  }
  result.revisions = map->size();
  result.heads = map->heads();
  check_graph(session, *map, result);
  if (!session.config().database_url.empty()) check_database(session, *map, result);
  return result;
}

}  // namespace migctl

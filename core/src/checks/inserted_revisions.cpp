// inserted_revisions: no revision sits below one that was applied before it existed.
//
// A SQL file added with a version below the applied head (two branches' timestamps merged
// out of order) lands in the chain under revisions already applied: counted as applied,
// it would never run. The audit rows show it: when X was upgraded, the database was at
// versions_before, and each of X's parents (and depends_on) had to be applied then, so
// among those rows or below them. A parent that was not is a revision added afterwards.
#include <map>
#include <sstream>

#include "checks/check_run.hpp"
#include "revision/describe.hpp"

namespace migctl::checks {
namespace {

std::vector<std::string> known_ids(const RevisionMap& map, const std::string& csv) {
  std::vector<std::string> out;
  std::stringstream in(csv);
  std::string id;
  while (std::getline(in, id, ','))
    if (map.contains(id)) out.push_back(id);
  return out;
}

}  // namespace

std::vector<CheckResult> check_inserted(CheckRun& run) {
  const RevisionMap& map = run.session.revisions();
  MigrationContext& ctx = run.session.context(/*for_changes=*/false);
  if (!ctx.has_history_table()) return {ok("inserted_revisions", "no audit rows yet")};
  std::map<std::string, AuditRow> last_upgrade;  // newest successful upgrade per revision
  for (auto& row : ctx.history()) {
    if (!row.success || row.direction != "upgrade" || !run.applied.count(row.revision)) continue;
    auto it = last_upgrade.find(row.revision);
    if (it == last_upgrade.end() || it->second.id < row.id) last_upgrade[row.revision] = row;
  }
  std::map<std::string, std::string> inserted;  // revision -> the one applied above it first
  for (const auto& [id, row] : last_upgrade) {
    const auto before = map.applied_from_rows(known_ids(map, row.versions_before));
    const Revision& r = map.get(id);
    std::vector<std::string> needed = r.down_revisions;
    needed.insert(needed.end(), r.depends_on.begin(), r.depends_on.end());
    for (const auto& parent : needed)
      if (map.contains(parent) && !before.count(parent)) inserted.emplace(parent, id);
  }
  std::vector<CheckResult> out;
  for (const auto& [id, above] : inserted) {
    out.push_back(
        failed("inserted_revisions", CheckStatus::error,
               "revision " + revision_text::describe(map.get(id)) + " sits below " + above +
                   ", which was applied before it existed: it counts as applied but never ran",
               "give it a place above the current head (a SQL file: a version above every applied "
               "one; a migctl-format file or a plugin revision: the head as its parent), then "
               "`migctl upgrade`",
               ExitCode::data));
  }
  if (out.empty())
    out.push_back(ok("inserted_revisions", "every applied revision ran after its parents"));
  return out;
}

}  // namespace migctl::checks

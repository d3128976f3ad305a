// one_head_per_set: a set with several heads is a conflict to merge ("Migration
// conflict"). Several heads across sets are expected: each module set is its own branch.
#include <map>

#include "checks/check_run.hpp"
#include "revision/describe.hpp"

namespace migctl::checks {

std::vector<CheckResult> check_heads(CheckRun& run) {
  const RevisionMap& map = run.session.revisions();
  std::map<std::string, std::vector<std::string>> heads_by_set;
  for (const auto& head : map.heads()) heads_by_set[run.session.set_of(head)].push_back(head);
  std::vector<CheckResult> out;
  for (const auto& [set, heads] : heads_by_set) {
    if (heads.size() < 2) continue;
    out.push_back(
        failed("one_head_per_set", CheckStatus::error,
               "migration set '" + set + "' has " + std::to_string(heads.size()) +
                   " heads: " + revision_text::join(heads) + " (\"Migration conflict\")",
               "look at `migctl history`, then join them with a merge revision: `migctl merge -m "
               "\"Merge heads\" " +
                   revision_text::join(heads, " ") +
                   "` (Alembic's `alembic merge`); until then upgrade them one by one by id",
               ExitCode::data));
  }
  if (out.empty()) out.push_back(ok("one_head_per_set", "every set has one head"));
  return out;
}

}  // namespace migctl::checks

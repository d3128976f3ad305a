// applied_revisions: every version row names a revision a loaded plugin provides.
#include "checks/check_run.hpp"
#include "revision/describe.hpp"

namespace migctl::checks {

std::vector<CheckResult> check_applied(CheckRun& run) {
  const RevisionMap& map = run.session.revisions();
  run.rows = run.session.context(/*for_changes=*/false).version_rows();
  std::vector<std::string> unknown;
  for (const auto& row : run.rows)
    if (!map.contains(row)) unknown.push_back(row);
  if (!unknown.empty()) {
    return {failed(
        "applied_revisions", CheckStatus::error,
        "the database is at " + revision_text::join(unknown) + ", which no loaded plugin provides",
        "load the plugin that provides it (--plugin), or check that DATABASE_CONN "
        "names the right database; never delete the version row to make this go "
        "away",
        ExitCode::data)};
  }
  run.applied = map.applied_from_rows(run.rows);
  run.rows_known = true;
  return {ok("applied_revisions",
             run.rows.empty() ? "nothing applied yet"
                              : "the database is at " + revision_text::join(run.rows) + " (" +
                                    std::to_string(run.applied.size()) + " applied, all known)")};
}

}  // namespace migctl::checks

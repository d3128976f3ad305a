// checksums: no applied revision changed since it was applied (revisions applied by
// Alembic, or stamped, have no recorded checksum and are not compared). Formatting does not
// count (context/checksum.hpp); a checksum recorded by an earlier migctl still verifies.
#include "checks/check_run.hpp"
#include "commands/changed_revisions.hpp"
#include "revision/describe.hpp"

namespace migctl::checks {

std::vector<CheckResult> check_checksums(CheckRun& run) {
  const RevisionMap& map = run.session.revisions();
  MigrationContext& ctx = run.session.context(/*for_changes=*/false);
  std::vector<CheckResult> out;
  for (const auto& c : changed_revisions(map, ctx.dialect(), run.applied, ctx.recorded_checksums()))
    out.push_back(
        failed("checksums", CheckStatus::error,
               "applied revision " + revision_text::describe(map.get(c.id)) +
                   " changed since it was applied (" + c.recorded.substr(0, 12) + " then, " +
                   (c.now.empty() ? "now it does not parse: " + c.parse_error
                                  : c.now.substr(0, 12) + " now") +
                   ")",
               "restore it and put the change in a new revision (`migctl create`); if the edit was "
               "deliberate and the database matches it, `migctl repair` records the new checksum",
               ExitCode::data));
  if (out.empty())
    out.push_back(ok("checksums", "no applied revision changed since it was applied"));
  return out;
}

}  // namespace migctl::checks

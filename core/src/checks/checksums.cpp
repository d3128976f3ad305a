// checksums: no applied revision changed since it was applied (revisions applied by
// Alembic, or stamped, have no recorded checksum and are not compared).
#include "checks/check_run.hpp"
#include "context/checksum.hpp"
#include "revision/describe.hpp"

namespace migctl::checks {

std::vector<CheckResult> check_checksums(CheckRun& run) {
  const RevisionMap& map = run.session.revisions();
  const auto recorded = run.session.context(/*for_changes=*/false).recorded_checksums();
  std::vector<CheckResult> out;
  for (const auto& id : map.in_topological_order(run.applied)) {
    const auto it = recorded.find(id);
    if (it == recorded.end()) continue;
    const Revision& r = map.get(id);
    const std::string now = revision_checksum(r);
    if (now != it->second)
      out.push_back(failed(
          "checksums", CheckStatus::error,
          "applied revision " + revision_text::describe(r) + " changed since it was applied (" +
              it->second.substr(0, 12) + " then, " + now.substr(0, 12) + " now)",
          "restore it and put the change in a new revision (`migctl create`)", ExitCode::data));
  }
  if (out.empty())
    out.push_back(ok("checksums", "no applied revision changed since it was applied"));
  return out;
}

}  // namespace migctl::checks

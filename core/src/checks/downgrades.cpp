// downgrades: a revision with an upgrade but no downgrade stops every downgrade through
// it. A warning: some changes truly cannot be reverted, but it should be a decision.
#include "checks/check_run.hpp"
#include "revision/describe.hpp"

namespace migctl::checks {

std::vector<CheckResult> check_downgrades(CheckRun& run) {
  const RevisionMap& map = run.session.revisions();
  std::vector<CheckResult> out;
  for (const auto& id : map.topological_order()) {
    const Revision& r = map.get(id);
    if (!r.upgrade.empty() && r.downgrade.empty())
      out.push_back(failed("downgrades", CheckStatus::warning,
                           "revision " + revision_text::describe(r) + " has no downgrade",
                           "write its downgrade; a revision that truly cannot be reverted "
                           "stops every downgrade through it",
                           ExitCode::ok));
  }
  if (out.empty()) out.push_back(ok("downgrades", "every revision can be downgraded"));
  return out;
}

}  // namespace migctl::checks

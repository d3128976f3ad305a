// pending: revisions not applied yet. A warning for doctor (a deploy may be under way),
// a problem for `check` (CI wants the database at head).
#include "checks/check_run.hpp"
#include "revision/describe.hpp"
#include "revision/plan.hpp"

namespace migctl::checks {
namespace {

std::string first_ids(const std::vector<std::string>& ids, std::size_t limit = 10) {
  if (ids.size() <= limit) return revision_text::join(ids);
  return revision_text::join(
             std::vector<std::string>(ids.begin(), ids.begin() + static_cast<long>(limit))) +
         " and " + std::to_string(ids.size() - limit) + " more";
}

}  // namespace

std::vector<CheckResult> check_pending(CheckRun& run) {
  const RevisionMap& map = run.session.revisions();
  std::vector<std::string> pending;
  for (const auto& step : plan_upgrade(map, run.rows, Target{Target::Kind::heads, {}, {}, 0}))
    pending.push_back(step.revision);
  if (pending.empty()) return {ok("pending", "every revision is applied")};
  return {failed("pending", CheckStatus::warning,
                 "the database is behind head: " + std::to_string(pending.size()) +
                     (pending.size() == 1 ? " revision is" : " revisions are") +
                     " not applied: " + first_ids(pending),
                 "`migctl upgrade heads` applies them", ExitCode::ok)};
}

}  // namespace migctl::checks

// scripts: every revision still to apply parses with the database's own parser and can run
// as declared (commands/prepared_steps.hpp), found here rather than by `upgrade` halfway
// through a deploy. Pending revisions when the version rows are known, every revision
// otherwise (no database to ask); both directions, since a downgrade is planned from the
// same files. Needs the driver (loaded, never connected), not the database.
#include "checks/check_run.hpp"
#include "commands/prepared_steps.hpp"

namespace migctl::checks {

std::vector<CheckResult> check_scripts(CheckRun& run) {
  const RevisionMap& map = run.session.revisions();
  const std::shared_ptr<Driver> driver = run.session.driver();
  const Dialect& dialect = driver->dialect();
  std::vector<CheckResult> out;
  std::size_t checked = 0;
  for (const auto& id : map.topological_order()) {
    if (run.rows_known && run.applied.count(id)) continue;
    ++checked;
    for (const Direction direction : {Direction::upgrade, Direction::downgrade}) {
      try {
        prepare_scripts(dialect, map.get(id), direction);
      } catch (const Error& e) {
        out.push_back(failed("scripts", CheckStatus::error, e.what(), e.hint(), ExitCode::data));
      }
    }
  }
  if (out.empty())
    out.push_back(ok("scripts", std::to_string(checked) + (run.rows_known ? " pending" : "") +
                                    (checked == 1 ? " revision parses" : " revisions parse") +
                                    " and can run as declared"));
  return out;
}

}  // namespace migctl::checks

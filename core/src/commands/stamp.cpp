#include "commands/stamp.hpp"

#include <algorithm>
#include <set>

#include "revision/describe.hpp"

namespace migctl {
namespace {

// The revisions a stamp target names; empty for base.
std::vector<std::string> stamp_targets(const RevisionMap& map, const std::string& target) {
  if (target == "base") return {};
  if (target == "heads") return map.heads();
  if (target == "head") {
    if (map.heads().size() > 1)
      throw RevisionError("`stamp head` needs a single head, but there are " +
                              std::to_string(map.heads().size()) + ": " +
                              revision_text::join(map.heads()),
                          "use `migctl stamp heads`, or a branch target like <label>@head");
    return map.heads();
  }
  return {map.resolve(target)};
}

}  // namespace

std::vector<std::string> stamped_rows(const RevisionMap& map, const std::vector<std::string>& rows,
                                      const std::string& target, bool purge) {
  const std::vector<std::string> targets = stamp_targets(map, target);
  if (target == "base") return {};
  std::set<std::string> applied = purge ? std::set<std::string>{} : map.applied_from_rows(rows);
  // Above the target on its own branch (children, transitively) is no longer applied, and
  // neither is whatever requires such a revision; other branches, including revisions that
  // only depend on the target, stay.
  for (const auto& t : targets) {
    std::vector<std::string> above;
    for (const auto& id : map.branch_members(t))
      if (id != t) above.push_back(id);
    for (const auto& id : map.descendants(above)) applied.erase(id);
  }
  for (const auto& id : map.ancestors(targets)) applied.insert(id);
  return map.rows_for(applied);
}

StampResult stamp(Session& session, const std::string& target, bool purge, RunObserver& observer) {
  const RevisionMap& map = session.revisions();
  // Resolve before connecting: a typo is reported without touching the database.
  const std::vector<std::string> targets = stamp_targets(map, target);
  MigrationContext& ctx = session.context(/*for_changes=*/true);
  ctx.lock();
  StampResult result;
  result.rows_before = ctx.version_rows();
  result.rows_after = stamped_rows(map, result.rows_before, target, purge);
  std::vector<std::string> sorted_before = result.rows_before;
  std::vector<std::string> sorted_after = result.rows_after;
  std::sort(sorted_before.begin(), sorted_before.end());
  std::sort(sorted_after.begin(), sorted_after.end());
  result.changed = sorted_before != sorted_after;
  if (result.changed) {
    HookContext base;
    base.command = "stamp";
    base.plan = targets;
    base.heads_before = result.rows_before;
    base.heads_after = result.rows_after;
    base.report = [&observer](const std::string& line) { observer.message(line); };
    HookRunner hooks = session.hook_runner(std::move(base));
    hooks.dispatch(HookEvent::before_run);
    try {
      ctx.ensure_tables();
      ctx.stamp(result.rows_before, result.rows_after,
                targets.empty() ? std::vector<std::string>{"<base>"} : targets, purge);
    } catch (const std::exception& e) {
      hooks.context().error = e.what();
      for (const auto& failure : hooks.dispatch_noexcept(HookEvent::on_failure))
        observer.message("warning: " + failure);
      throw;
    }
    hooks.dispatch(HookEvent::after_run);
  }
  ctx.unlock();
  return result;
}

}  // namespace migctl

#include "commands/stamp.hpp"

#include <algorithm>
#include <set>

#include "commands/offline_sql.hpp"
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

bool differ(std::vector<std::string> a, std::vector<std::string> b) {
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  return a != b;
}

StampResult offline_stamp(Session& session, const std::string& text, bool purge);

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
  if (session.config().offline_sql) return offline_stamp(session, target, purge);
  const RevisionMap& map = session.revisions();
  // Resolve before connecting: a typo is reported without touching the database.
  const std::vector<std::string> targets = stamp_targets(map, target);
  MigrationContext& ctx = session.context(/*for_changes=*/true);
  ctx.lock();
  StampResult result;
  result.rows_before = ctx.version_rows();
  result.rows_after = stamped_rows(map, result.rows_before, target, purge);
  result.changed = differ(result.rows_before, result.rows_after);
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

namespace {

StampResult offline_stamp(Session& session, const std::string& text, bool purge) {
  const RevisionMap& map = session.revisions();
  StampResult result;
  result.offline = true;
  std::string to = text;
  if (const auto range = split_offline_range(text, "migctl stamp base:head --sql")) {
    to = range->to;
    result.rows_before = stamped_rows(map, {}, range->from, false);
  } else {
    stamp_targets(map, to);  // a typo is reported before connecting
    result.rows_before = session.context(/*for_changes=*/false).version_rows();
  }
  const std::vector<std::string> targets = stamp_targets(map, to);
  result.rows_after = stamped_rows(map, result.rows_before, to, purge);
  result.changed = purge || differ(result.rows_before, result.rows_after);
  OfflineScriptOptions options;
  options.context = session.config().context;
  options.description = "stamp " + text + (purge ? " --purge" : "");
  options.actor = Actor::current();
  const std::shared_ptr<Driver> driver = session.driver();
  options.dialect = &driver->dialect();
  const std::vector<std::string> audit = !result.changed   ? std::vector<std::string>{}
                                         : targets.empty() ? std::vector<std::string>{"<base>"}
                                                           : targets;
  result.offline_script =
      render_offline_stamp(result.rows_before, result.rows_after, audit, purge, options);
  return result;
}

}  // namespace

}  // namespace migctl

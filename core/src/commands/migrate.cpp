#include "commands/migrate.hpp"

#include <chrono>
#include <map>

#include "commands/changed_revisions.hpp"
#include "commands/offline_sql.hpp"
#include "commands/prepared_steps.hpp"

namespace migctl {
namespace {

// The planner's step as the context runs it.
StepChange step_change(const Step& step) {
  return {step.revision, step.direction == Direction::upgrade ? "upgrade" : "downgrade",
          VersionChange{step.rows_before, step.rows_after}};
}

// --sql: the plan rendered as a script. "<from>:<to>" never connects.
MigrateResult offline(Session& session, Direction direction, const std::string& text) {
  const RevisionMap& map = session.revisions();
  const bool up = direction == Direction::upgrade;
  MigrateResult result;
  result.offline = true;
  std::string to = text;
  if (const auto range = split_offline_range(
          text, up ? "migctl upgrade base:head --sql" : "migctl downgrade head:base --sql")) {
    const std::string& from = range->from;
    to = range->to;
    if (from == "head" && map.heads().size() > 1)
      throw RevisionError(
          "'head' is ambiguous: there are " + std::to_string(map.heads().size()) + " heads",
          "start the range at `heads` or at one revision");
    if (from == "heads" || from == "head")
      result.rows_before = map.real_heads();  // as Alembic: heads only depends_on links need go
    else if (from != "base")
      result.rows_before = {map.resolve(from)};
  } else {
    result.rows_before = session.context(/*for_changes=*/false).version_rows();
  }
  const Target target = up ? parse_upgrade_target(to) : parse_downgrade_target(to);
  const std::vector<Step> plan = up ? plan_upgrade(map, result.rows_before, target)
                                    : plan_downgrade(map, result.rows_before, target);
  result.rows_after = plan.empty() ? map.rows_for(map.applied_from_rows(result.rows_before))
                                   : plan.back().rows_after;
  OfflineScriptOptions options;
  options.context = session.config().context;
  options.single_transaction = session.config().single_transaction;
  options.description = std::string(up ? "upgrade " : "downgrade ") + text;
  options.actor = Actor::current();
  const std::shared_ptr<Driver> driver = session.driver();
  options.dialect = &driver->dialect();
  // The same statements and framing an online run would take (prepared_steps.hpp).
  const std::vector<PreparedStep> steps =
      prepare_steps(*options.dialect, map, plan, options.single_transaction);
  result.offline_script = render_offline_script(steps, options);
  return result;
}

// The final commit of --single-transaction, with the lock checked first; a lost lock or
// connection says what became of the run.
void commit_single_transaction(MigrationContext& ctx, const std::vector<std::string>& rows_before,
                               const std::vector<std::string>& rows_after) {
  try {
    ctx.verify_lock();
    ctx.connection().commit();
  } catch (const Error& e) {
    ctx.connection().rollback();
    if (e.code() == ExitCode::temporary) {
      throw Error(ExitCode::temporary, std::string(e.what()) + "; the whole run was rolled back",
                  e.hint());
    }
    if (e.code() != ExitCode::unavailable) throw;
    using Outcome = MigrationContext::LossOutcome;
    Outcome outcome = Outcome::unknown;
    std::string found;
    ctx.reconnect_after_loss(rows_before, rows_after, outcome, found);
    std::string message =
        std::string("lost the connection to the database while committing the run: ") + e.what();
    switch (outcome) {
      case Outcome::committed:
        message +=
            "; after reconnecting: the run had committed (the version table shows " + found + ")";
        break;
      case Outcome::not_committed:
        message += "; after reconnecting: the server rolled the whole run back";
        break;
      case Outcome::other:
        message += "; after reconnecting the version table shows " + found +
                   ": another run may have changed it";
        break;
      case Outcome::unknown:
        message += "; could not reconnect to check whether it committed";
        break;
    }
    auto* db = dynamic_cast<const DatabaseError*>(&e);
    throw DatabaseError(ExitCode::unavailable, message, db ? db->sqlstate() : "08006", "COMMIT",
                        "run `migctl current` when the server is reachable, then rerun");
  }
}

MigrateResult run(Session& session, Direction direction, const Target& target,
                  RunObserver& observer) {
  const auto start = std::chrono::steady_clock::now();
  const RevisionMap& map = session.revisions();
  MigrationContext& ctx = session.context(/*for_changes=*/true);
  ctx.lock([&](const std::string& holder) { observer.lock_waiting(holder); });

  MigrateResult result;
  result.rows_before = ctx.version_rows();
  std::set<std::string> applied = map.applied_from_rows(result.rows_before);
  if (session.config().verify_checksums) {
    verify_checksums(map, ctx.dialect(), applied, ctx.recorded_checksums());
  }

  std::vector<Step> plan = direction == Direction::upgrade
                               ? plan_upgrade(map, result.rows_before, target)
                               : plan_downgrade(map, result.rows_before, target);
  result.rows_after = result.rows_before;
  if (plan.empty()) {
    ctx.unlock();
    return result;
  }
  const bool single = session.config().single_transaction;
  // Every script parsed and every step's transaction mode decided before the first write
  // and before any hook: a script that does not parse, or a revision that mixes statements
  // refusing a transaction with ones needing it, stops the run with nothing changed.
  const std::vector<PreparedStep> steps = prepare_steps(ctx.dialect(), map, plan, single);

  HookContext base;
  base.command = direction == Direction::upgrade ? "upgrade" : "downgrade";
  base.direction = base.command;
  for (const auto& step : plan) base.plan.push_back(step.revision);
  base.heads_before = result.rows_before;
  base.heads_after = plan.back().rows_after;
  base.report = [&observer](const std::string& line) { observer.message(line); };
  HookRunner hooks = session.hook_runner(std::move(base));
  // Before anything changes: a failing before_run hook (a backup that could not be made)
  // stops the run here.
  hooks.dispatch(HookEvent::before_run);

  ctx.ensure_tables();
  const Step* running = nullptr;  // the step under way, for step_failed
  auto step_start = std::chrono::steady_clock::now();
  try {
    if (single) ctx.connection().begin();
    for (const auto& prepared : steps) {
      const Step& step = prepared.step;
      const Revision& rev = *prepared.revision;
      running = &step;
      step_start = std::chrono::steady_clock::now();
      observer.step_started(step, rev);
      if (prepared.scripts.mode == StepMode::automatic_outside)
        observer.message("  " + rev.id + " runs outside a transaction: " + prepared.scripts.reason);
      hooks.context().revision = step.revision;
      if (!single) hooks.dispatch(HookEvent::before_revision);
      const StepTransaction mode = single                             ? StepTransaction::outer
                                   : prepared.scripts.transactional() ? StepTransaction::own
                                                                      : StepTransaction::none;
      double ms =
          ctx.apply(step_change(step), rev, prepared.scripts.statements, prepared.checksum, mode);
      running = nullptr;
      observer.step_finished(step, rev, ms);
      result.steps.push_back({step.revision, session.set_of(step.revision), rev.message,
                              step.direction, step.rows_before, step.rows_after, ms});
      result.rows_after = step.rows_after;
      hooks.context().revision_ms = ms;
      if (!single) hooks.dispatch(HookEvent::after_revision);
    }
    if (single) commit_single_transaction(ctx, result.rows_before, plan.back().rows_after);
  } catch (const std::exception& e) {
    if (running) {
      observer.step_failed(
          *running, map.get(running->revision),
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - step_start)
              .count());
    }
    if (single) ctx.connection().rollback();
    hooks.context().error = e.what();
    hooks.context().heads_after = result.rows_after;
    for (const auto& failure : hooks.dispatch_noexcept(HookEvent::on_failure)) {
      observer.message("warning: " + failure);
    }
    throw;
  }
  hooks.context().heads_after = result.rows_after;
  hooks.context().revision.clear();
  hooks.dispatch(HookEvent::after_run);
  ctx.unlock();
  result.total_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace

void verify_checksums(const RevisionMap& map, const Dialect& dialect,
                      const std::set<std::string>& applied,
                      const std::map<std::string, std::string>& recorded) {
  std::string changed;
  for (const auto& c : changed_revisions(map, dialect, applied, recorded))
    changed += (changed.empty() ? "" : "; ") + describe_change(c);
  if (!changed.empty()) {
    throw RevisionError("applied revision changed since it was applied: " + changed,
                        "restore the revision as it was and put the change in a new revision "
                        "(`migctl create`); if the edit was deliberate and the database "
                        "already matches it, `migctl repair` records the new checksum "
                        "(--ignore-checksums skips the comparison for one run; whitespace and "
                        "comments never count)");
  }
}

namespace {

// "a:b" outside --sql: a clear usage error instead of "no revision 'a:b'".
void refuse_range(const std::string& target, const char* command) {
  if (target.find(':') != std::string::npos)
    throw Error(ExitCode::usage,
                std::string(command) + " range '" + target + "' is only for offline SQL",
                "add --sql to print the script, or give one target");
}

// (set, head) for every head, when each head is in a different set; empty otherwise.
std::vector<std::pair<std::string, std::string>> one_head_per_set(Session& session) {
  const RevisionMap& map = session.revisions();
  if (map.heads().size() < 2) return {};
  std::map<std::string, std::string> by_set;
  for (const auto& head : map.heads()) {
    const std::string set = session.set_of(head);
    if (set.empty() || !by_set.emplace(set, head).second) return {};
  }
  return {by_set.begin(), by_set.end()};
}

// `upgrade head` when the heads are the heads of different sets: merging them (the planner's
// general advice) would tie independent modules together; say what fits modules instead.
void refuse_head_of_several_sets(Session& session, const std::string& target) {
  if (target != "head") return;
  const auto per_set = one_head_per_set(session);
  if (per_set.empty()) return;
  std::string heads, labels;
  for (const auto& [set, head] : per_set) {
    heads += (heads.empty() ? "" : ", ") + head + " (" + set + ")";
    labels += (labels.empty() ? "`migctl upgrade " : "`, `migctl upgrade ") + set + "@head";
  }
  throw RevisionError("`upgrade head` needs a single head, but there are " +
                          std::to_string(per_set.size()) + ", one per migration set: " + heads,
                      "`migctl upgrade` without a target (or `migctl upgrade heads`) applies "
                      "every set's head; " +
                          labels + "` one set's");
}

}  // namespace

DefaultUpgradeTarget default_upgrade_target(Session& session) {
  DefaultUpgradeTarget out;
  out.per_set = one_head_per_set(session);
  out.target = out.per_set.empty() ? "head" : "heads";
  return out;
}

MigrateResult upgrade(Session& session, const std::string& target, RunObserver& observer) {
  if (session.config().offline_sql) return offline(session, Direction::upgrade, target);
  refuse_range(target, "upgrade");
  const Target parsed = parse_upgrade_target(target);
  refuse_head_of_several_sets(session, target);
  return run(session, Direction::upgrade, parsed, observer);
}

MigrateResult downgrade(Session& session, const std::string& target, RunObserver& observer) {
  if (session.config().offline_sql) return offline(session, Direction::downgrade, target);
  refuse_range(target, "downgrade");
  return run(session, Direction::downgrade, parse_downgrade_target(target), observer);
}

}  // namespace migctl

#include "revision/plan.hpp"

#include <algorithm>
#include <map>
#include <optional>

#include "revision/describe.hpp"
#include "revision/order.hpp"
#include "revision/resolve.hpp"

namespace migctl {
namespace {

using revision_text::describe;
using revision_text::join;

// A revision's down_revisions and depends_on, each once.
std::vector<std::string> requirements(const Revision& revision) {
  std::vector<std::string> out = revision.down_revisions;
  out.insert(out.end(), revision.depends_on.begin(), revision.depends_on.end());
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// The version rows of an applied set that changes one revision at a time, kept up to date
// in O(degree · log V) a step instead of a full rows_for() a step. Relies on the applied set
// staying closed under requirements: a revision is added once its requirements are applied
// and removed once nothing applied requires it, so only its direct requirements can change
// state.
class RowTracker {
 public:
  RowTracker(const RevisionMap& map, const std::set<std::string>& applied) : map_(map) {
    for (const auto& id : applied)
      for (const auto& req : requirements(map_.get(id))) ++requirers_[req];
    for (const auto& id : applied)
      if (requirers_[id] == 0) rows_.emplace(map_.topological_index(id), id);
  }

  std::vector<std::string> rows() const {
    std::vector<std::string> out;
    out.reserve(rows_.size());
    for (const auto& row : rows_) out.push_back(row.second);
    return out;
  }

  void add(const std::string& id) {
    for (const auto& req : requirements(map_.get(id)))
      if (++requirers_[req] == 1) rows_.erase(map_.topological_index(req));
    rows_.emplace(map_.topological_index(id), id);
  }

  void remove(const std::string& id) {
    rows_.erase(map_.topological_index(id));
    for (const auto& req : requirements(map_.get(id)))
      if (--requirers_[req] == 0) rows_.emplace(map_.topological_index(req), req);
  }

 private:
  const RevisionMap& map_;
  std::map<std::string, int> requirers_;     // applied revisions that directly require the key
  std::map<std::size_t, std::string> rows_;  // by topological index
};

std::vector<std::string> ids_of(const std::vector<Point>& points) {
  std::vector<std::string> out;
  for (const auto& p : points)
    if (p.kind == Point::Kind::revision) out.push_back(p.id);
  return out;
}

std::string describe_rows(const std::vector<std::string>& rows) {
  return rows.empty() ? std::string("base") : join(rows);
}

// "`migctl upgrade <label>@head`" for each head whose branch carries a label.
std::vector<std::string> branch_head_targets(const RevisionMap& map,
                                             const std::vector<std::string>& heads) {
  std::vector<std::string> out;
  for (const auto& head : heads) {
    const auto labels = map.branch_labels(head, false);
    if (!labels.empty()) out.push_back("`migctl upgrade " + labels.front() + "@head`");
  }
  return out;
}

// `upgrade head` / `+N` with several heads: the message names what to type instead.
[[noreturn]] void several_heads(const RevisionMap& map, const std::string& what) {
  const auto& heads = map.heads();
  const auto targets = branch_head_targets(map, heads);
  throw RevisionError(
      "`" + what + "` needs a single head, but there are " + std::to_string(heads.size()) + ": " +
          join(heads),
      "use `migctl upgrade heads` to apply every branch, a branch target <label>@head" +
          (targets.empty() ? std::string() : " (" + join(targets) + ")") +
          " or a head's id for one, or join them with `migctl merge -m \"merge\" " +
          join(heads, " ") + "`");
}

std::string text_of(const Target& target) {
  std::string out = target.branch.empty() ? std::string() : target.branch + "@";
  switch (target.kind) {
    case Target::Kind::head:
      return out + "head";
    case Target::Kind::heads:
      return out + "heads";
    case Target::Kind::base:
      return out + "base";
    case Target::Kind::revision:
      return out + target.revision;
    case Target::Kind::relative:
      return out + target.revision + (target.steps >= 0 ? "+" : "") + std::to_string(target.steps);
  }
  return out;
}

// Revisions that share lineage with `branch` (all of `ids` when there is no branch).
std::vector<std::string> on_branch(const RevisionMap& map, const std::vector<std::string>& ids,
                                   const std::string& branch) {
  if (branch.empty()) return ids;
  const Point against = resolve_one(map, {}, branch);
  std::vector<std::string> out;
  for (const auto& id : ids)
    if (against.kind == Point::Kind::revision && map.shares_lineage(id, against.id))
      out.push_back(id);
  return out;
}

// The applied revisions that no applied revision descends from through down_revisions:
// the tip of each applied line (Alembic's "all current").
std::vector<std::string> applied_tips(const RevisionMap& map,
                                      const std::set<std::string>& applied) {
  std::vector<std::string> out;
  for (const auto& id : map.in_topological_order(applied)) {
    bool covered = false;
    for (const auto& member : map.branch_descendants({id}))
      if (member != id && applied.count(member)) covered = true;
    if (!covered) out.push_back(id);
  }
  return out;
}

// One target an ancestor of another: Alembic refuses the pair as overlapping.
void check_no_overlap(const RevisionMap& map, const std::vector<std::string>& ids,
                      const std::string& what) {
  for (const auto& id : ids) {
    const auto below = map.ancestors({id});
    for (const auto& other : ids)
      if (other != id && below.count(other))
        throw RevisionError(
            "'" + what + "' names both " + id + " and " + other + ", which " + id + " requires",
            "name only " + id);
  }
}

// What an upgrade must reach (Alembic's upgrade target): revisions, possibly none.
std::vector<std::string> upgrade_targets(const RevisionMap& map,
                                         const std::vector<std::string>& rows,
                                         const Target& target) {
  const std::string what = text_of(target);
  switch (target.kind) {
    case Target::Kind::head:
      if (target.branch.empty() && map.heads().size() > 1) several_heads(map, "upgrade head");
      return ids_of(resolve_symbol(map, target.branch, "head"));
    case Target::Kind::heads:
      return ids_of(resolve_symbol(map, target.branch, "heads"));
    case Target::Kind::base:
      throw Error(ExitCode::usage, "upgrade cannot go to base: base is below every revision",
                  "use `migctl downgrade base` to revert every revision");
    case Target::Kind::revision:
      return ids_of(resolve_symbol(map, target.branch, target.revision));
    case Target::Kind::relative:
      break;
  }
  Point start;
  if (target.steps <= 0) {
    if (target.revision.empty())
      throw Error(ExitCode::usage, "upgrade cannot go down: '" + what + "' is a downgrade",
                  "use `migctl downgrade " + what + "`");
    start = resolve_one(map, target.branch, target.revision);
    const Point end = walk(map, start, target.steps, {}, false, what);
    if (end.kind != Point::Kind::revision)
      throw RevisionError("upgrade " + what + " goes below base: there is nothing to upgrade to",
                          "use a smaller count, or `migctl downgrade " + what + "` to go down");
    return ids_of({end});
  }
  if (!target.revision.empty()) {
    start = resolve_one(map, {}, target.revision);
  } else {
    // From the current rows: those on the branch, else the tips of what is applied on it.
    std::vector<std::string> from = rows;
    if (!target.branch.empty()) {
      from = on_branch(map, rows, target.branch);
      if (from.empty()) {
        std::set<std::string> active;
        for (const auto& id :
             on_branch(map, map.in_topological_order(map.applied_from_rows(rows)), target.branch))
          active.insert(id);
        from = map.rows_for(active);
      }
    }
    if (from.size() > 1) {
      std::vector<std::string> each;
      for (const auto& row : from)
        each.push_back("`migctl upgrade " + row + "+" + std::to_string(target.steps) + "`");
      throw RevisionError("upgrade " + what + " is ambiguous: the database is at " +
                              std::to_string(from.size()) + " revisions: " + join(from),
                          "count from one of them: " + join(each, " or ") +
                              ", or name a branch: <label>@+" + std::to_string(target.steps));
    }
    start = from.empty() ? Point::below_base() : Point::at(from.front());
  }
  const Point end = walk(map, start, target.steps, target.branch, false, what);
  if (end.kind != Point::Kind::revision)
    throw RevisionError(
        "upgrade " + what + " goes beyond " +
            (target.branch.empty() ? std::string("head") : "the head of " + target.branch) +
            " (counting from " +
            (start.kind == Point::Kind::revision ? start.id : std::string("base")) + ")",
        "use a smaller count, or `migctl upgrade " +
            (target.branch.empty() ? std::string("heads") : target.branch + "@head") + "`");
  return {end.id};
}

struct DowngradeTo {
  std::string branch;  // scopes the roots when several
  Point target;        // a revision, or base
};

// Alembic's downgrade target: the revision to stay at, and the branch that scopes it.
DowngradeTo downgrade_target(const RevisionMap& map, const std::vector<std::string>& rows,
                             const Target& target) {
  const std::string what = text_of(target);
  switch (target.kind) {
    case Target::Kind::head:
    case Target::Kind::heads:
      throw Error(ExitCode::usage, "downgrade to head makes no sense: nothing is above head",
                  "use `migctl downgrade -1` to revert the latest revision, or name a revision");
    case Target::Kind::base:
      return {target.branch, Point::below_base()};
    case Target::Kind::revision:
      return {target.branch, resolve_one(map, {}, target.revision)};
    case Target::Kind::relative:
      break;
  }
  if (target.steps > 0 || !target.revision.empty()) {
    if (target.revision.empty())
      throw Error(ExitCode::usage, "downgrade cannot go up: '" + what + "' is an upgrade",
                  "use `migctl upgrade " + what + "`");
    const Point start =
        resolve_one(map, target.steps > 0 ? std::string() : target.branch, target.revision);
    const Point end =
        walk(map, start, target.steps, target.steps > 0 ? target.branch : "", false, what);
    if (end.kind == Point::Kind::none)
      throw RevisionError(
          "'" + what + "' goes " + (target.steps > 0 ? "beyond a head" : "below base"),
          "use a smaller count");
    return {target.branch, end};
  }
  // -N from the current rows.
  std::string branch = target.branch;
  std::string from;
  const std::string count = std::to_string(target.steps);
  if (!branch.empty()) {
    auto candidates = on_branch(map, rows, branch);
    if (candidates.empty())
      candidates = on_branch(map, applied_tips(map, map.applied_from_rows(rows)), branch);
    if (candidates.empty())
      throw RevisionError("downgrade " + what + ": nothing of branch '" + branch + "' is applied",
                          "`migctl current` shows what is applied");
    if (candidates.size() > 1) {
      std::vector<std::string> each;
      for (const auto& c : candidates) each.push_back("`migctl downgrade " + c + "@" + count + "`");
      throw RevisionError("downgrade " + what + " is ambiguous: branch '" + branch + "' is at " +
                              std::to_string(candidates.size()) + " revisions: " + join(candidates),
                          "count from one of them: " + join(each, " or "));
    }
    from = candidates.front();
  } else {
    std::vector<std::string> distinct;
    for (const auto& row : rows)
      if (std::find(distinct.begin(), distinct.end(), row) == distinct.end())
        distinct.push_back(row);
    if (distinct.empty())
      throw RevisionError("downgrade " + what + ": nothing is applied",
                          "there is nothing to revert");
    if (distinct.size() > 1) {
      // Alembic warns and counts from whichever row the database returns first.
      std::vector<std::string> each;
      for (const auto& row : distinct)
        each.push_back("`migctl downgrade " + row + "@" + count + "` (from " + row + ")");
      throw RevisionError("downgrade " + what + " is ambiguous: the database is at " +
                              std::to_string(distinct.size()) + " revisions: " + join(distinct),
                          "say which one to count from: " + join(each, ", "));
    }
    from = distinct.front();
    branch = from;
  }
  const Point end = walk(map, resolve_one(map, branch, from), target.steps, {}, false, what);
  if (end.kind == Point::Kind::none)
    throw RevisionError(
        "downgrade " + what + " goes below base (counting from " + from + ")",
        "use a smaller count, or `migctl downgrade " +
            (target.branch.empty() ? std::string("base") : target.branch + "@base") + "`");
  return {branch, end};
}

// Ancestors of `id` through down_revisions only, `id` included.
std::set<std::string> line_below(const RevisionMap& map, const std::string& id) {
  std::set<std::string> out;
  std::vector<std::string> stack{id};
  while (!stack.empty()) {
    const std::string at = stack.back();
    stack.pop_back();
    if (!out.insert(at).second) continue;
    for (const auto& parent : map.get(at).down_revisions) stack.push_back(parent);
  }
  return out;
}

// `order` is the revert order, so the first irreversible revision is the lowest reachable
// target.
void check_reversible(const RevisionMap& map, const std::vector<std::string>& order) {
  std::vector<std::string> blocking;
  for (const auto& id : order) {
    const Revision& r = map.get(id);
    if (r.downgrade.empty() && !r.upgrade.empty()) blocking.push_back(id);
  }
  if (blocking.empty()) return;
  std::vector<std::string> described;
  for (const auto& id : blocking) described.push_back(describe(map.get(id)));
  const bool one = blocking.size() == 1;
  throw RevisionError(std::string(one ? "revision " : "revisions ") + join(described) +
                          (one ? " is" : " are") +
                          " irreversible (no downgrade) and would have to be reverted",
                      "`migctl downgrade " + blocking.front() +
                          "` reverts everything above it and keeps it applied");
}

}  // namespace

std::vector<Step> plan_upgrade(const RevisionMap& map, const std::vector<std::string>& rows,
                               const Target& target) {
  const std::set<std::string> applied = map.applied_from_rows(rows);
  const std::vector<std::string> targets = upgrade_targets(map, rows, target);
  check_no_overlap(map, targets, text_of(target));
  std::set<std::string> needed;
  for (const auto& id : map.ancestors(targets))
    if (!applied.count(id)) needed.insert(id);
  std::vector<std::string> pending = alembic_order(map, needed, targets);
  std::reverse(pending.begin(), pending.end());

  std::vector<Step> steps;
  steps.reserve(pending.size());
  RowTracker tracker(map, applied);
  for (const auto& id : pending) {
    Step step{id, Direction::upgrade, tracker.rows(), {}};
    tracker.add(id);
    step.rows_after = tracker.rows();
    steps.push_back(std::move(step));
  }
  return steps;
}

std::vector<Step> plan_downgrade(const RevisionMap& map, const std::vector<std::string>& rows,
                                 const Target& target) {
  const std::set<std::string> applied = map.applied_from_rows(rows);
  const DowngradeTo to = downgrade_target(map, rows, target);
  std::vector<std::string> roots =
      to.target.kind == Point::Kind::revision ? map.children(to.target.id) : map.bases();
  if (!to.branch.empty() && roots.size() > 1) {
    const Point branch = resolve_one(map, {}, to.branch);
    const std::set<std::string> below =
        branch.kind == Point::Kind::revision ? line_below(map, branch.id) : std::set<std::string>{};
    roots.erase(std::remove_if(roots.begin(), roots.end(),
                               [&](const std::string& id) { return !below.count(id); }),
                roots.end());
    if (roots.empty())
      throw RevisionError("'" + text_of(target) + "' is not a downgrade target from " +
                              describe_rows(map.rows_for(applied)) + ": nothing below " +
                              to.branch + " is above it",
                          "`migctl history -i` shows what is applied");
  }
  std::set<std::string> revert;
  for (const auto& id : map.descendants(roots))
    if (applied.count(id)) revert.insert(id);
  if (to.target.kind == Point::Kind::revision && revert.empty() &&
      std::find(rows.begin(), rows.end(), to.target.id) == rows.end())
    throw RevisionError(
        "'" + to.target.id + "' is not applied; nothing to downgrade to (" +
            (applied.empty() ? std::string("nothing is applied")
                             : "the database is at " + join(map.rows_for(applied))) +
            ")",
        "`migctl upgrade " + to.target.id + "` applies it");

  const std::vector<std::string> order = alembic_order(map, revert, rows);
  check_reversible(map, order);

  std::vector<Step> steps;
  steps.reserve(order.size());
  RowTracker tracker(map, applied);
  for (const auto& id : order) {
    Step step{id, Direction::downgrade, tracker.rows(), {}};
    tracker.remove(id);
    step.rows_after = tracker.rows();
    steps.push_back(std::move(step));
  }
  return steps;
}

}  // namespace migctl

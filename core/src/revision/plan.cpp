#include "revision/plan.hpp"

#include <algorithm>
#include <map>
#include <optional>

#include "revision/describe.hpp"

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

std::string describe_rows(const std::vector<std::string>& rows) {
  return rows.empty() ? std::string("base") : join(rows);
}

// The first-parent line below `row`, `row` first, down to its base.
std::vector<std::string> first_parent_line(const RevisionMap& map, const std::string& row) {
  std::vector<std::string> line{row};
  for (const Revision* r = &map.get(row); !r->down_revisions.empty();
       r = &map.get(r->down_revisions.front()))
    line.push_back(r->down_revisions.front());
  return line;
}

// "`migctl upgrade <label>@head`" for each head whose first-parent line carries a label.
std::vector<std::string> branch_head_targets(const RevisionMap& map,
                                             const std::vector<std::string>& heads) {
  std::vector<std::string> out;
  for (const auto& head : heads)
    for (const auto& id : first_parent_line(map, head))
      if (!map.get(id).branch_labels.empty()) {
        out.push_back("`migctl upgrade " + map.get(id).branch_labels.front() + "@head`");
        break;
      }
  return out;
}

// The single head `what` moves towards; nullopt for an empty map.
std::optional<std::string> single_head(const RevisionMap& map, const std::string& what) {
  const auto& heads = map.heads();
  if (heads.empty()) return std::nullopt;
  if (heads.size() > 1) {
    const auto targets = branch_head_targets(map, heads);
    throw RevisionError(
        "`" + what + "` needs a single head, but there are " + std::to_string(heads.size()) + ": " +
            join(heads),
        "use `migctl upgrade heads` to apply every branch, a branch target <label>@head" +
            (targets.empty() ? std::string() : " (" + join(targets) + ")") +
            " or a head's id for one, or join them with `migctl merge -m \"merge\" " +
            join(heads, " ") + "`");
  }
  return heads.front();
}

// Branch labels of the revisions in `rows`' branches, as suggestions ("a@-1, b@-1").
std::string branch_suggestions(const RevisionMap& map, const std::vector<std::string>& rows,
                               int steps) {
  std::vector<std::string> out;
  for (const auto& row : rows) {
    for (const auto& line_id : first_parent_line(map, row)) {
      const Revision& r = map.get(line_id);
      if (r.branch_labels.empty()) continue;
      out.push_back("`migctl downgrade " + r.branch_labels.front() + "@" + std::to_string(steps) +
                    "`");
      break;
    }
  }
  return out.empty() ? std::string() : " (" + join(out, ", ") + ")";
}

// Applied revisions to revert for a relative -N downgrade from `row` along its first-parent
// line, which `members` (when not null) restricts to one branch.
std::set<std::string> revert_along_line(const RevisionMap& map,
                                        const std::set<std::string>& applied,
                                        const std::string& row, int steps,
                                        const std::set<std::string>* members,
                                        const std::string& what) {
  const std::size_t count = static_cast<std::size_t>(-static_cast<long long>(steps));
  std::vector<std::string> line;
  if (members) {
    // Inside a branch: the first parent that is still on the branch, at each step.
    for (std::string at = row; !at.empty();) {
      line.push_back(at);
      const auto& parents = map.get(at).down_revisions;
      const auto next = std::find_if(parents.begin(), parents.end(),
                                     [&](const std::string& p) { return members->count(p) > 0; });
      at = next == parents.end() ? std::string() : *next;
    }
  } else if (!row.empty()) {
    line = first_parent_line(map, row);
  }
  if (count > line.size()) {
    std::string message = "downgrade " + what + " goes below " +
                          (members ? std::string("the branch's base") : std::string("base")) +
                          ": only " + std::to_string(line.size()) + " revision" +
                          (line.size() == 1 ? " is" : "s are") + " applied";
    if (!members && line.size() != applied.size()) message += " on the first-parent line of " + row;
    throw RevisionError(
        message, members ? "use `migctl downgrade " + what.substr(0, what.rfind('@')) +
                               "@base` to revert the whole branch"
                         : std::string("use `migctl downgrade base` to revert every revision"));
  }
  // The N newest revisions of the line, and whatever applied requires them.
  std::set<std::string> revert;
  for (const auto& id : map.descendants({line[count - 1]}))
    if (applied.count(id)) revert.insert(id);
  return revert;
}

// Applied revisions to revert for a relative -N downgrade.
std::set<std::string> relative_downgrade(const RevisionMap& map,
                                         const std::set<std::string>& applied,
                                         const std::vector<std::string>& rows, int steps) {
  const std::string text = std::to_string(steps);
  if (rows.size() > 1)
    throw RevisionError("downgrade " + text + " is ambiguous: the database is at " +
                            std::to_string(rows.size()) + " revisions: " + join(rows),
                        "name the branch with <label>@" + text +
                            branch_suggestions(map, rows, steps) +
                            ", or the target: `migctl downgrade <revision>`");
  return revert_along_line(map, applied, rows.empty() ? std::string() : rows.front(), steps,
                           nullptr, text);
}

// "<label>@-N": from the one version row inside the branch, N steps down the branch.
std::set<std::string> branch_relative_downgrade(const RevisionMap& map,
                                                const std::set<std::string>& applied,
                                                const std::vector<std::string>& rows,
                                                const Target& target) {
  const std::string what = target.branch + "@" + std::to_string(target.steps);
  const std::set<std::string> members = map.branch_members(target.branch);
  std::vector<std::string> in_branch;
  for (const auto& row : rows)
    if (members.count(row)) in_branch.push_back(row);
  if (in_branch.empty()) {
    // The branch's newest applied revision may be implied by a row outside it.
    std::set<std::string> applied_members;
    for (const auto& id : members)
      if (applied.count(id)) applied_members.insert(id);
    if (applied_members.empty())
      throw RevisionError(
          "downgrade " + what + ": nothing of branch '" + target.branch + "' is applied",
          "`migctl current` shows what is applied");
    in_branch = map.rows_for(applied_members);
  }
  if (in_branch.size() > 1)
    throw RevisionError("downgrade " + what + " is ambiguous: branch '" + target.branch +
                            "' is at " + std::to_string(in_branch.size()) +
                            " revisions: " + join(in_branch),
                        "name the target revision: `migctl downgrade <revision>`");
  return revert_along_line(map, applied, in_branch.front(), target.steps, &members, what);
}

// "<label>@+N": the first N unapplied revisions of the branch, in topological order, with
// whatever they require.
std::vector<std::string> branch_relative_upgrade(const RevisionMap& map,
                                                 const std::set<std::string>& applied,
                                                 const Target& target) {
  const std::set<std::string> members = map.branch_members(target.branch);
  std::vector<std::string> chosen;
  for (const auto& id : map.in_topological_order(members)) {
    if (chosen.size() == static_cast<std::size_t>(target.steps)) break;
    if (!applied.count(id)) chosen.push_back(id);
  }
  if (chosen.size() < static_cast<std::size_t>(target.steps))
    throw RevisionError(
        "upgrade " + target.branch + "@+" + std::to_string(target.steps) +
            " goes beyond the branch's head: only " + std::to_string(chosen.size()) + " revision" +
            (chosen.size() == 1 ? " remains" : "s remain") + " in branch '" + target.branch + "'",
        "use `migctl upgrade " + target.branch + "@head`");
  return map.in_topological_order(map.ancestors(chosen));
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
  std::vector<std::string> pending;
  switch (target.kind) {
    case Target::Kind::head: {
      const auto head = single_head(map, "upgrade head");
      if (head) pending = map.in_topological_order(map.ancestors({*head}));
      break;
    }
    case Target::Kind::heads:
      pending = map.in_topological_order(map.ancestors(map.heads()));
      break;
    case Target::Kind::base:
      throw Error(ExitCode::usage, "upgrade cannot go to base: base is below every revision",
                  "use `migctl downgrade base` to revert every revision");
    case Target::Kind::revision:
      pending = map.in_topological_order(map.ancestors({map.resolve(target.revision)}));
      break;
    case Target::Kind::relative: {
      if (!target.branch.empty()) {
        if (target.steps <= 0)
          throw Error(ExitCode::usage, "upgrade needs <label>@+N with N of at least 1",
                      "use `migctl downgrade " + target.branch + "@" +
                          std::to_string(target.steps) + "` to go down");
        pending = branch_relative_upgrade(map, applied, target);
        break;
      }
      const std::string text = "+" + std::to_string(target.steps);
      if (target.steps <= 0)
        throw Error(ExitCode::usage, "upgrade needs +N with N of at least 1",
                    target.steps < 0
                        ? "use `migctl downgrade " + std::to_string(target.steps) + "` to go down"
                        : std::string("relative upgrade targets are +N"));
      const auto head = single_head(map, "upgrade " + text);
      if (head) pending = map.in_topological_order(map.ancestors({*head}));
      pending.erase(std::remove_if(pending.begin(), pending.end(),
                                   [&](const std::string& id) { return applied.count(id) > 0; }),
                    pending.end());
      if (pending.size() < static_cast<std::size_t>(target.steps))
        throw RevisionError("upgrade " + text + " goes beyond head: only " +
                                std::to_string(pending.size()) + " revision" +
                                (pending.size() == 1 ? " remains" : "s remain") + " above " +
                                describe_rows(map.rows_for(applied)),
                            "use `migctl upgrade head` to apply every remaining revision");
      // A prefix of a topological order that skips only applied revisions keeps every
      // revision after its requirements.
      pending.resize(static_cast<std::size_t>(target.steps));
      break;
    }
  }
  pending.erase(std::remove_if(pending.begin(), pending.end(),
                               [&](const std::string& id) { return applied.count(id) > 0; }),
                pending.end());

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
  std::set<std::string> revert;
  switch (target.kind) {
    case Target::Kind::head:
    case Target::Kind::heads:
      throw Error(ExitCode::usage, "downgrade to head makes no sense: nothing is above head",
                  "use `migctl downgrade -1` to revert the latest revision, or name a revision");
    case Target::Kind::base:
      if (target.branch.empty()) {
        revert = applied;
      } else {
        // Everything applied on the branch, and whatever applied requires it.
        for (const auto& id : map.descendants({map.resolve(target.branch)}))
          if (applied.count(id)) revert.insert(id);
      }
      break;
    case Target::Kind::revision: {
      const std::string id = map.resolve(target.revision);
      if (!applied.count(id))
        throw RevisionError(
            "'" + id + "' is not applied; nothing to downgrade to (" +
                (applied.empty() ? std::string("nothing is applied")
                                 : "the database is at " + join(map.rows_for(applied))) +
                ")",
            "`migctl upgrade " + id + "` applies it");
      // Above the target on its branch (children, transitively), and whatever requires
      // those. Revisions that only depend_on the target itself stay: it stays applied.
      std::vector<std::string> above;
      for (const auto& member : map.branch_members(id))
        if (member != id) above.push_back(member);
      for (const auto& descendant : map.descendants(above))
        if (applied.count(descendant)) revert.insert(descendant);
      break;
    }
    case Target::Kind::relative:
      if (target.steps >= 0)
        throw Error(ExitCode::usage, "downgrade needs -N with N of at least 1",
                    target.steps > 0
                        ? "use `migctl upgrade +" + std::to_string(target.steps) + "` to go up"
                        : std::string("relative downgrade targets are -N"));
      revert = target.branch.empty()
                   ? relative_downgrade(map, applied, map.rows_for(applied), target.steps)
                   : branch_relative_downgrade(map, applied, map.rows_for(applied), target);
      break;
  }

  std::vector<std::string> order = map.in_topological_order(revert);
  std::reverse(order.begin(), order.end());
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

VersionRowChange version_row_change(const Step& step) {
  auto minus = [](const std::vector<std::string>& a, const std::vector<std::string>& b) {
    std::vector<std::string> out;
    for (const auto& x : a)
      if (std::find(b.begin(), b.end(), x) == b.end()) out.push_back(x);
    return out;
  };
  return {minus(step.rows_before, step.rows_after), minus(step.rows_after, step.rows_before)};
}

}  // namespace migctl

#include "revision/range.hpp"

#include <algorithm>
#include <set>

#include "migctl/error.hpp"
#include "revision/describe.hpp"
#include "revision/order.hpp"
#include "revision/resolve.hpp"
#include "revision/target.hpp"

namespace migctl {
namespace {

using revision_text::join;

// An endpoint after "current" is replaced: either text, or the database's rows.
struct End {
  std::string text;
  std::vector<std::string> rows;
  bool is_rows = false;
};

std::string describe(const End& end) {
  return end.is_rows ? join(end.rows) : end.text;
}

// One revision to count from (Alembic's get_revision): rows must be exactly one.
Point single(const RevisionMap& map, const End& end, std::string_view branch) {
  if (end.is_rows) {
    if (end.rows.size() > 1)
      throw RevisionError("the range is ambiguous: the database is at " + join(end.rows),
                          "name one revision instead of current");
    return end.rows.empty() ? Point::below_base() : resolve_one(map, branch, end.rows.front());
  }
  return resolve_one(map, branch, end.text);
}

// The upper end's revisions (Alembic's upgrade target read against the lower end).
std::vector<std::string> upper_targets(const RevisionMap& map, const End& upper, const End& lower) {
  if (upper.is_rows) return upper.rows;
  const Target t = parse_target(upper.text);
  Point end;
  switch (t.kind) {
    case Target::Kind::head:
    case Target::Kind::heads:
    case Target::Kind::base:
    case Target::Kind::revision: {
      std::vector<std::string> out;
      const std::string symbol = t.kind == Target::Kind::head    ? "head"
                                 : t.kind == Target::Kind::heads ? "heads"
                                 : t.kind == Target::Kind::base  ? "base"
                                                                 : t.revision;
      for (const auto& p : resolve_symbol(map, t.branch, symbol))
        if (p.kind == Point::Kind::revision) out.push_back(p.id);
      return out;
    }
    case Target::Kind::relative:
      break;
  }
  if (t.steps > 0 && t.revision.empty()) {
    // +N counts from the lower end.
    std::vector<std::string> from;
    if (lower.is_rows) {
      from = lower.rows;
    } else if (lower.text != "base") {
      from = {single(map, lower, {}).id};
    }
    if (!t.branch.empty()) {
      std::vector<std::string> kept;
      const Point against = resolve_one(map, {}, t.branch);
      for (const auto& id : from)
        if (map.shares_lineage(id, against.id)) kept.push_back(id);
      if (kept.empty() && !from.empty()) {
        std::set<std::string> active;
        for (const auto& id : map.ancestors(from))
          if (map.shares_lineage(id, against.id)) active.insert(id);
        kept = map.rows_for(active);
      }
      from = kept;
    }
    if (from.size() > 1)
      throw RevisionError(
          "range end '" + upper.text + "' is ambiguous: it counts from " + join(from),
          "count from one revision: <revision>" + upper.text);
    end = walk(map, from.empty() ? Point::below_base() : Point::at(from.front()), t.steps, t.branch,
               true, upper.text);
  } else {
    if (t.revision.empty())
      throw RevisionError(
          "range end '" + upper.text + "' cannot be the upper end",
          "-N counts down from the heads: put it first, as in " + upper.text + ":heads");
    const Point start = resolve_one(map, t.steps > 0 ? std::string() : t.branch, t.revision);
    end = walk(map, start, t.steps, t.steps > 0 ? t.branch : "", true, upper.text);
  }
  if (end.kind != Point::Kind::revision)
    throw RevisionError("range end '" + upper.text + "' goes below base", "use a smaller count");
  return {end.id};
}

// The lower end's revisions. `below_all` is set when a "-N" walk went below base.
std::vector<Point> lower_points(const RevisionMap& map, const End& lower) {
  if (lower.is_rows) {
    std::vector<Point> out;
    for (const auto& row : lower.rows) out.push_back(Point::at(row));
    return out;
  }
  const Target t = parse_target(lower.text);
  if (t.kind == Target::Kind::relative) {
    if (t.revision.empty()) {
      if (t.steps > 0)
        throw Error(ExitCode::usage, "'" + lower.text + "' cannot be the lower end of a range",
                    "+N counts up from the lower end: put it last, as in current:" + lower.text);
      return resolve_symbol(map, t.branch, std::to_string(t.steps));
    }
    const Point start = resolve_one(map, t.steps > 0 ? std::string() : t.branch, t.revision);
    const Point end = walk(map, start, t.steps, t.steps > 0 ? t.branch : "", false, lower.text);
    if (end.kind == Point::Kind::none)
      throw RevisionError("range end '" + lower.text + "' goes beyond the graph",
                          "use a smaller count");
    return {end};
  }
  switch (t.kind) {
    case Target::Kind::head:
      return resolve_symbol(map, t.branch, "head");
    case Target::Kind::heads:
      return resolve_symbol(map, t.branch, "heads");
    case Target::Kind::base:
      return {};
    default:
      return resolve_symbol(map, t.branch, t.revision);
  }
}

}  // namespace

RevisionRange parse_range(std::string_view text) {
  const auto colon = text.find(':');
  if (colon == std::string_view::npos || text.find(':', colon + 1) != std::string_view::npos)
    throw Error(ExitCode::usage, "'" + std::string(text) + "' is not a revision range",
                "ranges are <lower>:<upper>, either side optional, e.g. 001:head, base:current, "
                "-2:heads");
  RevisionRange range{std::string(text.substr(0, colon)), std::string(text.substr(colon + 1))};
  for (const std::string* end : {&range.lower, &range.upper}) {
    if (end->empty() || *end == "current") continue;
    const Target t = parse_target(*end);  // throws usage errors for malformed counts
    if (end == &range.lower && t.kind == Target::Kind::relative && t.revision.empty() &&
        t.steps > 0)
      throw Error(ExitCode::usage, "'" + *end + "' cannot be the lower end of a range",
                  "+N counts up from the lower end: put it last, as in current:" + *end);
  }
  return range;
}

std::vector<std::string> revisions_in_range(const RevisionMap& map, const RevisionRange& range,
                                            const std::vector<std::string>& current) {
  End lower{range.lower, {}, false};
  End upper{range.upper, {}, false};
  // As Alembic: "current" is replaced by the rows on one side only, the upper one first.
  if (upper.text == "current") {
    upper = {{}, current, true};
  } else if (lower.text == "current") {
    lower = {{}, current, true};
  }
  if (lower.text == "current")
    throw RevisionError("'current' cannot be both ends of a range",
                        "`migctl current` shows the current revisions");
  if (upper.is_rows && upper.rows.empty()) upper = {"heads", {}, false};
  if (lower.is_rows && lower.rows.empty()) lower = {"base", {}, false};
  if (!upper.is_rows && upper.text.empty()) upper.text = "heads";
  if (!lower.is_rows && lower.text.empty()) lower.text = "base";

  std::vector<std::string> targets = upper_targets(map, upper, lower);
  // "<branch>@..." as the lower end keeps only the upper revisions on that branch.
  if (!lower.is_rows && lower.text.find('@') != std::string::npos) {
    std::string branch = lower.text.substr(0, lower.text.find('@'));
    if (map.contains(branch)) {
      const auto labels = map.branch_labels(branch, false);
      if (labels.size() != 1)
        throw RevisionError("revision " + branch + " stands for a branch only when it carries " +
                                "exactly one branch label; it carries " +
                                std::to_string(labels.size()),
                            "name the branch by its label");
      branch = labels.front();
    }
    std::vector<std::string> kept;
    for (const auto& id : targets) {
      const auto labels = map.branch_labels(id, false);
      if (std::find(labels.begin(), labels.end(), branch) != labels.end()) kept.push_back(id);
    }
    targets = kept;
  }
  for (const auto& id : targets)
    for (const auto& other : targets)
      if (id != other && map.ancestors({id}).count(other))
        throw RevisionError("range end " + describe(upper) + " names both " + id + " and " + other +
                                ", which " + id + " requires",
                            "name one revision");
  const std::set<std::string> required = map.ancestors(targets);

  std::vector<Point> from = lower_points(map, lower);
  for (const auto& p : from) {
    if (p.kind == Point::Kind::none) continue;
    if (p.kind == Point::Kind::base || !required.count(p.id))
      throw RevisionError("revision " + (p.kind == Point::Kind::base ? "base" : p.id) + " (from '" +
                              describe(lower) + "') is not below " + describe(upper),
                          "put the older revision first: <lower>:<upper>");
  }
  if (!from.empty() && from.front().kind == Point::Kind::none) {
    // "-N" went below base: count it from the upper end instead, stopping at base.
    const Target t = parse_target(lower.text);
    std::string start;
    std::string branch = t.branch;
    if (!branch.empty()) {
      std::vector<std::string> on;
      const Point against = resolve_one(map, {}, branch);
      const std::vector<std::string> ups =
          upper.is_rows ? upper.rows : std::vector<std::string>{single(map, upper, {}).id};
      for (const auto& id : ups)
        if (map.shares_lineage(id, against.id)) on.push_back(id);
      if (on.size() != 1)
        throw RevisionError("range end '" + lower.text + "' is ambiguous from " + describe(upper),
                            "name the lower revision");
      start = on.front();
    } else {
      start = single(map, upper, {}).id;
      branch = start;
    }
    const Point end = walk(map, resolve_one(map, branch, start), t.steps, {}, true, lower.text);
    from.clear();
    if (end.kind == Point::Kind::revision) from.push_back(end);
  }
  std::vector<std::string> from_ids;
  for (const auto& p : from) from_ids.push_back(p.id);
  for (const auto& id : from_ids)
    for (const auto& other : from_ids)
      if (id != other && map.ancestors({id}).count(other))
        throw RevisionError("range end " + describe(lower) + " names both " + id + " and " + other +
                                ", which " + id + " requires",
                            "name one revision");

  std::set<std::string> needed;
  const std::set<std::string> below =
      from_ids.empty() ? std::set<std::string>{} : map.ancestors(from_ids);
  for (const auto& id : required)
    if (!below.count(id)) needed.insert(id);
  needed.insert(from_ids.begin(), from_ids.end());
  if (!from_ids.empty()) {
    const std::set<std::string> above = map.branch_descendants(from_ids);
    for (auto it = needed.begin(); it != needed.end();)
      it = above.count(*it) ? std::next(it) : needed.erase(it);
  }
  return alembic_order(map, needed, targets);
}

}  // namespace migctl

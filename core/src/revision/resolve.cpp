#include "revision/resolve.hpp"

#include <algorithm>

#include "revision/describe.hpp"

namespace migctl {
namespace {

using revision_text::join;

constexpr std::size_t kShortestPrefixKey = 4;  // Alembic matches prefixes of longer keys only

[[noreturn]] void unknown(std::string_view text) {
  throw RevisionError(
      "no revision or branch '" + std::string(text) + "' in the loaded migration sets" +
          (text.size() < kShortestPrefixKey ? " (an id prefix needs at least four characters)"
                                            : ""),
      "run `migctl history` to list every loaded revision");
}

// The revision a branch name stands for: a label's revision, or a revision.
std::string branch_revision(const RevisionMap& map, std::string_view branch);

// One id, label or prefix (Alembic's _revision_for_ident), checked against `branch`.
std::string ident(const RevisionMap& map, std::string_view text, std::string_view branch) {
  const std::string branch_rev = branch.empty() ? std::string() : branch_revision(map, branch);
  std::string found;
  if (map.contains(text)) {
    found = std::string(text);
  } else if (const std::string labelled = map.label_revision(text); !labelled.empty()) {
    found = labelled;
  } else {
    std::vector<std::string> keys;  // ids and labels, as Alembic's map holds both
    keys = map.topological_order();
    for (const auto& label : map.label_names()) keys.push_back(label);
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    std::vector<std::string> matches;
    for (const auto& key : keys) {
      if (key.size() < kShortestPrefixKey || key.compare(0, text.size(), text) != 0) continue;
      const std::string rev = map.contains(key) ? key : map.label_revision(key);
      if (!branch_rev.empty() && !map.shares_lineage(rev, branch_rev)) continue;
      matches.push_back(key);
    }
    if (matches.empty()) unknown(text);
    if (matches.size() > 1)
      throw RevisionError(
          "revision prefix '" + std::string(text) + "' is ambiguous: it matches " + join(matches),
          "type more characters of the id");
    found = map.contains(matches.front()) ? matches.front() : map.label_revision(matches.front());
  }
  if (!branch_rev.empty() && !map.shares_lineage(found, branch_rev))
    throw RevisionError("revision " + found + " is not on branch '" + std::string(branch) + "'",
                        "`migctl branches` shows the branches; name a revision of that branch");
  return found;
}

std::string branch_revision(const RevisionMap& map, std::string_view branch) {
  if (const std::string labelled = map.label_revision(branch); !labelled.empty()) return labelled;
  if (map.contains(branch)) return std::string(branch);
  try {
    return ident(map, branch, {});
  } catch (const RevisionError&) {
    throw RevisionError("no branch '" + std::string(branch) + "': not a branch label or a revision",
                        "`migctl branches` lists the branch labels");
  }
}

std::vector<std::string> in_branch(const RevisionMap& map, const std::vector<std::string>& ids,
                                   std::string_view branch) {
  if (branch.empty()) return ids;
  const std::string against = branch_revision(map, branch);
  std::vector<std::string> out;
  for (const auto& id : ids)
    if (map.shares_lineage(id, against)) out.push_back(id);
  return out;
}

bool negative_number(std::string_view text) {
  if (text.size() < 2 || text.front() != '-') return false;
  return std::all_of(text.begin() + 1, text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::vector<Point> resolve_symbol(const RevisionMap& map, std::string_view branch,
                                  std::string_view symbol) {
  std::vector<Point> out;
  if (symbol == "heads") {
    for (const auto& id : branch.empty() ? map.real_heads() : in_branch(map, map.heads(), branch))
      out.push_back(Point::at(id));
    return out;
  }
  if (symbol == "head") {
    const auto heads = in_branch(map, map.heads(), branch);
    if (heads.size() > 1) {
      const std::string what = branch.empty() ? "head" : std::string(branch) + "@head";
      throw RevisionError("'" + what + "' is ambiguous: there are " + std::to_string(heads.size()) +
                              " heads: " + join(heads),
                          "name one of them, use `heads` for all of them, or join them with "
                          "`migctl merge -m \"merge\" " +
                              join(heads, " ") + "`");
    }
    if (!heads.empty()) out.push_back(Point::at(heads.front()));
    return out;
  }
  if (symbol == "base") return out;
  if (negative_number(symbol)) {
    if (symbol.size() > 11) unknown(symbol);  // beyond any int: no walk can be that long
    const int steps = std::stoi(std::string(symbol));
    for (const auto& head : map.real_heads()) {
      if (!branch.empty()) {
        const auto labels = map.branch_labels(head, false);
        if (std::find(labels.begin(), labels.end(), branch) == labels.end()) continue;
      }
      out.push_back(walk(map, Point::at(head), steps, {}, false, symbol));
    }
    return out;
  }
  out.push_back(Point::at(ident(map, symbol, branch)));
  return out;
}

Point resolve_one(const RevisionMap& map, std::string_view branch, std::string_view symbol) {
  const auto points = resolve_symbol(map, branch, symbol);
  if (points.size() > 1) {
    std::vector<std::string> ids;
    for (const auto& p : points) ids.push_back(p.kind == Point::Kind::revision ? p.id : "base");
    throw RevisionError("'" + std::string(symbol) + "' names " + std::to_string(points.size()) +
                            " revisions: " + join(ids),
                        "name one of them");
  }
  return points.empty() ? Point::below_base() : points.front();
}

Point walk(const RevisionMap& map, const Point& start, int steps, std::string_view branch,
           bool stop_at_end, std::string_view what) {
  Point at = start;
  const long long count = steps < 0 ? -static_cast<long long>(steps) : steps;
  for (long long i = 0; i < count; ++i) {
    std::vector<Point> next;
    if (steps > 0) {
      const auto& up = at.kind == Point::Kind::revision ? map.children(at.id) : map.bases();
      for (const auto& id : in_branch(map, up, branch)) next.push_back(Point::at(id));
    } else if (at.kind == Point::Kind::revision) {
      const auto& parents = map.get(at.id).down_revisions;
      for (const auto& id : parents) next.push_back(Point::at(id));
      if (parents.empty()) next.push_back(Point::below_base());
    }
    if (next.empty()) return stop_at_end ? at : Point{};
    if (next.size() > 1) {
      std::vector<std::string> ids;
      for (const auto& p : next) ids.push_back(p.id);
      const std::string from = at.kind == Point::Kind::revision ? at.id : std::string("base");
      throw RevisionError("'" + std::string(what) + "' is an ambiguous walk: " +
                              (steps > 0 ? from + " branches into " + join(ids)
                                         : from + " is a merge of " + join(ids)),
                          "name the revision on the branch you mean, or count from it: "
                          "<revision>" +
                              std::string(steps > 0 ? "+" : "-") + "N");
    }
    at = next.front();
  }
  return at;
}

}  // namespace migctl

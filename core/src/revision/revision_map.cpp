#include "revision/revision_map.hpp"

#include <algorithm>
#include <functional>
#include <limits>
#include <queue>
#include <utility>

#include "revision/describe.hpp"

namespace migctl {
namespace {

using revision_text::describe;
using revision_text::join;

constexpr std::size_t kMaxIdLength = 32;  // alembic_version.version_num is VARCHAR(32)
constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();

struct Problem {
  std::string message;
  std::string hint;
};

// Reports every validation problem at once, so a broken set of plugins is fixed in one pass.
[[noreturn]] void throw_problems(const std::vector<Problem>& problems) {
  if (problems.size() == 1) throw RevisionError(problems[0].message, problems[0].hint);
  std::string message = std::to_string(problems.size()) + " problems in the loaded revisions:";
  std::vector<std::string> hints;
  for (const auto& problem : problems) {
    message += "\n  - " + problem.message;
    if (!problem.hint.empty() && std::find(hints.begin(), hints.end(), problem.hint) == hints.end())
      hints.push_back(problem.hint);
  }
  throw RevisionError(message, join(hints, " "));
}

[[noreturn]] void throw_unknown(std::string_view id) {
  throw RevisionError("no revision '" + std::string(id) + "' in the loaded migration sets",
                      "run `migctl history` to list every loaded revision");
}

std::string source_of(const Revision& revision) {
  return revision.source.empty() ? std::string("an unknown file") : revision.source;
}

// Marks `start` and everything reachable from it through `edges`; returns the marked
// positions. O(reached vertices + their edges).
std::vector<std::size_t> reach(const std::vector<std::size_t>& start,
                               const std::vector<std::vector<std::size_t>>& edges) {
  std::vector<char> seen(edges.size(), 0);
  std::vector<std::size_t> reached;
  std::vector<std::size_t> stack(start);
  while (!stack.empty()) {
    const std::size_t at = stack.back();
    stack.pop_back();
    if (seen[at]) continue;
    seen[at] = 1;
    reached.push_back(at);
    for (std::size_t next : edges[at])
      if (!seen[next]) stack.push_back(next);
  }
  return reached;
}

}  // namespace

RevisionMap::RevisionMap(std::vector<Revision> revisions) : revisions_(std::move(revisions)) {
  index_revisions();
  order_topologically();
}

void RevisionMap::index_revisions() {
  const std::size_t n = revisions_.size();
  std::vector<Problem> problems;

  for (std::size_t i = 0; i < n; ++i) {
    const Revision& r = revisions_[i];
    if (r.id.empty()) {
      problems.push_back({"a revision in " + source_of(r) + " has an empty id",
                          "give every revision an id of 1 to 32 characters"});
      continue;
    }
    if (r.id.size() > kMaxIdLength)
      problems.push_back({"revision id " + describe(r) + " is " + std::to_string(r.id.size()) +
                              " characters long; at most 32 fit in alembic_version.version_num",
                          "give every revision an id of 1 to 32 characters"});
    const auto [it, inserted] = index_.emplace(r.id, i);
    if (!inserted)
      problems.push_back({"duplicate revision id '" + r.id + "': declared in " +
                              source_of(revisions_[it->second]) + " and in " + source_of(r),
                          "revision ids must be unique across every loaded migration set"});
  }

  requires_.assign(n, {});
  required_by_.assign(n, {});
  for (std::size_t i = 0; i < n; ++i) {
    const Revision& r = revisions_[i];
    const auto link = [&](const std::string& ref, const char* field) {
      if (ref == r.id) {
        problems.push_back({"revision " + describe(r) + " lists itself in its " + field,
                            "a revision cannot require itself"});
        return;
      }
      const auto it = index_.find(ref);
      if (it == index_.end()) {
        problems.push_back({"revision " + describe(r) + " names '" + ref + "' in its " + field +
                                ", which is not in the loaded migration sets",
                            "check the id, or load the migration set that declares it"});
        return;
      }
      requires_[i].push_back(it->second);
    };
    for (const auto& parent : r.down_revisions) link(parent, "down_revisions");
    for (const auto& dependency : r.depends_on) link(dependency, "depends_on");
    // A parent also listed in depends_on (Alembic allows it) is one edge, not two.
    auto& reqs = requires_[i];
    std::sort(reqs.begin(), reqs.end());
    reqs.erase(std::unique(reqs.begin(), reqs.end()), reqs.end());
    for (std::size_t parent : reqs) required_by_[parent].push_back(i);
  }

  for (std::size_t i = 0; i < n; ++i) {
    const Revision& r = revisions_[i];
    for (const auto& label : r.branch_labels) {
      if (label.empty()) {
        problems.push_back(
            {"revision " + describe(r) + " has an empty branch label", "remove the empty label"});
        continue;
      }
      if (const auto id = index_.find(label); id != index_.end())
        problems.push_back({"branch label '" + label + "' of revision " + describe(r) +
                                " is also the id of revision " + describe(revisions_[id->second]),
                            "labels and ids share one namespace: rename the label"});
      const auto [it, inserted] = labels_.emplace(label, r.id);
      if (!inserted && it->second != r.id)
        problems.push_back({"branch label '" + label + "' is used by both revision " +
                                describe(revisions_[index_.find(it->second)->second]) +
                                " and revision " + describe(r),
                            "branch labels must be unique across every loaded revision"});
    }
  }

  if (!problems.empty()) throw_problems(problems);
}

void RevisionMap::order_topologically() {
  const std::size_t n = revisions_.size();
  // Ties are broken by id: rank is the position in id order (index_ is sorted).
  std::vector<std::size_t> rank(n);
  std::vector<std::size_t> by_rank(n);
  std::size_t next_rank = 0;
  for (const auto& entry : index_) {
    rank[entry.second] = next_rank;
    by_rank[next_rank++] = entry.second;
  }

  // Kahn's algorithm with a min-heap of ranks: O((V + E) log V).
  std::vector<std::size_t> unmet(n);
  std::priority_queue<std::size_t, std::vector<std::size_t>, std::greater<>> ready;
  for (std::size_t i = 0; i < n; ++i) {
    unmet[i] = requires_[i].size();
    if (unmet[i] == 0) ready.push(rank[i]);
  }
  topo_.reserve(n);
  topo_index_.assign(n, kNone);
  while (!ready.empty()) {
    const std::size_t at = by_rank[ready.top()];
    ready.pop();
    topo_index_[at] = topo_.size();
    topo_.push_back(revisions_[at].id);
    for (std::size_t child : required_by_[at])
      if (--unmet[child] == 0) ready.push(rank[child]);
  }

  if (topo_.size() < n) {
    // Every unordered revision still requires an unordered one, so following such edges
    // from any of them must revisit one: that loop is a cycle.
    std::size_t at = kNone;
    for (std::size_t i = 0; i < n; ++i)
      if (topo_index_[i] == kNone && (at == kNone || rank[i] < rank[at])) at = i;
    std::vector<std::size_t> path;
    std::vector<std::size_t> step(n, kNone);
    while (step[at] == kNone) {
      step[at] = path.size();
      path.push_back(at);
      std::size_t next = kNone;
      for (std::size_t parent : requires_[at])
        if (topo_index_[parent] == kNone && (next == kNone || rank[parent] < rank[next]))
          next = parent;
      at = next;
    }
    // path[step[at]..] runs child -> parent; print it parent -> child like `history`,
    // starting at the smallest id so the message is stable.
    std::vector<std::size_t> cycle(path.begin() + static_cast<std::ptrdiff_t>(step[at]),
                                   path.end());
    std::reverse(cycle.begin(), cycle.end());
    std::rotate(cycle.begin(),
                std::min_element(cycle.begin(), cycle.end(),
                                 [&](std::size_t a, std::size_t b) { return rank[a] < rank[b]; }),
                cycle.end());
    std::vector<std::string> ids;
    std::vector<std::string> described;
    for (std::size_t pos : cycle) {
      ids.push_back(revisions_[pos].id);
      described.push_back(describe(revisions_[pos]));
    }
    ids.push_back(ids.front());
    throw RevisionError("cycle: " + join(ids, " -> ") + " (revisions " + join(described) + ")",
                        "down_revisions and depends_on must only name older revisions");
  }

  children_.assign(n, {});
  for (const auto& id : topo_) {
    const std::size_t child = index_.find(id)->second;
    for (const auto& parent : revisions_[child].down_revisions) {
      auto& siblings = children_[index_.find(parent)->second];
      // Visiting children in topological order keeps each list sorted; a parent named
      // twice by the same child is listed once.
      if (siblings.empty() || siblings.back() != id) siblings.push_back(id);
    }
  }
  for (const auto& id : topo_) {
    const std::size_t at = index_.find(id)->second;
    if (children_[at].empty()) heads_.push_back(id);
    if (revisions_[at].down_revisions.empty()) bases_.push_back(id);
  }
}

std::size_t RevisionMap::position(std::string_view id) const {
  const auto it = index_.find(id);
  if (it == index_.end()) throw_unknown(id);
  return it->second;
}

std::vector<std::size_t> RevisionMap::positions(const std::vector<std::string>& ids) const {
  std::vector<std::size_t> out;
  out.reserve(ids.size());
  for (const auto& id : ids) out.push_back(position(id));
  return out;
}

bool RevisionMap::contains(std::string_view id) const {
  return index_.find(id) != index_.end();
}

const Revision& RevisionMap::get(std::string_view id) const {
  return revisions_[position(id)];
}

std::size_t RevisionMap::topological_index(std::string_view id) const {
  return topo_index_[position(id)];
}

const std::vector<std::string>& RevisionMap::children(std::string_view id) const {
  return children_[position(id)];
}

std::string RevisionMap::resolve(std::string_view text) const {
  if (text.empty())
    throw RevisionError("empty revision id", "run `migctl history` to list every loaded revision");
  if (const auto it = index_.find(text); it != index_.end()) return it->first;
  if (const auto it = labels_.find(text); it != labels_.end()) return it->second;
  // "<id-or-label>+N" / "-N": N revisions above or below a revision.
  if (const auto sign = text.find_last_of("+-");
      sign != std::string_view::npos && sign > 0 && sign + 1 < text.size()) {
    const std::string_view digits = text.substr(sign + 1);
    if (std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
        digits.size() < 10) {
      const int count = std::stoi(std::string(digits));
      return step_from(resolve(text.substr(0, sign)), text[sign] == '-' ? -count : count, text);
    }
  }
  if (const auto at = text.rfind('@'); at != std::string_view::npos)
    return branch_head(text.substr(0, at), text);

  std::vector<std::string> matches;
  for (auto it = index_.lower_bound(text);
       it != index_.end() && std::string_view(it->first).substr(0, text.size()) == text; ++it)
    matches.push_back(it->first);
  if (matches.empty()) throw_unknown(text);
  if (matches.size() > 1)
    throw RevisionError(
        "revision prefix '" + std::string(text) + "' is ambiguous: it matches " + join(matches),
        "type more characters of the id");
  return matches.front();
}

std::string RevisionMap::step_from(const std::string& id, int steps,
                                   std::string_view target) const {
  std::string at = id;
  for (int i = 0; i < (steps < 0 ? -steps : steps); ++i) {
    const Revision& r = get(at);
    if (steps < 0) {
      // Down along first parents: the line `downgrade -N` follows.
      if (r.down_revisions.empty())
        throw RevisionError("'" + std::string(target) + "' goes below base: " + at +
                                " is a base, " + std::to_string(i) + " step" + (i == 1 ? "" : "s") +
                                " below " + id,
                            "use a smaller count, or `base`");
      at = r.down_revisions.front();
    } else {
      const auto& next = children(at);
      if (next.empty())
        throw RevisionError("'" + std::string(target) + "' goes beyond head: " + at +
                                " is a head, " + std::to_string(i) + " step" + (i == 1 ? "" : "s") +
                                " above " + id,
                            "use a smaller count, or `heads`");
      if (next.size() > 1)
        throw RevisionError("'" + std::string(target) + "' is ambiguous: " + at +
                                " is a branch point with children " + join(next),
                            "name the revision on the branch you mean");
      at = next.front();
    }
  }
  return at;
}

std::set<std::string> RevisionMap::branch_members(std::string_view label) const {
  std::set<std::string> out;
  std::vector<std::size_t> stack{position(resolve(label))};
  while (!stack.empty()) {
    const std::size_t at = stack.back();
    stack.pop_back();
    if (!out.insert(revisions_[at].id).second) continue;
    for (const auto& child : children_[at]) stack.push_back(position(child));
  }
  return out;
}

std::string RevisionMap::branch_head(std::string_view id, std::string_view target) const {
  if (target.substr(id.size() + 1) != "head")
    throw RevisionError("'" + std::string(target) + "' does not name one revision",
                        "<label>@base, <label>@+N and <label>@-N are upgrade/downgrade targets; "
                        "<label>@head names the branch's head");
  std::vector<std::string> heads;
  for (const auto& member : branch_members(id))
    if (children(member).empty()) heads.push_back(member);
  if (heads.size() == 1) return heads.front();
  std::sort(heads.begin(), heads.end(), [this](const std::string& a, const std::string& b) {
    return topological_index(a) < topological_index(b);
  });
  throw RevisionError(
      "'" + std::string(target) + "' is ambiguous: the branch has several heads: " + join(heads),
      "name one of those heads, or join them with `migctl merge`");
}

std::set<std::string> RevisionMap::ancestors(const std::vector<std::string>& ids) const {
  std::set<std::string> out;
  for (std::size_t pos : reach(positions(ids), requires_)) out.insert(revisions_[pos].id);
  return out;
}

std::set<std::string> RevisionMap::descendants(const std::vector<std::string>& ids) const {
  std::set<std::string> out;
  for (std::size_t pos : reach(positions(ids), required_by_)) out.insert(revisions_[pos].id);
  return out;
}

std::set<std::string> RevisionMap::applied_from_rows(const std::vector<std::string>& rows) const {
  for (const auto& row : rows)
    if (!contains(row))
      throw RevisionError(
          "the database is at '" + row + "', which no loaded plugin provides",
          "load the migration set that declares it (`migctl history` lists what is loaded), "
          "or check that DATABASE_CONN names the right database");
  return ancestors(rows);
}

std::vector<std::string> RevisionMap::rows_for(const std::set<std::string>& applied) const {
  // Marks everything some member requires, transitively, visiting each revision once:
  // O(V + E) whatever the size of `applied`. The unmarked members are the rows.
  std::vector<std::size_t> members;
  members.reserve(applied.size());
  for (const auto& id : applied) members.push_back(position(id));
  std::vector<char> required(revisions_.size(), 0);
  std::vector<std::size_t> stack;
  for (std::size_t member : members) {
    stack.assign(requires_[member].begin(), requires_[member].end());
    while (!stack.empty()) {
      const std::size_t at = stack.back();
      stack.pop_back();
      if (required[at]) continue;
      required[at] = 1;
      for (std::size_t parent : requires_[at])
        if (!required[parent]) stack.push_back(parent);
    }
  }
  std::vector<std::size_t> rows;
  for (std::size_t member : members)
    if (!required[member]) rows.push_back(member);
  std::sort(rows.begin(), rows.end(),
            [this](std::size_t a, std::size_t b) { return topo_index_[a] < topo_index_[b]; });
  std::vector<std::string> out;
  out.reserve(rows.size());
  for (std::size_t pos : rows) out.push_back(revisions_[pos].id);
  return out;
}

std::vector<std::string> RevisionMap::in_topological_order(const std::set<std::string>& ids) const {
  std::vector<std::size_t> order;
  order.reserve(ids.size());
  for (const auto& id : ids) order.push_back(position(id));
  std::sort(order.begin(), order.end(),
            [this](std::size_t a, std::size_t b) { return topo_index_[a] < topo_index_[b]; });
  std::vector<std::string> out;
  out.reserve(order.size());
  for (std::size_t pos : order) out.push_back(revisions_[pos].id);
  return out;
}

}  // namespace migctl

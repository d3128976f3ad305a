#include "revision/revision_map.hpp"

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <limits>
#include <queue>
#include <utility>

#include "revision/describe.hpp"
#include "revision/resolve.hpp"
#include "revision/target.hpp"

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

RevisionMap::RevisionMap(std::vector<Revision> revisions,
                         std::map<std::string, std::string> automatic_labels)
    : revisions_(std::move(revisions)) {
  index_revisions();
  order_topologically();
  for (auto& [label, id] : automatic_labels)
    if (!index_.count(label) && !labels_.count(label) && index_.count(id))
      automatic_labels_.emplace(label, id);
  inherit_labels(automatic_labels);
}

void RevisionMap::inherit_labels(const std::map<std::string, std::string>& automatic) {
  const std::size_t n = revisions_.size();
  // Alembic gives every revision below a labelled one (through children) its labels; when
  // the last revision its walk reaches lies on a plain line, the line below it down to a
  // branch point or merge gets them too. Labelled revisions are taken in declaration order.
  //
  // Alembic walks again from every revision that has labels by then, inherited ones too.
  // Here only the revisions that declare labels are walked: an inheriting revision's
  // descendants already have its labels, so its walk could differ only in the plain line
  // below its last descendant — no graph of the differential test against Alembic shows
  // such a case — while walking every inheriting revision made loading a graph quadratic
  // (8.6 s for `heads` on 10,000 revisions, 0.04 s without).
  const auto spread = [&](std::vector<std::set<std::string>>& labels) {
    std::vector<std::size_t> sources;
    for (std::size_t r = 0; r < n; ++r)
      if (!labels[r].empty()) sources.push_back(r);
    for (const std::size_t r : sources) {
      const std::set<std::string> own = labels[r];
      std::vector<char> seen(n, 0);
      std::vector<std::size_t> stack{r};
      std::size_t last = r;
      while (!stack.empty()) {
        const std::size_t at = stack.back();
        stack.pop_back();
        if (seen[at]) continue;
        seen[at] = 1;
        for (const auto& child : children_[at]) stack.push_back(index_.find(child)->second);
        labels[at].insert(own.begin(), own.end());
        last = at;
      }
      for (std::size_t at = last;;) {
        if (required_by_[at].size() > 1 || revisions_[at].down_revisions.size() > 1) break;
        labels[at].insert(own.begin(), own.end());
        if (revisions_[at].down_revisions.empty()) break;
        at = index_.find(revisions_[at].down_revisions.front())->second;
      }
    }
  };
  printed_labels_.assign(n, {});
  for (std::size_t i = 0; i < n; ++i)
    printed_labels_[i].insert(revisions_[i].branch_labels.begin(),
                              revisions_[i].branch_labels.end());
  all_labels_ = printed_labels_;
  for (const auto& [label, id] : automatic)
    if (automatic_labels_.count(label)) all_labels_[index_.find(id)->second].insert(label);
  spread(printed_labels_);
  spread(all_labels_);

  // Normalized requirements: depends_on already declared by a down_revisions-ancestor go.
  normalized_.assign(n, {});
  for (std::size_t i = 0; i < n; ++i) {
    const Revision& r = revisions_[i];
    std::vector<std::string>& out = normalized_[i];
    for (const auto& parent : r.down_revisions)
      if (std::find(out.begin(), out.end(), parent) == out.end()) out.push_back(parent);
    if (r.depends_on.empty()) continue;
    std::set<std::string> inherited;
    std::vector<std::size_t> stack;
    for (const auto& parent : r.down_revisions) stack.push_back(index_.find(parent)->second);
    std::vector<char> seen(n, 0);
    while (!stack.empty()) {
      const std::size_t at = stack.back();
      stack.pop_back();
      if (seen[at]) continue;
      seen[at] = 1;
      inherited.insert(revisions_[at].depends_on.begin(), revisions_[at].depends_on.end());
      for (const auto& parent : revisions_[at].down_revisions)
        stack.push_back(index_.find(parent)->second);
    }
    for (const auto& dependency : r.depends_on)
      if (!inherited.count(dependency) &&
          std::find(out.begin(), out.end(), dependency) == out.end())
        out.push_back(dependency);
  }
}

std::vector<std::string> RevisionMap::branch_labels(std::string_view id, bool printable) const {
  const auto& labels = (printable ? printed_labels_ : all_labels_)[position(id)];
  return {labels.begin(), labels.end()};
}

std::string RevisionMap::label_revision(std::string_view label) const {
  if (const auto it = labels_.find(label); it != labels_.end()) return it->second;
  if (const auto it = automatic_labels_.find(label); it != automatic_labels_.end())
    return it->second;
  return {};
}

std::vector<std::string> RevisionMap::label_names() const {
  std::vector<std::string> out;
  for (const auto& entry : labels_) out.push_back(entry.first);
  for (const auto& entry : automatic_labels_) out.push_back(entry.first);
  std::sort(out.begin(), out.end());
  return out;
}

const std::vector<std::string>& RevisionMap::normalized_requirements(std::string_view id) const {
  return normalized_[position(id)];
}

std::set<std::string> RevisionMap::branch_descendants(const std::vector<std::string>& ids) const {
  std::set<std::string> out;
  std::vector<std::size_t> stack = positions(ids);
  while (!stack.empty()) {
    const std::size_t at = stack.back();
    stack.pop_back();
    if (!out.insert(revisions_[at].id).second) continue;
    for (const auto& child : children_[at]) stack.push_back(index_.find(child)->second);
  }
  return out;
}

bool RevisionMap::shares_lineage(std::string_view id, std::string_view other,
                                 bool dependencies) const {
  const std::size_t from = position(id);
  const std::size_t to = position(other);
  if (from == to) return true;
  // Down from `id` (ancestors), then up from `id` (descendants).
  for (int direction = 0; direction < 2; ++direction) {
    std::vector<char> seen(revisions_.size(), 0);
    std::vector<std::size_t> stack{from};
    while (!stack.empty()) {
      const std::size_t at = stack.back();
      stack.pop_back();
      if (seen[at]) continue;
      seen[at] = 1;
      if (at == to) return true;
      if (direction == 0) {
        if (dependencies)
          stack.insert(stack.end(), requires_[at].begin(), requires_[at].end());
        else
          for (const auto& parent : revisions_[at].down_revisions)
            stack.push_back(index_.find(parent)->second);
      } else {
        if (dependencies)
          stack.insert(stack.end(), required_by_[at].begin(), required_by_[at].end());
        else
          for (const auto& child : children_[at]) stack.push_back(index_.find(child)->second);
      }
    }
  }
  return false;
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
  for (std::size_t child = 0; child < n; ++child) {
    const std::string& id = revisions_[child].id;
    for (const auto& parent : revisions_[child].down_revisions) {
      auto& siblings = children_[index_.find(parent)->second];
      // A parent named twice by the same child is listed once.
      if (siblings.empty() || siblings.back() != id) siblings.push_back(id);
    }
  }
  for (std::size_t at = 0; at < n; ++at) {
    if (children_[at].empty()) heads_.push_back(revisions_[at].id);
    if (children_[at].empty() && required_by_[at].empty()) real_heads_.push_back(revisions_[at].id);
    if (revisions_[at].down_revisions.empty()) bases_.push_back(revisions_[at].id);
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
  const Target target = parse_target(text);
  Point point;
  switch (target.kind) {
    case Target::Kind::head:
      point = resolve_one(*this, target.branch, "head");
      break;
    case Target::Kind::heads:
      point = resolve_one(*this, target.branch, "heads");
      break;
    case Target::Kind::base:
      break;
    case Target::Kind::revision:
      point = resolve_one(*this, target.branch, target.revision);
      break;
    case Target::Kind::relative: {
      if (target.revision.empty())
        throw RevisionError("'" + std::string(text) +
                                "' counts from the database's current "
                                "revision, which is not known here",
                            "count from a revision: " +
                                (target.branch.empty() ? std::string() : target.branch + "@") +
                                "<revision>" + (target.steps > 0 ? "+" : "-") +
                                std::to_string(std::abs(target.steps)));
      const bool up = target.steps > 0;
      const Point start = resolve_one(*this, up ? std::string() : target.branch, target.revision);
      point = walk(*this, start, target.steps, up ? target.branch : "", false, text);
      if (point.kind == Point::Kind::none)
        throw RevisionError(
            "'" + std::string(text) + "' goes " + (up ? "beyond a head" : "below base"),
            "use a smaller count");
      break;
    }
  }
  if (point.kind != Point::Kind::revision)
    throw RevisionError("'" + std::string(text) + "' names no revision (it is base)",
                        "name a revision: `migctl history` lists them");
  return point.id;
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

// RevisionMap: the graph of every loaded revision. Pure data: no I/O, no database.
//
// Modelled on Alembic's RevisionMap. Edges:
// - down_revisions: parent links. A revision with none is a base; with several, a merge.
//   "heads" are revisions that no revision names as a down_revision (Alembic's meaning).
// - depends_on: ordering-only links to revisions of any branch. They take part in
//   ancestry (what must be applied first) but never make a revision a non-head.
//
// Applied state: the database stores "version rows" (alembic_version). The applied set is
// every revision reachable from the rows through down_revisions and depends_on; the rows
// are the maximal elements of the applied set.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "migctl/error.hpp"
#include "migctl/revision.hpp"

namespace migctl {

// Graph errors carry ExitCode::data.
class RevisionError : public Error {
 public:
  explicit RevisionError(const std::string& message, std::string hint = {})
      : Error(ExitCode::data, message, std::move(hint)) {}
};

class RevisionMap {
 public:
  // Validates and indexes `revisions`. Throws RevisionError naming the revision(s) and
  // their source files for: empty or over-long (>32) id, duplicate id, a down_revision or
  // depends_on that does not exist, a revision listing itself, a cycle (the message shows
  // the cycle path, parent -> child), a branch label that is empty, used twice or equal to a
  // revision id. All problems but a cycle are reported together in one error.
  //
  // `automatic_labels` (label -> revision id) are extra branch labels that resolve and
  // scope targets like declared ones but are never printed (revision/set_labels.hpp).
  explicit RevisionMap(std::vector<Revision> revisions,
                       std::map<std::string, std::string> automatic_labels = {});

  bool contains(std::string_view id) const;
  const Revision& get(std::string_view id) const;  // throws RevisionError if unknown
  std::size_t size() const { return revisions_.size(); }

  // One revision, as Alembic's get_revision reads a symbol (revision/resolve.hpp): a full
  // id; a branch label; a unique prefix (of an id or label longer than three characters);
  // head / heads / <branch>@head when that is one revision; "<branch>@<rev>";
  // "<rev>+N" / "<rev>-N" (N steps up through children, or down through parents; a branch
  // point up or a merge point down is ambiguous). Throws RevisionError for an unknown,
  // ambiguous or base result, Error(usage) for malformed text (revision/target.hpp).
  std::string resolve(std::string_view id_or_prefix) const;

  // The branch that starts at `label` (a label or anything resolve() takes): that revision
  // and everything reached from it through children (down_revisions links only).
  std::set<std::string> branch_members(std::string_view label) const;

  // In declaration order: the order the plugins list their revisions (Alembic: the order
  // it lists the version files). heads(): no revision names it as a down_revision
  // (Alembic's heads, "effective" heads included); real_heads(): nothing requires it at
  // all, not even through depends_on; bases(): no down_revisions.
  const std::vector<std::string>& heads() const { return heads_; }
  const std::vector<std::string>& real_heads() const { return real_heads_; }
  const std::vector<std::string>& bases() const { return bases_; }
  std::size_t declaration_index(std::string_view id) const { return position(id); }
  bool is_real_head(std::string_view id) const { return required_by_[position(id)].empty(); }

  // A revision's branch labels as Alembic computes them: its own, those of every labelled
  // revision it descends from through down_revisions, and (when a labelled revision's
  // descendants form one line) those of the line below it down to a branch point or merge.
  // `printable` leaves the automatic labels out. Sorted.
  std::vector<std::string> branch_labels(std::string_view id, bool printable) const;
  // The revision a label (declared or automatic) names; empty when `label` is none.
  std::string label_revision(std::string_view label) const;
  std::vector<std::string> label_names() const;  // declared and automatic, sorted

  // down_revisions, then depends_on that no down_revisions-ancestor already depends on
  // (Alembic's "normalized" requirements); each once, in declared order.
  const std::vector<std::string>& normalized_requirements(std::string_view id) const;

  // Whether `id` is `other`, an ancestor or a descendant of it through down_revisions
  // only (with `dependencies`, through depends_on too): Alembic's "shares lineage".
  bool shares_lineage(std::string_view id, std::string_view other, bool dependencies = false) const;
  // Descendants through down_revisions only, `ids` included.
  std::set<std::string> branch_descendants(const std::vector<std::string>& ids) const;

  // Every revision, each after all its down_revisions and depends_on. Ties are broken by
  // id (lexicographic), so the order is the same on every run and every machine.
  const std::vector<std::string>& topological_order() const { return topo_; }
  std::size_t topological_index(std::string_view id) const;

  // Direct children (revisions naming `id` as a down_revision), in declaration order.
  const std::vector<std::string>& children(std::string_view id) const;

  // `ids` and everything they (transitively) require through down_revisions and
  // depends_on.
  std::set<std::string> ancestors(const std::vector<std::string>& ids) const;
  // `ids` and everything that (transitively) requires them.
  std::set<std::string> descendants(const std::vector<std::string>& ids) const;

  // Version rows -> applied set (ancestors of the rows). Throws RevisionError for a row
  // that is not a known revision ("the database is at X, which no loaded plugin
  // provides").
  std::set<std::string> applied_from_rows(const std::vector<std::string>& rows) const;

  // Applied set -> version rows: the members that no other member requires (directly or
  // transitively). Sorted by topological position. O(V + E) whatever the set's size.
  std::vector<std::string> rows_for(const std::set<std::string>& applied) const;

  // Sorts ids by topological position.
  std::vector<std::string> in_topological_order(const std::set<std::string>& ids) const;

 private:
  std::size_t position(std::string_view id) const;  // throws RevisionError if unknown
  std::vector<std::size_t> positions(const std::vector<std::string>& ids) const;
  void index_revisions();
  void order_topologically();
  void inherit_labels(const std::map<std::string, std::string>& automatic);

  std::vector<Revision> revisions_;
  std::map<std::string, std::size_t, std::less<>> index_;   // id -> position in revisions_
  std::map<std::string, std::string, std::less<>> labels_;  // branch label -> id
  std::vector<std::vector<std::string>> children_;          // by position in revisions_
  std::vector<std::vector<std::size_t>> requires_;          // parents + depends_on
  std::vector<std::vector<std::size_t>> required_by_;       // reverse of requires_
  std::vector<std::string> topo_;
  std::vector<std::size_t> topo_index_;  // by position in revisions_
  std::vector<std::string> heads_;
  std::vector<std::string> real_heads_;
  std::vector<std::string> bases_;
  std::map<std::string, std::string, std::less<>> automatic_labels_;  // label -> id
  std::vector<std::set<std::string>> all_labels_;                     // by position
  std::vector<std::set<std::string>> printed_labels_;                 // by position
  std::vector<std::vector<std::string>> normalized_;                  // by position
};

}  // namespace migctl

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
  explicit RevisionMap(std::vector<Revision> revisions);

  bool contains(std::string_view id) const;
  const Revision& get(std::string_view id) const;  // throws RevisionError if unknown
  std::size_t size() const { return revisions_.size(); }

  // Resolves to a full id, trying in order: a full id; a branch label (which names the
  // revision carrying it); "<id-or-label>@head" (the single head reached from that revision
  // through children); "<x>+N" / "<x>-N" with x any of these forms (N revisions above x
  // through children, or below it through first parents, as `downgrade -N` walks); a unique
  // id prefix. Throws RevisionError: unknown ("no revision 'x'"), ambiguous prefix listing
  // every candidate (sorted), an "@head" with several heads, a "+N" that meets a branch
  // point (listing its children) or a head, a "-N" that goes below a base.
  std::string resolve(std::string_view id_or_prefix) const;

  // The branch that starts at `label` (a label or anything resolve() takes): that revision
  // and everything reached from it through children (down_revisions links only).
  std::set<std::string> branch_members(std::string_view label) const;

  // Sorted by topological position (deterministic, see topological_order()).
  const std::vector<std::string>& heads() const { return heads_; }
  const std::vector<std::string>& bases() const { return bases_; }

  // Every revision, each after all its down_revisions and depends_on. Ties are broken by
  // id (lexicographic), so the order is the same on every run and every machine.
  const std::vector<std::string>& topological_order() const { return topo_; }
  std::size_t topological_index(std::string_view id) const;

  // Direct children (revisions naming `id` as a down_revision), in topological order.
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
  std::string branch_head(std::string_view id, std::string_view target) const;
  std::string step_from(const std::string& id, int steps, std::string_view target) const;
  void index_revisions();
  void order_topologically();

  std::vector<Revision> revisions_;
  std::map<std::string, std::size_t, std::less<>> index_;   // id -> position in revisions_
  std::map<std::string, std::string, std::less<>> labels_;  // branch label -> id
  std::vector<std::vector<std::string>> children_;          // by position in revisions_
  std::vector<std::vector<std::size_t>> requires_;          // parents + depends_on
  std::vector<std::vector<std::size_t>> required_by_;       // reverse of requires_
  std::vector<std::string> topo_;
  std::vector<std::size_t> topo_index_;  // by position in revisions_
  std::vector<std::string> heads_;
  std::vector<std::string> bases_;
};

}  // namespace migctl

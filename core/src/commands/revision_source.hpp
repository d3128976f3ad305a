// `create` and `merge`: write new revision source files from the templates in
// migrations/templates/, as Alembic's `revision` and `merge` write scripts.
//
// The graph they extend is read from the revision sources themselves (every
// migrations/<set>/versions/*.cpp, plus --versions-dir), not from built plugins, so two
// `create`s in a row chain correctly before anything is rebuilt. A source file is read for
// `r.id = "..."`, `r.down_revisions = {...}`, `r.depends_on = {...}` and
// `r.branch_labels = {...}`, as the template and the Aksara files write them.
#pragma once

#include <string>
#include <vector>

#include "revision/revision_map.hpp"

namespace migctl {

struct SourceOptions {
  std::string message;                  // required
  std::string set;                      // --set: migrations/<set>/versions/
  std::string versions_dir;             // --versions-dir: overrides --set's directory
  std::string working_dir;              // where to search upward for migrations/
  std::string head;                     // create --head: parent (id, prefix, label@head, "base")
  std::string branch_label;             // create --branch-label
  std::vector<std::string> depends_on;  // create --depends-on (repeatable)
  std::string rev_id;                   // --rev-id: the new id instead of a generated one
  std::vector<std::string> parents;     // merge: the revisions to join ("heads" = every head)
  bool undo = false;                    // create in a Flyway directory: also the U file
};

struct SourceResult {
  std::string id;
  std::string path;  // the file written
  std::vector<std::string> down_revisions;
  std::vector<std::string> depends_on;
  std::string set;
  std::vector<std::string> paths;  // every file written, `path` first
  std::string format;              // a SQL set's format (sql_format_name); empty for C++
};

// Writes <versions>/<id>_<slug>.cpp (<id>.cpp when the id is "<number>_<name>") with
// down_revisions = the set's single head (or --head). Id: when every id of the set is a
// zero-padded number, the next one ("003"); when they are numbers with names
// ("002_refresh_tokens"), the next number with the message's slug
// ("003_add_user_email_verification", at most 32 characters); otherwise 12 random hex
// digits (Alembic's form). Errors: Error(usage) for a missing
// message, an unknown or ambiguous set; Error(config) when migrations/ or the template
// cannot be found or the file exists; RevisionError (data) when the set has several heads
// (listing them; use --head or `migctl merge`), for an unknown --head / --depends-on, or
// when the new revision would break the graph (duplicate id or label).
SourceResult create_revision(const SourceOptions& options);

// Writes a merge revision (no upgrade, no downgrade: a reversible no-op) whose
// down_revisions are `options.parents`, resolved; into --set, else the set of the first
// parent. RevisionError for fewer than two distinct parents or unknown ones.
SourceResult merge_revisions(const SourceOptions& options);

// Writes a new revision file. Throws Error(ExitCode::config) naming the file when it cannot.
void write_source_file(const std::string& path, const std::string& text);

// "Add user email verification" -> "add_user_email_verification" (at most 40 characters).
std::string slug_of(const std::string& message);

// The parents of a new revision of the set whose revisions are `in_set`, in the graph
// `map`: `head` resolved ("base": none), or else the set's head (none for an empty set).
// RevisionError listing the heads when the set has several (use --head or `migctl merge`),
// or for an unknown `head`.
std::vector<std::string> new_revision_parents(const RevisionMap& map,
                                              const std::vector<Revision>& in_set,
                                              const std::string& set, const std::string& head);

// 12 random hex digits (Alembic's form of id) that no revision of `all` uses.
std::string random_revision_id(const std::vector<Revision>& all);

}  // namespace migctl

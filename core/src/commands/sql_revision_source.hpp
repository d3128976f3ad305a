// `create` and `merge` for SQL-file sets (--migrations-dir): the new file(s) in the
// directory's own format (sqlfiles/sql_writer.hpp), read back before the command returns,
// so the set is usable at once (no build). C++ sets: commands/revision_source.hpp.
#pragma once

#include <optional>
#include <string>

#include "commands/revision_source.hpp"
#include "commands/run_config.hpp"

namespace migctl {

// The directory (as configured: "DIR" or "NAME=DIR") that `create` / `merge` write into
// when their target is a SQL set: the one of config.migrations_dirs whose set --set names,
// or without --set the only one configured. nullopt (a C++ set is meant) with
// --versions-dir, with no directory configured, or when --set names no directory's set.
// Error(usage) when several are configured and there is no --set.
std::optional<std::string> sql_target(const RunConfig& config, const SourceOptions& options);

// A new revision in the SQL directory `target`. The format is the directory's; an empty or
// missing directory (created) takes config.migrations_format, else migctl's own. Linear
// formats: the next version (sqlfiles/sql_writer.hpp), Error(usage) for --head,
// --depends-on, --branch-label (the hint points at the migctl format) and for --undo
// outside Flyway. migctl format: parents = --head or the set's head (RevisionError listing
// the heads when there are several), depends_on and --head resolved in the graph of every
// configured set (plugins and directories), id = --rev-id or 12 random hex digits.
// Error(config) when a file to write exists or cannot be written. After writing, the
// directory is read again; if it does not load, the new files are removed and the reader's
// error is thrown.
SourceResult create_sql_revision(const RunConfig& config, const std::string& target,
                                 const SourceOptions& options);

// A merge revision (no SQL) joining options.parents ("heads": every head of the target
// set) in a migctl-format directory; Error(usage) for a linear format, RevisionError for
// fewer than two distinct parents.
SourceResult merge_sql_revisions(const RunConfig& config, const std::string& target,
                                 const SourceOptions& options);

// create / merge in whichever set the options name: sql_target's directory, else the C++
// set (revision_source.hpp).
SourceResult create_revision_for(const RunConfig& config, const SourceOptions& options);
SourceResult merge_revisions_for(const RunConfig& config, const SourceOptions& options);

}  // namespace migctl

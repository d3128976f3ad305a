// One reader per format: the directory's entries of that format in, revisions out (ids,
// parents, messages, scripts, source files and the lines their scripts start on).
// Each throws Error(ExitCode::data) naming the file (and line) of a malformed migration.
#pragma once

#include <vector>

#include "migctl/revision.hpp"
#include "sqlfiles/dir_listing.hpp"

namespace migctl::sqlfiles {

using Entries = std::vector<const DirEntry*>;

// golang-migrate and sqlx: <version>_<title>.up.sql + .down.sql (a missing down file is an
// error), or sqlx's <version>_<title>.sql (up only: irreversible); sqlx's first line
// `-- no-transaction` makes it non-transactional. Id: the version as a number, as both
// tools store it (BIGINT): "0001" is "1".
std::vector<Revision> read_golang_migrate(const Entries& entries);

// dbmate: <version>_<title>.sql with `-- migrate:up` and optional `-- migrate:down`
// sections; `transaction:false` on either marker makes the revision non-transactional.
// Id: the version as written, as dbmate stores it (a string).
std::vector<Revision> read_dbmate(const Entries& entries);

// Flyway: V<version>__<description>.sql, optional U<version>__... undo (without one the
// revision is irreversible) and <file>.sql.conf with executeInTransaction. Id: the version
// with '_' written as '.', as Flyway stores it. Repeatable (R__), baseline (B) migrations
// and callbacks are refused naming the file.
std::vector<Revision> read_flyway(const Entries& entries);

// diesel: <version>_<name>/ with up.sql, down.sql and optional metadata.toml
// (run_in_transaction). Id: the version's digits ("2024-01-01-120000" -> "20240101120000"),
// as diesel stores it in __diesel_schema_migrations.
std::vector<Revision> read_diesel(const Entries& entries);

// migctl's own format (README "Migrations in SQL files"): the header gives the graph.
std::vector<Revision> read_migctl(const Entries& entries);

}  // namespace migctl::sqlfiles

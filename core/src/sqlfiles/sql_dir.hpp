// A directory of plain SQL migration files read as one migration set, in the layout of the
// tool the team comes from. Pure file reading: no database, no dialect (statements are
// parsed later by the driver, like a plugin's scripts).
//
// Formats (detected from the file names and first lines, or forced):
//   golang-migrate / sqlx   <version>_<title>.up.sql + <version>_<title>.down.sql
//   dbmate                  <version>_<title>.sql, sections `-- migrate:up` / `-- migrate:down`
//                           (option `transaction:false` on the marker line)
//   flyway                  V<version>__<description>.sql, optional U<version>__<...>.sql undo;
//                           versions 1, 1.1, 2.0.3 (or 2_0_3) ordered numerically
//   diesel                  <version>_<name>/up.sql + down.sql, one directory per migration
//   migctl                  <id>_<slug>.sql with a `-- migctl:` comment header carrying
//                           Alembic's graph (id, parents, depends_on, branch labels,
//                           message, transactional) and `-- migctl:upgrade` /
//                           `-- migctl:downgrade` sections
// Linear formats take their revision id from the version and their parent from version
// order (the lowest version is a base).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "migctl/migration_set.hpp"

namespace migctl {

enum class SqlFormat { golang_migrate, dbmate, flyway, diesel, migctl };

// "golang-migrate" (also "sqlx", "migrate"), "dbmate", "flyway", "diesel", "migctl";
// nullopt for anything else.
std::optional<SqlFormat> parse_sql_format(std::string_view name);
std::string sql_format_name(SqlFormat format);

struct SqlDirSpec {
  std::filesystem::path dir;
  std::string set_name;             // empty: the directory's own name
  std::optional<SqlFormat> format;  // empty: detected from the files
};

// "DIR" or "NAME=DIR" (--migrations-dir, MIGCTL_MIGRATIONS_DIR): the set name override.
SqlDirSpec parse_sql_dir_spec(const std::string& text);

struct SqlDir {
  SqlFormat format;
  MigrationSet set;  // revisions with source = the file, upgrade_line/downgrade_line set
};

// Reads every migration of the directory. Each revision's `source` is its file's path as
// given (relative paths stay relative); where the down script is a file of its own
// (golang-migrate, Flyway undo, diesel) `source` is the up file and downgrade_line is 0.
// Throws Error(ExitCode::config) for a directory that does not exist or cannot be read,
// or whose format cannot be detected (mixed formats, no migration file, a forced format
// none of whose files is there); a forced format with no file at all is an empty set.
// Throws Error(ExitCode::data) naming the file for: an id longer than 32 characters, a
// duplicate version (numerically equal: 1, 01, 1.0), a missing down file (where the
// format requires one), an unreadable file, a malformed header or section marker, and a
// file that is neither a migration nor ignorable (README*, *.md, *.txt, dotfiles such as
// .gitkeep, and dbmate's schema.sql are ignored). README "Migrations in SQL files".
SqlDir read_sql_dir(const SqlDirSpec& spec);

// The format of an existing directory, or nullopt when it holds no migration file yet.
// Throws as read_sql_dir when the files mix formats.
std::optional<SqlFormat> detect_sql_format(const std::filesystem::path& dir);

}  // namespace migctl

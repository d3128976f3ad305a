// A migrations directory's entries, each classified by its name (and for `.sql` files
// that could be several formats' files, by its marker lines), and the directory's format
// decided from them.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "sqlfiles/sql_dir.hpp"

namespace migctl::sqlfiles {

enum class EntryKind {
  ignorable,           // README*, *.md, *.txt, dotfiles, schema.sql (dbmate's schema dump)
  golang_up,           // <version>_<title>.up.sql
  golang_down,         // <version>_<title>.down.sql
  sqlx_simple,         // <version>_<title>.sql without any marker: sqlx's up-only migration
  dbmate,              // <version>_<title>.sql with a `-- migrate:up`/`down` marker line
  flyway_versioned,    // V<version>__<description>.sql
  flyway_undo,         // U<version>__<description>.sql
  flyway_config,       // V<version>__<description>.sql.conf (Flyway's script configuration)
  flyway_unsupported,  // R__*.sql, B<version>__*.sql, callbacks (beforeMigrate.sql...)
  diesel,              // directory <version>_<name>/
  migctl,              // a .sql file with `-- migctl:` header lines
  unknown,             // none of the above
};

// The format an entry belongs to; nullopt for ignorable and unknown entries.
std::optional<SqlFormat> format_of(EntryKind kind);

struct DirEntry {
  std::string name;            // the file or directory name
  std::filesystem::path path;  // the directory as given / name
  bool is_directory = false;
  EntryKind kind = EntryKind::unknown;
  std::string text;  // a file's content (every non-ignorable file is read once, here)
};

// The entries sorted by name. Throws Error(ExitCode::config) when `dir` does not exist, is
// not a directory or cannot be listed, and Error(ExitCode::data) for a file that cannot
// be read.
std::vector<DirEntry> list_sql_dir(const std::filesystem::path& dir);

// The directory's format: `forced`, or the one format its entries belong to; nullopt when
// nothing is forced and no entry is a migration. Throws Error(ExitCode::config) for mixed
// formats (with examples of each) and for a forced format none of whose files is there
// while another format's are.
std::optional<SqlFormat> decide_format(const std::filesystem::path& dir,
                                       const std::vector<DirEntry>& entries,
                                       std::optional<SqlFormat> forced);

// The file names a format expects, for messages: "V<version>__<description>.sql ...".
std::string expected_names(SqlFormat format);

}  // namespace migctl::sqlfiles

#include "sqlfiles/sql_dir.hpp"

#include "migctl/error.hpp"
#include "sqlfiles/dir_listing.hpp"
#include "sqlfiles/format_readers.hpp"

namespace fs = std::filesystem;

namespace migctl {
namespace {

using sqlfiles::DirEntry;
using sqlfiles::EntryKind;

// The directory's own name, also for "db/migrations/", "." and "..".
std::string directory_name(const fs::path& dir) {
  fs::path p = dir.lexically_normal();
  if (!p.has_filename()) p = p.parent_path();
  if (p.empty() || p.filename() == "." || p.filename() == "..") {
    std::error_code ec;
    const fs::path absolute = fs::weakly_canonical(dir, ec);
    if (!ec) p = absolute;
  }
  return p.filename().string();
}

// Whether the reader of `format` takes the entry: its own kinds, and for the formats told
// apart by content, the .sql files lacking their marker (the reader names what is missing).
bool taken_by(const DirEntry& e, SqlFormat format) {
  if (sqlfiles::format_of(e.kind) == format) return true;
  const bool plain_sql = e.kind == EntryKind::sqlx_simple ||
                         (e.kind == EntryKind::unknown && !e.is_directory && e.name.size() > 4 &&
                          e.name.substr(e.name.size() - 4) == ".sql");
  return plain_sql && (format == SqlFormat::dbmate || format == SqlFormat::migctl);
}

[[noreturn]] void not_a_migration(const DirEntry& e, SqlFormat format) {
  const auto looks = sqlfiles::format_of(e.kind);
  throw Error(ExitCode::data,
              std::string(e.is_directory ? "directory " : "file ") + e.path.string() +
                  " is not a " + sql_format_name(format) + " migration" +
                  (looks ? " (it looks like a " + sql_format_name(*looks) + " one)" : "") + "; " +
                  sql_format_name(format) + " expects " + sqlfiles::expected_names(format),
              "rename it to that pattern or move it out of the directory (README*, *.md, *.txt, "
              "dotfiles and schema.sql are ignored)");
}

}  // namespace

SqlDir read_sql_dir(const SqlDirSpec& spec) {
  const auto entries = sqlfiles::list_sql_dir(spec.dir);
  const auto format = sqlfiles::decide_format(spec.dir, entries, spec.format);
  if (!format) {
    for (const auto& e : entries) {
      if (e.kind != EntryKind::unknown) continue;
      throw Error(ExitCode::data,
                  std::string(e.is_directory ? "directory " : "file ") + e.path.string() +
                      " is not a migration file of any format migctl reads",
                  "formats: golang-migrate/sqlx (1_x.up.sql), dbmate (20240101120000_x.sql), "
                  "Flyway (V1__x.sql), diesel (2024-01-01-120000_x/up.sql), migctl; move other "
                  "files out of the directory (README*, *.md, *.txt and dotfiles are ignored)");
    }
    throw Error(ExitCode::config,
                "migrations directory " + spec.dir.string() + " holds no migration",
                "check the path; to start a new directory give its format, e.g. "
                "`migctl --migrations-dir DIR --migrations-format dbmate create -m MESSAGE`");
  }
  sqlfiles::Entries mine;
  mine.reserve(entries.size());
  for (const auto& e : entries) {
    if (e.kind == EntryKind::ignorable) continue;
    if (!taken_by(e, *format)) not_a_migration(e, *format);
    mine.push_back(&e);
  }
  SqlDir out{*format, MigrationSet{}};
  out.set.name = spec.set_name.empty() ? directory_name(spec.dir) : spec.set_name;
  out.set.description = sql_format_name(*format) + " migrations in " + spec.dir.string();
  switch (*format) {
    case SqlFormat::golang_migrate:
      out.set.revisions = sqlfiles::read_golang_migrate(mine);
      break;
    case SqlFormat::dbmate:
      out.set.revisions = sqlfiles::read_dbmate(mine);
      break;
    case SqlFormat::flyway:
      out.set.revisions = sqlfiles::read_flyway(mine);
      break;
    case SqlFormat::diesel:
      out.set.revisions = sqlfiles::read_diesel(mine);
      break;
    case SqlFormat::migctl:
      out.set.revisions = sqlfiles::read_migctl(mine);
      break;
  }
  return out;
}

std::optional<SqlFormat> detect_sql_format(const fs::path& dir) {
  return sqlfiles::decide_format(dir, sqlfiles::list_sql_dir(dir), std::nullopt);
}

}  // namespace migctl

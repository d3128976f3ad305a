// What a new revision of a SQL-file set is called and what its files hold, in the
// directory's own format (`migctl create` / `merge` for SQL sets). Pure: the caller lists
// the directory, decides the graph (parents of a migctl-format revision) and writes the
// files; the clock is a parameter.
//
//   golang-migrate  <version>_<slug>.up.sql + .down.sql. Version: when every existing one
//                   is a UTC timestamp (14 digits, YYYYMMDDhhmmss) the time now, else the
//                   highest + 1 zero-padded to its width (golang-migrate's -seq -digits);
//                   an empty directory starts at 000001 (golang-migrate's -seq default).
//   dbmate          <UTC timestamp>_<slug>.sql with `-- migrate:up` / `-- migrate:down`, as
//                   `dbmate new` writes it.
//   flyway          V<next>__<Description>.sql (next: the highest version's first part + 1,
//                   at its width; 1 in an empty directory), U<next>__... too when asked.
//   diesel          <YYYY-MM-DD-hhmmss>_<slug>/up.sql + down.sql, as `diesel migration
//                   generate` writes them.
//   migctl          <id>_<slug>.sql with the full header and both sections.
// Every timestamp version is later than every existing version: two revisions written in
// the same second get consecutive seconds.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "sqlfiles/sql_dir.hpp"

namespace migctl {

struct NewSqlRevision {
  std::string message;  // required
  // The version (linear formats) or id (migctl) to use instead of the next one. A linear
  // version must be later than every existing one (no revision inserted before others).
  std::string rev_id;
  // migctl format only (the linear formats take their parent from version order):
  std::vector<std::string> parents;  // down revisions: none = a base, several = a merge
  std::vector<std::string> depends_on;
  std::vector<std::string> branch_labels;
  bool merge = false;  // a merge revision: no SQL either way
  bool undo = false;   // flyway: also write the U<version>__ undo file
};

struct SqlFileText {
  std::filesystem::path path;  // relative to the set's directory
  std::string text;
};

struct SqlRevisionFiles {
  std::string version;                // as the file name writes it (migctl: the id)
  std::vector<SqlFileText> files;     // the revision's (up first)
  std::filesystem::path created_dir;  // diesel: the new migration's directory; else empty
};

// The files of a new revision of `format` in a directory holding `entries` (the names of
// its files and subdirectories). For the migctl format `revision.rev_id` is the id (the
// caller makes one unique across every set). Throws Error(ExitCode::usage) for an empty
// message, a rev_id that is not a version of the format or not later than every existing
// one, and graph options (parents, depends_on, branch labels, merge) with a linear format;
// Error(ExitCode::data) when the next sequential number would not fit the 32 characters of
// a revision id.
SqlRevisionFiles sql_revision_files(SqlFormat format, const std::vector<std::string>& entries,
                                    const NewSqlRevision& revision,
                                    std::chrono::system_clock::time_point now);

// "Add user e-mail verification!" -> "add_user_e_mail_verification": lower-case ASCII
// letters and digits, words joined by '_', at most 40 characters (cut at a word boundary
// when one is past the 20th); empty when nothing is left (a file name then says
// "revision"). C++ revision sources are named by the same rule.
std::string sql_slug(const std::string& message);

// Flyway's style of description: the message's words joined by '_', case kept
// ("Add user email" -> "Add_user_email"); same length rule as sql_slug.
std::string flyway_description(const std::string& message);

}  // namespace migctl

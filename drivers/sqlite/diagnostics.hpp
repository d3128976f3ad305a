// SQLite failures as migctl errors: the SQLSTATE and exit code of each, and the message.
//
// SQLite reports result codes, not SQLSTATEs, and one code (SQLITE_ERROR) covers every
// error of the SQL compiler. The driver gives each failure the SQL standard's SQLSTATE for
// what happened (the ODBC / ISO 9075 codes that other databases use too), so the core and
// users see one vocabulary across drivers:
//
//   SQLITE_ERROR "no such table: ..."         42S02  base table or view not found
//   SQLITE_ERROR "no such column: ..."        42S22  column not found
//   SQLITE_ERROR "... already exists"         42S01  base table or view already exists
//   SQLITE_ERROR "... syntax error",
//                "incomplete input"            42000  syntax error or access rule violation
//   other SQLITE_ERROR                         HY000  general error
//   SQLITE_CONSTRAINT_*                        23000  integrity constraint violation
//   SQLITE_MISMATCH, SQLITE_TOOBIG, _RANGE     22000  data exception
//   SQLITE_BUSY, SQLITE_LOCKED                 HYT00  timeout expired (another writer)
//   SQLITE_READONLY, SQLITE_PERM, SQLITE_AUTH  42501  insufficient privilege
//   SQLITE_CANTOPEN, SQLITE_IOERR, _FULL       58030  I/O error
//   SQLITE_NOTADB                              26000  not a database (DATABASE_CONN)
//   SQLITE_CORRUPT                             XX001  data corrupted
//
// The three SQLITE_ERROR cases are told apart by the start of SQLite's own message ("no
// such table:", "no such column:"), which SQLite has kept since version 3.0: SQLite has no
// other way to say it. This is the only place the text decides; the dialect's
// is_missing_table / is_missing_column compare SQLSTATEs.
#pragma once

#include <string>
#include <string_view>

#include "migctl/error.hpp"

namespace migctl::sqlite {

inline constexpr const char* kMissingTable = "42S02";
inline constexpr const char* kMissingColumn = "42S22";

struct Classification {
  std::string sqlstate;
  ExitCode code;
};

// `extended_code` as sqlite3_extended_errcode returns it; `message` as sqlite3_errmsg.
Classification classify(int extended_code, std::string_view message);

// " (line 3, column 7)" for a byte offset into `statement` (sqlite3_error_offset), columns
// counted in characters; empty when the offset is outside the statement.
std::string position_suffix(std::string_view statement, int byte_offset);

// The error for a failed statement: SQLite's message, where it failed, the classification.
DatabaseError statement_error(int extended_code, const std::string& message,
                              const std::string& statement, int byte_offset);

}  // namespace migctl::sqlite

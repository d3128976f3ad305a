#include "diagnostics.hpp"

#include <sqlite3.h>

namespace migctl::sqlite {
namespace {

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}
bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

}  // namespace

Classification classify(int extended_code, std::string_view message) {
  switch (extended_code & 0xff) {
    case SQLITE_ERROR:
      if (starts_with(message, "no such table:"))
        return {kMissingTable, ExitCode::migration_failed};
      if (starts_with(message, "no such column:")) {
        return {kMissingColumn, ExitCode::migration_failed};
      }
      if (contains(message, "already exists")) return {"42S01", ExitCode::migration_failed};
      if (contains(message, "syntax error") || contains(message, "incomplete input")) {
        return {"42000", ExitCode::migration_failed};
      }
      return {"HY000", ExitCode::migration_failed};
    case SQLITE_CONSTRAINT:
      return {"23000", ExitCode::migration_failed};
    case SQLITE_MISMATCH:
    case SQLITE_TOOBIG:
    case SQLITE_RANGE:
      return {"22000", ExitCode::migration_failed};
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return {"HYT00", ExitCode::temporary};
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      return {"42501", ExitCode::permission};
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_FULL:
      return {"58030", ExitCode::unavailable};
    case SQLITE_NOTADB:
      return {"26000", ExitCode::config};
    case SQLITE_CORRUPT:
      return {"XX001", ExitCode::data};
    default:
      return {"HY000", ExitCode::migration_failed};
  }
}

std::string position_suffix(std::string_view statement, int byte_offset) {
  if (byte_offset < 0 || static_cast<std::size_t>(byte_offset) >= statement.size()) return {};
  int line = 1;
  int column = 1;
  for (std::size_t i = 0; i < static_cast<std::size_t>(byte_offset); ++i) {
    const auto c = static_cast<unsigned char>(statement[i]);
    if (c == '\n') {
      ++line;
      column = 1;
    } else if ((c & 0xc0) != 0x80) {  // not a UTF-8 continuation byte: a new character
      ++column;
    }
  }
  return " (line " + std::to_string(line) + ", column " + std::to_string(column) + ")";
}

DatabaseError statement_error(int extended_code, const std::string& message,
                              const std::string& statement, int byte_offset) {
  const Classification c = classify(extended_code, message);
  std::string hint;
  if (c.sqlstate == "HYT00") {
    hint =
        "another process kept the database file locked past the busy timeout; retry, or "
        "raise it with ?timeout=SECONDS in DATABASE_CONN";
  } else if (c.code == ExitCode::permission) {
    hint = "check that this user may write the database file and its directory";
  }
  return DatabaseError(c.code, message + position_suffix(statement, byte_offset), c.sqlstate,
                       statement, hint);
}

}  // namespace migctl::sqlite

// Splitting a script into statements with SQLite's own tokenizer.
//
// sqlite3_complete() decides where a statement ends: at a ';' that is a token of its own,
// not inside a string, a quoted identifier, a comment or a CREATE TRIGGER body. Whether a
// piece holds a statement at all (and not only comments) is asked of sqlite3_prepare_v2 on
// a private in-memory database, which compiles nothing for such a piece. (Preparing the
// script itself, statement after statement through prepare's tail, cannot split it:
// preparing resolves table names, and a script's later statements refer to tables its
// earlier ones create.)
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace migctl::sqlite {

// Statements without their trailing ';', surrounding whitespace trimmed, comment-only
// pieces dropped. Throws migctl::Error(ExitCode::data) for a script whose end is inside a
// string, quoted identifier, comment or trigger body (naming the line where that statement
// starts) or that holds a NUL byte.
std::vector<std::string> split_statements(std::string_view script);

}  // namespace migctl::sqlite

// Splitting a script into statements with SQLite's own tokenizer.
//
// sqlite3_complete() decides where a statement ends: at a ';' that is a token of its own,
// not inside a string, a quoted identifier, a comment or a CREATE TRIGGER body. Whether a
// statement ends in comments (which must not be printed before its ';') is asked of
// sqlite3_prepare_v2 on a private in-memory database, which compiles nothing for a
// comment. (Preparing the script itself, statement after statement through prepare's tail,
// cannot split it: preparing resolves table names, and a script's later statements refer
// to tables its earlier ones create.)
#pragma once

#include <string_view>
#include <vector>

#include "migctl/script_statement.hpp"

namespace migctl::sqlite {

// Statements from their first token to their last: leading comments and whitespace cut
// (at a statement's start no string can be open, so skipping them needs no tokenizer),
// trailing ones too, no ';'; whitespace- and comment-only pieces dropped. `line`: the line
// of the first token. `transaction` as statement_kind.hpp says.
// Throws ScriptError for a script whose end is inside a string, quoted identifier, comment
// or trigger body (line and column where that statement starts) or that holds a NUL byte
// (its position). Does not refuse transaction control (SqliteDialect::parse_script does).
std::vector<ScriptStatement> split_statements(std::string_view script);

}  // namespace migctl::sqlite

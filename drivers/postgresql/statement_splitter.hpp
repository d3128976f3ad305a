// Splits a SQL script into statements the way psql does, so that each statement can be
// sent on its own (the failing one is then known exactly, and non-transactional revisions
// can run CREATE INDEX CONCURRENTLY).
//
// Understands: ';' terminators; '…' strings with '' escapes; E'…' strings with backslash
// escapes; "…" identifiers; $tag$…$tag$ dollar quoting (tag empty or an identifier; "$1" is
// a parameter, and a '$' inside an identifier such as a$b is not a delimiter); -- line
// comments; nested /* */ comments; parentheses (like psql, a ';' inside unbalanced '(' does
// not split, as in CREATE RULE ... DO (INSERT ...; INSERT ...)). BEGIN ATOMIC … END bodies
// are not special-cased (write such functions with dollar quoting).
// Whitespace/comment-only fragments are dropped. Statements keep their text as written,
// trimmed, without the final ';' and up to their last token (comments after it are cut: an
// offline script prints ";" after each statement, which a trailing -- comment would
// swallow); a statement's leading -- comments are dropped (as psql does), a leading /* */
// comment is kept (it may carry optimizer hints). A last statement without ';' is
// returned too.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace migctl::pg {

// Throws Error(ExitCode::data) for an unterminated quote, dollar quote or comment,
// naming the line where it starts.
std::vector<std::string> split_sql_statements(std::string_view script);

}  // namespace migctl::pg

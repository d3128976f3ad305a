// Splits a SQL script into statements the way psql does, so that each statement can be
// sent on its own (the failing one is then known exactly, and non-transactional revisions
// can run CREATE INDEX CONCURRENTLY).
//
// Understands: ';' terminators; '…' strings with '' escapes; E'…' strings with backslash
// escapes; "…" identifiers; $tag$…$tag$ dollar quoting; -- line comments; nested /* */
// comments; BEGIN ATOMIC … END bodies are not special-cased (write such functions with
// dollar quoting). Whitespace/comment-only fragments are dropped. Statements keep their
// text as written, trimmed, without the final ';'.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace migctl {

// Throws Error(ExitCode::data) for an unterminated quote, dollar quote or comment,
// naming the line where it starts.
std::vector<std::string> split_sql_statements(std::string_view script);

}  // namespace migctl

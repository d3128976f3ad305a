// PostgreSQL's own parser (libpg_query: PostgreSQL 15's grammar and scanner, Debian's
// libpg-query-dev) reading a migration script: PgDialect::parse_script and
// canonical_script. Pure: no connection, no I/O, no state of ours (libpg_query keeps a
// memory context per thread, freed when the thread ends).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "migctl/script_statement.hpp"

namespace migctl::pg {

// The statements exactly as the grammar delimits them (so a BEGIN ATOMIC ... END function
// body, a CREATE RULE's (a; b), dollar quotes, E'' strings and nested comments are whole
// by construction), each from its first token to its last: leading and trailing comments
// and whitespace cut, no ';' (a trailing -- comment would swallow the ';' an offline
// script prints after it). `line`: the line of the first token. `transaction`: from the
// statement's parse node (transaction_use.hpp).
// Throws ScriptError for a script the parser rejects (line and column of libpg_query's
// cursor position, its message), for a NUL byte, and for BEGIN/COMMIT/ROLLBACK/END/ABORT/
// START TRANSACTION/PREPARE TRANSACTION: migctl opens and commits each revision's
// transaction itself, and a script that does so too would commit half a revision.
std::vector<ScriptStatement> parse_statements(std::string_view script);

// The script's parse tree as libpg_query writes it in JSON, without source positions
// (parse_tree_json.hpp): equal for scripts that differ in whitespace, comments, keyword
// case, the case of unquoted names or redundant parentheses; different when a literal,
// name, type or clause differs. Not libpg_query's fingerprint (it ignores literal values)
// nor pg_query_normalize (it replaces constants by $n).
// STABILITY: revision checksums hash this text and databases keep them; a change to it
// (a field dropped or added, another encoding) makes every applied revision's checksum
// mismatch. It depends on the libpg_query major version (PostgreSQL 15's node layout).
// Throws ScriptError as parse_statements for a parse error or a NUL byte only (a script
// with its own BEGIN/COMMIT still has a checksum).
std::string canonical_tree(std::string_view script);

}  // namespace migctl::pg

// The stub database's statement language: what StubDialect writes and StubDatabase reads.
//
// A tiny language of its own (not SQL), so that the core's statements reach the stub
// through the same Dialect -> Connection path as on a real database, and a test can read
// every statement the core sent:
//
//   CREATE VERSION TABLE "t"                 CREATE AUDIT TABLE "t"      (both idempotent)
//   SELECT VERSIONS "t"                      one column, version_num
//   INSERT VERSION "t" 'rev'                 UPDATE VERSION "t" 'from' 'to'
//   DELETE VERSION "t" 'rev'                 DELETE VERSIONS "t"          (every row)
//   INSERT AUDIT "t" revision='..' direction='..' ... (every AuditRow field, NULL allowed)
//   SELECT AUDIT "t" [revision='prefix'] [since='..'] [until='..'] [limit=N]
//   SELECT CHECKSUMS "t"
//   CREATE TABLE [IF NOT EXISTS] "t" ...     a data table of text rows (the rest is ignored)
//   DROP TABLE [IF EXISTS] "t"               INSERT ROW "t" 'v1' 'v2' ...
//   SELECT ROWS "t"                          DELETE ROWS "t"
//   NOTICE 'text'                            sent to ConnectOptions::on_notice
//   FAIL '<sqlstate>' ['message']            fails, as a statement the database rejects
//   RELEASE LOCKS                            drops this session's migration locks
//   CONCURRENTLY <statement>                 <statement>, but refused inside a transaction
//                                            (25001), as PostgreSQL refuses CREATE INDEX
//                                            CONCURRENTLY: the dialect's parse_script marks
//                                            it TransactionUse::refuses
//   SET ... / RESET ... / SHOW ...           other SQL that parse_script marks neutral
//   BEGIN, COMMIT, ROLLBACK                  transaction control, as Connection's calls
//
// Keywords are case-insensitive; names are bare words or "double-quoted" ("" escapes a
// quote); values are 'single-quoted' ('' escapes a quote), NULL, or bare words (numbers,
// true/false). Anything else is "other SQL": recorded and accepted (0 rows) unless the
// database is told to reject it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace migctl::stub {

struct Token {
  enum class Kind { word, name, literal, equals, other };
  Kind kind = Kind::other;
  std::string text;  // unquoted
};

// The tokens of `statement`; nullopt when a quote is not closed (then it is not stub
// language, and is treated as other SQL).
std::optional<std::vector<Token>> tokenize(std::string_view statement);

// Case-insensitive keyword match of a word token.
bool is_keyword(const Token& token, std::string_view keyword);

// 'text' with embedded quotes doubled; "name" likewise.
std::string quote_literal(std::string_view value);
std::string quote_name(std::string_view name);

}  // namespace migctl::stub

// libFuzzer harness for PostgreSQL's parser behind the dialect (drivers/postgresql/
// pg_parser.cpp: libpg_query, reached through PgDialect). Contract checked: any script
// either parses or throws migctl::ScriptError (exit code data) — no other exception, no
// crash, no undefined behaviour in our code around libpg_query — and then:
// - every statement is non-empty, trimmed, a piece of the script as written, and parses on
//   its own as exactly that one statement;
// - the statements printed the way an offline script prints them (each followed by ";\n")
//   have the script's canonical form: splitting loses and adds nothing the parser sees,
//   and a trailing comment never swallows the ';' after it.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "migctl/script_statement.hpp"
#include "pg_dialect.hpp"

namespace {
// PostgreSQL's whitespace (no vertical tab).
bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view script(reinterpret_cast<const char*>(data), size);
  static const migctl::pg::PgDialect dialect;
  try {
    const auto statements = dialect.parse_script(script);
    std::string printed;
    for (const auto& statement : statements) {
      const std::string& sql = statement.sql;
      if (sql.empty() || is_space(sql.front()) || is_space(sql.back())) std::abort();
      if (script.find(sql) == std::string_view::npos) std::abort();
      const auto alone = dialect.parse_script(sql);
      if (alone.size() != 1 || alone.front().sql != sql) std::abort();
      if (alone.front().transaction != statement.transaction) std::abort();
      printed += sql + ";\n";
    }
    if (dialect.canonical_script(printed) != dialect.canonical_script(script)) std::abort();
  } catch (const migctl::ScriptError& e) {
    if (e.code() != migctl::ExitCode::data) std::abort();
  }
  return 0;
}

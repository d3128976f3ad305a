// libFuzzer harness for the SQLite driver's statement splitter (drivers/sqlite/
// statement_split.cpp, SQLite's own tokenizer). Contract checked: any script either splits
// or throws migctl::ScriptError (ExitCode::data), with no crash; every statement is
// non-empty, trimmed, and printed the way an offline script prints it (each followed by
// ";\n") splits back into the same statements with the same transaction use, so a --sql
// script never merges or cuts statements.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "migctl/script_statement.hpp"
#include "statement_split.hpp"

namespace {
// SQLite's whitespace: its tokenizer reads a vertical tab as an illegal token, not a space.
bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view script(reinterpret_cast<const char*>(data), size);
  try {
    const auto statements = migctl::sqlite::split_statements(script);
    std::string printed;
    for (const auto& statement : statements) {
      const std::string& sql = statement.sql;
      if (sql.empty()) std::abort();
      if (is_space(sql.front()) || is_space(sql.back())) std::abort();
      printed += sql + ";\n";
    }
    const auto again = migctl::sqlite::split_statements(printed);
    if (again.size() != statements.size()) std::abort();
    for (std::size_t i = 0; i < again.size(); ++i) {
      if (again[i].sql != statements[i].sql) std::abort();
      if (again[i].transaction != statements[i].transaction) std::abort();
    }
  } catch (const migctl::ScriptError& e) {
    if (e.code() != migctl::ExitCode::data) std::abort();
  }
  return 0;
}

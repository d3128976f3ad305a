// libFuzzer harness for the SQLite driver's statement splitter (drivers/sqlite/
// statement_split.cpp, SQLite's own tokenizer). Contract checked: any script either splits
// or throws migctl::Error(ExitCode::data), with no crash; every statement is non-empty,
// trimmed, and printed the way an offline script prints it (each followed by ";\n") splits
// back into the same statements, so a --sql script never merges or cuts statements.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "migctl/error.hpp"
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
      if (statement.empty()) std::abort();
      if (is_space(statement.front()) || is_space(statement.back())) std::abort();
      printed += statement + ";\n";
    }
    if (migctl::sqlite::split_statements(printed) != statements) std::abort();
  } catch (const migctl::Error& e) {
    if (e.code() != migctl::ExitCode::data) std::abort();
  }
  return 0;
}

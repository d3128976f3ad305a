// libFuzzer harness for the PostgreSQL dialect's statement splitter
// (drivers/postgresql/statement_splitter.cpp, reached through PgDialect::split_statements).
// Contract checked: any script either splits or throws migctl::Error(ExitCode::data) — no
// other exception, no crash, no undefined behaviour — and every statement is non-empty,
// has no surrounding whitespace and is a piece of the script as written.
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "migctl/error.hpp"
#include "pg_dialect.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view script(reinterpret_cast<const char*>(data), size);
  static const migctl::pg::PgDialect dialect;
  try {
    for (const auto& statement : dialect.split_statements(script)) {
      if (statement.empty()) std::abort();
      if (std::isspace(static_cast<unsigned char>(statement.front())) ||
          std::isspace(static_cast<unsigned char>(statement.back())))
        std::abort();
      if (script.find(statement) == std::string_view::npos) std::abort();
    }
  } catch (const migctl::Error& e) {
    if (e.code() != migctl::ExitCode::data) std::abort();
  }
  return 0;
}

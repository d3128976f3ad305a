#include "quoting.hpp"

#include "migctl/error.hpp"

namespace migctl::pg {

std::string quote_identifier(const std::string& identifier) {
  if (identifier.empty()) throw Error(ExitCode::config, "an SQL identifier cannot be empty");
  if (identifier.find('\0') != std::string::npos) {
    throw Error(ExitCode::config, "an SQL identifier cannot contain a NUL byte");
  }
  std::string out = "\"";
  for (char c : identifier) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

std::string quote_literal(const std::string& value) {
  if (value.find('\0') != std::string::npos) {
    throw Error(ExitCode::data, "a PostgreSQL string literal cannot contain a NUL byte");
  }
  const bool escape = value.find('\\') != std::string::npos;
  std::string out = escape ? "E'" : "'";
  for (char c : value) {
    if (c == '\'' || (escape && c == '\\')) out += c;
    out += c;
  }
  return out + '\'';
}

}  // namespace migctl::pg

// PostgreSQL quoting without a connection, for rendering offline SQL scripts.
#pragma once

#include <string>

namespace migctl::pg {

// "name" with embedded '"' doubled. Throws migctl::Error(ExitCode::config) for an empty name
// or one containing a NUL byte: PostgreSQL accepts neither, and identifiers come from
// configuration (version table and schema names).
std::string quote_identifier(const std::string& identifier);

// 'value' with embedded quotes doubled. When the value contains a backslash the result is an
// escape string E'...' with backslashes doubled as well: PQescapeLiteral's rule, which reads
// the same whatever standard_conforming_strings is set to (PQescapeLiteral itself needs a
// connection). Throws migctl::Error(ExitCode::data) for a NUL byte, which text cannot hold.
std::string quote_literal(const std::string& value);

}  // namespace migctl::pg

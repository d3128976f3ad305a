// A .env parser with the semantics of python-dotenv / docker compose, which is what the
// Aksara backend's .env is written for:
//   KEY=value            plain; surrounding whitespace trimmed
//   export KEY=value     "export " prefix ignored
//   # comment            whole-line comment; blank lines ignored
//   KEY=value # note     inline comment: " #" (whitespace before #) starts it, unquoted only
//   KEY="a b # c\n"      double quotes: # kept, escapes \n \t \" \\ expanded, may span lines
//   KEY='a b\n'          single quotes: literal, nothing expanded
//   KEY=                 empty value
// Variable interpolation (${X}) is not performed: values are taken literally.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "migctl/error.hpp"

namespace migctl {

using DotenvEntries = std::vector<std::pair<std::string, std::string>>;  // in file order

// Throws Error(ExitCode::config) naming `origin` and the line number for a line without
// '=', an invalid key (must match [A-Za-z_][A-Za-z0-9_.]*), or an unterminated quote.
// Later duplicates override earlier ones (both are returned; the last wins when applied).
DotenvEntries parse_dotenv(std::string_view text, const std::string& origin = ".env");

// Reads and parses a file. Throws Error(ExitCode::config) if it cannot be read.
DotenvEntries load_dotenv_file(const std::string& path);

}  // namespace migctl

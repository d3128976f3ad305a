// A .env parser with the semantics of python-dotenv / docker compose, which is what the
// Aksara backend's .env is written for:
//   KEY=value            plain; surrounding whitespace trimmed (also around '=': KEY = value)
//   export KEY=value     "export" followed by spaces/tabs is ignored
//   # comment            whole-line comment; blank lines ignored
//   KEY=value # note     inline comment: " #" (whitespace before #) starts it, unquoted only;
//                        "a#b" stays "a#b"; so do "KEY=#x" and "KEY= #x" (value "#x":
//                        blanks after '=' are not part of the value)
//   KEY=a=b              everything after the first '=' is the value
//   KEY="a b # c\n"      double quotes: # kept, escapes \n \r \t \" \\ expanded (any other
//                        backslash is kept as written), may span lines
//   KEY='a b\n'          single quotes: literal, nothing expanded, may span lines
//   KEY="v" # note       a comment may follow a closing quote; any other text is an error
//   KEY=                 empty value
// A UTF-8 byte order mark at the start is skipped; CRLF line endings are accepted (inside a
// multi-line quoted value they become "\n").
// Variable interpolation (${X}) is not performed: values are taken literally.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "migctl/error.hpp"

namespace migctl {

using DotenvEntries = std::vector<std::pair<std::string, std::string>>;  // in file order

// Throws Error(ExitCode::config) "<origin>:<line>: ..." for a line without '=', an invalid
// key (must match [A-Za-z_][A-Za-z0-9_.]*), an unterminated quote (the line where the quote
// opens) or text after a closing quote. Messages may name the key, never the value.
// Later duplicates override earlier ones (both are returned; the last wins when applied).
DotenvEntries parse_dotenv(std::string_view text, const std::string& origin = ".env");

// Reads and parses a file. Throws Error(ExitCode::config) naming the path if it cannot be
// read (missing, a directory, no permission).
DotenvEntries load_dotenv_file(const std::string& path);

}  // namespace migctl

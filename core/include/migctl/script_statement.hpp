// A migration script as its database's own parser reads it: the statements it holds, where
// each starts, and whether it can run inside a transaction (Dialect::parse_script).
//
// The core decides from these how a revision runs (in one transaction, or statement by
// statement outside one) before anything runs, and reports a script the parser rejects
// with the file and line it came from.
#pragma once

#include <cstddef>
#include <string>

#include "migctl/error.hpp"
#include "migctl/export.hpp"

namespace migctl {

// What a statement asks of the transaction around it.
enum class TransactionUse {
  needs,    // ordinary DDL and DML: atomic only inside a transaction
  refuses,  // the database refuses it inside a transaction block (CREATE INDEX CONCURRENTLY,
            // VACUUM, CREATE DATABASE, ...)
  neutral,  // runs either way and changes nothing to undo (SET, RESET, SHOW)
};

struct ScriptStatement {
  std::string sql;       // as written, trimmed, without the final ';'
  std::size_t line = 1;  // 1-based line of the script on which the statement starts
  TransactionUse transaction = TransactionUse::needs;
};

// A script the database's parser rejects. `line` and `column` are 1-based positions in the
// script given to the parser (0: unknown); `parser_message` is the parser's own words.
// what() says both ("line 3, column 8: syntax error at or near \"TABL\"").
class MIGCTL_SDK_API ScriptError : public Error {
 public:
  ScriptError(std::size_t line, std::size_t column, const std::string& parser_message)
      : Error(ExitCode::data, position(line, column) + parser_message,
              "fix the SQL; nothing was run"),
        line_(line),
        column_(column),
        parser_message_(parser_message) {}

  std::size_t line() const noexcept { return line_; }
  std::size_t column() const noexcept { return column_; }
  const std::string& parser_message() const noexcept { return parser_message_; }

 private:
  static std::string position(std::size_t line, std::size_t column) {
    if (line == 0) return {};
    return "line " + std::to_string(line) +
           (column ? ", column " + std::to_string(column) : std::string()) + ": ";
  }

  std::size_t line_;
  std::size_t column_;
  std::string parser_message_;
};

}  // namespace migctl

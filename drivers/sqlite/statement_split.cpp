#include "statement_split.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <mutex>

#include "migctl/error.hpp"
#include "statement_kind.hpp"

namespace migctl::sqlite {
namespace {

// One in-memory database for the process, only ever asked to compile comment-only text.
class Compiler {
 public:
  Compiler() {
    if (sqlite3_open_v2(":memory:", &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY, nullptr) !=
        SQLITE_OK) {
      sqlite3_close(db_);
      db_ = nullptr;
    }
  }
  ~Compiler() { sqlite3_close(db_); }
  Compiler(const Compiler&) = delete;
  Compiler& operator=(const Compiler&) = delete;

  // Whether `text` holds no statement, only whitespace and comments.
  bool holds_no_statement(const std::string& text) {
    if (db_ == nullptr) throw Error(ExitCode::internal, "SQLite could not open a memory database");
    const std::lock_guard<std::mutex> guard(mutex_);
    sqlite3_stmt* statement = nullptr;
    const int rc = sqlite3_prepare_v2(db_, text.c_str(), static_cast<int>(text.size() + 1),
                                      &statement, nullptr);
    const bool empty = rc == SQLITE_OK && statement == nullptr;
    sqlite3_finalize(statement);
    return empty;
  }

 private:
  std::mutex mutex_;
  sqlite3* db_ = nullptr;
};

Compiler& compiler() {
  static Compiler instance;
  return instance;
}

// SQLite's whitespace (its tokenizer's set: no vertical tab, which is an illegal token).
bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

std::string trimmed(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return std::string(text);
}

struct Position {
  std::size_t line = 1;
  std::size_t column = 1;
};

// Line and column (1-based; the column in UTF-8 characters) of the byte at `offset`.
Position position_of(std::string_view script, std::size_t offset) {
  Position at;
  for (std::size_t i = 0; i < offset && i < script.size(); ++i) {
    if (script[i] == '\n') {
      at.line++;
      at.column = 1;
    } else if ((static_cast<unsigned char>(script[i]) & 0xc0) != 0x80) {
      at.column++;
    }
  }
  return at;
}

// The offset of the first token in [at, end): whitespace, -- comments (to the end of the
// line) and /* */ comments (SQLite's do not nest) skipped. At a statement's start no string
// can be open, so this needs no tokenizer. An unterminated /* comment stops the skip at its
// start (where an error about it points).
std::size_t first_token(std::string_view script, std::size_t at, std::size_t end) {
  while (at < end) {
    if (is_space(script[at])) {
      ++at;
    } else if (script.compare(at, 2, "--") == 0) {
      const std::size_t newline = script.find('\n', at);
      at = newline == std::string_view::npos ? end : std::min(end, newline + 1);
    } else if (script.compare(at, 2, "/*") == 0) {
      const std::size_t close = script.find("*/", at + 2);
      if (close == std::string_view::npos || close + 2 > end) break;
      at = close + 2;
    } else {
      break;
    }
  }
  return std::min(at, end);
}

// `statement` without the comments that end it: printed followed by ";", a statement ending
// in a line comment would comment its own terminator out. A comment start counts when the
// text before it is not inside a string, name or comment (it would not be complete with a
// ';') and everything from it on compiles to nothing.
std::string without_trailing_comments(std::string statement) {
  for (std::size_t at = statement.find_first_of("-/"); at != std::string::npos;
       at = statement.find_first_of("-/", at + 1)) {
    if (statement.compare(at, 2, "--") != 0 && statement.compare(at, 2, "/*") != 0) continue;
    const std::string before = statement.substr(0, at);
    if (sqlite3_complete((before + ";").c_str()) == 0) continue;
    if (!compiler().holds_no_statement(statement.substr(at))) continue;
    return trimmed(before);
  }
  return statement;
}

}  // namespace

std::vector<ScriptStatement> split_statements(std::string_view script) {
  const std::size_t nul = script.find('\0');
  if (nul != std::string_view::npos) {
    const Position at = position_of(script, nul);
    throw ScriptError(at.line, at.column, "the script holds a NUL byte");
  }
  std::vector<ScriptStatement> out;
  // [from, to): one piece between ';' (or the script's ends).
  auto add = [&](std::size_t from, std::size_t to) {
    const std::size_t start = first_token(script, from, to);
    std::string statement = trimmed(script.substr(start, to - start));
    if (statement.empty()) return;
    statement = without_trailing_comments(std::move(statement));
    const TransactionUse use = transaction_use(statement);
    out.push_back({std::move(statement), position_of(script, start).line, use});
  };
  std::size_t start = 0;
  std::string candidate;
  for (std::size_t i = script.find(';'); i != std::string_view::npos; i = script.find(';', i + 1)) {
    candidate.assign(script.substr(start, i + 1 - start));
    if (sqlite3_complete(candidate.c_str()) == 0) continue;  // the ';' is quoted or in a trigger
    add(start, i);
    start = i + 1;
  }
  const std::string tail = trimmed(script.substr(start));
  if (tail.empty()) return out;
  // Checked before emptiness: SQLite's tokenizer reads an unterminated /* comment as a comment.
  if (sqlite3_complete((tail + "\n;").c_str()) == 0) {
    const Position at = position_of(script, first_token(script, start, script.size()));
    throw ScriptError(at.line, at.column,
                      "the statement does not end: a string, quoted name or comment is not "
                      "closed, or a trigger body lacks its END;");
  }
  add(start, script.size());  // drops a comment-only tail
  return out;
}

}  // namespace migctl::sqlite

#include "statement_split.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <mutex>

#include "migctl/error.hpp"

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

int line_of(std::string_view script, std::size_t offset) {
  while (offset < script.size() && is_space(script[offset])) ++offset;
  return 1 + static_cast<int>(std::count(script.begin(), script.begin() + offset, '\n'));
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

std::vector<std::string> split_statements(std::string_view script) {
  if (script.find('\0') != std::string_view::npos) {
    throw Error(ExitCode::data, "the SQL script holds a NUL byte", "remove it from the revision");
  }
  std::vector<std::string> out;
  auto add = [&](std::string_view piece) {
    std::string statement = trimmed(piece);
    // Only a piece that starts with a comment can be nothing but comments.
    const bool may_be_empty =
        statement.compare(0, 2, "--") == 0 || statement.compare(0, 2, "/*") == 0;
    if (!statement.empty() && !(may_be_empty && compiler().holds_no_statement(statement))) {
      out.push_back(without_trailing_comments(std::move(statement)));
    }
  };
  std::size_t start = 0;
  std::string candidate;
  for (std::size_t i = script.find(';'); i != std::string_view::npos; i = script.find(';', i + 1)) {
    candidate.assign(script.substr(start, i + 1 - start));
    if (sqlite3_complete(candidate.c_str()) == 0) continue;  // the ';' is quoted or in a trigger
    add(script.substr(start, i - start));
    start = i + 1;
  }
  const std::string_view rest = script.substr(start);
  const std::string tail = trimmed(rest);
  if (tail.empty()) return out;
  // Checked before emptiness: SQLite's tokenizer reads an unterminated /* comment as a comment.
  if (sqlite3_complete((tail + "\n;").c_str()) == 0) {
    throw Error(ExitCode::data,
                "the SQL script ends inside a string, quoted name, comment or trigger body "
                "(the statement starting at line " +
                    std::to_string(line_of(script, start)) + ")",
                "close the quote or comment, or end the trigger with END;");
  }
  add(rest);  // drops a comment-only tail
  return out;
}

}  // namespace migctl::sqlite

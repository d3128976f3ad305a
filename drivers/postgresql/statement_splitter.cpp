#include "statement_splitter.hpp"

#include <algorithm>

#include "migctl/error.hpp"

namespace migctl::pg {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// PostgreSQL identifier characters; bytes >= 0x80 (UTF-8) count as letters.
bool ident_start(char c) {
  auto u = static_cast<unsigned char>(c);
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || u >= 0x80;
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool ident_cont(char c) {
  return ident_start(c) || is_digit(c) || c == '$';
}

class Splitter {
 public:
  explicit Splitter(std::string_view sql) : sql_(sql) {}

  std::vector<std::string> run() {
    while (i_ < sql_.size()) {
      char c = sql_[i_];
      char next = i_ + 1 < sql_.size() ? sql_[i_ + 1] : '\0';
      if (c == '-' && next == '-') {
        skip_line_comment();
      } else if (c == '/' && next == '*') {
        mark_token();
        skip_block_comment();
      } else if (c == '\'') {
        mark_token();
        skip_quoted('\'', false, "quoted string");
        content_end_ = i_;
      } else if ((c == 'E' || c == 'e') && next == '\'' && !in_word_) {
        mark_token();
        ++i_;
        skip_quoted('\'', true, "escape string (E'...')");
        content_end_ = i_;
      } else if (c == '"') {
        mark_token();
        skip_quoted('"', false, "quoted identifier");
        content_end_ = i_;
      } else if (c == '$' && !in_word_ && dollar_tag_length() > 0) {
        mark_token();
        skip_dollar_quoted();
        content_end_ = i_;
      } else if (c == ';' && paren_depth_ == 0) {
        finish(i_);
        ++i_;
      } else {
        if (c == '(') ++paren_depth_;
        if (c == ')' && paren_depth_ > 0) --paren_depth_;
        if (c == '\n') ++line_;
        if (!is_space(c)) {
          mark_token();
          has_content_ = true;
          content_end_ = i_ + 1;
        }
        in_word_ = in_word_ ? ident_cont(c) : ident_start(c);
        ++i_;
      }
    }
    finish(sql_.size());
    return std::move(statements_);
  }

 private:
  // A statement starts at its first token; a block comment counts as one (psql keeps it, and
  // optimizer hints live there), a leading line comment does not.
  void mark_token() {
    if (start_ == std::string_view::npos) start_ = i_;
  }

  void finish(std::size_t end) {
    if (start_ != std::string_view::npos && has_content_) {
      // Up to its last token: a trailing comment would swallow the ';' a script prints after it.
      std::string_view text = sql_.substr(start_, std::min(end, content_end_) - start_);
      while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
      statements_.emplace_back(text);
    }
    start_ = std::string_view::npos;
    has_content_ = false;
    paren_depth_ = 0;
    in_word_ = false;
  }

  [[noreturn]] void unterminated(const std::string& what, int line) const {
    throw Error(ExitCode::data,
                "SQL script: unterminated " + what + " starting at line " + std::to_string(line));
  }

  void skip_line_comment() {
    while (i_ < sql_.size() && sql_[i_] != '\n') ++i_;
    in_word_ = false;
  }

  void skip_block_comment() {
    const int open_line = line_;
    int depth = 0;
    while (i_ < sql_.size()) {
      if (sql_.compare(i_, 2, "/*") == 0) {
        ++depth;
        i_ += 2;
      } else if (sql_.compare(i_, 2, "*/") == 0) {
        i_ += 2;
        if (--depth == 0) {
          in_word_ = false;
          return;
        }
      } else {
        if (sql_[i_] == '\n') ++line_;
        ++i_;
      }
    }
    unterminated("block comment", open_line);
  }

  // At the opening quote. A doubled quote is an escaped quote; in E'...' strings a backslash
  // escapes the next character too.
  void skip_quoted(char quote, bool backslash_escapes, const std::string& what) {
    const int open_line = line_;
    has_content_ = true;
    ++i_;
    while (i_ < sql_.size()) {
      char c = sql_[i_];
      if (c == '\n') ++line_;
      if (backslash_escapes && c == '\\' && i_ + 1 < sql_.size()) {
        if (sql_[i_ + 1] == '\n') ++line_;
        i_ += 2;
      } else if (c == quote && i_ + 1 < sql_.size() && sql_[i_ + 1] == quote) {
        i_ += 2;
      } else if (c == quote) {
        ++i_;
        in_word_ = false;
        return;
      } else {
        ++i_;
      }
    }
    unterminated(what, open_line);
  }

  // Length of the "$tag$" delimiter at i_ (tag empty or an identifier without '$'), or 0.
  std::size_t dollar_tag_length() const {
    std::size_t j = i_ + 1;
    if (j < sql_.size() && sql_[j] == '$') return 2;
    if (j >= sql_.size() || !ident_start(sql_[j])) return 0;  // "$1" is a parameter
    while (j < sql_.size() && (ident_start(sql_[j]) || is_digit(sql_[j]))) ++j;
    return j < sql_.size() && sql_[j] == '$' ? j + 1 - i_ : 0;
  }

  void skip_dollar_quoted() {
    const int open_line = line_;
    has_content_ = true;
    std::string_view delimiter = sql_.substr(i_, dollar_tag_length());
    std::size_t close = sql_.find(delimiter, i_ + delimiter.size());
    if (close == std::string_view::npos) {
      unterminated("dollar-quoted string (" + std::string(delimiter) + ")", open_line);
    }
    for (std::size_t k = i_; k < close; ++k) {
      if (sql_[k] == '\n') ++line_;
    }
    i_ = close + delimiter.size();
    in_word_ = false;
  }

  std::string_view sql_;
  std::size_t i_ = 0;
  int line_ = 1;
  std::size_t start_ = std::string_view::npos;
  bool has_content_ = false;     // saw something other than comments
  std::size_t content_end_ = 0;  // just after the last character that is not a comment
  bool in_word_ = false;         // the previous character belongs to an identifier or keyword
  int paren_depth_ = 0;
  std::vector<std::string> statements_;
};

}  // namespace

std::vector<std::string> split_sql_statements(std::string_view script) {
  return Splitter(script).run();
}

}  // namespace migctl::pg

#include "config/dotenv.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace migctl {
namespace {

bool is_blank(char c) {
  return c == ' ' || c == '\t';
}

bool is_valid_key(std::string_view key) {
  auto alpha = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; };
  if (key.empty() || !alpha(key[0])) return false;
  for (char c : key) {
    if (!alpha(c) && !(c >= '0' && c <= '9') && c != '.') return false;
  }
  return true;
}

// Length of the longest prefix made of key characters.
std::size_t key_prefix_length(std::string_view s) {
  std::size_t n = 0;
  while (n < s.size() && ((s[n] >= 'A' && s[n] <= 'Z') || (s[n] >= 'a' && s[n] <= 'z') ||
                          (s[n] >= '0' && s[n] <= '9') || s[n] == '_' || s[n] == '.')) {
    ++n;
  }
  return n;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  return s;
}

// Walks the normalized text (LF only) one logical entry at a time; quoted values may take
// several physical lines, so the cursor, not a line split, drives parsing.
class Parser {
 public:
  Parser(std::string text, std::string origin)
      : text_(std::move(text)), origin_(std::move(origin)) {}

  DotenvEntries run() {
    DotenvEntries entries;
    while (pos_ < text_.size()) {
      std::string_view line = current_line();
      std::string_view body = trim(line);
      if (body.empty() || body.front() == '#') {
        next_line();
        continue;
      }
      entries.push_back(parse_entry(body));
    }
    return entries;
  }

 private:
  std::string_view current_line() const {
    std::size_t end = text_.find('\n', pos_);
    if (end == std::string::npos) end = text_.size();
    return std::string_view(text_).substr(pos_, end - pos_);
  }

  void next_line() {
    std::size_t end = text_.find('\n', pos_);
    pos_ = end == std::string::npos ? text_.size() : end + 1;
    ++line_;
  }

  [[noreturn]] void fail(int line, const std::string& what, std::string hint = {}) const {
    throw Error(ExitCode::config, origin_ + ":" + std::to_string(line) + ": " + what,
                std::move(hint));
  }

  std::pair<std::string, std::string> parse_entry(std::string_view body) {
    constexpr std::string_view kExport = "export";
    if (body.substr(0, kExport.size()) == kExport && body.size() > kExport.size() &&
        is_blank(body[kExport.size()])) {
      body = trim(body.substr(kExport.size()));
    }
    std::size_t eq = body.find('=');
    // What precedes the first '=' may be a key followed by a secret ("KEY value", "KEY: value"
    // with an '=' somewhere in the value): only the key-like start of the line is quoted.
    const std::string_view before = eq == std::string_view::npos ? body : body.substr(0, eq);
    const std::size_t key_end = key_prefix_length(before);
    const std::string_view lead = before.substr(0, key_end);
    const char next = key_end < before.size() ? before[key_end] : '\0';
    const std::string_view after_lead = trim(before.substr(key_end));
    if (!lead.empty() && is_valid_key(lead) && !after_lead.empty() &&
        (is_blank(next) || next == ':')) {
      const std::string key(lead);
      const bool yaml = after_lead.front() == ':';
      fail(line_,
           "expected '=' after the key " + key + ", found " +
               (yaml ? "':' (YAML style)" : "a space") + "; write " + key + "=value",
           "the rest of the line is not shown: it may hold a secret");
    }
    if (eq == std::string_view::npos) {
      fail(line_, "line without '='",
           "each line must be KEY=value, export KEY=value, a # comment or blank");
    }
    std::string key(trim(before));
    if (!is_valid_key(key)) {
      const bool printable = std::all_of(key.begin(), key.end(), [](char c) {
        return static_cast<unsigned char>(c) > ' ' && c != ':' && c != 0x7f;
      });
      fail(line_,
           "invalid key " +
               (printable ? "\"" + key + "\"" : "starting \"" + std::string(lead) + "\"") +
               " (keys must match [A-Za-z_][A-Za-z0-9_.]*)",
           "write KEY=value; the rest of the line is not shown");
    }
    // Offset of the value within text_, so quoted values can run past this line.
    std::size_t value_pos = static_cast<std::size_t>(body.data() - text_.data()) + eq + 1;
    while (value_pos < text_.size() && is_blank(text_[value_pos])) ++value_pos;
    char first = value_pos < text_.size() ? text_[value_pos] : '\n';
    std::string value;
    if (first == '"' || first == '\'') {
      value = parse_quoted(key, value_pos, first);
    } else {
      std::string_view rest = current_line().substr(value_pos - pos_);
      for (std::size_t i = 0; i < rest.size(); ++i) {
        if (rest[i] == '#' && i > 0 && is_blank(rest[i - 1])) {
          rest = rest.substr(0, i);
          break;
        }
      }
      value = std::string(trim(rest));
      reject_nul(key, value, line_);
      next_line();
    }
    return {std::move(key), std::move(value)};
  }

  // Parses a quoted value starting at `at` (the opening quote); leaves the cursor on the line
  // after the closing quote.
  std::string parse_quoted(const std::string& key, std::size_t at, char quote) {
    const int open_line = line_;
    std::string value;
    std::size_t i = at + 1;
    for (;; ++i) {
      if (i >= text_.size()) {
        fail(open_line,
             "unterminated " + std::string(quote == '"' ? "double" : "single") +
                 "-quoted value for " + key,
             "close the quote; a quoted value may span lines but must end before the file does");
      }
      char c = text_[i];
      if (c == quote) break;
      if (c == '\n') ++line_;
      if (c == '\0') reject_nul(key, std::string(1, c), line_);
      if (c == '\\' && quote == '"' && i + 1 < text_.size()) {
        char n = text_[i + 1];
        const char* expanded = n == 'n'    ? "\n"
                               : n == 'r'  ? "\r"
                               : n == 't'  ? "\t"
                               : n == '"'  ? "\""
                               : n == '\\' ? "\\"
                                           : nullptr;
        if (expanded) {
          value += expanded;
          ++i;
          continue;
        }
      }
      value += c;
    }
    // Closing quote: the physical line it is on must end here or with a comment.
    std::size_t line_start = text_.rfind('\n', i);
    pos_ = line_start == std::string::npos ? 0 : line_start + 1;
    std::string_view after = trim(current_line().substr(i + 1 - pos_));
    if (!after.empty() && after.front() != '#') {
      fail(line_, "unexpected text after the closing quote of " + key);
    }
    next_line();
    return value;
  }

  // A NUL cannot reach a program through the environment or a C string: the value would be
  // cut short silently, so it is refused.
  void reject_nul(const std::string& key, const std::string& value, int line) const {
    if (value.find('\0') != std::string::npos) {
      fail(line, "the value of " + key + " contains a NUL byte",
           "remove it: values are text; a NUL would silently cut the value short");
    }
  }

  std::string text_;
  std::string origin_;
  std::size_t pos_ = 0;
  int line_ = 1;
};

std::string normalize(std::string_view text) {
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  if (text.substr(0, kBom.size()) == kBom) text.remove_prefix(kBom.size());
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
    out += text[i];
  }
  return out;
}

}  // namespace

DotenvEntries parse_dotenv(std::string_view text, const std::string& origin) {
  return Parser(normalize(text), origin).run();
}

DotenvEntries load_dotenv_file(const std::string& path) {
  // Opening a FIFO blocks until a writer appears, a device may never end: only regular
  // files (or links to them) are read.
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
    const char* kind = S_ISDIR(st.st_mode)    ? "a directory"
                       : S_ISFIFO(st.st_mode) ? "a FIFO (named pipe)"
                       : S_ISSOCK(st.st_mode) ? "a socket"
                       : S_ISCHR(st.st_mode)  ? "a character device"
                       : S_ISBLK(st.st_mode)  ? "a block device"
                                              : "a special file";
    throw Error(ExitCode::config,
                "cannot read env file " + path + ": it is not a regular file (it is " + kind + ")",
                "give --env-file a regular file; for a generated configuration, write it to a "
                "file first or set the variables in the environment");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw Error(ExitCode::config, "cannot read env file " + path + ": " + std::strerror(errno));
  }
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) throw Error(ExitCode::config, "cannot read env file " + path);
  return parse_dotenv(content.str(), path);
}

}  // namespace migctl

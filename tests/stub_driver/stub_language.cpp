#include "stub_language.hpp"

#include <cctype>

namespace migctl::stub {
namespace {

bool word_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  return std::isalnum(u) || c == '_' || c == '.' || c == ':' || c == '+' || c == '-' || c == '$';
}

std::string quoted(std::string_view value, char quote) {
  std::string out(1, quote);
  for (char c : value) {
    if (c == quote) out += quote;
    out += c;
  }
  out += quote;
  return out;
}

}  // namespace

std::optional<std::vector<Token>> tokenize(std::string_view s) {
  std::vector<Token> out;
  std::size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (c == '-' && i + 1 < s.size() && s[i + 1] == '-') {
      while (i < s.size() && s[i] != '\n') ++i;  // a comment, to the end of the line
    } else if (c == '\'' || c == '"') {
      Token t;
      t.kind = c == '\'' ? Token::Kind::literal : Token::Kind::name;
      ++i;
      bool closed = false;
      while (i < s.size()) {
        if (s[i] == c) {
          if (i + 1 < s.size() && s[i + 1] == c) {
            t.text += c;
            i += 2;
            continue;
          }
          ++i;
          closed = true;
          break;
        }
        t.text += s[i++];
      }
      if (!closed) return std::nullopt;
      out.push_back(std::move(t));
    } else if (c == '=') {
      out.push_back({Token::Kind::equals, "="});
      ++i;
    } else if (word_char(c)) {
      Token t{Token::Kind::word, {}};
      while (i < s.size() && word_char(s[i])) t.text += s[i++];
      out.push_back(std::move(t));
    } else {
      out.push_back({Token::Kind::other, std::string(1, c)});
      ++i;
    }
  }
  return out;
}

bool is_keyword(const Token& token, std::string_view keyword) {
  if (token.kind != Token::Kind::word || token.text.size() != keyword.size()) return false;
  for (std::size_t i = 0; i < keyword.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(token.text[i])) != keyword[i]) return false;
  }
  return true;
}

std::string quote_literal(std::string_view value) {
  return quoted(value, '\'');
}
std::string quote_name(std::string_view name) {
  return quoted(name, '"');
}

}  // namespace migctl::stub

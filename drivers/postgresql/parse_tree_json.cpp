#include "parse_tree_json.hpp"

#include <charconv>

#include "migctl/error.hpp"

namespace migctl::pg {
namespace {

[[noreturn]] void malformed() {
  throw Error(ExitCode::internal, "libpg_query returned a parse tree that is not valid JSON",
              "report this as a bug, with the script");
}

// Index after the string that starts at text[at] ('"').
std::size_t skip_string(std::string_view text, std::size_t at) {
  const char* const end = text.data() + text.size();
  for (const char* p = text.data() + at + 1; p < end; ++p) {
    if (*p == '\\') {
      ++p;
    } else if (*p == '"') {
      return p - text.data() + 1;
    }
  }
  malformed();
}

// Index after the value that starts at text[at].
std::size_t skip_value(std::string_view text, std::size_t at) {
  if (at >= text.size()) malformed();
  const char first = text[at];
  if (first == '"') return skip_string(text, at);
  if (first == '{' || first == '[') {
    int depth = 0;
    const char* const begin = text.data();
    const char* const end = begin + text.size();
    for (const char* p = begin + at; p < end; ++p) {
      switch (*p) {
        case '"':
          p = begin + skip_string(text, p - begin) - 1;
          break;
        case '{':
        case '[':
          ++depth;
          break;
        case '}':
        case ']':
          if (--depth == 0) return p - begin + 1;
          break;
        default:
          break;
      }
    }
    malformed();
  }
  std::size_t i = at;
  while (i < text.size() && text[i] != ',' && text[i] != '}' && text[i] != ']') ++i;
  if (i == at) malformed();
  return i;
}

bool is_position(std::string_view key) {
  return key == "location" || key == "stmt_location" || key == "stmt_len";
}

}  // namespace

JsonView::Member JsonView::member_at(std::size_t at) const {
  const std::size_t key_end = skip_string(text_, at);
  if (key_end >= text_.size() || text_[key_end] != ':') malformed();
  const std::size_t value_end = skip_value(text_, key_end + 1);
  std::size_t next = value_end;
  if (next < text_.size() && text_[next] == ',') ++next;
  return {text_.substr(at + 1, key_end - at - 2),
          text_.substr(key_end + 1, value_end - key_end - 1), next};
}

JsonView JsonView::member(std::string_view key) const {
  if (text_.empty() || text_.front() != '{') return {};
  for (std::size_t at = 1; at < text_.size() && text_[at] == '"';) {
    Member m = member_at(at);
    if (m.key == key) return exact(m.value);
    at = m.next;
  }
  return {};
}

std::string_view JsonView::node_type() const {
  if (text_.size() < 2 || text_.front() != '{' || text_[1] != '"') return {};
  const std::size_t key_end = skip_string(text_, 1);
  return text_.substr(2, key_end - 3);
}

JsonView JsonView::node_body() const {
  if (text_.size() < 2 || text_.front() != '{' || text_[1] != '"') return {};
  return exact(member_at(1).value);
}

std::vector<JsonView> JsonView::items() const {
  std::vector<JsonView> out;
  if (text_.empty() || text_.front() != '[') return out;
  std::size_t i = 1;
  while (i < text_.size() && text_[i] != ']') {
    const std::size_t end = skip_value(text_, i);
    out.push_back(exact(text_.substr(i, end - i)));
    i = end;
    if (i < text_.size() && text_[i] == ',') ++i;
  }
  return out;
}

std::string_view JsonView::string() const noexcept {
  if (text_.size() < 2 || text_.front() != '"') return {};
  return text_.substr(1, text_.size() - 2);
}

long JsonView::integer(long absent) const {
  if (text_.empty()) return absent;
  long value = 0;
  const auto [end, ec] = std::from_chars(text_.data(), text_.data() + text_.size(), value);
  if (ec != std::errc() || end != text_.data() + text_.size()) malformed();
  return value;
}

std::string without_positions(std::string_view tree) {
  // {"version":150001,"stmts":[...]}: the grammar's version is not part of what a script
  // does (and a newer libpg_query with the same tree keeps the same text).
  constexpr std::string_view version = "{\"version\":";
  if (tree.substr(0, version.size()) == version) {
    std::size_t end = skip_value(tree, version.size());
    if (end < tree.size() && tree[end] == ',') ++end;
    return "{" + without_positions(tree.substr(end));
  }
  std::string out;
  out.reserve(tree.size());
  std::size_t i = 0;
  while (i < tree.size()) {
    const std::size_t quote = tree.find('"', i);
    if (quote == std::string_view::npos) {
      out.append(tree.substr(i));
      break;
    }
    out.append(tree.substr(i, quote - i));
    const std::size_t end = skip_string(tree, quote);
    // A position is a number ("location" is also a tablespace's directory, a string).
    const bool is_number_member =
        end + 1 < tree.size() && tree[end] == ':' &&
        (tree[end + 1] == '-' || (tree[end + 1] >= '0' && tree[end + 1] <= '9'));
    if (is_number_member && is_position(tree.substr(quote + 1, end - quote - 2))) {
      std::size_t value_end = skip_value(tree, end + 1);
      if (!out.empty() && out.back() == ',') {
        out.pop_back();  // a later member: its comma goes with it
      } else if (value_end < tree.size() && tree[value_end] == ',') {
        ++value_end;  // the first member: the comma after it goes
      }
      i = value_end;
      continue;
    }
    out.append(tree.substr(quote, end - quote));
    i = end;
  }
  return out;
}

}  // namespace migctl::pg

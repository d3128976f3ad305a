#include "sqlite_url.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>
#include <vector>

#include "migctl/error.hpp"

namespace migctl::sqlite {
namespace {

constexpr std::string_view kScheme = "sqlite://";
const char* const kForms =
    "write sqlite:///relative/path.db (relative to the current directory) or "
    "sqlite:////absolute/path.db";

[[noreturn]] void refuse(const std::string& what, const std::string& hint = kForms) {
  throw Error(ExitCode::config, "DATABASE_CONN is not a usable SQLite URL: " + what, hint);
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decode(std::string_view text, const char* what) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    const bool complete = i + 2 < text.size();
    const int high = complete ? hex_value(text[i + 1]) : -1;
    const int low = complete ? hex_value(text[i + 2]) : -1;
    if (high < 0 || low < 0) {
      refuse(std::string("a '%' in the ") + what + " is not followed by two hex digits",
             "write a literal '%' as %25");
    }
    out += static_cast<char>(high * 16 + low);
    i += 2;
  }
  if (out.find('\0') != std::string::npos) refuse(std::string("the ") + what + " holds a NUL byte");
  return out;
}

struct QueryParameter {
  std::string key;
  std::string value;  // as written
};

std::vector<QueryParameter> split_query(std::string_view query) {
  std::vector<QueryParameter> out;
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    if (!pair.empty()) {
      const auto eq = pair.find('=');
      out.push_back({std::string(pair.substr(0, eq)), eq == std::string_view::npos
                                                          ? std::string()
                                                          : std::string(pair.substr(eq + 1))});
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return out;
}

bool starts_with_scheme(const std::string& url) {
  if (url.size() < kScheme.size()) return false;
  for (std::size_t i = 0; i < kScheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(url[i])) != kScheme[i]) return false;
  }
  return true;
}

}  // namespace

SqliteUrl parse_url(const std::string& url) {
  if (!starts_with_scheme(url)) refuse("it does not start with sqlite://");
  std::string_view rest(url);
  rest.remove_prefix(kScheme.size());
  if (rest.find('#') != std::string_view::npos) {
    refuse("it has a '#' (a URL fragment)", "write a '#' in the path as %23");
  }
  std::string_view query;
  if (const auto q = rest.find('?'); q != std::string_view::npos) {
    query = rest.substr(q + 1);
    rest = rest.substr(0, q);
  }
  const char* const no_file =
      "it names no database file (SQLAlchemy's sqlite:// is an in-memory database, which would "
      "vanish when migctl exits)";
  if (rest.empty()) refuse(no_file);
  if (rest.front() != '/') {
    const std::string authority(rest.substr(0, rest.find('/')));
    const auto at = authority.rfind('@');
    refuse("it names a host or user ('" +
           (at == std::string::npos ? authority : "..." + authority.substr(at)) +
           "'), but SQLite opens a local file");
  }
  rest.remove_prefix(1);  // the '/' that ends the empty authority
  SqliteUrl out;
  out.path = percent_decode(rest, "path");
  if (out.path.empty() || out.path == "/") refuse(no_file);
  if (out.path == ":memory:" || out.path.rfind("file:", 0) == 0) {
    refuse("'" + out.path + "' is not a file path (an in-memory database or an SQLite URI)");
  }
  if (out.path.back() == '/') refuse("the path '" + out.path + "' names a directory");
  for (const auto& parameter : split_query(query)) {
    if (parameter.key != "timeout") {
      refuse("unknown parameter '" + parameter.key + "'",
             "the only parameter is ?timeout=SECONDS (how long to wait for another writer)");
    }
    const std::string value = percent_decode(parameter.value, "timeout");
    int seconds = 0;
    bool valid = !value.empty() && value.size() <= 6;
    for (char c : value) {
      valid = valid && std::isdigit(static_cast<unsigned char>(c));
      if (valid) seconds = seconds * 10 + (c - '0');
    }
    if (!valid) refuse("timeout='" + value + "' is not a whole number of seconds");
    out.timeout_seconds = seconds;
  }
  return out;
}

std::string redact_url(const std::string& url) {
  try {
    parse_url(url);
    return url;
  } catch (const Error&) {
  }
  // Unreadable: show only what cannot be a secret.
  if (!starts_with_scheme(url)) return "sqlite://***";
  const auto q = url.find('?');
  const std::string head = url.substr(0, q);
  if (head.find('@') != std::string::npos || head.find('#') != std::string::npos ||
      head.find(':', kScheme.size()) != std::string::npos) {
    return "sqlite://***";
  }
  if (q == std::string::npos) return head;
  std::string out = head + "?";
  bool first = true;
  for (const auto& parameter : split_query(std::string_view(url).substr(q + 1))) {
    out += (first ? "" : "&") + parameter.key + "=" +
           (parameter.key == "timeout" ? parameter.value : std::string("***"));
    first = false;
  }
  return out;
}

std::vector<std::string> url_secrets(const std::string& url) {
  try {
    parse_url(url);
    return {};
  } catch (const Error&) {
  }
  std::vector<std::string> out;
  auto add = [&out](const std::string& value) {
    if (value.empty()) return;
    out.push_back(value);
    try {
      const std::string decoded = percent_decode(value, "value");
      if (decoded != value) out.push_back(decoded);
    } catch (const Error&) {
    }
  };
  const std::string_view rest = std::string_view(url).substr(std::min(url.size(), kScheme.size()));
  const auto q = rest.find('?');
  if (q != std::string_view::npos) {
    for (const auto& parameter : split_query(rest.substr(q + 1))) {
      if (parameter.key != "timeout") add(parameter.value);
    }
  }
  const std::string_view authority = rest.substr(0, std::min(rest.find('/'), q));
  if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
    const std::string userinfo(authority.substr(0, at));
    add(userinfo);
    if (const auto colon = userinfo.find(':'); colon != std::string::npos) {
      add(userinfo.substr(colon + 1));
    }
  }
  return out;
}

}  // namespace migctl::sqlite

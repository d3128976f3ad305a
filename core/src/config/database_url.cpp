#include "config/database_url.hpp"

#include <Poco/Exception.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <algorithm>
#include <optional>

#include "migctl/error.hpp"

namespace migctl {
namespace {

constexpr const char* kRedacted = "***";

// Where the parts of a URL are, as offsets into the original text.
struct UrlParts {
  std::size_t scheme_end;  // position of "://"
  // The password, as [password_begin, password_end); both npos when there is no userinfo.
  std::size_t password_begin = std::string_view::npos;
  std::size_t password_end = std::string_view::npos;
  std::size_t query_begin = std::string_view::npos;  // first char after '?'
  std::size_t query_end = std::string_view::npos;    // '#' or end
};

bool valid_scheme(std::string_view scheme) {
  auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  if (scheme.empty() || !alpha(scheme[0])) return false;
  return std::all_of(scheme.begin(), scheme.end(), [&](char c) {
    return alpha(c) || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
  });
}

std::optional<UrlParts> split_url(std::string_view url) {
  std::size_t sep = url.find("://");
  if (sep == std::string_view::npos || !valid_scheme(url.substr(0, sep))) return std::nullopt;
  UrlParts parts{sep};
  const std::size_t authority = sep + 3;
  std::size_t slash = url.find('/', authority);
  if (slash == std::string_view::npos) slash = url.size();
  std::size_t at = url.rfind('@', slash - 1);
  std::size_t rest = authority;
  if (at != std::string_view::npos && at >= authority) {
    std::size_t colon = url.find(':', authority);
    if (colon < at) {
      parts.password_begin = colon + 1;
      parts.password_end = at;
      rest = at + 1;
    }
  }
  std::size_t q = url.find('?', rest);
  std::size_t hash = url.find('#', rest);
  if (q != std::string_view::npos && q < hash) {
    parts.query_begin = q + 1;
    parts.query_end = hash == std::string_view::npos ? url.size() : hash;
  }
  return parts;
}

std::optional<std::string> decode(std::string_view text) {
  try {
    std::string out;
    Poco::URI::decode(std::string(text), out);
    return out;
  } catch (const Poco::Exception&) {
    return std::nullopt;
  }
}

std::string param_name(std::string_view param) {
  std::string_view name = param.substr(0, param.find('='));
  return Poco::toLower(decode(name).value_or(std::string(name)));
}

// Calls f(value_begin, value_end) for every query parameter whose name satisfies `wanted`.
template <typename Pred, typename F>
void for_each_param(std::string_view url, const UrlParts& parts, Pred wanted, F f) {
  if (parts.query_begin == std::string_view::npos) return;
  std::size_t begin = parts.query_begin;
  while (begin <= parts.query_end) {
    std::size_t end = url.find('&', begin);
    if (end == std::string_view::npos || end > parts.query_end) end = parts.query_end;
    std::string_view param = url.substr(begin, end - begin);
    std::size_t eq = param.find('=');
    if (eq != std::string_view::npos && wanted(param_name(param))) f(begin + eq + 1, end);
    begin = end + 1;
  }
}

bool hides_value(const std::string& name) {
  return name.find("pass") != std::string::npos;
}
bool is_secret(const std::string& name) {
  return name.find("password") != std::string::npos;
}

void add_secret(std::vector<std::string>& out, std::string_view raw) {
  if (raw.empty()) return;
  auto push = [&](std::string s) {
    if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(std::move(s));
  };
  if (auto decoded = decode(raw)) push(*decoded);
  push(std::string(raw));
}

}  // namespace

std::string url_scheme(std::string_view url) {
  std::size_t sep = url.find("://");
  if (sep == std::string_view::npos || !valid_scheme(url.substr(0, sep))) {
    throw Error(ExitCode::config, "DATABASE_CONN is not a URL of the form scheme://...",
                "expected e.g. postgresql://user:password@host:5432/database");
  }
  return Poco::toLower(std::string(url.substr(0, sep)));
}

std::string redact_url(std::string_view url) {
  try {
    auto parts = split_url(url);
    if (!parts) return "<unparseable URL>";
    // Replacements as (begin, end), applied back to front so offsets stay valid.
    std::vector<std::pair<std::size_t, std::size_t>> hide;
    if (parts->password_begin != std::string_view::npos &&
        parts->password_end > parts->password_begin) {
      hide.emplace_back(parts->password_begin, parts->password_end);
    }
    for_each_param(url, *parts, hides_value, [&](std::size_t b, std::size_t e) {
      if (e > b) hide.emplace_back(b, e);
    });
    std::string out(url);
    for (auto it = hide.rbegin(); it != hide.rend(); ++it) {
      out.replace(it->first, it->second - it->first, kRedacted);
    }
    return out;
  } catch (...) {
    return "<unparseable URL>";
  }
}

std::vector<std::string> url_secrets(std::string_view url) {
  std::vector<std::string> out;
  try {
    auto parts = split_url(url);
    if (!parts) return out;
    if (parts->password_begin != std::string_view::npos) {
      add_secret(out,
                 url.substr(parts->password_begin, parts->password_end - parts->password_begin));
    }
    for_each_param(url, *parts, is_secret,
                   [&](std::size_t b, std::size_t e) { add_secret(out, url.substr(b, e - b)); });
  } catch (...) {
    // Only allocation can fail here; return what was found.
  }
  return out;
}

std::string scrub(std::string text, const std::vector<std::string>& secrets) {
  std::vector<std::string> ordered(secrets);
  std::sort(ordered.begin(), ordered.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  for (const auto& secret : ordered) {
    if (secret.empty()) continue;
    for (std::size_t pos = text.find(secret); pos != std::string::npos;
         pos = text.find(secret, pos + 3)) {
      text.replace(pos, secret.size(), kRedacted);
    }
  }
  return text;
}

}  // namespace migctl

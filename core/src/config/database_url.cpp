#include "config/database_url.hpp"

#include <Poco/String.h>

#include <algorithm>

#include "migctl/error.hpp"

namespace migctl {
namespace {

constexpr const char* kRedacted = "***";
constexpr const char* kUnparseable = "<unparseable URL>";

bool valid_scheme(std::string_view scheme) {
  auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  if (scheme.empty() || !alpha(scheme[0])) return false;
  return std::all_of(scheme.begin(), scheme.end(), [&](char c) {
    return alpha(c) || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
  });
}

// The lower-cased scheme, or "" when the text does not start with "scheme://".
std::string scheme_or_empty(std::string_view url) {
  const std::size_t sep = url.find("://");
  if (sep == std::string_view::npos || !valid_scheme(url.substr(0, sep))) return "";
  return Poco::toLower(std::string(url.substr(0, sep)));
}

}  // namespace

std::string url_scheme(std::string_view url) {
  std::string scheme = scheme_or_empty(url);
  if (scheme.empty()) {
    throw Error(ExitCode::config, "DATABASE_CONN is not a URL of the form scheme://...",
                "expected e.g. postgresql://user:password@host:5432/database");
  }
  return scheme;
}

std::string redact_url(std::string_view url) {
  try {
    const std::string scheme = scheme_or_empty(url);
    if (scheme.empty()) return kUnparseable;
    return std::string(url.substr(0, scheme.size())) + "://" + kRedacted;
  } catch (...) {
    return kUnparseable;
  }
}

std::vector<std::string> url_secrets(std::string_view url) {
  try {
    const std::string scheme = scheme_or_empty(url);
    if (scheme.empty()) return {};
    std::string rest(url.substr(scheme.size() + 3));
    return rest.empty() ? std::vector<std::string>{} : std::vector{rest};
  } catch (...) {
    return {std::string(url)};
  }
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

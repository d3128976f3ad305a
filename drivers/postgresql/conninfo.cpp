#include "conninfo.hpp"

#include <libpq-fe.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <optional>
#include <set>
#include <string_view>

#include "migctl/error.hpp"

namespace migctl::pg {
namespace {

constexpr const char* kExpectedForm =
    "expected postgresql://user:password@host:port/database?param=value";
constexpr const char* kEncodingHint =
    "percent-encode reserved characters in the user name and password: '@' as %40, ':' as "
    "%3A, '/' as %2F, '?' as %3F, '#' as %23, '%' as %25, a space as %20";

[[noreturn]] void malformed(const std::string& reason, const std::string& url) {
  throw DatabaseError(
      ExitCode::config,
      scrub("DATABASE_CONN is not a valid PostgreSQL URL (" + reason + "); " + kExpectedForm,
            url_secrets(url)),
      "", "", kEncodingHint);
}

bool starts_with_ci(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
  }
  return true;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

std::optional<std::string> percent_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    if (i + 2 >= text.size()) return std::nullopt;
    const int hi = hex_value(text[i + 1]);
    const int lo = hex_value(text[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

void add_secret(std::vector<std::string>& secrets, std::string_view raw) {
  if (raw.empty()) return;
  secrets.emplace_back(raw);
  if (auto decoded = percent_decode(raw); decoded && !decoded->empty() && *decoded != raw) {
    secrets.push_back(*decoded);
  }
}

// libpq's URI parser messages quote the offending text, which may be the password or the whole
// URL. Each known message is replaced by a reason that quotes nothing from the URL, except an
// unknown query parameter's name when it cannot be part of a secret.
std::string parse_error_reason(const std::string& libpq_message,
                               const std::vector<std::string>& secrets) {
  const auto has = [&](const char* needle) {
    return libpq_message.find(needle) != std::string::npos;
  };
  if (has("invalid percent-encoded token")) {
    return "invalid percent-encoding: '%' must be followed by two hexadecimal digits";
  }
  if (has("forbidden value %00")) return "%00 is not allowed";
  if (has("invalid URI query parameter")) {
    const auto open = libpq_message.find('"');
    const auto close = open == std::string::npos ? open : libpq_message.find('"', open + 1);
    if (close != std::string::npos) {
      const std::string name = libpq_message.substr(open + 1, close - open - 1);
      const bool plain =
          !name.empty() && std::all_of(name.begin(), name.end(),
                                       [](unsigned char c) { return std::isalnum(c) || c == '_'; });
      const bool in_secret = std::any_of(secrets.begin(), secrets.end(), [&](const auto& s) {
        return s.find(name) != std::string::npos;
      });
      if (plain && !in_secret) return "unknown query parameter \"" + name + "\"";
    }
    return "unknown query parameter";
  }
  if (has("missing key/value separator")) return "a query parameter has no '='";
  if (has("extra key/value separator")) return "a query parameter has more than one '='";
  if (has("matching \"]\"")) return "an IPv6 address lacks its closing ']'";
  if (has("IPv6 host address may not be empty")) return "an IPv6 address is empty";
  if (has("unexpected character")) return "unexpected character after the host";
  if (has("out of memory")) return "out of memory while parsing it";
  return "libpq could not parse it";
}

bool valid_port_list(const std::string& ports) {
  std::size_t start = 0;
  while (true) {
    const auto comma = ports.find(',', start);
    const std::string port = ports.substr(start, comma - start);
    // An empty entry in a multi-host list means "the default port" to libpq.
    if (!port.empty()) {
      if (port.size() > 5 ||
          !std::all_of(port.begin(), port.end(), [](unsigned char c) { return std::isdigit(c); })) {
        return false;
      }
      const int value = std::stoi(port);
      if (value < 1 || value > 65535) return false;
    }
    if (comma == std::string::npos) return !ports.empty();
    start = comma + 1;
  }
}

const std::map<std::string, std::string>& keyword_environment() {
  static const std::map<std::string, std::string> table = [] {
    std::map<std::string, std::string> out;
    std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> defaults(PQconndefaults(),
                                                                          &PQconninfoFree);
    for (auto* option = defaults.get(); option && option->keyword; ++option) {
      if (option->envvar) out[option->keyword] = option->envvar;
    }
    return out;
  }();
  return table;
}

}  // namespace

Params uri_to_params(const std::string& url) {
  std::string normalized = url;
  if (starts_with_ci(url, "postgresql://")) {
    normalized.replace(0, 13, "postgresql://");
  } else if (starts_with_ci(url, "postgres://")) {
    normalized.replace(0, 11, "postgres://");
  } else {
    throw DatabaseError(
        ExitCode::config,
        std::string("DATABASE_CONN must be a postgresql:// or postgres:// URL; ") + kExpectedForm,
        "", "", kEncodingHint);
  }

  char* error = nullptr;
  std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> options(
      PQconninfoParse(normalized.c_str(), &error), &PQconninfoFree);
  if (!options) {
    const std::string libpq_message = error ? error : "out of memory";
    PQfreemem(error);
    malformed(parse_error_reason(libpq_message, url_secrets(url)), url);
  }

  Params params;
  for (auto* option = options.get(); option->keyword; ++option) {
    if (option->val) params[option->keyword] = option->val;
  }

  if (auto host = params.find("host");
      host != params.end() && host->second.find('@') != std::string::npos) {
    malformed("the host contains '@', so the password or user name has an unencoded '@'", url);
  }
  if (auto port = params.find("port"); port != params.end() && !valid_port_list(port->second)) {
    malformed("the port must be a number from 1 to 65535", url);
  }
  static const std::set<std::string> sslmodes = {"disable", "allow",     "prefer",
                                                 "require", "verify-ca", "verify-full"};
  if (auto mode = params.find("sslmode"); mode != params.end() && !sslmodes.count(mode->second)) {
    malformed("sslmode must be one of disable, allow, prefer, require, verify-ca, verify-full",
              url);
  }
  return params;
}

std::string conninfo_quote(const std::string& value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\\' || c == '\'') out += '\\';
    out += c;
  }
  return out + "'";
}

std::string params_to_conninfo(const Params& params) {
  std::string out;
  for (const auto& [key, value] : params) {
    if (!out.empty()) out += ' ';
    out += key + '=' + conninfo_quote(value);
  }
  return out;
}

PocoConnectSpec poco_connect_spec(const Params& params) {
  PocoConnectSpec spec;
  Params carried;
  for (const auto& [key, value] : params) {
    if (value.find(' ') == std::string::npos) {
      carried.emplace(key, value);
      continue;
    }
    const auto& table = keyword_environment();
    const auto variable = table.find(key);
    if (variable == table.end()) {
      throw DatabaseError(ExitCode::config,
                          "the value of " + key +
                              " in DATABASE_CONN contains a space, which the PostgreSQL "
                              "connector cannot pass for this parameter",
                          "");
    }
    spec.env[variable->second] = value;
  }
  spec.connection_string = params_to_conninfo(carried);
  if (spec.connection_string.empty()) {
    // Poco rejects an empty string ("cannot find '='").
    throw Error(ExitCode::internal,
                "poco_connect_spec needs at least one parameter without a space");
  }
  return spec;
}

std::vector<std::string> url_secrets(const std::string& url, const Params& params) {
  std::vector<std::string> secrets;
  const auto scheme_end = url.find("://");
  if (scheme_end != std::string::npos) {
    const std::string rest = url.substr(scheme_end + 3);
    // The userinfo ends at the last '@' before the first '/' (how a well-formed URL reads) or,
    // when the password has an unencoded '/', at the last '@' anywhere: hide both readings.
    const auto slash = rest.find('/');
    const std::string authority = rest.substr(0, slash);
    for (const std::string* text : {&authority, &rest}) {
      const auto at = text->rfind('@');
      if (at == std::string::npos) continue;
      const std::string userinfo = text->substr(0, at);
      const auto colon = userinfo.find(':');
      if (colon != std::string::npos) add_secret(secrets, userinfo.substr(colon + 1));
    }
    // Password-like query parameters, e.g. ?password=... or ?sslpassword=...
    const auto query = rest.find('?');
    for (auto start = query; start != std::string::npos;) {
      const auto end = rest.find('&', start + 1);
      const std::string pair =
          rest.substr(start + 1, end == std::string::npos ? end : end - start - 1);
      const auto eq = pair.find('=');
      std::string name = pair.substr(0, eq);
      std::transform(name.begin(), name.end(), name.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      if (eq != std::string::npos && name.find("pass") != std::string::npos) {
        add_secret(secrets, pair.substr(eq + 1));
        add_secret(secrets, rest.substr(start + 1 + eq + 1));  // in case it held an '&'
      }
      start = end;
    }
  }
  for (const char* key : {"password", "sslpassword"}) {
    if (auto it = params.find(key); it != params.end() && !it->second.empty()) {
      secrets.push_back(it->second);
      secrets.push_back(conninfo_quote(it->second));
    }
  }
  return secrets;
}

std::string scrub(std::string text, const std::vector<std::string>& secrets) {
  std::vector<std::string> ordered(secrets);
  std::sort(ordered.begin(), ordered.end(),
            [](const auto& a, const auto& b) { return a.size() > b.size(); });
  for (const auto& secret : ordered) {
    if (secret.empty()) continue;
    for (auto pos = text.find(secret); pos != std::string::npos; pos = text.find(secret, pos + 3)) {
      text.replace(pos, secret.size(), "***");
    }
  }
  return text;
}

}  // namespace migctl::pg

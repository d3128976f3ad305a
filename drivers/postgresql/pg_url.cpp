#include "pg_url.hpp"

#include <libpq-fe.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <set>
#include <string_view>

#include "migctl/error.hpp"

namespace migctl::pg {
namespace {

constexpr const char* kUnparseable = "<unparseable URL>";
constexpr const char* kMask = "***";
constexpr const char* kExpectedForm =
    "expected postgresql://user:password@host:port/database?param=value";
constexpr const char* kEncodingHint =
    "percent-encode reserved characters in the user name and password: '@' as %40, ':' as "
    "%3A, '/' as %2F, '?' as %3F, '#' as %23, '%' as %25, a space as %20";

using Options = std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)>;

// libpq's parse of `text`; null options and libpq's message when it refuses.
std::pair<Options, std::string> libpq_parse(const std::string& text) {
  char* error = nullptr;
  Options options(PQconninfoParse(text.c_str(), &error), &PQconninfoFree);
  std::string message;
  if (!options) message = error ? error : "out of memory";
  PQfreemem(error);
  return {std::move(options), message};
}

Params values_of(const Options& options) {
  Params params;
  for (auto* option = options.get(); option && option->keyword; ++option) {
    if (option->val) params[option->keyword] = option->val;
  }
  return params;
}

// libpq's keywords in its own order, and which of them hold passwords (dispchar "*").
struct KeywordTable {
  std::vector<std::string> order;
  std::set<std::string> secret;
};
const KeywordTable& keywords() {
  static const KeywordTable table = [] {
    KeywordTable t;
    auto parsed = libpq_parse("");
    for (auto* o = parsed.first.get(); o && o->keyword; ++o) {
      t.order.emplace_back(o->keyword);
      if (o->dispchar && std::string_view(o->dispchar) == "*") t.secret.insert(o->keyword);
    }
    return t;
  }();
  return table;
}

bool starts_with_ci(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
  }
  return true;
}

// "postgresql" / "postgres", or "" for any other text.
std::string scheme_of(std::string_view url) {
  if (starts_with_ci(url, "postgresql://")) return "postgresql";
  if (starts_with_ci(url, "postgres://")) return "postgres";
  return "";
}

// Every '%' as "%25": libpq then decodes each value back to exactly how it was written,
// with the same structure (a '%' never delimits anything for libpq).
std::string escape_percent(const std::string& text) {
  std::string out;
  for (char c : text) out += c == '%' ? std::string("%25") : std::string(1, c);
  return out;
}

void add(std::vector<std::string>& out, const std::string& secret) {
  if (!secret.empty() && std::find(out.begin(), out.end(), secret) == out.end())
    out.push_back(secret);
}

// The readings of a password in a URL parse_url refused (no reading is trusted): the
// userinfo password up to the first and up to the last '@', the text after each
// "password=" up to the next '&' and to the end, and libpq's as-written values when libpq
// still accepts the structure.
std::vector<std::string> refused_url_secrets(const std::string& url) {
  std::vector<std::string> out;
  const auto sep = url.find("://");
  if (sep == std::string::npos) return out;
  const std::string rest = url.substr(sep + 3);
  for (auto at : {rest.find('@'), rest.rfind('@')}) {
    if (at == std::string::npos) continue;
    const auto colon = rest.find(':');
    if (colon < at) add(out, rest.substr(colon + 1, at - colon - 1));
  }
  std::string lower = rest;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (auto pos = lower.find("password="); pos != std::string::npos;
       pos = lower.find("password=", pos + 1)) {
    const auto begin = pos + 9;
    add(out, rest.substr(begin, rest.find('&', begin) - begin));
    add(out, rest.substr(begin));
  }
  const std::string scheme = scheme_of(url);
  if (!scheme.empty()) {
    auto written = libpq_parse(escape_percent(scheme + url.substr(sep)));
    for (const auto& [key, value] : values_of(written.first))
      if (keywords().secret.count(key)) add(out, value);
  }
  return out;
}

[[noreturn]] void malformed(const std::string& reason, const std::string& url) {
  std::vector<std::string> secrets = refused_url_secrets(url);
  throw DatabaseError(
      ExitCode::config,
      scrub("DATABASE_CONN is not a valid PostgreSQL URL (" + reason + "); " + kExpectedForm,
            secrets),
      "", "", kEncodingHint);
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

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (auto pos = text.find(sep); pos != std::string::npos; pos = text.find(sep, start)) {
    out.push_back(text.substr(start, pos - start));
    start = pos + 1;
  }
  out.push_back(text.substr(start));
  return out;
}

// Percent-encodes all but RFC 3986 unreserved characters and `keep`.
std::string encode(const std::string& value, std::string_view keep = {}) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' ||
        keep.find(static_cast<char>(c)) != std::string_view::npos) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

enum class Secrets { mask, omit };

std::string render(const ParsedUrl& url, Secrets secrets) {
  const auto& secret_keys = keywords().secret;
  const Params& v = url.values;
  auto value = [&](const char* key) -> const std::string* {
    auto it = v.find(key);
    return it == v.end() ? nullptr : &it->second;
  };
  std::set<std::string> done{"dbname"};
  std::string out = url.scheme + "://";

  const std::string* user = value("user");
  const std::string* password = value("password");
  const bool userinfo_password = url.password_in_userinfo && password && secrets == Secrets::mask;
  if (user || userinfo_password) {
    out += encode(user ? *user : "");
    if (userinfo_password) out += std::string(":") + kMask;
    out += '@';
    done.insert("user");
  }
  if (url.password_in_userinfo) done.insert("password");

  // Hosts in the authority when they read back the same: names and addresses, each with its
  // own port or none. Socket directories and lists the authority cannot express go to the
  // query as host=/port=.
  if (const std::string* host = value("host")) {
    const std::vector<std::string> hosts = split(*host, ',');
    const std::string* port = value("port");
    const std::vector<std::string> ports = port ? split(*port, ',') : std::vector<std::string>{};
    // Only a host name or an IPv6 address reads back the same from the authority; anything
    // else libpq accepted from a host= query parameter ("[::1]:5/x") stays in the query.
    auto authority_host = [](const std::string& h) {
      const auto in = [&](const char* set) {
        return !h.empty() && h.find_first_not_of(set) == std::string::npos;
      };
      return in("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-_") ||
             (h.find(':') != std::string::npos && in("0123456789ABCDEFabcdef:."));
    };
    const bool authority = std::all_of(hosts.begin(), hosts.end(), authority_host) &&
                           (!port || ports.size() == hosts.size());
    if (authority) {
      for (std::size_t i = 0; i < hosts.size(); ++i) {
        if (i > 0) out += ',';
        out += hosts[i].find(':') != std::string::npos ? "[" + hosts[i] + "]" : encode(hosts[i]);
        if (port && !ports[i].empty()) out += ":" + ports[i];
      }
      done.insert({"host", "port"});
    }
  }
  if (const std::string* dbname = value("dbname")) out += "/" + encode(*dbname);

  std::string query;
  for (const auto& key : keywords().order) {
    auto it = v.find(key);
    if (it == v.end() || done.count(key)) continue;
    std::string shown;
    if (secret_keys.count(key)) {
      if (secrets == Secrets::omit || it->second.empty()) continue;
      shown = kMask;
    } else {
      shown = encode(it->second, "/:,");
    }
    query += (query.empty() ? "?" : "&") + key + "=" + shown;
  }
  return out + query;
}

}  // namespace

ParsedUrl parse_url(const std::string& url) {
  ParsedUrl parsed;
  parsed.scheme = scheme_of(url);
  if (parsed.scheme.empty()) {
    throw DatabaseError(
        ExitCode::config,
        std::string("DATABASE_CONN must be a postgresql:// or postgres:// URL; ") + kExpectedForm,
        "", "", kEncodingHint);
  }
  // libpq reads a C string: it would stop at a NUL byte and connect with what comes before
  // it, while every printer sees the whole text. An environment variable cannot hold one,
  // so a NUL here is damage (or a .env reader's bug): refuse rather than guess.
  if (url.find('\0') != std::string::npos) {
    throw DatabaseError(ExitCode::config,
                        "DATABASE_CONN contains a NUL byte; " + std::string(kExpectedForm), "", "",
                        "write the URL again as text");
  }
  // libpq matches the scheme case-sensitively; a URL's scheme is case-insensitive.
  const std::size_t rest_at = parsed.scheme.size() + 3;
  const std::string normalized = parsed.scheme + "://" + url.substr(rest_at);

  auto decoded = libpq_parse(normalized);
  if (!decoded.first) {
    malformed(parse_error_reason(decoded.second, refused_url_secrets(url)), url);
  }
  parsed.values = values_of(decoded.first);
  auto written = libpq_parse(escape_percent(normalized));
  parsed.written = written.first ? values_of(written.first) : parsed.values;

  const auto has_at = [&](const char* key) {
    for (const Params* p : {&parsed.values, &parsed.written}) {
      auto it = p->find(key);
      if (it != p->end() && it->second.find('@') != std::string::npos) return true;
    }
    return false;
  };
  if (has_at("host")) {
    malformed("the host contains '@', so the password or user name has an unencoded '@'", url);
  }
  if (auto it = parsed.written.find("dbname");
      it != parsed.written.end() && it->second.find('@') != std::string::npos) {
    malformed(
        "the database name contains an unencoded '@', so the password has an unencoded "
        "'/' or '@'",
        url);
  }
  if (auto port = parsed.values.find("port");
      port != parsed.values.end() && !valid_port_list(port->second)) {
    malformed("the port must be a number from 1 to 65535", url);
  }
  static const std::set<std::string> sslmodes = {"disable", "allow",     "prefer",
                                                 "require", "verify-ca", "verify-full"};
  if (auto mode = parsed.values.find("sslmode");
      mode != parsed.values.end() && !sslmodes.count(mode->second)) {
    malformed("sslmode must be one of disable, allow, prefer, require, verify-ca, verify-full",
              url);
  }
  // libpq read the password from the userinfo iff the URL starts with "user:password@" as
  // written (a query password given too would have replaced it, and differ).
  if (auto pw = parsed.written.find("password"); pw != parsed.written.end()) {
    auto user = parsed.written.find("user");
    const std::string prefix =
        (user == parsed.written.end() ? "" : user->second) + ":" + pw->second + "@";
    parsed.password_in_userinfo = normalized.compare(rest_at, prefix.size(), prefix) == 0;
  }
  return parsed;
}

Params uri_to_params(const std::string& url) {
  return parse_url(url).values;
}

std::string redact_url(const std::string& url) {
  try {
    return render(parse_url(url), Secrets::mask);
  } catch (...) {
    return kUnparseable;
  }
}

std::vector<std::string> url_secrets(const std::string& url) {
  std::vector<std::string> out;
  try {
    const ParsedUrl parsed = parse_url(url);
    for (const auto& key : keywords().secret) {
      auto value = parsed.values.find(key);
      if (value == parsed.values.end() || value->second.empty()) continue;
      add(out, value->second);
      add(out, conninfo_quote(value->second));
      if (auto written = parsed.written.find(key); written != parsed.written.end())
        add(out, written->second);
    }
  } catch (const Error&) {
    try {
      out = refused_url_secrets(url);
      const auto sep = url.find("://");
      if (sep != std::string::npos) add(out, url.substr(sep + 3));
    } catch (...) {
      // Only allocation can fail; return what was found.
    }
  } catch (...) {
  }
  return out;
}

ClientUrl client_url(const std::string& url) {
  const ParsedUrl parsed = parse_url(url);
  ClientUrl out;
  out.dbname_arg = render(parsed, Secrets::omit);
  if (auto pw = parsed.values.find("password"); pw != parsed.values.end())
    out.password = pw->second;
  return out;
}

}  // namespace migctl::pg

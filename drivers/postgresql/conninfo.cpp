#include "conninfo.hpp"

#include <libpq-fe.h>

#include <algorithm>
#include <memory>

#include "migctl/error.hpp"

namespace migctl::pg {
namespace {

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

#include "diagnostics.hpp"

#include <libpq-fe.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <sstream>

namespace migctl::pg {
namespace {

std::string trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::vector<std::string> split_fields(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(text);
  while (std::getline(in, part, separator)) parts.push_back(part);
  if (parts.empty()) parts.emplace_back();
  return parts;
}

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

std::string format_server(const std::string& hosts, const std::string& ports) {
  const auto host_list = split_fields(hosts, ',');
  const auto port_list = split_fields(ports, ',');
  std::string out;
  for (std::size_t i = 0; i < host_list.size(); ++i) {
    std::string port = port_list.size() == 1  ? port_list[0]
                       : i < port_list.size() ? port_list[i]
                                              : std::string();
    if (port.empty()) port = "5432";
    const std::string& host = host_list[i];
    if (!out.empty()) out += ", ";
    if (host.empty()) {
      out += "the default Unix socket (port " + port + ")";
    } else if (host.front() == '/' || host.front() == '@') {
      out += host + "/.s.PGSQL." + port;
    } else if (host.find(':') != std::string::npos) {
      out += "[" + host + "]:" + port;
    } else {
      out += host + ":" + port;
    }
  }
  return out;
}

}  // namespace

ConnectTarget connect_target(const Params& params) {
  Params effective;
  std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> defaults(PQconndefaults(),
                                                                        &PQconninfoFree);
  for (auto* option = defaults.get(); option && option->keyword; ++option) {
    if (option->val) effective[option->keyword] = option->val;
  }
  for (const auto& [key, value] : params) effective[key] = value;

  const auto get = [&](const char* key) {
    const auto it = effective.find(key);
    return it == effective.end() ? std::string() : it->second;
  };
  ConnectTarget target;
  const std::string host = get("host").empty() ? get("hostaddr") : get("host");
  target.server = format_server(host, get("port"));
  target.user = get("user");
  target.database = get("dbname").empty() ? target.user : get("dbname");
  return target;
}

std::string clean_connect_text(const std::string& libpq_text) {
  std::string text = libpq_text;
  if (starts_with(text, "Connection Error: ")) text.erase(0, 18);
  std::vector<std::string> lines;
  for (const auto& raw : split_fields(text, '\n')) {
    std::string line = trim(raw);
    if (line.empty() || starts_with(line, "Is the server running")) continue;
    if (starts_with(line, "connection to server ")) {
      const auto failed = line.find(" failed: ");
      if (failed != std::string::npos) line.erase(0, failed + 9);
    }
    for (const char* marker : {"FATAL:  ", "ERROR:  ", "FATAL: ", "ERROR: "}) {
      if (starts_with(line, marker)) line.erase(0, std::string_view(marker).size());
    }
    line = trim(line);
    if (!line.empty() && std::find(lines.begin(), lines.end(), line) == lines.end()) {
      lines.push_back(line);
    }
  }
  std::string out;
  for (const auto& line : lines) out += (out.empty() ? "" : "; ") + line;
  return out.empty() ? "unknown error" : out;
}

DatabaseError connect_error(const std::string& libpq_text, const ConnectTarget& target,
                            const std::vector<std::string>& secrets) {
  const std::string reason = clean_connect_text(libpq_text);
  const std::string text = lower(reason);
  const auto has = [&](const char* needle) { return text.find(needle) != std::string::npos; };
  const std::string who = "user \"" + target.user + "\" on database \"" + target.database + "\"";

  ExitCode code = ExitCode::unavailable;
  std::string sqlstate = "08001";
  std::string message;
  std::string hint;
  if (has("password authentication failed") || has("no password supplied") ||
      has("authentication failed") || has("no pg_hba.conf entry") ||
      (starts_with(text, "role \"") && has("does not exist")) || has("not permitted to log in")) {
    code = ExitCode::permission;
    sqlstate = has("password authentication failed") ? "28P01" : "28000";
    message = "authentication failed for " + who + " at " + target.server + ": " + reason;
    hint =
        "check the user name and password in DATABASE_CONN (percent-encode reserved characters) "
        "and that pg_hba.conf lets this user connect";
  } else if (has("permission denied for database")) {
    code = ExitCode::permission;
    sqlstate = "42501";
    message = who + " may not connect at " + target.server + ": " + reason;
    hint = "grant CONNECT on the database to this user, or use another user";
  } else if (has("database \"") && has("does not exist")) {
    code = ExitCode::config;
    sqlstate = "3D000";
    message = "database \"" + target.database + "\" does not exist on " + target.server;
    hint = "create the database or fix its name in DATABASE_CONN";
  } else if ((has("invalid ") && !has("invalid response")) || has("ssl was required") ||
             has("does not support ssl")) {
    code = ExitCode::config;
    message = "cannot connect to PostgreSQL at " + target.server + ": " + reason;
    hint = "check the parameters in DATABASE_CONN";
  } else {
    if (has("starting up") || has("shutting down") || has("recovery mode")) {
      sqlstate = "57P03";
    } else if (has("too many")) {
      sqlstate = "53300";
    } else if (has("closed the connection unexpectedly")) {
      sqlstate = "08006";
    }
    message = "cannot connect to PostgreSQL at " + target.server + " (database \"" +
              target.database + "\"): " + reason;
    hint = "is the server running? check DATABASE_CONN";
  }
  return DatabaseError(code, scrub(message, secrets), sqlstate, "", scrub(hint, secrets));
}

ServerError parse_verbose_error(const std::string& text) {
  ServerError error;
  std::vector<std::string> kept;
  for (const auto& raw : split_fields(text, '\n')) {
    std::string line = trim(raw);
    if (line.empty() || starts_with(line, "LOCATION:")) continue;
    for (const char* severity : {"ERROR:", "FATAL:", "PANIC:"}) {
      const auto at = line.find(severity);
      if (error.sqlstate.empty() && at != std::string::npos) {
        std::string rest = trim(std::string_view(line).substr(at + 6));
        const bool coded = rest.size() > 6 && rest[5] == ':' &&
                           std::all_of(rest.begin(), rest.begin() + 5, [](unsigned char c) {
                             return std::isdigit(c) || std::isupper(c);
                           });
        if (coded) {
          error.sqlstate = rest.substr(0, 5);
          rest = trim(std::string_view(rest).substr(6));
        }
        line = rest;
        break;
      }
    }
    if (starts_with(line, "DETAIL:") || starts_with(line, "HINT:")) {
      // "DETAIL:  text" -> "DETAIL: text"
      const auto colon = line.find(':');
      line = line.substr(0, colon + 1) + " " + trim(std::string_view(line).substr(colon + 1));
    }
    kept.push_back(line);
  }
  for (const auto& line : kept) error.message += (error.message.empty() ? "" : "\n") + line;
  return error;
}

bool is_connection_loss(const std::string& sqlstate, bool connection_bad) {
  if (connection_bad) return true;
  if (sqlstate.size() != 5) return false;
  if (starts_with(sqlstate, "08")) return true;
  for (const char* code : {"57P01", "57P02", "57P03", "57P05", "25P03"}) {
    if (sqlstate == code) return true;
  }
  return false;
}

std::string position_suffix(std::string_view statement, int position) {
  if (position < 1) return {};
  int line = 1;
  int column = 1;
  int character = 1;
  for (std::size_t i = 0; i < statement.size(); ++i) {
    const auto byte = static_cast<unsigned char>(statement[i]);
    if ((byte & 0xC0) == 0x80) continue;  // UTF-8 continuation byte: same character
    if (character == position) {
      return " (line " + std::to_string(line) + ", column " + std::to_string(column) + ")";
    }
    ++character;
    if (byte == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return {};
}

}  // namespace migctl::pg

#include <cctype>

#include "migctl/error.hpp"
#include "sqlfiles/sql_dir.hpp"

namespace migctl {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// A set name is also a branch label (`name@head`): no '@', no space, no path separator.
bool valid_set_name(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-' && c != '.')
      return false;
  }
  return true;
}

}  // namespace

std::optional<SqlFormat> parse_sql_format(std::string_view name) {
  const std::string n = lower(name);
  if (n == "golang-migrate" || n == "sqlx" || n == "migrate") return SqlFormat::golang_migrate;
  if (n == "dbmate") return SqlFormat::dbmate;
  if (n == "flyway") return SqlFormat::flyway;
  if (n == "diesel") return SqlFormat::diesel;
  if (n == "migctl") return SqlFormat::migctl;
  return std::nullopt;
}

std::string sql_format_name(SqlFormat format) {
  switch (format) {
    case SqlFormat::golang_migrate:
      return "golang-migrate";
    case SqlFormat::dbmate:
      return "dbmate";
    case SqlFormat::flyway:
      return "flyway";
    case SqlFormat::diesel:
      return "diesel";
    case SqlFormat::migctl:
      return "migctl";
  }
  return "unknown";
}

// "NAME=DIR" only when what precedes the first '=' is a set name: a path such as
// "./a=b" (it holds a '/') stays a directory.
SqlDirSpec parse_sql_dir_spec(const std::string& text) {
  SqlDirSpec spec;
  const std::size_t eq = text.find('=');
  if (eq != std::string::npos && text.substr(0, eq).find('/') == std::string::npos) {
    const std::string name = text.substr(0, eq);
    if (!valid_set_name(name)) {
      throw Error(
          ExitCode::config,
          "migrations directory \"" + text + "\": \"" + name + "\" is not a migration-set name",
          "write NAME=DIR with a name of letters, digits, '_', '-' or '.', or give the "
          "directory alone to name the set after it");
    }
    spec.set_name = name;
    spec.dir = text.substr(eq + 1);
  } else {
    spec.dir = text;
  }
  if (spec.dir.empty()) {
    throw Error(ExitCode::config, "migrations directory \"" + text + "\" names no directory",
                "write DIR or NAME=DIR");
  }
  return spec;
}

}  // namespace migctl

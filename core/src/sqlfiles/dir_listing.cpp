#include "sqlfiles/dir_listing.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include "migctl/error.hpp"
#include "sqlfiles/linear_order.hpp"
#include "sqlfiles/sql_text.hpp"

namespace fs = std::filesystem;

namespace migctl::sqlfiles {
namespace {

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool all_digits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_ignorable(const std::string& name) {
  const std::string n = lower(name);
  return n[0] == '.' || starts_with(n, "readme") || ends_with(n, ".md") || ends_with(n, ".txt") ||
         n == "schema.sql";
}

// "<digits>_<title>" or "<digits>" before the extension.
bool digits_then_title(std::string_view stem) {
  return all_digits(stem.substr(0, stem.find('_')));
}

// V1__x.sql, U1_1__x.sql: prefix, a version, "__".
bool flyway_name(std::string_view name, char prefix) {
  if (name.size() < 2 || name[0] != prefix) return false;
  const std::size_t sep = name.find("__");
  return sep != std::string_view::npos && !parse_version(name.substr(1, sep - 1), true).empty();
}

// Flyway's SQL callbacks: beforeMigrate.sql, afterEachMigrate__note.sql, createSchema.sql...
bool flyway_callback(std::string_view name) {
  std::string_view event = name.substr(0, name.find("__"));
  if (ends_with(event, ".sql")) event.remove_suffix(4);
  if (event == "createSchema") return true;
  for (std::string_view prefix : {"before", "after"}) {
    if (starts_with(event, prefix) && event.size() > prefix.size() &&
        std::isupper(static_cast<unsigned char>(event[prefix.size()])))
      return true;
  }
  return false;
}

bool has_migctl_header(std::string_view text) {
  bool found = false;
  for_each_line(text, [&found](const TextLine& line) {
    found = starts_with(line.text, "-- migctl:");
    return !found;
  });
  return found;
}

bool has_dbmate_marker(std::string_view text) {
  bool found = false;
  for_each_line(text, [&found](const TextLine& line) {
    if (starts_with(line.text, "--")) {
      const std::string_view rest = trim(line.text.substr(2));
      found = starts_with(rest, "migrate:up") || starts_with(rest, "migrate:down");
    }
    return !found;
  });
  return found;
}

bool diesel_dir_name(std::string_view name) {
  const std::size_t sep = name.find('_');
  if (sep == std::string_view::npos || sep + 1 == name.size()) return false;
  std::string version;
  for (char c : name.substr(0, sep))
    if (c != '-') version += c;
  return all_digits(version);
}

EntryKind classify_file(const std::string& name, const std::string& text) {
  if (ends_with(name, ".up.sql") || ends_with(name, ".down.sql")) {
    if (digits_then_title(name)) {
      return ends_with(name, ".up.sql") ? EntryKind::golang_up : EntryKind::golang_down;
    }
  }
  if (ends_with(name, ".sql.conf")) {
    return flyway_name(name, 'V') || flyway_name(name, 'U') ? EntryKind::flyway_config
                                                            : EntryKind::unknown;
  }
  if (!ends_with(name, ".sql")) return EntryKind::unknown;
  if (has_migctl_header(text)) return EntryKind::migctl;
  const std::string_view stem = std::string_view(name).substr(0, name.size() - 4);
  if (digits_then_title(stem)) {
    return has_dbmate_marker(text) ? EntryKind::dbmate : EntryKind::sqlx_simple;
  }
  if (flyway_name(name, 'V')) return EntryKind::flyway_versioned;
  if (flyway_name(name, 'U')) return EntryKind::flyway_undo;
  if (starts_with(name, "R__") || flyway_name(name, 'B') || flyway_callback(name))
    return EntryKind::flyway_unsupported;
  return EntryKind::unknown;
}

std::string examples(const std::vector<const DirEntry*>& entries) {
  std::string out;
  for (std::size_t i = 0; i < entries.size() && i < 2; ++i)
    out += (i ? ", " : "") + entries[i]->name;
  if (entries.size() > 2) out += ", ...";
  return out;
}

}  // namespace

std::optional<SqlFormat> format_of(EntryKind kind) {
  switch (kind) {
    case EntryKind::golang_up:
    case EntryKind::golang_down:
    case EntryKind::sqlx_simple:
      return SqlFormat::golang_migrate;
    case EntryKind::dbmate:
      return SqlFormat::dbmate;
    case EntryKind::flyway_versioned:
    case EntryKind::flyway_undo:
    case EntryKind::flyway_config:
    case EntryKind::flyway_unsupported:
      return SqlFormat::flyway;
    case EntryKind::diesel:
      return SqlFormat::diesel;
    case EntryKind::migctl:
      return SqlFormat::migctl;
    case EntryKind::ignorable:
    case EntryKind::unknown:
      break;
  }
  return std::nullopt;
}

std::string expected_names(SqlFormat format) {
  switch (format) {
    case SqlFormat::golang_migrate:
      return "<version>_<title>.up.sql with <version>_<title>.down.sql, or sqlx's up-only "
             "<version>_<title>.sql";
    case SqlFormat::dbmate:
      return "<version>_<title>.sql with a `-- migrate:up` line";
    case SqlFormat::flyway:
      return "V<version>__<description>.sql, optionally U<version>__<description>.sql";
    case SqlFormat::diesel:
      return "directories <version>_<name>/ holding up.sql and down.sql";
    case SqlFormat::migctl:
      return "<id>_<slug>.sql with `-- migctl:` header lines";
  }
  return {};
}

std::vector<DirEntry> list_sql_dir(const fs::path& dir) {
  std::error_code ec;
  const auto status = fs::status(dir, ec);
  if (ec || !fs::exists(status)) {
    throw Error(
        ExitCode::config,
        "migrations directory " + dir.string() + " does not exist" +
            (ec && ec != std::errc::no_such_file_or_directory ? " (" + ec.message() + ")" : ""),
        "check the path given to --migrations-dir or MIGCTL_MIGRATIONS_DIR (a relative "
        "path is taken from the current directory)");
  }
  if (!fs::is_directory(status)) {
    throw Error(ExitCode::config, "migrations directory " + dir.string() + " is not a directory",
                "give the directory that holds the SQL files");
  }
  std::vector<DirEntry> entries;
  fs::directory_iterator it(dir, ec);
  for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
    DirEntry entry;
    entry.name = it->path().filename().string();
    entry.path = dir / entry.name;
    // The type readdir gave (no stat but for symbolic links); an error reads as a file,
    // whose reading then reports it.
    std::error_code type_ec;
    entry.is_directory = it->is_directory(type_ec);
    entries.push_back(std::move(entry));
  }
  if (ec) {
    throw Error(ExitCode::config,
                "cannot list migrations directory " + dir.string() + ": " + ec.message(),
                "make it readable by the user running migctl");
  }
  std::sort(entries.begin(), entries.end(),
            [](const DirEntry& a, const DirEntry& b) { return a.name < b.name; });
  for (auto& entry : entries) {
    if (is_ignorable(entry.name)) {
      entry.kind = EntryKind::ignorable;
      continue;
    }
    if (entry.is_directory) {
      entry.kind = diesel_dir_name(entry.name) ? EntryKind::diesel : EntryKind::unknown;
      continue;
    }
    if (ends_with(entry.name, ".sql") || ends_with(entry.name, ".sql.conf"))
      entry.text = read_text_file(entry.path);
    entry.kind = classify_file(entry.name, entry.text);
  }
  return entries;
}

std::optional<SqlFormat> decide_format(const fs::path& dir, const std::vector<DirEntry>& entries,
                                       std::optional<SqlFormat> forced) {
  std::map<SqlFormat, std::vector<const DirEntry*>> by_format;
  bool only_simple = true;  // every golang-migrate entry is an unmarked <version>_<title>.sql
  for (const auto& entry : entries) {
    if (auto format = format_of(entry.kind)) {
      by_format[*format].push_back(&entry);
      if (*format == SqlFormat::golang_migrate) only_simple &= entry.kind == EntryKind::sqlx_simple;
    }
  }
  auto listing = [&by_format](std::optional<SqlFormat> except) {
    std::string out;
    for (const auto& [format, files] : by_format) {
      if (format == except) continue;
      out += (out.empty() ? "" : "; ") + sql_format_name(format) + " (" + examples(files) + ")";
    }
    return out;
  };
  if (forced) {
    if (!by_format.count(*forced) && !by_format.empty() &&
        !(only_simple && by_format.size() == 1 && by_format.count(SqlFormat::golang_migrate) &&
          (*forced == SqlFormat::dbmate || *forced == SqlFormat::migctl))) {
      throw Error(ExitCode::config,
                  "migrations directory " + dir.string() + " holds no " + sql_format_name(*forced) +
                      " migration (" + expected_names(*forced) + "); it holds " +
                      listing(std::nullopt),
                  "drop --migrations-format (MIGCTL_MIGRATIONS_FORMAT) to read the directory "
                  "in its own format");
    }
    return forced;
  }
  if (by_format.empty()) return std::nullopt;
  if (by_format.size() == 1) return by_format.begin()->first;
  // Unmarked <version>_<title>.sql files beside dbmate or migctl files are that format's
  // files missing their marker or header: the format's reader says so, naming each.
  if (by_format.size() == 2 && by_format.count(SqlFormat::golang_migrate) && only_simple) {
    if (by_format.count(SqlFormat::dbmate)) return SqlFormat::dbmate;
    if (by_format.count(SqlFormat::migctl)) return SqlFormat::migctl;
  }
  throw Error(
      ExitCode::config,
      "migrations directory " + dir.string() + " mixes migration formats: " + listing(std::nullopt),
      "keep one format per directory (give each its own --migrations-dir), or force "
      "one with --migrations-format");
}

}  // namespace migctl::sqlfiles

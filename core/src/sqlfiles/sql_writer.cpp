#include "sqlfiles/sql_writer.hpp"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <optional>
#include <string_view>

#include "migctl/error.hpp"

namespace migctl {
namespace {

using Clock = std::chrono::system_clock;

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), is_digit);
}

std::string_view without_leading_zeros(std::string_view s) {
  while (s.size() > 1 && s.front() == '0') s.remove_prefix(1);
  return s;
}

// Numeric order of two digit strings of any length.
int compare_numbers(std::string_view a, std::string_view b) {
  a = without_leading_zeros(a);
  b = without_leading_zeros(b);
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  return a.compare(b) < 0 ? -1 : a.compare(b) > 0 ? 1 : 0;
}

// "0099" -> "0100", "99" -> "100": the width is kept unless the number outgrows it.
std::string plus_one(std::string digits) {
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    if (*it != '9') {
      ++*it;
      return digits;
    }
    *it = '0';
  }
  return "1" + digits;
}

std::string utc_text(std::time_t t, const char* format) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char out[32];
  return std::string(out, std::strftime(out, sizeof out, format, &tm));
}

// "20240131235959" -> its time, when it is a real UTC date and time (a number that only
// looks like one, such as 20241399000000, is not).
std::optional<std::time_t> parse_timestamp(std::string_view digits) {
  if (digits.size() != 14 || !all_digits(digits)) return std::nullopt;
  auto field = [&](std::size_t at, std::size_t n) {
    return std::stoi(std::string(digits.substr(at, n)));
  };
  std::tm tm{};
  tm.tm_year = field(0, 4) - 1900;
  tm.tm_mon = field(4, 2) - 1;
  tm.tm_mday = field(6, 2);
  tm.tm_hour = field(8, 2);
  tm.tm_min = field(10, 2);
  tm.tm_sec = field(12, 2);
  const std::time_t t = timegm(&tm);
  if (t == static_cast<std::time_t>(-1) || utc_text(t, "%Y%m%d%H%M%S") != digits)
    return std::nullopt;
  return t;
}

// The time now as YYYYMMDDhhmmss, or the second after `latest` when that is not earlier:
// a new timestamp version always sorts after every existing one.
std::string next_timestamp(Clock::time_point now, const std::optional<std::string>& latest) {
  const std::time_t t = Clock::to_time_t(now);
  std::string text = utc_text(t, "%Y%m%d%H%M%S");
  if (!latest || compare_numbers(text, *latest) > 0) return text;
  if (const auto last = parse_timestamp(*latest)) return utc_text(*last + 1, "%Y%m%d%H%M%S");
  return plus_one(std::string(without_leading_zeros(*latest)));
}

// A version's leading digits, when `name` starts with them and `separator` follows.
std::optional<std::string> leading_version(std::string_view name, std::string_view separator) {
  std::size_t n = 0;
  while (n < name.size() && is_digit(name[n])) ++n;
  if (n == 0 || name.substr(n, separator.size()) != separator) return std::nullopt;
  return std::string(name.substr(0, n));
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::optional<std::string> highest(const std::vector<std::string>& versions) {
  if (versions.empty()) return std::nullopt;
  return *std::max_element(versions.begin(), versions.end(),
                           [](const auto& a, const auto& b) { return compare_numbers(a, b) < 0; });
}

// Flyway's version parts: "2.0.3" / "2_0_3" -> {"2", "0", "3"}; empty when malformed.
std::vector<std::string> flyway_parts(std::string_view version) {
  std::vector<std::string> parts(1);
  for (char c : version) {
    if (is_digit(c)) {
      parts.back() += c;
    } else if ((c == '.' || c == '_') && !parts.back().empty()) {
      parts.emplace_back();
    } else {
      return {};
    }
  }
  if (parts.back().empty()) return {};
  return parts;
}

int compare_flyway(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  for (std::size_t i = 0; i < std::max(a.size(), b.size()); ++i) {
    const int c = compare_numbers(i < a.size() ? a[i] : "0", i < b.size() ? b[i] : "0");
    if (c != 0) return c;
  }
  return 0;
}

[[noreturn]] void refuse_graph_options(SqlFormat format) {
  throw Error(ExitCode::usage,
              "a " + sql_format_name(format) +
                  " directory cannot record --head, --depends-on, --branch-label or a merge: "
                  "its revisions form one line in version order",
              "write the set in migctl's own format (--migrations-format migctl on a new "
              "directory: its header carries parents, depends_on and branch labels)");
}

[[noreturn]] void not_later(const std::string& rev_id, const std::string& latest) {
  throw Error(ExitCode::usage,
              "--rev-id " + rev_id + " is not later than the directory's latest version " + latest,
              "a new revision of a linear set comes after every existing one (an earlier "
              "version would slip in below revisions already applied); leave out --rev-id for "
              "the next version");
}

[[noreturn]] void bad_rev_id(const std::string& rev_id, const std::string& expected) {
  throw Error(ExitCode::usage, "--rev-id '" + rev_id + "' is not a version of this format",
              "expected " + expected);
}

// The words of `message` joined by '_', at most 40 characters (cut at a word boundary past
// the 20th when there is one).
std::string joined_words(const std::string& message, bool lower) {
  std::string out;
  for (char c : message) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (u < 128 && std::isalnum(u))
      out += lower ? static_cast<char>(std::tolower(u)) : c;
    else if (!out.empty() && out.back() != '_')
      out += '_';
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  if (out.size() > 40) {
    out.resize(40);
    const auto cut = out.rfind('_');
    if (cut != std::string::npos && cut > 20) out.resize(cut);
    while (!out.empty() && out.back() == '_') out.pop_back();
  }
  return out;
}

// The slug in a file name: never empty.
std::string name_slug(const std::string& message) {
  const std::string slug = sql_slug(message);
  return slug.empty() ? "revision" : slug;
}

SqlRevisionFiles golang_migrate(const std::vector<std::string>& entries, const NewSqlRevision& r,
                                Clock::time_point now) {
  std::vector<std::string> versions;
  for (const auto& name : entries)
    if (ends_with(name, ".sql"))
      if (auto v = leading_version(name, "_")) versions.push_back(*v);
  const auto latest = highest(versions);
  std::string version;
  if (!r.rev_id.empty()) {
    if (!all_digits(r.rev_id)) bad_rev_id(r.rev_id, "digits, such as 000042 or 20240131120000");
    if (latest && compare_numbers(r.rev_id, *latest) <= 0) not_later(r.rev_id, *latest);
    version = r.rev_id;
  } else if (!latest) {
    version = "000001";
  } else if (std::all_of(versions.begin(), versions.end(),
                         [](const std::string& v) { return parse_timestamp(v).has_value(); })) {
    version = next_timestamp(now, latest);
  } else {
    version = plus_one(*latest);
    if (without_leading_zeros(version).size() > 32)
      throw Error(ExitCode::data, "the next version after " + *latest + " has over 32 digits",
                  "a revision id holds at most 32 characters: give --rev-id a shorter one");
  }
  const std::string stem = version + "_" + name_slug(r.message);
  return {version, {{stem + ".up.sql", ""}, {stem + ".down.sql", ""}}, {}};
}

SqlRevisionFiles dbmate(const std::vector<std::string>& entries, const NewSqlRevision& r,
                        Clock::time_point now) {
  std::vector<std::string> versions;
  for (const auto& name : entries)
    if (ends_with(name, ".sql"))
      if (auto v = leading_version(name, "")) versions.push_back(*v);
  const auto latest = highest(versions);
  std::string version;
  if (!r.rev_id.empty()) {
    if (!all_digits(r.rev_id)) bad_rev_id(r.rev_id, "digits, such as 20240131120000");
    if (latest && compare_numbers(r.rev_id, *latest) <= 0) not_later(r.rev_id, *latest);
    version = r.rev_id;
  } else {
    version = next_timestamp(now, latest);
  }
  // dbmate's own template for `dbmate new`.
  return {
      version,
      {{version + "_" + name_slug(r.message) + ".sql", "-- migrate:up\n\n\n-- migrate:down\n\n"}},
      {}};
}

SqlRevisionFiles flyway(const std::vector<std::string>& entries, const NewSqlRevision& r,
                        Clock::time_point now) {
  std::vector<std::string> latest;  // parts of the highest version
  std::string latest_text;
  bool timestamps = true;
  for (const auto& name : entries) {
    if (name.size() < 2 || name[0] != 'V' || !ends_with(name, ".sql")) continue;
    const auto sep = name.find("__");
    if (sep == std::string::npos) continue;
    const std::string text = name.substr(1, sep - 1);
    const auto parts = flyway_parts(text);
    if (parts.empty()) continue;
    timestamps = timestamps && parts.size() == 1 && parse_timestamp(parts[0]);
    if (latest.empty() || compare_flyway(parts, latest) > 0) {
      latest = parts;
      latest_text = text;
    }
  }
  std::string version;
  if (!r.rev_id.empty()) {
    const auto parts = flyway_parts(r.rev_id);
    if (parts.empty()) bad_rev_id(r.rev_id, "Flyway's form: 2, 2.1 or 2_1");
    if (!latest.empty() && compare_flyway(parts, latest) <= 0) not_later(r.rev_id, latest_text);
    version = r.rev_id;
  } else if (latest.empty()) {
    version = "1";
  } else if (timestamps) {
    version = next_timestamp(now, latest[0]);
  } else {
    // The next major version, as wide as the highest one's first part (V007 -> V008).
    const std::size_t width = latest_text.find_first_of("._") == std::string::npos
                                  ? latest_text.size()
                                  : latest_text.find_first_of("._");
    version = plus_one(latest[0]);
    if (version.size() < width) version.insert(0, width - version.size(), '0');
  }
  const std::string rest = version + "__" + flyway_description(r.message) + ".sql";
  SqlRevisionFiles out{version, {{"V" + rest, ""}}, {}};
  if (r.undo) out.files.push_back({"U" + rest, ""});
  return out;
}

SqlRevisionFiles diesel(const std::vector<std::string>& entries, const NewSqlRevision& r,
                        Clock::time_point now) {
  std::vector<std::string> versions;  // digits only, as diesel compares them
  for (const auto& name : entries) {
    const auto sep = name.find('_');
    if (sep == std::string::npos || sep == 0) continue;
    std::string digits;
    for (char c : name.substr(0, sep))
      if (c != '-') digits += c;
    if (all_digits(digits)) versions.push_back(digits);
  }
  const auto latest = highest(versions);
  std::string digits;
  if (!r.rev_id.empty()) {
    std::string given;
    for (char c : r.rev_id)
      if (c != '-') given += c;
    if (!parse_timestamp(given))
      bad_rev_id(r.rev_id, "a UTC time, YYYY-MM-DD-hhmmss (or YYYYMMDDhhmmss)");
    if (latest && compare_numbers(given, *latest) <= 0) not_later(r.rev_id, *latest);
    digits = given;
  } else {
    digits = next_timestamp(now, latest);
    if (!parse_timestamp(digits))
      throw Error(ExitCode::data,
                  "the directory's latest version " + *latest + " is not a YYYYMMDDhhmmss time",
                  "give --rev-id a time later than it (YYYY-MM-DD-hhmmss)");
  }
  // diesel's directory name: 2024-01-31-235959.
  const std::string version = digits.substr(0, 4) + "-" + digits.substr(4, 2) + "-" +
                              digits.substr(6, 2) + "-" + digits.substr(8);
  const std::filesystem::path dir = version + "_" + name_slug(r.message);
  // diesel's own placeholders for `diesel migration generate`.
  return {version,
          {{dir / "up.sql", "-- Your SQL goes here\n"},
           {dir / "down.sql", "-- This file should undo anything in `up.sql`\n"}},
          dir};
}

std::string header_list(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

std::string one_line(const std::string& text) {
  std::string out = text;
  std::replace_if(
      out.begin(), out.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
  return out;
}

SqlRevisionFiles migctl_format(const NewSqlRevision& r, Clock::time_point now) {
  if (r.rev_id.empty())
    throw Error(ExitCode::usage, "a migctl-format revision needs an id", "give --rev-id");
  // The header as the reader takes it (README "Migrations in SQL files"): one
  // `-- migctl:<key>: <value>` line per key, lists comma-separated, `base` for no parent.
  std::string text;
  text += "-- migctl:id: " + r.rev_id + "\n";
  text += "-- migctl:parents: " + (r.parents.empty() ? "base" : header_list(r.parents)) + "\n";
  if (!r.depends_on.empty()) text += "-- migctl:depends_on: " + header_list(r.depends_on) + "\n";
  if (!r.branch_labels.empty())
    text += "-- migctl:branch_labels: " + header_list(r.branch_labels) + "\n";
  text += "-- migctl:message: " + one_line(r.message) + "\n";
  text += "-- migctl:create_date: " + utc_text(Clock::to_time_t(now), "%Y-%m-%dT%H:%M:%SZ") + "\n";
  text += "-- migctl:transactional: true\n";
  text += r.merge ? "\n-- migctl:upgrade\n\n-- migctl:downgrade\n"
                  : "\n-- migctl:upgrade\n\n\n-- migctl:downgrade\n\n";
  return {r.rev_id, {{r.rev_id + "_" + name_slug(r.message) + ".sql", text}}, {}};
}

}  // namespace

std::string sql_slug(const std::string& message) {
  return joined_words(message, true);
}

std::string flyway_description(const std::string& message) {
  const std::string words = joined_words(message, false);
  return words.empty() ? "revision" : words;
}

SqlRevisionFiles sql_revision_files(SqlFormat format, const std::vector<std::string>& entries,
                                    const NewSqlRevision& revision, Clock::time_point now) {
  if (revision.message.empty())
    throw Error(ExitCode::usage, "a new revision needs a message",
                "migctl create \"Add user email verification\"");
  if (format != SqlFormat::migctl && (!revision.parents.empty() || !revision.depends_on.empty() ||
                                      !revision.branch_labels.empty() || revision.merge))
    refuse_graph_options(format);
  switch (format) {
    case SqlFormat::golang_migrate:
      return golang_migrate(entries, revision, now);
    case SqlFormat::dbmate:
      return dbmate(entries, revision, now);
    case SqlFormat::flyway:
      return flyway(entries, revision, now);
    case SqlFormat::diesel:
      return diesel(entries, revision, now);
    case SqlFormat::migctl:
      break;
  }
  return migctl_format(revision, now);
}

}  // namespace migctl

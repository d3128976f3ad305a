#include "commands/audit_log.hpp"

#include <Poco/DateTime.h>
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/DateTimeParser.h>
#include <Poco/Timespan.h>
#include <Poco/Timestamp.h>

#include <map>
#include <regex>

#include "migctl/error.hpp"

namespace migctl {
namespace {

std::string iso(const Poco::Timestamp& t) {
  return Poco::DateTimeFormatter::format(t, "%Y-%m-%dT%H:%M:%SZ");
}

[[noreturn]] void bad_time(const std::string& text, const std::string& option) {
  throw Error(ExitCode::usage, "--" + option + " '" + text + "' is not a date, time or age",
              "use a date (2026-11-30), a date and time in UTC (\"2026-11-30 14:05\", or with "
              "an offset: 2026-11-30T14:05:00+07:00), or an age such as 30m, 12h, 7d, 2w");
}

// parse_log_time's "YYYY-MM-DDTHH:MM:SSZ" in AuditFilter's form, the audit row's own
// (microseconds): every dialect then compares it with started_at, as text (SQLite) or
// as a time (PostgreSQL).
std::string audit_filter_time(const std::string& iso_seconds) {
  int zone = 0;
  const Poco::DateTime when =
      Poco::DateTimeParser::parse(Poco::DateTimeFormat::ISO8601_FORMAT, iso_seconds, zone);
  return Poco::DateTimeFormatter::format(when, "%Y-%m-%dT%H:%M:%S.%FZ");
}

}  // namespace

std::string parse_log_time(const std::string& text, const std::string& option,
                           std::chrono::system_clock::time_point now) {
  static const std::regex age("([0-9]{1,9})([smhdw])");
  static const std::regex absolute(
      "([0-9]{4})-([0-9]{2})-([0-9]{2})"
      "(?:[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2}))?)?"
      "(Z|[+-][0-9]{2}(?::?[0-9]{2})?)?");
  std::smatch m;
  if (std::regex_match(text, m, age)) {
    static const std::map<char, long long> seconds{
        {'s', 1}, {'m', 60}, {'h', 3600}, {'d', 86400}, {'w', 604800}};
    const long long ago = std::stoll(m[1].str()) * seconds.at(m[2].str()[0]);
    const auto at = now - std::chrono::seconds(ago);
    return iso(Poco::Timestamp::fromEpochTime(std::chrono::system_clock::to_time_t(at)));
  }
  if (!std::regex_match(text, m, absolute)) bad_time(text, option);
  auto number = [&](int group) { return m[group].matched ? std::stoi(m[group].str()) : 0; };
  const int year = number(1), month = number(2), day = number(3), hour = number(4),
            minute = number(5), second = number(6);
  if (!Poco::DateTime::isValid(year, month, day, hour, minute, second)) bad_time(text, option);
  Poco::DateTime when(year, month, day, hour, minute, second);
  const std::string zone = m[7].str();
  if (!zone.empty() && zone != "Z") {
    const int sign = zone[0] == '-' ? -1 : 1;
    const int hours = std::stoi(zone.substr(1, 2));
    std::string rest = zone.substr(3);
    if (!rest.empty() && rest[0] == ':') rest.erase(0, 1);
    const int minutes = rest.empty() ? 0 : std::stoi(rest);
    if (hours > 23 || minutes > 59) bad_time(text, option);
    // Local time = UTC + offset, so UTC = local - offset.
    const Poco::Timespan offset(0, hours, minutes, 0, 0);
    if (sign > 0)
      when -= offset;
    else
      when += offset;
  }
  return iso(when.timestamp());
}

LogResult audit_log(Session& session, const LogOptions& options) {
  const auto now = std::chrono::system_clock::now();
  LogResult result;
  AuditFilter filter;
  filter.revision = options.revision;
  filter.limit = options.limit;
  if (!options.since.empty()) filter.since = parse_log_time(options.since, "since", now);
  if (!options.until.empty()) filter.until = parse_log_time(options.until, "until", now);
  // ISO 8601 UTC text of one format compares like the times it names.
  if (!filter.since.empty() && !filter.until.empty() && filter.since >= filter.until)
    throw Error(ExitCode::usage,
                "--since " + options.since + " (" + filter.since + ") is not before --until " +
                    options.until + " (" + filter.until + ")",
                "swap them, or leave one out");
  result.since = filter.since;
  result.until = filter.until;
  if (!filter.since.empty()) filter.since = audit_filter_time(filter.since);
  if (!filter.until.empty()) filter.until = audit_filter_time(filter.until);
  result.database = session.redacted_url();
  MigrationContext& ctx = session.context(/*for_changes=*/false);
  result.table_exists = ctx.has_history_table();
  if (result.table_exists) result.entries = ctx.history(filter);
  return result;
}

}  // namespace migctl

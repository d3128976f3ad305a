// log: the audit table (migctl_history): every attempted step, newest first.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/NumberFormatter.h>

#include <algorithm>

#include "command_table.hpp"
#include "commands/audit_log.hpp"
#include "json_document.hpp"
#include "migctl/error.hpp"

namespace migctl::app {
namespace {

std::size_t limit_of(const CommandLine& cl) {
  const std::string text = cl.value("limit");
  if (text.empty()) return 0;
  const bool digits = text.size() <= 9 && std::all_of(text.begin(), text.end(),
                                                      [](char c) { return c >= '0' && c <= '9'; });
  if (!digits || std::stoul(text) == 0)
    throw Error(ExitCode::usage, "--limit '" + text + "' is not a positive number",
                "e.g. --limit 20 for the newest 20 entries");
  return std::stoul(text);
}

std::string who(const AuditRow& e) {
  std::string out = e.db_user;
  if (!e.os_user.empty() || !e.host.empty()) out += " (" + e.os_user + "@" + e.host + ")";
  return out;
}

// "2026-11-30T01:02:03.123456Z" -> "2026-11-30 01:02:03"
std::string when(const AuditRow& e) {
  std::string t = e.started_at.substr(0, 19);
  if (t.size() > 10) t[10] = ' ';
  return t;
}

std::string duration(const AuditRow& e) {
  return Poco::NumberFormatter::format(e.duration_ms, 1) + " ms";
}

std::string outcome(const AuditRow& e) {
  if (e.success) return "ok";
  std::string first = e.error.substr(0, e.error.find('\n'));
  if (first.size() > 100) first = first.substr(0, 97) + "...";
  return "failed: " + first;
}

void print_json_log(std::ostream& out, const LogResult& r) {
  Poco::JSON::Object::Ptr doc = json_document();
  doc->set("command", "log");
  doc->set("database", r.database);
  doc->set("table_exists", r.table_exists);
  doc->set("since", r.since);
  doc->set("until", r.until);
  Poco::JSON::Array::Ptr entries = new Poco::JSON::Array;
  for (const auto& e : r.entries) {
    Poco::JSON::Object::Ptr j = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    j->set("id", e.id);
    j->set("started_at", e.started_at);
    j->set("finished_at", e.finished_at);
    j->set("revision", e.revision);
    j->set("direction", e.direction);
    j->set("duration_ms", e.duration_ms);
    j->set("success", e.success);
    j->set("error", e.error);
    j->set("failing_statement", e.failing_statement);
    j->set("versions_before", e.versions_before);
    j->set("versions_after", e.versions_after);
    j->set("checksum", e.checksum);
    j->set("db_user", e.db_user);
    j->set("os_user", e.os_user);
    j->set("host", e.host);
    j->set("migctl_version", e.migctl_version);
    entries->add(j);
  }
  doc->set("entries", entries);
  print_json(out, doc);
}

void print_text_log(std::ostream& out, const LogResult& r, bool verbose) {
  if (!r.table_exists) {
    out << "No audit entries: migctl has not changed this database yet (no migctl_history "
           "table).\n";
    return;
  }
  if (r.entries.empty()) {
    out << "No audit entries match.\n";
    return;
  }
  const std::vector<std::string> header{"when (UTC)", "who",      "revision",
                                        "direction",  "duration", "outcome"};
  std::vector<std::vector<std::string>> rows;
  for (const auto& e : r.entries)
    rows.push_back({when(e), who(e), e.revision, e.direction, duration(e), outcome(e)});
  std::vector<std::size_t> width(header.size());
  for (std::size_t c = 0; c < header.size(); ++c) {
    width[c] = header[c].size();
    for (const auto& row : rows) width[c] = std::max(width[c], row[c].size());
  }
  auto print_row = [&](const std::vector<std::string>& row) {
    std::string line;
    for (std::size_t c = 0; c < row.size(); ++c) {
      std::string cell = row[c];
      if (c + 1 < row.size()) cell.resize(width[c] + 2, ' ');
      line += cell;
    }
    out << line << "\n";
  };
  print_row(header);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    print_row(rows[i]);
    if (!verbose) continue;
    const AuditRow& e = r.entries[i];
    out << "    versions: " << (e.versions_before.empty() ? "<base>" : e.versions_before) << " -> "
        << (e.versions_after.empty() ? "<base>" : e.versions_after) << "\n";
    if (!e.checksum.empty()) out << "    checksum: " << e.checksum << "\n";
    out << "    finished: " << e.finished_at << ", migctl " << e.migctl_version << "\n";
    if (!e.error.empty()) out << "    error: " << e.error << "\n";
    if (!e.failing_statement.empty()) out << "    statement: " << e.failing_statement << "\n";
  }
}

int run_log(const CommandLine& cl, Session& session, Io& io) {
  no_arguments(cl);
  LogOptions options;
  options.revision = cl.value("revision");
  options.since = cl.value("since");
  options.until = cl.value("until");
  options.limit = limit_of(cl);
  const LogResult result = audit_log(session, options);
  if (cl.json)
    print_json_log(io.out, result);
  else
    print_text_log(io.out, result, cl.verbose);
  return 0;
}

}  // namespace

MIGCTL_APP_COMMAND(
    {"log",
     "log [--revision REV] [--since TIME] [--until TIME] [--limit N]",
     "show the audit table: when, who, what, direction, duration and outcome",
     {{"revision", "", "only entries of this revision (an id or a prefix of one)", "REV"},
      {"since", "", "only entries started at or after TIME (date, date and time, or age)", "TIME"},
      {"until", "", "only entries started before TIME", "TIME"},
      {"limit", "", "only the newest N entries", "N"}},
     run_log,
     "Reads migctl_history, the audit table every upgrade, downgrade and stamp writes one\n"
     "row per attempted step to (and repair one per re-recorded checksum), and prints it\n"
     "newest first: when the step started (UTC), who ran it (database user, then OS\n"
     "user@host), the revision, the direction (upgrade, downgrade, stamp, repair), its\n"
     "duration and its outcome (ok, or failed with the error). -v\n"
     "adds the version rows before and after, the checksum, and the failing statement;\n"
     "--json gives every column. Takes no lock, writes nothing, needs no plugin.\n"
     "\n"
     "TIME: a date (2026-11-30), a date and time in UTC (\"2026-11-30 14:05\"), an ISO 8601\n"
     "time with an offset (2026-11-30T14:05:00+07:00), or an age: 30m, 12h, 7d, 2w.\n",
     {{"migctl log", "everything, newest first"},
      {"migctl log --since 1d", "the last 24 hours"},
      {"migctl log --revision 002 -v", "one revision's attempts with their errors"},
      {"migctl log --limit 1 --json", "the last step, for a deploy script"}}});

}  // namespace migctl::app

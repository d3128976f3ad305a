// backups, restore: the backups a plugin's BackupStore keeps (PostgreSQL: the dumps the
// pg_dump_backup hook writes).
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <cstdio>

#include "command_table.hpp"
#include "commands/backups.hpp"
#include "json_document.hpp"

namespace migctl::app {
namespace {

std::string rows_text(const std::vector<std::string>& rows) {
  if (rows.empty()) return "<base>";
  std::string out;
  for (const auto& r : rows) out += (out.empty() ? "" : ", ") + r;
  return out;
}

// 1536 -> "1.5 kB" (powers of 1024, like pg_size_pretty).
std::string human_size(std::uint64_t bytes) {
  const char* units[] = {"bytes", "kB", "MB", "GB", "TB"};
  double value = static_cast<double>(bytes);
  std::size_t unit = 0;
  while (value >= 1024 && unit + 1 < sizeof units / sizeof units[0]) {
    value /= 1024;
    ++unit;
  }
  char text[32];
  if (unit == 0)
    std::snprintf(text, sizeof text, "%llu bytes", static_cast<unsigned long long>(bytes));
  else
    std::snprintf(text, sizeof text, "%.1f %s", value, units[unit]);
  return text;
}

int run_backups(const CommandLine& cl, Session& session, Io& io) {
  no_arguments(cl);
  const BackupList listed = list_backups(session, cl.value("dir"));
  const std::vector<BackupInfo>& backups = listed.backups;
  if (cl.json) {
    Poco::JSON::Object::Ptr root = json_document();
    root->set("store", listed.store);
    root->set("directory", listed.location);
    Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
    for (const auto& b : backups) {
      Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
      o->set("file", b.id);
      o->set("database", b.database);
      o->set("taken_at", b.taken_at);
      o->set("revision", b.revision);
      o->set("size_bytes", b.size_bytes);
      list->add(o);
    }
    root->set("backups", list);
    print_json(io.out, root);
    return 0;
  }
  if (backups.empty()) {
    io.out << "No backups in " << listed.location << ".\n";
    return 0;
  }
  char line[512];
  std::snprintf(line, sizeof line, "%-23s  %10s  %-12s  %s\n", "taken (UTC)", "size", "revision",
                "file");
  io.out << line;
  for (const auto& b : backups) {
    std::snprintf(line, sizeof line, "%-23s  %10s  %-12s  %s\n", b.taken_at.c_str(),
                  human_size(b.size_bytes).c_str(), b.revision.c_str(), b.id.c_str());
    io.out << line;
  }
  return 0;
}

int run_restore(const CommandLine& cl, Session& session, Io& io) {
  std::string file = single_argument(cl, "", "a backup file (see `migctl backups`)");
  RestoreResult r = restore(session, file, cl.value("dir"), cl.has("yes"));
  char took[32];
  std::snprintf(took, sizeof took, "%.0f ms", r.duration_ms);
  if (cl.json) {
    Poco::JSON::Object::Ptr root = json_document();
    root->set("file", r.backup.id);
    root->set("database", session.redacted_url());
    Poco::JSON::Array::Ptr before = new Poco::JSON::Array, after = new Poco::JSON::Array,
                           extra = new Poco::JSON::Array;
    for (const auto& v : r.rows_before) before->add(v);
    for (const auto& v : r.rows_after) after->add(v);
    for (const auto& v : r.tables_not_in_backup) extra->add(v);
    root->set("rows_before", before);
    root->set("rows_after", after);
    root->set("tables_not_in_backup", extra);
    root->set("duration_ms", r.duration_ms);
    print_json(io.out, root);
    return 0;
  }
  io.out << "Restored " << r.backup.id << " into " << session.redacted_url() << " (" << took << ", "
         << r.tool << ").\n";
  io.out << "Revision: " << rows_text(r.rows_before) << " -> " << rows_text(r.rows_after) << "\n";
  if (!r.tables_not_in_backup.empty()) {
    std::string names;
    for (const auto& t : r.tables_not_in_backup) names += (names.empty() ? "" : ", ") + t;
    io.err << "warning: tables created after the backup were left in place: " << names << "\n";
  }
  return 0;
}

}  // namespace

MIGCTL_APP_COMMAND(
    {"backups",
     "backups [--dir DIR]",
     "list the backups taken before runs, with size, time and revision",
     {{"dir", "",
       "backup directory (PostgreSQL: default MIGCTL_HOOK_PG_DUMP_BACKUP_DIR or ./backups)", "DIR",
       false}},
     run_backups,
     "Lists the backups of the backup plugin for the current driver, newest first,\n"
     "with time, size and the revision they were taken at. PostgreSQL: the verified\n"
     "custom-format dumps the pg_dump_backup hook wrote (production upgrades,\n"
     "downgrades and stamps take one first). Needs no database. No backup plugin for\n"
     "the driver: 78.\n",
     {{"migctl backups", "the dumps in ./backups"}}});
MIGCTL_APP_COMMAND(
    {"restore",
     "restore FILE --yes [--dir DIR]",
     "replace the database's contents with a backup (version table included)",
     {{"yes", "", "confirm that the database's contents are replaced", "", false},
      {"dir", "",
       "backup directory (PostgreSQL: default MIGCTL_HOOK_PG_DUMP_BACKUP_DIR or ./backups)", "DIR",
       false}},
     run_restore,
     "Replaces the database's contents with a backup, version table included, all or\n"
     "nothing (PostgreSQL: pg_restore --clean --if-exists --single-transaction\n"
     "--no-owner). Refuses without --yes (64). Takes the lock and prints the revision\n"
     "before and after. No backup plugin for the driver: 78.\n",
     {{"migctl restore backups/<file>.dump --yes", "go back to a backup"}}});

}  // namespace migctl::app

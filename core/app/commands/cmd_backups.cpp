// backups, restore: the dumps the pg_dump_backup hook writes.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <cstdio>

#include "command_table.hpp"
#include "commands/backups.hpp"
#include "json_document.hpp"
#include "pg_tools.hpp"

namespace migctl::app {
namespace {

std::string rows_text(const std::vector<std::string>& rows) {
  if (rows.empty()) return "<base>";
  std::string out;
  for (const auto& r : rows) out += (out.empty() ? "" : ", ") + r;
  return out;
}

int run_backups(const CommandLine& cl, Session& session, Io& io) {
  no_arguments(cl);
  const std::string dir = backup_dir(session, cl.value("dir"));
  std::vector<BackupFile> backups = list_backups(dir);
  if (cl.json) {
    Poco::JSON::Object::Ptr root = json_document();
    root->set("directory", dir);
    Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
    for (const auto& b : backups) {
      Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
      o->set("file", b.path);
      o->set("database", b.database);
      o->set("taken_at", pgtools::readable_timestamp(b.timestamp));
      o->set("revision", b.revision);
      o->set("size_bytes", static_cast<std::uint64_t>(b.size));
      list->add(o);
    }
    root->set("backups", list);
    print_json(io.out, root);
    return 0;
  }
  if (backups.empty()) {
    io.out << "No backups in " << dir << ".\n";
    return 0;
  }
  char line[512];
  std::snprintf(line, sizeof line, "%-23s  %10s  %-12s  %s\n", "taken (UTC)", "size", "revision",
                "file");
  io.out << line;
  for (const auto& b : backups) {
    std::snprintf(line, sizeof line, "%-23s  %10s  %-12s  %s\n",
                  pgtools::readable_timestamp(b.timestamp).c_str(),
                  pgtools::human_size(static_cast<std::int64_t>(b.size)).c_str(),
                  b.revision.c_str(), b.path.c_str());
    io.out << line;
  }
  return 0;
}

int run_restore(const CommandLine& cl, Session& session, Io& io) {
  std::string file = single_argument(cl, "", "a backup file (see `migctl backups`)");
  const std::string dir = backup_dir(session, cl.value("dir"));
  RestoreResult r = restore(session, file, dir, cl.has("yes"));
  char took[32];
  std::snprintf(took, sizeof took, "%.0f ms", r.duration_ms);
  if (cl.json) {
    Poco::JSON::Object::Ptr root = json_document();
    root->set("file", r.backup.path);
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
  io.out << "Restored " << r.backup.path << " into " << session.redacted_url() << " (" << took
         << ", " << r.pg_restore << ").\n";
  io.out << "Revision: " << rows_text(r.rows_before) << " -> " << rows_text(r.rows_after) << "\n";
  if (!r.tables_not_in_backup.empty()) {
    std::string names;
    for (const auto& t : r.tables_not_in_backup) names += (names.empty() ? "" : ", ") + t;
    io.err << "warning: tables created after the backup were left in place: " << names << "\n";
  }
  return 0;
}

}  // namespace

MIGCTL_APP_COMMAND({"backups",
                    "backups [--dir DIR]",
                    "list the pg_dump_backup hook's dumps with size, time and revision",
                    {{"dir", "",
                      "backup directory (default MIGCTL_HOOK_PG_DUMP_BACKUP_DIR or "
                      "./backups)",
                      "DIR", false}},
                    run_backups,
                    "Lists the custom-format dumps the pg_dump_backup hook wrote (production\n"
                    "upgrades, downgrades and stamps take one first), newest first, with time,\n"
                    "size and the revision they were taken at. Needs no database.\n",
                    {{"migctl backups", "the dumps in ./backups"}}});
MIGCTL_APP_COMMAND({"restore",
                    "restore FILE --yes [--dir DIR]",
                    "replace the database's contents with a backup (version table included)",
                    {{"yes", "", "confirm that the database's contents are replaced", "", false},
                     {"dir", "",
                      "backup directory (default MIGCTL_HOOK_PG_DUMP_BACKUP_DIR or "
                      "./backups)",
                      "DIR", false}},
                    run_restore,
                    "Replaces the database's contents with a dump, version table included, in\n"
                    "one transaction (pg_restore --clean --if-exists --single-transaction\n"
                    "--no-owner). Refuses without --yes (64). Takes the lock and prints the\n"
                    "revision before and after.\n",
                    {{"migctl restore backups/<file>.dump --yes", "go back to a backup"}}});

}  // namespace migctl::app

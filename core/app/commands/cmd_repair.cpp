// repair: re-record the checksums of applied revisions after a deliberate edit.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include "command_table.hpp"
#include "commands/repair.hpp"
#include "json_document.hpp"

namespace migctl::app {
namespace {

void print_json_repair(std::ostream& out, const RepairResult& r) {
  Poco::JSON::Object::Ptr doc = json_document();
  doc->set("command", "repair");
  Poco::JSON::Array::Ptr rows = new Poco::JSON::Array;
  for (const auto& row : r.rows) rows->add(row);
  doc->set("rows", rows);
  Poco::JSON::Array::Ptr repaired = new Poco::JSON::Array;
  for (const auto& c : r.repaired) {
    Poco::JSON::Object::Ptr j = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    j->set("revision", c.id);
    j->set("source", c.source);
    j->set("checksum_before", c.recorded);
    j->set("checksum_after", c.now);
    repaired->add(j);
  }
  doc->set("repaired", repaired);
  if (r.offline) doc->set("sql", r.offline_script);
  print_json(out, doc);
}

void print_text_repair(std::ostream& out, const RepairResult& r) {
  if (r.offline) {
    out << r.offline_script;
    return;
  }
  if (r.repaired.empty()) {
    out << "Nothing to repair: every recorded checksum matches its revision.\n";
    return;
  }
  for (const auto& c : r.repaired)
    out << "Repaired " << c.id << ": checksum " << c.recorded.substr(0, 12) << " -> "
        << c.now.substr(0, 12) << " (" << c.source << ")\n";
  out << r.repaired.size() << (r.repaired.size() == 1 ? " checksum" : " checksums")
      << " re-recorded; `migctl log` shows the repair rows.\n";
}

int run_repair(const CommandLine& cl, Session& session, Io& io) {
  no_arguments(cl);
  const RepairResult result = repair(session);
  if (cl.json)
    print_json_repair(io.out, result);
  else
    print_text_repair(io.out, result);
  return 0;
}

}  // namespace

MIGCTL_APP_COMMAND(
    {"repair",
     "repair",
     "re-record the checksums of applied revisions edited on purpose",
     {},
     run_repair,
     "Every run compares each applied revision with the checksum recorded when it was\n"
     "applied, and stops when they differ (exit 65). Whitespace and comments never count;\n"
     "when a revision was changed on purpose and the database already matches the new\n"
     "version (applied by hand, or an edit with the same effect), `repair` records the\n"
     "checksum of the revision as it is now: one audit row per changed revision (direction\n"
     "repair, the version rows unchanged), all in one transaction under the migration lock.\n"
     "It runs no revision SQL and no hook, and prints each revision it re-recorded (old and\n"
     "new checksum, file), or that there was nothing to repair. `migctl log` shows the rows.\n"
     "\n"
     "Revisions applied by Alembic or by `stamp` have no recorded checksum; repair leaves\n"
     "them without one (nothing is compared for them). With --sql the audit rows'\n"
     "statements are printed instead (reading the database, writing nothing); --json lists\n"
     "the revisions. Exit codes: 65 a changed revision does not parse (nothing written) or\n"
     "the database is at a revision no plugin provides, 75 the lock is held by another run.\n",
     {{"migctl repair", "after a deliberate edit of an applied revision"},
      {"migctl repair --sql > repair.sql", "the audit rows it would write, for review"},
      {"migctl repair --json", "the re-recorded revisions, for a script"}},
     true});

}  // namespace migctl::app

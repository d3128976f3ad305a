// doctor: checks plugins, the database, the revision graph and settings, each with its fix.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include "command_table.hpp"
#include "commands/doctor.hpp"
#include "json_document.hpp"

namespace migctl::app {
namespace {

int run_doctor(const CommandLine& cl, Session& session, Io& io) {
  no_arguments(cl);
  DoctorReport report = doctor(session);
  if (cl.json) {
    Poco::JSON::Object::Ptr o = json_document();
    o->set("command", "doctor");
    o->set("environment", report.environment);
    o->set("healthy", report.healthy());
    o->set("exit_code", report.exit_code());
    Poco::JSON::Array::Ptr checks = new Poco::JSON::Array;
    for (const auto& c : report.checks) {
      Poco::JSON::Object::Ptr j = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
      j->set("name", c.name);
      j->set("status", std::string(to_string(c.status)));
      j->set("message", c.message);
      j->set("fix", c.fix);
      checks->add(j);
    }
    o->set("checks", checks);
    o->stringify(io.out, 2);
    io.out << "\n";
    return report.exit_code();
  }
  std::size_t errors = 0, warnings = 0;
  for (const auto& c : report.checks) {
    std::string status = to_string(c.status);
    status.resize(8, ' ');
    io.out << status << c.name << ": " << c.message << "\n";
    if (!c.fix.empty() && c.status != CheckStatus::ok) io.out << "        fix: " << c.fix << "\n";
    errors += c.status == CheckStatus::error;
    warnings += c.status == CheckStatus::warning;
  }
  io.out << "\n"
         << (report.healthy() ? "Healthy" : "Not healthy") << " (" << report.environment
         << "): " << errors << (errors == 1 ? " error, " : " errors, ") << warnings
         << (warnings == 1 ? " warning.\n" : " warnings.\n");
  return report.exit_code();
}

}  // namespace

MIGCTL_APP_COMMAND(
    {"doctor",
     "doctor",
     "check plugins, database access, revision conflicts and settings; says how to fix",
     {},
     run_doctor,
     "Checks, each with its fix: the plugins load, the database is reachable and\n"
     "the privileges suffice, one head per set, downgrades, no applied revision\n"
     "unknown, checksums, pending revisions and their SQL, ENVIRONMENT, and what the\n"
     "loaded sets check themselves (Aksara: its JWT secret and algorithm,\n"
     "SEED_ADMIN_PASSWORD).\n"
     "Exit 0 when healthy, else the first failing check's code.\n",
     {{"migctl --plugin aksara.so doctor", "what is wrong and how to fix it"}}});

}  // namespace migctl::app

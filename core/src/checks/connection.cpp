// database_connection: DATABASE_CONN is set and the server accepts its credentials.
#include "checks/check_run.hpp"

namespace migctl::checks {
namespace {

// Only for an error whose driver gave no hint of its own: the drivers know their database's
// remedies (pg_isready, pg_hba.conf...); the core does not.
std::string connection_fix(ExitCode code) {
  switch (code) {
    case ExitCode::unavailable:
      return "start the database server, or fix where DATABASE_CONN points";
    case ExitCode::permission:
      return "fix the user or password in DATABASE_CONN (percent-encode special characters), "
             "or let this user connect";
    default:
      return "set DATABASE_CONN in .env or the environment, e.g. "
             "postgresql://user:password@host:5432/database or sqlite:///app.db";
  }
}

}  // namespace

std::vector<CheckResult> check_connection(CheckRun& run) {
  if (run.strict) {
    // `check`: nothing to read when the plugins did not load; an unreachable database is
    // the command's error.
    if (!run.plugins_loaded) return {skipped("database_connection", "the plugins did not load")};
    run.session.context(/*for_changes=*/false);
    run.connected = true;
    return {ok("database_connection", "connected to " + run.session.redacted_url())};
  }
  try {
    MigrationContext& ctx = run.session.context(/*for_changes=*/false);
    ServerInfo info = ctx.connection().server_info();
    run.connected = true;
    const std::string product = info.product.empty() ? "server" : info.product;
    return {ok("database_connection", "connected to " + run.session.redacted_url() + " as " +
                                          info.user + " (" + product + " " + info.server_version +
                                          ")")};
  } catch (const Error& e) {
    std::string fix = e.hint().empty() ? connection_fix(e.code()) : e.hint();
    return {failed("database_connection", CheckStatus::error,
                   std::string(e.what()) + " (\"Database connection failed\")", fix, e.code())};
  }
}

}  // namespace migctl::checks

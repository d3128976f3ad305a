// check: the graph's and the database's health for CI, as a list of problems (exit 65).
#include "command_table.hpp"
#include "commands/check.hpp"
#include "migctl/error.hpp"
#include "output.hpp"

namespace migctl::app {
namespace {

// Exit code when check finds problems: 65, the code of graph and revision problems.
constexpr int kCheckProblems = static_cast<int>(ExitCode::data);

int run_check(const CommandLine& cl, Session& session, Io& io) {
  no_arguments(cl);
  const CheckReport result = check(session);
  print_check(io.out, result, cl.json);
  return result.problems.empty() ? 0 : kCheckProblems;
}

}  // namespace

MIGCTL_APP_COMMAND(
    {"check",
     "check",
     "check the graph and the database; exit 65 when problems are found",
     {},
     run_check,
     "Exit 0 when healthy, 65 with the list of problems: several heads in one set, a\n"
     "revision without a downgrade, a changed checksum, an applied revision no plugin\n"
     "knows, the database behind head, a revision still to apply whose SQL does not parse\n"
     "or mixes statements that cannot run inside a transaction with ones that need one.\n"
     "Reads the database when a URL is set (no lock).\n",
     {{"migctl check", "in CI before deploying"}}});

}  // namespace migctl::app

// branches: branch points and branch labels with their heads.
#include "command_table.hpp"
#include "commands/branches.hpp"
#include "output.hpp"

namespace migctl::app {
namespace {

int run_branches(const CommandLine& cl, Session& session, Io& io) {
  no_arguments(cl);
  print_branches(io.out, branches(session), cl.verbose, cl.json);
  return 0;
}

}  // namespace

MIGCTL_APP_COMMAND({"branches",
                    "branches [-v]",
                    "show branch points and branch labels with their heads",
                    {},
                    run_branches,
                    "Prints each branch point (a revision with several children) and its\n"
                    "children, as Alembic does, then every branch label with its head(s). Each\n"
                    "migration set is a branch labelled with the set's name. Needs no database.\n",
                    {{"migctl branches", "branch points and labels"}}});

}  // namespace migctl::app

// upgrade, downgrade
#include <iostream>

#include "command_table.hpp"
#include "commands/migrate.hpp"
#include "output.hpp"

namespace migctl::app {
namespace {

int run_upgrade(const CommandLine& cl, Session& session, Io& io) {
  std::string target = single_argument(cl, "head", "a target");
  ProgressPrinter progress(cl.json ? io.err : io.out, cl.verbose);
  print_migrate(io.out, upgrade(session, target, progress), Direction::upgrade, target, cl.json);
  return 0;
}

int run_downgrade(const CommandLine& cl, Session& session, Io& io) {
  std::string target = single_argument(cl, "", "a target (a revision, base or -N)");
  ProgressPrinter progress(cl.json ? io.err : io.out, cl.verbose);
  print_migrate(io.out, downgrade(session, target, progress), Direction::downgrade, target,
                cl.json);
  return 0;
}

}  // namespace

MIGCTL_APP_COMMAND(
    {"upgrade",
     "upgrade [TARGET]",
     "apply revisions up to TARGET (default head): id, prefix, head, heads, label@head, +N",
     {},
     run_upgrade});
MIGCTL_APP_COMMAND({"downgrade",
                    "downgrade TARGET",
                    "revert revisions down to TARGET: id, prefix, base, -N, label@-N, label@base",
                    {},
                    run_downgrade});

}  // namespace migctl::app

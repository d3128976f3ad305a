// stamp
#include "command_table.hpp"
#include "commands/stamp.hpp"
#include "output.hpp"

namespace migctl::app {
namespace {

int run_stamp(const CommandLine& cl, Session& session, Io& io) {
  const std::string target = single_argument(cl, "", "a revision (or base, head, heads)");
  ProgressPrinter progress(cl.json ? io.err : io.out, cl.verbose);
  print_stamp(io.out, stamp(session, target, cl.has("purge"), progress), target, cl.json);
  return 0;
}

}  // namespace

MIGCTL_APP_COMMAND({"stamp",
                    "stamp REV [--purge]",
                    "set the version table to REV without running any SQL",
                    {{"purge", "", "empty the version table first (also drops unknown rows)", ""}},
                    run_stamp,
                    "Rewrites the version table to REV (base, head, heads, an id...) without\n"
                    "running any revision's SQL, for a database whose schema already matches.\n"
                    "Takes the lock, writes one audit row per revision with direction stamp,\n"
                    "and runs the hooks (a production stamp is backed up first).\n"
                    "With --sql nothing is written and no hook runs: the statements are printed\n"
                    "(FROM:TO, e.g. base:head, needs no database; REV alone reads its rows).\n",
                    {{"migctl stamp head", "mark a hand-built schema as up to date"},
                     {"migctl stamp 001 --purge", "replace whatever rows the table holds"},
                     {"migctl stamp base:head --sql", "the statements, without a database"}},
                    true});

}  // namespace migctl::app

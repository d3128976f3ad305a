// current, history, heads
#include "command_table.hpp"
#include "commands/status.hpp"
#include "output.hpp"

namespace migctl::app {
namespace {

int run_current(const CommandLine& cl, Session& session, Io& io) {
  no_arguments(cl);
  print_current(io.out, current(session, cl.verbose || cl.json), cl.verbose, cl.json);
  return 0;
}

int run_history(const CommandLine& cl, Session& session, Io& io) {
  no_arguments(cl);
  HistoryOptions options;
  options.range = cl.value("rev-range");
  options.indicate_current = cl.has("indicate-current");
  print_history(io.out, history(session, options), cl.verbose, cl.json);
  return 0;
}

int run_heads(const CommandLine& cl, Session& session, Io& io) {
  no_arguments(cl);
  print_heads(io.out, heads(session), cl.verbose, cl.json);
  return 0;
}

}  // namespace

MIGCTL_APP_COMMAND(
    {"current", "current [-v]", "show the database's current revision(s)", {}, run_current});
MIGCTL_APP_COMMAND({"history",
                    "history [-r RANGE] [-i] [-v]",
                    "list the revisions, newest first",
                    {{"rev-range", "r", "only LOWER:UPPER, e.g. 001:head, -2:current", "RANGE"},
                     {"indicate-current", "i", "mark the database's current revision(s)", ""}},
                    run_history});
MIGCTL_APP_COMMAND({"heads", "heads [-v]", "show the head revision(s)", {}, run_heads});

}  // namespace migctl::app

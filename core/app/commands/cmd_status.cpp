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
    {"current",
     "current [-v]",
     "show the database's current revision(s)",
     {},
     run_current,
     "Prints the rows of the version table (alembic_version), each marked (head) when no\n"
     "revision follows it; <base> when nothing is applied. -v adds each revision's parent,\n"
     "source file, and when, by whom and in how long it was applied (from the audit\n"
     "table). Reads only: no lock, nothing written.\n",
     {{"migctl --plugin aksara.so current", "the current revision"},
      {"migctl current -v", "with when and by whom it was applied"},
      {"migctl current --json", "for scripts"}}});
MIGCTL_APP_COMMAND(
    {"history",
     "history [-r RANGE] [-i] [-v]",
     "list the revisions, newest first",
     {{"rev-range", "r", "only LOWER:UPPER, e.g. 001:head, -2:current", "RANGE"},
      {"indicate-current", "i", "mark the database's current revision(s)", ""}},
     run_history,
     "Lists every revision of the loaded sets as Alembic does, newest first: \"parent ->\n"
     "revision (markers), message\". -r/--rev-range limits it to LOWER:UPPER (either end may\n"
     "be left out; current reads the database); -i/--indicate-current marks the current\n"
     "rows. Needs no database otherwise. For what was applied when, see `migctl log`.\n",
     {{"migctl history", "every revision"},
      {"migctl history -r -2:current -i", "the two revisions below the current one"}}});
MIGCTL_APP_COMMAND({"heads",
                    "heads [-v]",
                    "show the head revision(s)",
                    {},
                    run_heads,
                    "Prints every head: a revision no other revision names as its parent. One\n"
                    "head per migration set is normal; two in one set need a merge (`migctl\n"
                    "merge`). Needs no database.\n",
                    {{"migctl heads", "the heads"},
                     {"migctl heads --json", "the heads as JSON, e.g. to read revision ids"}}});

}  // namespace migctl::app

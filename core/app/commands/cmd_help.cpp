// help: listed with the commands so that `migctl help` shows up in `migctl --help`. main()
// answers it before reading any configuration; run() is the same for completeness.
#include "command_table.hpp"

namespace migctl::app {
namespace {

int run_help(const CommandLine& cl, Session&, Io& io) {
  print_help(cl, io.out);
  return 0;
}

}  // namespace

MIGCTL_APP_COMMAND({"help",
                    "help [COMMAND]",
                    "show the commands, or one command's usage, options and examples",
                    {},
                    run_help,
                    "Without COMMAND: the command list, the global options, configuration and\n"
                    "exit codes (as `migctl --help`). With COMMAND: its usage, what it does, its\n"
                    "own options and examples (as `migctl COMMAND --help`). With --json the same\n"
                    "as a JSON document, for completion scripts and manual page generators.\n"
                    "Needs no plugin, database or .env.\n",
                    {{"migctl help upgrade", "how to use upgrade"},
                     {"migctl help --json", "every command and option as JSON"}}});

}  // namespace migctl::app

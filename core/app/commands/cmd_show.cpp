// show: revisions in detail, as Alembic's show.
#include "command_table.hpp"
#include "commands/show.hpp"
#include "output.hpp"

namespace migctl::app {
namespace {

int run_show(const CommandLine& cl, Session& session, Io& io) {
  const std::string revision = single_argument(cl, "", "a revision");
  print_show(io.out, show(session, revision), cl.json);
  return 0;
}

}  // namespace

MIGCTL_APP_COMMAND({"show",
                    "show REV",
                    "show one revision (or the heads) in detail",
                    {},
                    run_show,
                    "Prints one revision: id, markers, parents, dependencies, set, source file,\n"
                    "message and creation date. REV is any target form: an id, a unique prefix,\n"
                    "head, LABEL@head, ID-1... As in Alembic, `heads` (or LABEL@heads) prints\n"
                    "every head, -N every revision N below a head, current the database's\n"
                    "version rows, base nothing; --json then lists them under \"revisions\".\n"
                    "Needs a database only for current.\n",
                    {{"migctl show head", "the head revision"},
                     {"migctl show heads", "every head"},
                     {"migctl show notifications@head", "a set's head"}}});

}  // namespace migctl::app

// show: one revision in detail.
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
                    "show one revision in detail",
                    {},
                    run_show,
                    "Prints one revision: id, markers, parents, dependencies, set, source file,\n"
                    "message and creation date. REV is any target form: an id, a unique prefix,\n"
                    "head, LABEL@head, ID-1... Needs no database.\n",
                    {{"migctl show head", "the head revision"},
                     {"migctl show notifications@head", "a set's head"}}});

}  // namespace migctl::app

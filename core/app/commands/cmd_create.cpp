// create, merge: write new revision source files.
#include "command_table.hpp"
#include "commands/revision_source.hpp"
#include "migctl/error.hpp"
#include "output.hpp"

namespace migctl::app {
namespace {

SourceOptions source_options(const CommandLine& cl) {
  SourceOptions options;
  options.set = cl.value("set");
  options.versions_dir = cl.value("versions-dir");
  options.rev_id = cl.value("rev-id");
  return options;
}

int run_create(const CommandLine& cl, Session&, Io& io) {
  SourceOptions options = source_options(cl);
  options.message = single_argument(cl, "", "a message, e.g. \"Add user email verification\"");
  options.head = cl.value("head");
  options.branch_label = cl.value("branch-label");
  if (cl.has("depends-on")) options.depends_on = cl.command_options.at("depends-on");
  print_source(io.out, create_revision(options), cl.json);
  return 0;
}

int run_merge(const CommandLine& cl, Session&, Io& io) {
  SourceOptions options = source_options(cl);
  options.message = cl.value("message");
  if (options.message.empty())
    throw Error(ExitCode::usage, "`merge` needs a message",
                "migctl merge -m \"merge branches\" heads");
  options.parents = cl.arguments;
  if (options.parents.empty())
    throw Error(ExitCode::usage, "`merge` needs the revisions to join",
                "migctl merge -m \"merge branches\" <rev> <rev>..., or `heads`");
  print_source(io.out, merge_revisions(options), cl.json);
  return 0;
}

const OptionSpec kSet{"set", "", "the migration set (migrations/NAME/versions/)", "NAME"};
const OptionSpec kVersionsDir{"versions-dir", "", "write into DIR instead of the set's", "DIR"};
const OptionSpec kRevId{"rev-id", "", "use ID instead of a generated id", "ID"};

}  // namespace

MIGCTL_APP_COMMAND({"create",
                    "create MESSAGE",
                    "write a new revision source from migrations/templates/revision.cpp.in",
                    {kSet,
                     {"head", "", "parent revision (default: the set's head; base: none)", "REV"},
                     {"branch-label", "", "give the new revision this branch label", "NAME"},
                     {"depends-on", "", "a revision (any set) applied before it; repeatable", "REV",
                      true},
                     kVersionsDir,
                     kRevId},
                    run_create,
                    "Writes migrations/SET/versions/<id>_<slug>.cpp from\n"
                    "migrations/templates/revision.cpp.in, with the set's head as its parent\n"
                    "(--head otherwise, base for none). Ids continue the set's numbering (003\n"
                    "after 002), else 12 hex digits; a new set starts at 001 unless another set\n"
                    "uses it. --versions-dir writes into that directory instead (created if\n"
                    "missing: a new set). Rebuild the set's plugin to pick the file up. Needs no\n"
                    "database.\n",
                    {{"migctl create --set aksara \"Add user email verification\"",
                      "a new Aksara revision on top of its head"},
                     {"migctl create \"First\" --versions-dir migrations/billing/versions",
                      "the first revision of a new set"}}});
MIGCTL_APP_COMMAND(
    {"merge",
     "merge -m MESSAGE REV...",
     "write a merge revision joining REV... (heads: every head)",
     {{"message", "m", "the merge revision's message", "MESSAGE"}, kSet, kVersionsDir, kRevId},
     run_merge,
     "Writes a merge revision (no SQL either way) whose parents are REV... (`heads`: every\n"
     "head), from migrations/templates/merge.cpp.in, into the set of the first parent. Use\n"
     "it when one set has several heads; heads of different sets (modules) need no merge.\n",
     {{"migctl merge -m \"merge branches\" heads", "join every head"}}});

}  // namespace migctl::app

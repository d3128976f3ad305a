// create, merge: write new revision source files.
#include "command_table.hpp"
#include "commands/revision_source.hpp"
#include "commands/sql_revision_source.hpp"
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

int run_create(const CommandLine& cl, Session& session, Io& io) {
  SourceOptions options = source_options(cl);
  if (cl.has("message")) {  // -m MESSAGE, as Alembic's `revision -m`
    if (!cl.arguments.empty())
      throw Error(ExitCode::usage, "`create` got its message twice: -m and " + cl.arguments[0],
                  "give it once: migctl create \"Add user email verification\"");
    options.message = cl.value("message");
  } else {
    options.message = single_argument(cl, "", "a message, e.g. \"Add user email verification\"");
  }
  options.head = cl.value("head");
  options.branch_label = cl.value("branch-label");
  if (cl.has("depends-on")) options.depends_on = cl.command_options.at("depends-on");
  options.undo = cl.has("undo");
  print_source(io.out, create_revision_for(session.config(), options), cl.json);
  return 0;
}

int run_merge(const CommandLine& cl, Session& session, Io& io) {
  SourceOptions options = source_options(cl);
  options.message = cl.value("message");
  if (options.message.empty())
    throw Error(ExitCode::usage, "`merge` needs a message",
                "migctl merge -m \"merge branches\" heads");
  options.parents = cl.arguments;
  if (options.parents.empty())
    throw Error(ExitCode::usage, "`merge` needs the revisions to join",
                "migctl merge -m \"merge branches\" <rev> <rev>..., or `heads`");
  print_source(io.out, merge_revisions_for(session.config(), options), cl.json);
  return 0;
}

const OptionSpec kSet{"set", "", "the migration set: migrations/NAME/versions/ or a SQL set",
                      "NAME"};
const OptionSpec kVersionsDir{"versions-dir", "", "write into DIR instead of the set's", "DIR"};
const OptionSpec kRevId{"rev-id", "", "use ID instead of a generated id", "ID"};

}  // namespace

MIGCTL_APP_COMMAND(
    {"create",
     "create MESSAGE",
     "write a new revision: a C++ source, or SQL files in a --migrations-dir set",
     {kSet,
      {"message", "m", "the message instead of MESSAGE (as Alembic's -m)", "MESSAGE"},
      {"head", "", "parent revision (default: the set's head; base: none)", "REV"},
      {"branch-label", "", "give the new revision this branch label", "NAME"},
      {"depends-on", "", "a revision (any set) applied before it; repeatable", "REV", true},
      {"undo", "", "Flyway directory: also write the U<version>__ undo file", ""},
      kVersionsDir,
      kRevId},
     run_create,
     "C++ sets: writes migrations/SET/versions/<id>_<slug>.cpp from\n"
     "migrations/templates/revision.cpp.in, with the set's head as its parent (--head\n"
     "otherwise, base for none). Ids continue the set's numbering (003 after 002), else 12\n"
     "hex digits; a new set starts at 001 unless another set uses it. --versions-dir writes\n"
     "into that directory instead (created if missing: a new set). Rebuild the set's plugin\n"
     "to pick the file up.\n"
     "\n"
     "SQL sets (--migrations-dir, MIGCTL_MIGRATIONS_DIR; --set NAME picks one of several):\n"
     "writes the new file(s) in the directory's own format, usable at once, no build:\n"
     "golang-migrate <next>_<slug>.up.sql + .down.sql (a timestamp if the directory uses\n"
     "them, else the next number at the same width); dbmate <UTC timestamp>_<slug>.sql;\n"
     "Flyway V<next major>__<Description>.sql (--undo: and U...); diesel\n"
     "<YYYY-MM-DD-hhmmss>_<slug>/up.sql + down.sql; migctl <id>_<slug>.sql with the full\n"
     "header. A missing or empty directory is created in --migrations-format (default\n"
     "migctl). --head, --depends-on and --branch-label need the migctl format; --rev-id\n"
     "gives a linear format's version. Needs no database.\n",
     {{"migctl create --set aksara \"Add user email verification\"",
       "a new Aksara revision on top of its head"},
      {"migctl create \"First\" --versions-dir migrations/billing/versions",
       "the first revision of a new set"},
      {"migctl --migrations-dir db/migrations create \"Add invoices\"",
       "new SQL file(s) in db/migrations, in its format"}}});
MIGCTL_APP_COMMAND(
    {"merge",
     "merge -m MESSAGE REV...",
     "write a merge revision joining REV... (heads: every head)",
     {{"message", "m", "the merge revision's message", "MESSAGE"}, kSet, kVersionsDir, kRevId},
     run_merge,
     "Writes a merge revision (no SQL either way) whose parents are REV... (`heads`: every\n"
     "head), from migrations/templates/merge.cpp.in, into the set of the first parent. Use\n"
     "it when one set has several heads; heads of different sets (modules) need no merge.\n"
     "In a migctl-format SQL set (--migrations-dir) it writes <id>_<slug>.sql with the\n"
     "parents in its header (`heads`: every head of that set).\n",
     {{"migctl merge -m \"merge branches\" heads", "join every head"}}});

}  // namespace migctl::app

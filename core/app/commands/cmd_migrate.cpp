// upgrade, downgrade
#include "command_table.hpp"
#include "commands/migrate.hpp"
#include "output.hpp"

namespace migctl::app {
namespace {

// Progress names each revision's set when more than one set is loaded.
ProgressPrinter progress_printer(const CommandLine& cl, Session& session, Io& io) {
  return ProgressPrinter(cl.json ? io.err : io.out, cl.verbose, [&session](const std::string& id) {
    return session.registry().migration_sets().size() > 1 ? session.set_of(id) : std::string();
  });
}

int run_upgrade(const CommandLine& cl, Session& session, Io& io) {
  ProgressPrinter progress = progress_printer(cl, session, io);
  std::string target;
  if (!cl.arguments.empty()) {
    target = single_argument(cl, "", "a target");
  } else {
    const DefaultUpgradeTarget chosen = default_upgrade_target(session);
    target = chosen.target;
    if (!chosen.per_set.empty()) {
      std::string heads;
      for (const auto& [set, head] : chosen.per_set)
        heads += (heads.empty() ? "" : ", ") + set + "@head = " + head;
      progress.message("Several migration sets, one head each: upgrading every set's head (" +
                       heads + ").");
    }
  }
  print_migrate(io.out, upgrade(session, target, progress), Direction::upgrade, target, cl.json);
  return 0;
}

int run_downgrade(const CommandLine& cl, Session& session, Io& io) {
  std::string target = single_argument(cl, "", "a target (a revision, base or -N)");
  ProgressPrinter progress = progress_printer(cl, session, io);
  print_migrate(io.out, downgrade(session, target, progress), Direction::downgrade, target,
                cl.json);
  return 0;
}

}  // namespace

MIGCTL_APP_COMMAND(
    {"upgrade",
     "upgrade [TARGET]",
     "apply the revisions up to TARGET (default: the head, or every set's head)",
     {},
     run_upgrade,
     "Applies every revision TARGET needs that is not applied yet, parents first, each in\n"
     "its own transaction together with its version-table change and audit row\n"
     "(--single-transaction: one transaction for the whole run). Takes the migration lock.\n"
     "Prints \"Running upgrade A -> B, message\" as each revision starts and its duration\n"
     "when it ends (on stderr with --json, so stdout holds one JSON document). Already at\n"
     "the target: says so, writes nothing, exits 0.\n"
     "\n"
     "TARGET: head (the single head), heads (every head), a revision id or unique prefix,\n"
     "LABEL@head, ID+N, LABEL@+N, +N. Without TARGET: the head; when the loaded migration\n"
     "sets end in one head each (modules such as aksara.so and notifications.so), every\n"
     "set's head, and it says so. `upgrade head` keeps Alembic's meaning: with several heads\n"
     "it is an error listing them.\n"
     "\n"
     "With --sql nothing runs: the SQL script is printed (FROM:TO, e.g. base:head, needs no\n"
     "database). Every script is parsed before anything runs: a revision whose statements\n"
     "PostgreSQL refuses inside a transaction (CREATE INDEX CONCURRENTLY...) runs outside\n"
     "one on its own, and says so. Exit codes: 1 a revision failed (rolled back and\n"
     "recorded), 3 a hook failed, 65 unknown or ambiguous target, an applied revision\n"
     "changed (see `migctl repair`), a script that does not parse (file:line) or a revision\n"
     "mixing statements that refuse a transaction with ones that need one (nothing run),\n"
     "75 the lock is held by another run.\n",
     {{"migctl --plugin aksara.so upgrade", "apply every pending revision"},
      {"migctl upgrade +1", "apply the next revision only"},
      {"migctl --plugin aksara.so --plugin notifications.so upgrade",
       "two modules: upgrade each module's head"},
      {"migctl upgrade notifications@head", "one set's head (and what it depends on)"},
      {"migctl upgrade base:head --sql > upgrade.sql", "the script, without a database"}},
     true});
MIGCTL_APP_COMMAND(
    {"downgrade",
     "downgrade TARGET",
     "revert revisions down to TARGET: id, prefix, base, -N, label@-N, label@base",
     {},
     run_downgrade,
     "Reverts the applied revisions above TARGET, newest first, each in its own transaction\n"
     "with its version-table change and audit row. Takes the migration lock. Revisions of\n"
     "other branches stay applied. Prints \"Running downgrade B -> A, message\" as each\n"
     "revision starts and its duration when it ends.\n"
     "\n"
     "TARGET: base (revert everything), a revision id or unique prefix (it stays applied),\n"
     "-N (N revisions down the single current row's line), LABEL@-N, LABEL@base. An\n"
     "irreversible revision (no downgrade SQL) stops the plan before anything runs (65).\n"
     "With --sql, the script is printed instead (FROM:TO, e.g. head:base).\n",
     {{"migctl downgrade -1", "revert the newest revision"},
      {"migctl downgrade base", "revert everything"},
      {"migctl downgrade notifications@base", "remove one module's tables"},
      {"migctl downgrade head:base --sql", "the revert script, without a database"}},
     true});

}  // namespace migctl::app

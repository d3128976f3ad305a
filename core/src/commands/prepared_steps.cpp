#include "commands/prepared_steps.hpp"

#include <sstream>

#include "context/checksum.hpp"
#include "migctl/script_statement.hpp"

namespace migctl {
namespace {

const char* direction_name(Direction direction) {
  return direction == Direction::upgrade ? "upgrade" : "downgrade";
}

// The statement's first line that is not a -- comment, shortened, for a message.
std::string excerpt(const std::string& sql) {
  std::istringstream lines(sql);
  std::string line, first;
  while (std::getline(lines, line)) {
    const std::size_t text = line.find_first_not_of(" \t\r");
    if (text == std::string::npos) continue;
    first = line.substr(text);
    if (first.compare(0, 2, "--") != 0) break;
  }
  if (first.size() > 60) first = first.substr(0, 57) + "...";
  return first;
}

std::string revision_named(const Revision& revision) {
  return "revision " + revision.id + (revision.source.empty() ? "" : " (" + revision.source + ")");
}

// The first statement of one kind: "`CREATE INDEX CONCURRENTLY ...` at db/002.sql:3".
struct FirstOfKind {
  bool found = false;
  std::string described;
};

}  // namespace

std::string script_location(const Revision& revision, Direction direction, std::size_t index,
                            std::size_t line) {
  const int start =
      direction == Direction::upgrade ? revision.upgrade_line : revision.downgrade_line;
  const std::string source = revision.source.empty() ? "revision " + revision.id : revision.source;
  if (line == 0)
    return direction_name(direction) + std::string(" script ") + std::to_string(index + 1) +
           " of " + source;
  // Only the first script's place in its file is known (Revision::upgrade_line).
  if (index == 0 && start > 0) return source + ":" + std::to_string(start - 1 + line);
  return "line " + std::to_string(line) + " of " + direction_name(direction) + " script " +
         std::to_string(index + 1) + " of " + source;
}

PreparedScripts prepare_scripts(const Dialect& dialect, const Revision& revision,
                                Direction direction) {
  const auto& scripts = direction == Direction::upgrade ? revision.upgrade : revision.downgrade;
  PreparedScripts out;
  FirstOfKind first_refusing, first_needing;
  for (std::size_t i = 0; i < scripts.size(); ++i) {
    std::vector<ScriptStatement> parsed;
    try {
      parsed = dialect.parse_script(scripts[i]);
    } catch (const ScriptError& e) {
      std::string message = e.parser_message();
      if (e.column() && e.line()) message += " (column " + std::to_string(e.column()) + ")";
      throw RevisionError("the " + std::string(direction_name(direction)) + " of " +
                              revision_named(revision) + " does not parse: " +
                              script_location(revision, direction, i, e.line()) + ": " + message,
                          "fix the SQL; nothing was run");
    } catch (const Error& e) {
      // A dialect that reports a rejected script without a position.
      if (e.code() != ExitCode::data) throw;
      throw RevisionError(
          "the " + std::string(direction_name(direction)) + " of " + revision_named(revision) +
              " does not parse: " + script_location(revision, direction, i, 0) + ": " + e.what(),
          "fix the SQL; nothing was run");
    }
    for (auto& statement : parsed) {
      FirstOfKind* first = statement.transaction == TransactionUse::refuses ? &first_refusing
                           : statement.transaction == TransactionUse::needs ? &first_needing
                                                                            : nullptr;
      if (first && !first->found) {
        first->found = true;
        first->described = "`" + excerpt(statement.sql) + "` at " +
                           script_location(revision, direction, i, statement.line);
      }
      out.statements.push_back(std::move(statement.sql));
    }
  }
  if (!revision.transactional) {
    out.mode = StepMode::declared_outside;
    return out;
  }
  if (!first_refusing.found) return out;
  if (first_needing.found) {
    throw RevisionError(
        "the " + std::string(direction_name(direction)) + " of " + revision_named(revision) +
            " mixes a statement that cannot run inside a transaction (" + first_refusing.described +
            ") with statements that need one (" + first_needing.described + "); nothing was run",
        "split the revision in two (the statements that cannot run inside a transaction in a "
        "revision of their own), or declare it non-transactional (its statements then run "
        "one by one, and a failure leaves the earlier ones applied)");
  }
  out.mode = StepMode::automatic_outside;
  out.reason = first_refusing.described + " cannot run inside a transaction";
  return out;
}

std::vector<PreparedStep> prepare_steps(const Dialect& dialect, const RevisionMap& map,
                                        const std::vector<Step>& plan, bool single_transaction) {
  std::vector<PreparedStep> out;
  out.reserve(plan.size());
  for (const auto& step : plan) {
    const Revision& revision = map.get(step.revision);
    PreparedStep prepared{step, &revision, prepare_scripts(dialect, revision, step.direction), {}};
    if (single_transaction && !prepared.scripts.transactional()) {
      throw RevisionError(
          revision_named(revision) +
              (prepared.scripts.mode == StepMode::declared_outside
                   ? " is non-transactional"
                   : " runs outside a transaction (" + prepared.scripts.reason + ")") +
              " and cannot run inside --single-transaction; nothing was run",
          "run without --single-transaction");
    }
    if (step.direction == Direction::upgrade) {
      // Parsed above with the same parser: canonical_script does not throw here.
      prepared.checksum = revision_checksum(revision, dialect);
    } else {
      // A downgrade row's checksum is informational (it is never compared); an upgrade
      // that no longer parses must not block reverting the revision.
      try {
        prepared.checksum = revision_checksum(revision, dialect);
      } catch (const Error&) {
        prepared.checksum = revision_checksum_v1(revision);
      }
    }
    out.push_back(std::move(prepared));
  }
  return out;
}

}  // namespace migctl

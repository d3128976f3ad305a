// Printing of command results, as text (Alembic's formats) or JSON.
#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "commands/branches.hpp"
#include "commands/check.hpp"
#include "commands/migrate.hpp"
#include "commands/observer.hpp"
#include "commands/revision_source.hpp"
#include "commands/show.hpp"
#include "commands/stamp.hpp"
#include "commands/status.hpp"

namespace migctl::app {

// Progress of a run, a line as each revision starts and one as it ends:
//   Running upgrade 001 -> 002, Refresh tokens        (Alembic's line: parents -> revision;
//     002 applied (4.1 ms)                             downgrade: revision -> parents)
// `set_of` names a revision's migration set, or "" to leave sets out; with several sets
// loaded the app passes one, and lines read "Running upgrade  -> 4c1a9e2b7d10
// (notifications), ...", so a module's first revision never reads as a no-op.
class ProgressPrinter : public RunObserver {
 public:
  using SetOf = std::function<std::string(const std::string& revision)>;
  ProgressPrinter(std::ostream& out, bool verbose, SetOf set_of = {})
      : out_(out), verbose_(verbose), set_of_(std::move(set_of)) {}
  void lock_waiting(const std::string& holder) override;
  void step_started(const Step& step, const Revision& revision) override;
  void step_finished(const Step& step, const Revision& revision, double ms) override;
  void step_failed(const Step& step, const Revision& revision, double ms) override;
  void notice(const std::string& text) override;
  void message(const std::string& text) override;

 private:
  std::string named(const std::string& revision) const;

  std::ostream& out_;
  bool verbose_;
  SetOf set_of_;
};

void print_migrate(std::ostream& out, const MigrateResult& result, Direction direction,
                   const std::string& target, bool json);
void print_current(std::ostream& out, const CurrentResult& result, bool verbose, bool json);
void print_history(std::ostream& out, const std::vector<RevisionInfo>& revisions, bool verbose,
                   bool json);
void print_heads(std::ostream& out, const std::vector<RevisionInfo>& heads, bool verbose,
                 bool json);

void print_branches(std::ostream& out, const BranchesResult& result, bool verbose, bool json);
void print_show(std::ostream& out, const ShowResult& result, bool json);
void print_check(std::ostream& out, const CheckReport& result, bool json);
void print_stamp(std::ostream& out, const StampResult& result, const std::string& target,
                 bool json);
void print_source(std::ostream& out, const SourceResult& result, bool json);

}  // namespace migctl::app

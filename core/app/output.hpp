// Printing of command results, as text (Alembic's formats) or JSON.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "commands/branches.hpp"
#include "commands/check.hpp"
#include "commands/migrate.hpp"
#include "commands/observer.hpp"
#include "commands/revision_source.hpp"
#include "commands/stamp.hpp"
#include "commands/status.hpp"

namespace migctl::app {

// Prints one line per revision as it finishes, with its duration.
class ProgressPrinter : public RunObserver {
 public:
  ProgressPrinter(std::ostream& out, bool verbose) : out_(out), verbose_(verbose) {}
  void lock_waiting(const std::string& holder) override;
  void step_finished(const Step& step, const Revision& revision, double ms) override;
  void notice(const std::string& text) override;
  void message(const std::string& text) override;

 private:
  std::ostream& out_;
  bool verbose_;
};

void print_migrate(std::ostream& out, const MigrateResult& result, Direction direction,
                   const std::string& target, bool json);
void print_current(std::ostream& out, const CurrentResult& result, bool verbose, bool json);
void print_history(std::ostream& out, const std::vector<RevisionInfo>& revisions, bool verbose,
                   bool json);
void print_heads(std::ostream& out, const std::vector<RevisionInfo>& heads, bool verbose,
                 bool json);

void print_branches(std::ostream& out, const BranchesResult& result, bool verbose, bool json);
void print_show(std::ostream& out, const RevisionInfo& revision, bool json);
void print_check(std::ostream& out, const CheckResult& result, bool json);
void print_stamp(std::ostream& out, const StampResult& result, const std::string& target,
                 bool json);
void print_source(std::ostream& out, const SourceResult& result, bool json);

}  // namespace migctl::app

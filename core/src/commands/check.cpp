#include "commands/check.hpp"

#include "checks/check_list.hpp"

namespace migctl {
namespace {

// `check`'s name for the problems of each check, as scripts read them from --json.
std::string kind_of(const CheckResult& r) {
  if (r.name == "plugins") return r.code == ExitCode::data ? "graph" : "plugin";
  if (r.name == "one_head_per_set") return "heads";
  if (r.name == "downgrades") return "irreversible";
  if (r.name == "applied_revisions") return "unknown_row";
  if (r.name == "checksums") return "checksum";
  if (r.name == "pending") return "behind";
  if (r.name == "scripts") return "script";
  return r.name;
}

}  // namespace

CheckReport check(Session& session) {
  checks::CheckRun run(session);
  CheckReport report;
  for (const auto& r : checks::run_checks(run, checks::Scope::check)) {
    if (r.status == CheckStatus::warning || r.status == CheckStatus::error)
      report.problems.push_back({kind_of(r), r.message, r.fix});
  }
  if (run.plugins_loaded) {
    report.revisions = session.revisions().size();
    report.heads = session.revisions().heads();
  }
  report.database_checked = run.connected;
  report.rows = run.rows;
  return report;
}

}  // namespace migctl

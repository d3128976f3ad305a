// Runs a run's hooks for each event, in order, turning a hook's failure into an error
// that names the hook.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "migctl/hook.hpp"

namespace migctl {

// Whether `hook` works with the driver named `driver` (Hook::databases(): empty is any).
bool hook_works_with(const Hook& hook, const std::string& driver);

// Error(ExitCode::config) for a hook asked for by name that does not work with `driver`,
// thrown before anything changes.
[[noreturn]] void refuse_hook_for_driver(const Hook& hook, const std::string& driver);

// The note printed when a hook only enabled by default is skipped for `driver`.
std::string skipped_hook_note(const Hook& hook, const std::string& driver);

class HookRunner {
 public:
  HookRunner() = default;
  using Config = std::map<std::string, std::string>;
  // `configs[i]` is hooks[i]'s own configuration (HookContext::config while it runs).
  HookRunner(std::vector<std::shared_ptr<Hook>> hooks, std::vector<Config> configs,
             HookContext context)
      : hooks_(std::move(hooks)), configs_(std::move(configs)), context_(std::move(context)) {}

  bool empty() const { return hooks_.empty(); }
  const std::vector<std::shared_ptr<Hook>>& hooks() const { return hooks_; }

  // The context every event starts from; fields a step changes (revision, error…) are
  // set by the caller before dispatch.
  HookContext& context() { return context_; }

  // Calls every hook with context().event = `event`. A hook's migctl::Error or other
  // exception becomes Error(ExitCode::hook_failed) "hook 'x' failed at <event>: ...".
  void dispatch(HookEvent event);

  // As dispatch, but never throws: for on_failure, where the original error matters
  // more. Returns the hook failures' messages.
  std::vector<std::string> dispatch_noexcept(HookEvent event) noexcept;

 private:
  std::vector<std::shared_ptr<Hook>> hooks_;
  std::vector<Config> configs_;
  HookContext context_;
};

}  // namespace migctl

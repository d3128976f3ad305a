#include "commands/hook_runner.hpp"

#include "migctl/error.hpp"

namespace migctl {

void HookRunner::dispatch(HookEvent event) {
  context_.event = event;
  for (std::size_t i = 0; i < hooks_.size(); ++i) {
    const auto& hook = hooks_[i];
    context_.config = i < configs_.size() ? configs_[i] : Config{};
    const std::string where = "hook '" + hook->name() + "' failed at " + to_string(event) + ": ";
    try {
      hook->on_event(context_);
    } catch (const Error& e) {
      throw Error(
          ExitCode::hook_failed, where + e.what(),
          event == HookEvent::before_run
              ? e.hint() + (e.hint().empty() ? "" : "; ") +
                    "nothing was changed; fix the cause and retry (--no-hooks skips every hook, "
                    "including the backup)"
              : e.hint());
    } catch (const std::exception& e) {
      throw Error(ExitCode::hook_failed, where + e.what());
    } catch (...) {
      throw Error(ExitCode::hook_failed, where + "unknown exception");
    }
  }
}

std::vector<std::string> HookRunner::dispatch_noexcept(HookEvent event) noexcept {
  std::vector<std::string> failures;
  context_.event = event;
  for (std::size_t i = 0; i < hooks_.size(); ++i) {
    const auto& hook = hooks_[i];
    context_.config = i < configs_.size() ? configs_[i] : Config{};
    try {
      hook->on_event(context_);
    } catch (const std::exception& e) {
      failures.push_back("hook '" + hook->name() + "' failed at " + to_string(event) + ": " +
                         e.what());
    } catch (...) {
      failures.push_back("hook '" + hook->name() + "' failed at " + to_string(event));
    }
  }
  return failures;
}

}  // namespace migctl

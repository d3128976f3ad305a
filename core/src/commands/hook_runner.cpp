#include "commands/hook_runner.hpp"

#include "migctl/error.hpp"

namespace migctl {
namespace {

std::string databases_text(const Hook& hook) {
  std::string out;
  for (const auto& d : hook.databases()) out += (out.empty() ? "" : ", ") + d;
  return out;
}

}  // namespace

bool hook_works_with(const Hook& hook, const std::string& driver) {
  const auto databases = hook.databases();
  if (databases.empty()) return true;
  for (const auto& d : databases)
    if (d == driver) return true;
  return false;
}

void refuse_hook_for_driver(const Hook& hook, const std::string& driver) {
  throw Error(ExitCode::config,
              "hook '" + hook.name() + "' works with " + databases_text(hook) +
                  " databases only, and this database is " + driver + "; nothing was changed",
              "leave it out of --hook and MIGCTL_HOOKS for this database");
}

std::string skipped_hook_note(const Hook& hook, const std::string& driver) {
  return "note: hook '" + hook.name() + "' skipped: it works with " + databases_text(hook) +
         " databases only, this one is " + driver;
}

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

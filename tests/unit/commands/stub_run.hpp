// A Session on the stub driver for unit tests of the runner's middle: an in-process
// migration set "app" (three revisions in the stub language), optional seed steps and
// hooks, and the StubDatabase to arm faults on and read back.
#pragma once

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "commands/observer.hpp"
#include "commands/session.hpp"
#include "migctl/registrar.hpp"
#include "stub_driver.hpp"
#include "text_contains.hpp"

namespace migctl::test {

using Rows = std::vector<std::string>;
using stub::StubDatabase;
using stub::StubMatch;

inline Revision revision(std::string id, std::vector<std::string> parents, std::string up,
                         std::string down) {
  Revision r;
  r.id = std::move(id);
  r.down_revisions = std::move(parents);
  r.message = "revision " + r.id;
  r.upgrade = {std::move(up)};
  r.downgrade = {std::move(down)};
  r.source = "app/" + r.id + ".cpp";
  return r;
}

// 001 creates users; 002 adds a row to it and creates posts; 003 creates tags.
inline std::vector<Revision> app_revisions() {
  return {revision("001", {}, "CREATE TABLE users", "DROP TABLE users"),
          revision("002", {"001"}, "INSERT ROW users 'alice';\nCREATE TABLE posts",
                   "DROP TABLE posts;\nDELETE ROWS users"),
          revision("003", {"002"}, "CREATE TABLE tags", "DROP TABLE tags")};
}

// Records what a run reports, in order.
struct RecordingObserver : RunObserver {
  std::vector<std::string> events;
  void lock_waiting(const std::string& holder) override { events.push_back("wait " + holder); }
  void step_started(const Step& step, const Revision&) override {
    events.push_back("start " + step.revision);
  }
  void step_finished(const Step& step, const Revision&, double) override {
    events.push_back("finish " + step.revision);
  }
  void step_failed(const Step& step, const Revision&, double) override {
    events.push_back("failed " + step.revision);
  }
  void message(const std::string& text) override { events.push_back("message " + text); }
};

// A hook that writes "<name> <event> [<revision>]" to a shared log, and can throw at one
// event.
class RecordingHook final : public Hook {
 public:
  RecordingHook(std::string name, std::shared_ptr<std::vector<std::string>> log,
                std::optional<HookEvent> fail_at = std::nullopt)
      : name_(std::move(name)), log_(std::move(log)), fail_at_(fail_at) {}
  std::string name() const override { return name_; }
  void on_event(HookContext& context) override {
    std::string line = name_ + " " + to_string(context.event);
    if (!context.revision.empty() &&
        (context.event == HookEvent::before_revision || context.event == HookEvent::after_revision))
      line += " " + context.revision;
    if (context.event == HookEvent::on_failure) line += " (" + context.error + ")";
    log_->push_back(line);
    if (fail_at_ && *fail_at_ == context.event)
      throw Error(ExitCode::config, "hook " + name_ + " refuses " + to_string(context.event));
  }

 private:
  std::string name_;
  std::shared_ptr<std::vector<std::string>> log_;
  std::optional<HookEvent> fail_at_;
};

struct StubRun {
  std::shared_ptr<StubDatabase> db = std::make_shared<StubDatabase>("main");
  std::vector<Revision> revisions = app_revisions();
  std::vector<SeedStep> seeds;
  SeedPolicy seed_policy;                    // the set's: where its seed steps' password comes from
  std::vector<std::shared_ptr<Hook>> hooks;  // handed to the session as in-process hooks
  std::shared_ptr<std::vector<std::string>> hook_log = std::make_shared<std::vector<std::string>>();
  RunConfig config;
  RecordingObserver observer;

  StubRun() {
    config.database_url = "stub://tester:s3cret-pw@main";
    config.environment = "dev";
    config.context.lock_timeout = std::chrono::milliseconds(300);
  }

  // A recording hook named `name`, asked for with --hook.
  void add_hook(const std::string& name, std::optional<HookEvent> fail_at = std::nullopt) {
    hooks.push_back(std::make_shared<RecordingHook>(name, hook_log, fail_at));
    config.hooks.push_back(name);
  }

  // A fresh Session (a new migctl process) on the same database.
  std::unique_ptr<Session> session() {
    auto s = std::make_unique<Session>(config, &observer);
    s->registry().add_in_process("<stub test>", [this](Registrar& r) {
      stub::register_stub_driver(r, db);
      MigrationSet set;
      set.name = "app";
      set.revisions = revisions;
      set.seeds = seeds;
      set.seed_policy = seed_policy;
      r.add_migration_set(std::move(set));
      for (const auto& hook : hooks) r.add_hook(std::make_unique<Forward>(hook));
    });
    return s;
  }

 private:
  // The registry owns the hooks it is given; the test keeps its own to look at.
  struct Forward final : Hook {
    explicit Forward(std::shared_ptr<Hook> h) : hook(std::move(h)) {}
    std::string name() const override { return hook->name(); }
    bool enabled_by_default(const HookContext& c) const override {
      return hook->enabled_by_default(c);
    }
    void on_event(HookContext& c) override { hook->on_event(c); }
    std::shared_ptr<Hook> hook;
  };
};

// The exit code `f` throws (0: none) and its message.
struct Thrown {
  int code = 0;
  std::string message;
};
template <class F>
Thrown thrown_by(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return {static_cast<int>(e.code()), e.what()};
  }
  return {};
}

using migctl_test::contains;

}  // namespace migctl::test

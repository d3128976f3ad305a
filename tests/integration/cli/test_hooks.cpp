// Hook selection and failure handling: --hook, MIGCTL_HOOKS, --no-hooks, defaults by
// environment, a missing hook plugin, bad hook settings, hooks for another database.
#include <Poco/JSON/Parser.h>

#include <boost/test/unit_test.hpp>

#include "harness.hpp"
#include "hook_support.hpp"

using namespace migctl::test;

BOOST_AUTO_TEST_SUITE(hooks)

BOOST_AUTO_TEST_CASE(missing_hook_plugin_is_a_config_error_with_nothing_changed) {
  TestDatabase db;
  const std::string before = db.full_snapshot();
  RunResult r = run_migctl(aksara({"--hook", "no_such_hook", "upgrade"}), db.url());
  BOOST_TEST(r.exit_code == 78, r.all());
  BOOST_TEST(r.err.find("hook 'no_such_hook' not found") != std::string::npos, r.err);
  BOOST_TEST(db.full_snapshot() == before);
  RunResult from_setting =
      run_migctl(aksara({"upgrade"}), db.url(), {{"MIGCTL_HOOKS", "monitor,no_such_hook"}});
  BOOST_TEST(from_setting.exit_code == 78, from_setting.all());
  BOOST_TEST(db.full_snapshot() == before);
}

BOOST_AUTO_TEST_CASE(no_hooks_disables_the_production_defaults) {
  TestDatabase db;
  std::string root = scratch_dir();
  std::map<std::string, std::string> env{{"ENVIRONMENT", "production"},
                                         {"MIGCTL_HOOK_PG_DUMP_BACKUP_DIR", root + "/b"},
                                         {"MIGCTL_HOOK_MONITOR_REPORT_DIR", root + "/r"}};
  RunResult r = run_migctl(aksara({"--no-hooks", "upgrade", "001_initial"}), db.url(), env);
  BOOST_TEST(r.exit_code == 0, r.all());
  BOOST_TEST(!fs::exists(root + "/b"));
  BOOST_TEST(!fs::exists(root + "/r"));
  BOOST_TEST(r.out.find("backup:") == std::string::npos, r.out);
  // MIGCTL_HOOKS enables a hook in dev.
  RunResult enabled = run_migctl(
      aksara({"upgrade"}), db.url(),
      {{"MIGCTL_HOOKS", "pg_dump_backup"}, {"MIGCTL_HOOK_PG_DUMP_BACKUP_DIR", root + "/b"}});
  BOOST_TEST(enabled.exit_code == 0, enabled.all());
  BOOST_TEST(files_in(root + "/b", ".dump").size() == 1u);
  BOOST_TEST(enabled.out.find("monitor:") == std::string::npos, enabled.out);
}

BOOST_AUTO_TEST_CASE(a_bad_hook_setting_stops_the_run_before_anything_changes) {
  TestDatabase db;
  const std::string before = db.full_snapshot();
  RunResult r = run_migctl(aksara({"--hook", "monitor", "upgrade"}), db.url(),
                           {{"MIGCTL_HOOK_MONITOR_LOCK_WAIT_WARN_MS", "soon"},
                            {"MIGCTL_HOOK_MONITOR_REPORT_DIR", scratch_dir()}});
  BOOST_TEST(r.exit_code == 3, r.all());
  BOOST_TEST(
      r.err.find("hook 'monitor' failed at before_run: MIGCTL_HOOK_MONITOR_LOCK_WAIT_WARN_MS "
                 "must be a whole number") != std::string::npos,
      r.err);
  BOOST_TEST(db.full_snapshot() == before);
}

BOOST_AUTO_TEST_CASE(a_failed_revision_still_reports_and_names_the_backup) {
  TestDatabase db;
  BOOST_TEST_REQUIRE(run_migctl(aksara({"upgrade"}), db.url()).exit_code == 0);
  std::string root = scratch_dir();
  RunResult r = run_migctl(
      {"--plugin", "aksara.so", "--plugin", fixture("failing_revision"), "upgrade"}, db.url(),
      {{"ENVIRONMENT", "production"},
       {"MIGCTL_HOOK_PG_DUMP_BACKUP_DIR", root + "/b"},
       {"MIGCTL_HOOK_MONITOR_REPORT_DIR", root + "/r"}});
  BOOST_TEST(r.exit_code == 1, r.all());
  auto dumps = files_in(root + "/b", ".dump");
  BOOST_TEST_REQUIRE(dumps.size() == 1u);
  BOOST_TEST(r.out.find("migctl restore " + dumps[0].string() + " --yes") != std::string::npos,
             r.out);
  auto reports = files_in(root + "/r", ".json");
  BOOST_TEST_REQUIRE(reports.size() == 1u);
  auto report = Poco::JSON::Parser().parse(slurp(reports[0])).extract<Poco::JSON::Object::Ptr>();
  BOOST_TEST(report->getValue<std::string>("status") == "failed");
  BOOST_TEST(report->getValue<std::string>("error").find("division by zero") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_hook_for_another_database_is_refused_when_asked_for_and_skipped_otherwise) {
  TestDatabase db;
  // A hook directory holding only the fixture whose hooks declare SQLite.
  const std::string hooks = scratch_dir();
  fs::create_symlink(fixture("other_database_hooks"), hooks + "/sqlite_only.so");
  const std::map<std::string, std::string> env{{"MIGCTL_HOOK_PATH", hooks}};
  const std::string before = db.full_snapshot();

  RunResult asked = run_migctl(aksara({"--hook", "sqlite_only", "upgrade"}), db.url(), env);
  BOOST_TEST(asked.exit_code == 78, asked.all());
  BOOST_TEST(asked.err.find("hook 'sqlite_only' works with sqlite databases only, and this "
                            "database is postgresql; nothing was changed") != std::string::npos,
             asked.err);
  BOOST_TEST(asked.out.find("Running upgrade") == std::string::npos, asked.out);
  BOOST_TEST(db.full_snapshot() == before);
  RunResult from_setting =
      run_migctl(aksara({"upgrade"}), db.url(),
                 {{"MIGCTL_HOOK_PATH", hooks}, {"MIGCTL_HOOKS", "sqlite_only"}});
  BOOST_TEST(from_setting.exit_code == 78, from_setting.all());
  BOOST_TEST(db.full_snapshot() == before);

  // sqlite_default is enabled by default: skipped with a note, and the run goes on.
  RunResult run = run_migctl(aksara({"upgrade"}), db.url(), env);
  BOOST_TEST_REQUIRE(run.exit_code == 0, run.all());
  BOOST_TEST(run.all().find("note: hook 'sqlite_default' skipped: it works with sqlite "
                            "databases only, this one is postgresql") != std::string::npos,
             run.all());
  BOOST_TEST(db.version_rows() == std::vector<std::string>{"002_refresh_tokens"});
}

BOOST_AUTO_TEST_SUITE_END()

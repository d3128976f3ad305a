// The pg_dump_backup hook and `migctl backups` / `migctl restore`, on the real server.
#include <Poco/JSON/Parser.h>

#include <signal.h>

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <fstream>
#include <regex>
#include <thread>

#include "harness.hpp"
#include "hook_support.hpp"

using namespace migctl::test;

namespace {

struct Dirs {
  std::string root = scratch_dir();
  std::string backups = root + "/backups";
  std::string reports = root + "/reports";
  std::map<std::string, std::string> env(const std::string& environment = "production") const {
    return {{"ENVIRONMENT", environment},
            {"MIGCTL_HOOK_PG_DUMP_BACKUP_DIR", backups},
            {"MIGCTL_HOOK_MONITOR_REPORT_DIR", reports}};
  }
};

// A failed backup: exit 3, the hook named, nothing changed, no dump left behind.
void check_backup_failed(TestDatabase& db, const RunResult& r, const std::string& before,
                         const std::string& backups, const std::string& why) {
  BOOST_TEST(r.exit_code == 3, r.all());
  BOOST_TEST(r.err.find("hook 'pg_dump_backup' failed at before_run") != std::string::npos, r.err);
  BOOST_TEST(r.err.find(why) != std::string::npos, r.err);
  BOOST_TEST(r.err.find("nothing was changed") != std::string::npos, r.err);
  BOOST_TEST(r.out.find("Running upgrade") == std::string::npos, r.out);
  BOOST_TEST(db.full_snapshot() == before);
  BOOST_TEST(files_in(backups, ".dump").empty());
  BOOST_TEST(files_in(backups, ".partial").empty());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(backup)

BOOST_AUTO_TEST_CASE(production_upgrade_leaves_a_verified_private_backup_and_a_size_report) {
  TestDatabase db;
  BOOST_TEST_REQUIRE(run_migctl(aksara({"upgrade", "001_initial"}), db.url()).exit_code == 0);
  Dirs d;
  RunResult r = run_migctl(aksara({"upgrade"}), db.url(), d.env());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(db.version_rows() == std::vector<std::string>{"002_refresh_tokens"});

  auto dumps = files_in(d.backups, ".dump");
  BOOST_TEST_REQUIRE(dumps.size() == 1u);
  const std::string name = dumps[0].filename().string();
  BOOST_TEST(
      std::regex_match(name, std::regex(db.name() + "-[0-9]{8}T[0-9]{6}Z-001_initial\\.dump")),
      name);
  BOOST_TEST(mode_of(d.backups) == 0700u);
  BOOST_TEST(mode_of(dumps[0]) == 0600u);
  // The backup line comes before the first revision: it was taken before anything changed.
  auto backup_line = r.out.find("backup: " + dumps[0].string());
  BOOST_TEST(backup_line != std::string::npos, r.out);
  BOOST_TEST(backup_line < r.out.find("Running upgrade 001_initial -> 002_refresh_tokens"), r.out);
  BOOST_TEST(r.out.find("verified with pg_restore --list") != std::string::npos, r.out);
  // Independently verified, and it holds the database as it was (at 001_initial, no
  // refresh_tokens).
  auto [status, listing] =
      run_program(real_pg_bin() + "/pg_restore", {"--list", dumps[0].string()});
  BOOST_TEST(status == 0);
  BOOST_TEST(listing.find("TABLE public user_profile") != std::string::npos, listing);
  BOOST_TEST(listing.find("refresh_tokens") == std::string::npos, listing);

  // The monitor's size report, printed and written.
  BOOST_TEST(r.out.find("monitor: database " + db.name()) != std::string::npos, r.out);
  BOOST_TEST(r.out.find("+ public.refresh_tokens") != std::string::npos, r.out);
  auto reports = files_in(d.reports, ".json");
  BOOST_TEST_REQUIRE(reports.size() == 1u);
  BOOST_TEST(mode_of(reports[0]) == 0600u);
  auto report = Poco::JSON::Parser().parse(slurp(reports[0])).extract<Poco::JSON::Object::Ptr>();
  BOOST_TEST(report->getValue<std::string>("status") == "succeeded");
  BOOST_TEST(report->getValue<std::string>("environment") == "production");
  bool added = false;
  auto tables = report->getArray("tables");
  for (std::size_t i = 0; i < tables->size(); ++i) {
    auto t = tables->getObject(i);
    added |= t->getValue<std::string>("table") == "public.refresh_tokens" &&
             t->getValue<std::string>("change") == "added";
  }
  BOOST_TEST(added);

  RunResult current = run_migctl(aksara({"current"}), db.url(), d.env());
  BOOST_TEST(current.exit_code == 0);
  BOOST_TEST(current.out.find("002_refresh_tokens (head)") != std::string::npos, current.out);
  // `current` reads only: no hook ran, no second dump.
  BOOST_TEST(files_in(d.backups, ".dump").size() == 1u);

  RunResult list = run_migctl({"backups", "--dir", d.backups}, db.url());
  BOOST_TEST(list.exit_code == 0, list.all());
  BOOST_TEST(list.out.find(name) != std::string::npos, list.out);
  BOOST_TEST(list.out.find(" 001_initial ") != std::string::npos, list.out);
}

BOOST_AUTO_TEST_CASE(pg_dump_gets_the_password_in_its_environment_never_in_its_arguments) {
  TestDatabase db;
  Dirs d;
  std::string bin = fake_bin_dir(
      "printf '%s\\n' \"$@\" >> \"$0.argv\"\n"
      "env | cut -d= -f1 >> \"$0.envnames\"\n"
      "exec \"$REAL/pg_dump\" \"$@\"");
  auto env = d.env("dev");
  env["MIGCTL_HOOK_PG_DUMP_BACKUP_BIN_DIR"] = bin;
  RunResult r = run_migctl(aksara({"--hook", "pg_dump_backup", "upgrade"}), db.url(), env);
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(files_in(d.backups, ".dump").size() == 1u);

  std::string argv = slurp(bin + "/pg_dump.argv");
  BOOST_TEST(argv.find("--format=custom") != std::string::npos, argv);
  BOOST_TEST(argv.find("--dbname=") != std::string::npos, argv);
  BOOST_TEST(argv.find(db.name()) != std::string::npos, argv);
  BOOST_TEST_REQUIRE(test_password().size() >= 4u);
  BOOST_TEST(argv.find(test_password()) == std::string::npos, "the password is in pg_dump's argv");
  std::string names = slurp(bin + "/pg_dump.envnames");
  BOOST_TEST(names.find("PGPASSWORD\n") != std::string::npos, names);
  // The dev run without --hook takes no backup.
  Dirs other;
  RunResult dev = run_migctl(aksara({"downgrade", "001_initial"}), db.url(), other.env("dev"));
  BOOST_TEST(dev.exit_code == 0, dev.all());
  BOOST_TEST(!fs::exists(other.backups));
}

BOOST_AUTO_TEST_CASE(production_stamp_is_backed_up_first_and_a_failed_backup_stops_it) {
  TestDatabase db;
  BOOST_TEST_REQUIRE(run_migctl(aksara({"upgrade"}), db.url()).exit_code == 0);
  Dirs d;
  RunResult r = run_migctl(aksara({"stamp", "001_initial"}), db.url(), d.env());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(db.version_rows() == std::vector<std::string>{"001_initial"});
  auto dumps = files_in(d.backups, ".dump");
  BOOST_TEST_REQUIRE(dumps.size() == 1u);
  BOOST_TEST(dumps[0].filename().string().find("-002_refresh_tokens.dump") != std::string::npos);

  auto env = d.env();
  env["MIGCTL_HOOK_PG_DUMP_BACKUP_BIN_DIR"] = scratch_dir();  // no pg_dump there
  const std::string before = db.full_snapshot();
  r = run_migctl(aksara({"stamp", "002_refresh_tokens"}), db.url(), env);
  BOOST_TEST(r.exit_code == 3, r.all());
  BOOST_TEST(r.err.find("hook 'pg_dump_backup' failed at before_run") != std::string::npos, r.err);
  BOOST_TEST(db.full_snapshot() == before);
}

BOOST_AUTO_TEST_CASE(missing_pg_dump_stops_the_run_with_nothing_changed) {
  TestDatabase db;
  Dirs d;
  auto env = d.env();
  env["MIGCTL_HOOK_PG_DUMP_BACKUP_BIN_DIR"] = scratch_dir();  // empty
  const std::string before = db.full_snapshot();
  RunResult r = run_migctl(aksara({"upgrade"}), db.url(), env);
  check_backup_failed(db, r, before, d.backups, "pg_dump not found");
}

BOOST_AUTO_TEST_CASE(failing_pg_dump_stops_the_run_and_leaves_no_partial_file) {
  TestDatabase db;
  Dirs d;
  auto env = d.env();
  env["MIGCTL_HOOK_PG_DUMP_BACKUP_BIN_DIR"] = fake_bin_dir(
      "case \"$1\" in --version) exec \"$REAL/pg_dump\" --version;; esac\n"
      "for a; do case \"$a\" in --file=*) echo partial > \"${a#--file=}\";; esac; done\n"
      "echo 'pg_dump: error: simulated failure' >&2; exit 1");
  const std::string before = db.full_snapshot();
  RunResult r = run_migctl(aksara({"upgrade"}), db.url(), env);
  check_backup_failed(db, r, before, d.backups, "simulated failure");
}

BOOST_AUTO_TEST_CASE(a_full_disk_during_the_dump_is_named_as_such) {
  TestDatabase db;
  Dirs d;
  auto env = d.env();
  env["MIGCTL_HOOK_PG_DUMP_BACKUP_BIN_DIR"] = fake_bin_dir(
      "case \"$1\" in --version) exec \"$REAL/pg_dump\" --version;; esac\n"
      "echo 'pg_dump: error: could not write to output file: No space left on device' >&2\n"
      "exit 1");
  const std::string before = db.full_snapshot();
  RunResult r = run_migctl(aksara({"upgrade"}), db.url(), env);
  check_backup_failed(db, r, before, d.backups, "the disk holding " + d.backups + " is full");
}

BOOST_AUTO_TEST_CASE(unwritable_backup_directory_stops_the_run) {
  TestDatabase db;
  Dirs d;
  // A path under a regular file cannot be created, even by root.
  fs::create_directories(d.root);
  std::ofstream(d.root + "/file") << "x";
  auto env = d.env();
  env["MIGCTL_HOOK_PG_DUMP_BACKUP_DIR"] = d.root + "/file/backups";
  const std::string before = db.full_snapshot();
  RunResult r = run_migctl(aksara({"upgrade"}), db.url(), env);
  check_backup_failed(db, r, before, d.backups, "cannot create directory");
}

BOOST_AUTO_TEST_CASE(too_little_free_space_stops_the_run) {
  TestDatabase db;
  Dirs d;
  auto env = d.env();
  env["MIGCTL_HOOK_PG_DUMP_BACKUP_MIN_FREE_MB"] = "1000000000";  // a petabyte
  const std::string before = db.full_snapshot();
  RunResult r = run_migctl(aksara({"upgrade"}), db.url(), env);
  check_backup_failed(db, r, before, d.backups, "not enough free space for a backup");
}

BOOST_AUTO_TEST_CASE(retention_keeps_the_newest_dumps) {
  TestDatabase db;
  Dirs d;
  auto env = d.env();
  env["MIGCTL_HOOK_PG_DUMP_BACKUP_KEEP"] = "2";
  BOOST_TEST_REQUIRE(run_migctl(aksara({"upgrade", "001_initial"}), db.url(), env).exit_code == 0);
  BOOST_TEST_REQUIRE(
      run_migctl(aksara({"upgrade", "002_refresh_tokens"}), db.url(), env).exit_code == 0);
  RunResult third = run_migctl(aksara({"downgrade", "001_initial"}), db.url(), env);
  BOOST_TEST_REQUIRE(third.exit_code == 0, third.all());
  BOOST_TEST(third.out.find("removed 1 older dump") != std::string::npos, third.out);
  auto dumps = files_in(d.backups, ".dump");
  BOOST_TEST_REQUIRE(dumps.size() == 2u);
  std::string names = dumps[0].filename().string() + " " + dumps[1].filename().string();
  BOOST_TEST(names.find("-base.dump") == std::string::npos, names);  // the oldest went
  BOOST_TEST(names.find("-001_initial.dump") != std::string::npos, names);
  BOOST_TEST(names.find("-002_refresh_tokens.dump") != std::string::npos, names);
}

BOOST_AUTO_TEST_CASE(restore_returns_the_data_a_destructive_revision_dropped) {
  TestDatabase db;
  BOOST_TEST_REQUIRE(run_migctl(aksara({"upgrade"}), db.url()).exit_code == 0);
  db.probe().exec(
      "INSERT INTO \"user\" (id, username, password, is_active, deleted, created_by, updated_by)"
      " VALUES ('u1', 'ana', 'h', true, false, 'test', 'test');"
      "INSERT INTO user_profile (id, id_user, nama_lengkap, email, tipe_akun, role, deleted,"
      " created_by, updated_by) SELECT 'p1', id, E'Line one\\nand \"two\" \\u00e9', 'ana@x.id',"
      " 'USER', 'USER', false, 'test', 'test' FROM \"user\"");
  const std::string data_query =
      "SELECT u.username, p.nama_lengkap FROM user_profile p JOIN \"user\" u "
      "ON u.id = p.id_user ORDER BY 1";
  const Rows data = db.probe().query(data_query);
  const std::string schema = db.schema_snapshot();

  Dirs d;
  const std::vector<std::string> destructive{"--plugin", "aksara.so", "--plugin",
                                             fixture("destructive_revision")};
  auto args = destructive;
  for (const char* a : {"--hook", "pg_dump_backup", "upgrade"}) args.push_back(a);
  RunResult up = run_migctl(args, db.url(), d.env("dev"));
  BOOST_TEST_REQUIRE(up.exit_code == 0, up.all());
  BOOST_TEST(db.version_rows() == std::vector<std::string>{"d001"});
  BOOST_TEST(db.probe().scalar("SELECT count(*) FROM information_schema.columns WHERE "
                               "table_name = 'user_profile' AND column_name = 'nama_lengkap'") ==
             "0");
  auto dumps = files_in(d.backups, ".dump");
  BOOST_TEST_REQUIRE(dumps.size() == 1u);

  // Without confirmation: refused, nothing changed.
  RunResult refused = run_migctl({"restore", dumps[0].string()}, db.url());
  BOOST_TEST(refused.exit_code == 64, refused.all());
  BOOST_TEST(refused.err.find("--yes") != std::string::npos, refused.err);
  BOOST_TEST(db.version_rows() == std::vector<std::string>{"d001"});

  RunResult restored =
      run_migctl({"restore", dumps[0].filename().string(), "--yes", "--dir", d.backups}, db.url());
  BOOST_TEST_REQUIRE(restored.exit_code == 0, restored.all());
  BOOST_TEST(restored.out.find("d001 -> 002_refresh_tokens") != std::string::npos, restored.out);
  BOOST_TEST(db.version_rows() == std::vector<std::string>{"002_refresh_tokens"});
  BOOST_TEST(db.schema_snapshot() == schema);
  BOOST_TEST(db.probe().query(data_query) == data);
  RunResult current = run_migctl(aksara({"current"}), db.url());
  BOOST_TEST(current.out.find("002_refresh_tokens (head)") != std::string::npos, current.out);
}

BOOST_AUTO_TEST_CASE(restore_refuses_a_file_that_is_not_a_dump) {
  TestDatabase db;
  BOOST_TEST_REQUIRE(run_migctl(aksara({"upgrade"}), db.url()).exit_code == 0);
  std::string dir = scratch_dir();
  std::ofstream(dir + "/x-20240101T000000Z-002_refresh_tokens.dump") << "not a dump";
  const std::string before = db.full_snapshot();
  RunResult r = run_migctl(
      {"restore", dir + "/x-20240101T000000Z-002_refresh_tokens.dump", "--yes"}, db.url());
  BOOST_TEST(r.exit_code == 65, r.all());
  BOOST_TEST(r.err.find("is not a pg_dump custom-format archive") != std::string::npos, r.err);
  BOOST_TEST(db.full_snapshot() == before);
  RunResult missing = run_migctl({"restore", "nope.dump", "--yes", "--dir", dir}, db.url());
  BOOST_TEST(missing.exit_code == 64, missing.all());
  BOOST_TEST(missing.err.find("backup file 'nope.dump' not found") != std::string::npos,
             missing.err);
}

namespace {

// True once `pid` has exited (gone, or a zombie nobody reaped yet).
bool process_gone(int pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text;
  if (!std::getline(stat, text)) return true;
  const auto close = text.rfind(')');
  return close == std::string::npos || text.substr(close + 2, 1) == "Z";
}

bool gone_within(int pid, std::chrono::seconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!process_gone(pid)) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return true;
}

bool is_custom_dump(const fs::path& p) {
  return slurp(p).rfind("PGDMP", 0) == 0;
}

}  // namespace

// Production runs killed (kill -9) while pg_dump writes: their pg_dump must die with them,
// their partial files must be cleaned by the next run, and rotation must count only
// verified dumps, so the older good dump survives KEEP=2.
BOOST_AUTO_TEST_CASE(runs_killed_during_pg_dump_never_cost_a_good_backup) {
  TestDatabase db;
  Dirs d;
  auto env = d.env();
  env["MIGCTL_HOOK_PG_DUMP_BACKUP_KEEP"] = "2";
  // With the marker file present, pg_dump writes half a dump, kills migctl (its parent)
  // and lingers as a long sleep, like a real pg_dump still streaming a large database.
  const std::string bin = fake_bin_dir(
      "case \"$1\" in --version) exec \"$REAL/pg_dump\" --version;; esac\n"
      "if [ -e \"$0.kill\" ]; then\n"
      "  for a; do case \"$a\" in --file=*) printf 'PGDMP partial' > \"${a#--file=}\";; esac; "
      "done\n"
      "  echo $$ >> \"$0.pids\"\n"
      "  kill -9 $PPID\n"
      "  exec sleep 60 </dev/null >/dev/null 2>&1\n"
      "fi\n"
      "exec \"$REAL/pg_dump\" \"$@\"");
  env["MIGCTL_HOOK_PG_DUMP_BACKUP_BIN_DIR"] = bin;

  RunResult first = run_migctl(aksara({"upgrade", "001"}), db.url(), env);
  BOOST_TEST_REQUIRE(first.exit_code == 0, first.all());
  const auto good = files_in(d.backups, ".dump");
  BOOST_TEST_REQUIRE(good.size() == 1u);

  std::ofstream(bin + "/pg_dump.kill") << "";
  for (int i = 0; i < 2; ++i) {
    RunResult killed = run_migctl(aksara({"upgrade", "002"}), db.url(), env);
    BOOST_TEST(killed.exit_code != 0, killed.all());
  }
  std::vector<int> pids;
  {
    std::ifstream in(bin + "/pg_dump.pids");
    for (int pid; in >> pid;) pids.push_back(pid);
  }
  BOOST_TEST_REQUIRE(pids.size() == 2u);
  for (int pid : pids) {
    BOOST_TEST(gone_within(pid, std::chrono::seconds(5)), "pg_dump " << pid << " outlived migctl");
    if (!process_gone(pid)) ::kill(pid, SIGKILL);
  }
  BOOST_TEST(db.version_rows() == std::vector<std::string>{"001_initial"});

  fs::remove(bin + "/pg_dump.kill");
  RunResult last = run_migctl(aksara({"upgrade", "002"}), db.url(), env);
  BOOST_TEST_REQUIRE(last.exit_code == 0, last.all());

  const auto dumps = files_in(d.backups, ".dump");
  BOOST_TEST(dumps.size() == 2u);
  BOOST_TEST((std::find(dumps.begin(), dumps.end(), good[0]) != dumps.end()),
             "the older verified dump was deleted");
  for (const auto& dump : dumps) {
    BOOST_TEST(is_custom_dump(dump), dump << " is not a complete dump");
    BOOST_TEST(run_program(real_pg_bin() + "/pg_restore", {"--list", dump.string()}).first == 0);
  }
  BOOST_TEST(files_in(d.backups, ".partial").empty(), "partial files of killed runs were kept");
}

BOOST_AUTO_TEST_SUITE_END()

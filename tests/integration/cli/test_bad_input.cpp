// Every bad input: a clear message naming what is wrong, its documented exit code, no
// password in the output (checked by the harness) and the database exactly as it was.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "harness.hpp"
#include "migctl/version.hpp"

using namespace migctl::test;

namespace {

struct Expect {
  int code;
  std::vector<std::string> phrases;
};

// Runs migctl on a database at 002_refresh_tokens and checks the error and that nothing changed.
void expect_refused(TestDatabase& db, const std::vector<std::string>& args, const Expect& e,
                    const std::string& url = "") {
  std::string before = db.full_snapshot();
  RunResult r = run_migctl(args, url.empty() ? db.url() : url);
  BOOST_TEST(r.exit_code == e.code, r.all());
  BOOST_TEST(r.err.rfind("migctl: error: ", 0) == 0u, r.err);
  for (const auto& phrase : e.phrases) {
    BOOST_TEST(r.err.find(phrase) != std::string::npos, "missing '" << phrase << "' in " << r.err);
  }
  BOOST_TEST(db.full_snapshot() == before);
}

struct AtHead {
  TestDatabase db;
  AtHead() { BOOST_TEST_REQUIRE(run_migctl(aksara({"upgrade"}), db.url()).exit_code == 0); }
};

std::string with_password(const std::string& url, const std::string& password) {
  auto scheme_end = url.find("://") + 3;
  auto at = url.rfind('@');
  std::string user = url.substr(scheme_end, url.find(':', scheme_end) - scheme_end);
  return url.substr(0, scheme_end) + user + ":" + password + url.substr(at);
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(bad_input, AtHead)

BOOST_AUTO_TEST_CASE(missing_plugin_file_lists_where_it_looked) {
  expect_refused(db, {"--plugin", "nonexistent.so", "upgrade"},
                 {78, {"plugin 'nonexistent.so' not found", "looked in:", "MIGCTL_PLUGIN_PATH"}});
  expect_refused(db, {"--plugin", "./missing/aksara.so", "upgrade"},
                 {78, {"plugin file './missing/aksara.so' not found"}});
}

BOOST_AUTO_TEST_CASE(text_file_named_so_is_not_a_shared_library) {
  std::string path = scratch_dir() + "/fake.so";
  std::ofstream(path) << "this is not a plugin\n";
  expect_refused(db, {"--plugin", path, "upgrade"}, {78, {path, "is not a shared library"}});
}

BOOST_AUTO_TEST_CASE(shared_library_without_entry_symbols) {
  expect_refused(db, {"--plugin", fixture("not_a_plugin"), "upgrade"},
                 {78, {"not a migctl plugin", "MIGCTL_PLUGIN"}});
  expect_refused(db, {"--plugin", fixture("no_entry"), "upgrade"},
                 {78, {"no migctl_plugin_entry symbol"}});
}

BOOST_AUTO_TEST_CASE(abi_mismatch_says_what_differs) {
  expect_refused(db, {"--plugin", fixture("abi_mismatch"), "upgrade"},
                 {78,
                  {"incompatible", "plugin SDK 99.0",
                   "this migctl has SDK " + std::to_string(MIGCTL_SDK_VERSION_MAJOR) + "."}});
}

BOOST_AUTO_TEST_CASE(plugin_entry_that_throws) {
  expect_refused(db, {"--plugin", fixture("throwing_entry"), "upgrade"},
                 {78, {"failed while registering", "registration exploded"}});
}

BOOST_AUTO_TEST_CASE(duplicate_revision_id_names_both_plugins) {
  expect_refused(db,
                 {"--plugin", "aksara.so", "--plugin", fixture("duplicate_revision"), "upgrade"},
                 {78, {"revision '001_initial'", "duplicate_revision.so", "aksara.so"}});
}

BOOST_AUTO_TEST_CASE(wrong_password_is_an_authentication_error) {
  std::string wrong = with_password(db.url(), "not-the-password-xyz");
  std::string before = db.full_snapshot();
  RunResult r = run_migctl(aksara({"upgrade"}), wrong);
  BOOST_TEST(r.exit_code == 77, r.all());
  BOOST_TEST(r.err.find("authentication failed") != std::string::npos, r.err);
  BOOST_TEST(r.err.find("not-the-password-xyz") == std::string::npos, r.err);
  BOOST_TEST(db.full_snapshot() == before);
}

BOOST_AUTO_TEST_CASE(unreachable_server) {
  std::string url = db.url();
  auto port_start = url.rfind(':') + 1;
  auto port_end = url.find('/', port_start);
  std::string closed = url.substr(0, port_start) + "1" + url.substr(port_end);
  expect_refused(db, aksara({"upgrade"}), {69, {"localhost", "is the server running"}}, closed);
}

BOOST_AUTO_TEST_CASE(malformed_database_conn) {
  expect_refused(db, aksara({"upgrade"}), {78, {"DATABASE_CONN"}},
                 "postgresql://postgres:" + test_password() + "@localhost:notaport/x");
  expect_refused(db, aksara({"upgrade"}), {78, {"DATABASE_CONN"}}, "localhost:5432/aksara");
  expect_refused(db, aksara({"upgrade"}), {78, {"no driver for 'mysql://'"}},
                 "mysql://root:" + test_password() + "@localhost/aksara");
}

BOOST_AUTO_TEST_CASE(unknown_revision_and_ambiguous_prefix) {
  expect_refused(db, aksara({"upgrade", "zzz"}), {65, {"no revision or branch 'zzz'"}});
  expect_refused(db, aksara({"downgrade", "00"}),
                 {65, {"ambiguous", "001_initial", "002_refresh_tokens"}});
}

BOOST_AUTO_TEST_CASE(downgrade_below_base) {
  expect_refused(db, aksara({"downgrade", "-3"}), {65, {"below base"}});
}

BOOST_AUTO_TEST_CASE(usage_errors) {
  expect_refused(db, aksara({"frobnicate"}), {64, {"unknown command 'frobnicate'"}});
  expect_refused(db, aksara({"downgrade"}), {64, {"needs a target"}});
  expect_refused(db, aksara({"--no-such-option", "upgrade"}), {64, {"no-such-option"}});
  expect_refused(db, aksara({"upgrade", "-1"}), {64, {"downgrade"}});
  expect_refused(db, aksara({"--lock-timeout", "soon", "upgrade"}), {78, {"MIGCTL_LOCK_TIMEOUT"}});
}

// --sql is global, but only upgrade, downgrade, stamp and repair print instead of writing:
// any other command would write for real.
BOOST_AUTO_TEST_CASE(sql_on_a_command_that_writes_is_refused) {
  expect_refused(db, aksara({"--sql", "restore", "--yes", "x.dump"}),
                 {64, {"--sql does not apply to `restore`", "without --sql"}});
  expect_refused(db, aksara({"--sql", "seed"}), {64, {"--sql does not apply to `seed`"}});
  BOOST_TEST(db.version_rows() == std::vector<std::string>{"002_refresh_tokens"});
}

BOOST_AUTO_TEST_CASE(empty_option_values_are_usage_errors) {
  expect_refused(db, aksara({"--lock-timeout", "", "upgrade"}), {64, {"--lock-timeout"}});
  expect_refused(db, aksara({"--lock-timeout=", "upgrade"}), {64, {"--lock-timeout"}});
  expect_refused(db, aksara({"--lock-timeout", " ", "upgrade"}), {64, {"--lock-timeout"}});
  expect_refused(db, aksara({"--version-table", "", "upgrade"}), {64, {"--version-table"}});
}

// A name that resolves to an existing table without version_num (a catalog, the audit
// table) is refused before anything is created, for reading and for changing commands.
BOOST_AUTO_TEST_CASE(version_table_that_is_not_a_version_table) {
  for (const std::string table : {"pg_class", "pg_tables", "migctl_history"}) {
    for (const std::string command : {"upgrade", "current", "stamp"}) {
      std::vector<std::string> args = aksara({"--version-table", table, command});
      if (command == "stamp") args.push_back("001");
      expect_refused(db, args, {78, {"'" + table + "'", "not a version table", "version_num"}});
    }
  }
  expect_refused(db, aksara({"--version-table", "bad-name", "upgrade"}),
                 {78, {"'bad-name'", "not a plain SQL identifier"}});
}

// Opening a FIFO for reading blocks until a writer appears: the env file must be refused
// before it is opened. A writer thread unblocks a migctl that does block, after a while,
// so a regression fails this test instead of hanging the suite.
BOOST_AUTO_TEST_CASE(env_file_that_is_a_fifo_or_device_is_refused) {
  const std::string fifo = scratch_dir() + "/env.fifo";
  BOOST_TEST_REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  std::atomic<bool> done{false};
  std::thread unblock([&] {
    for (int i = 0; i < 100 && !done; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    if (done) return;
    int fd = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK);
    if (fd >= 0) ::close(fd);
  });
  const auto started = std::chrono::steady_clock::now();
  expect_refused(db, aksara({"--env-file", fifo, "upgrade"}), {78, {fifo, "not a regular file"}});
  done = true;
  unblock.join();
  const bool quick = std::chrono::steady_clock::now() - started < std::chrono::seconds(5);
  BOOST_TEST(quick, "migctl blocked on the FIFO until a writer came");
  expect_refused(db, aksara({"--env-file", "/dev/null", "current"}),
                 {78, {"/dev/null", "not a regular file"}});
}

// A plugin cut short (a partial copy, a full disk) used to crash dlopen with SIGBUS.
BOOST_AUTO_TEST_CASE(truncated_plugin_is_refused_not_a_crash) {
  const std::string real = std::string(MIGCTL_PLUGIN_DIR) + "/aksara.so";
  const auto size = std::filesystem::file_size(real);
  std::string content;
  {
    std::ifstream in(real, std::ios::binary);
    content.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  BOOST_TEST_REQUIRE(content.size() == size);
  const std::string dir = scratch_dir();
  for (std::size_t cut : {std::size_t{20}, std::size_t{64}, std::size_t{4096}, std::size_t{8192},
                          size / 3, size / 2, size - 4096, size - 1}) {
    const std::string path = dir + "/t" + std::to_string(cut) + ".so";
    std::ofstream(path, std::ios::binary).write(content.data(), static_cast<std::streamsize>(cut));
    BOOST_TEST_CONTEXT("cut at " << cut << " of " << size) {
      expect_refused(db, {"-p", path, "heads"}, {78, {path, "truncated"}});
      expect_refused(db, {"-p", path, "upgrade"}, {78, {path, "truncated"}});
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()

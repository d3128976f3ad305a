// Plugin trust end to end: migctl refuses (exit 77, database untouched) a plugin that
// others could have replaced, says why and how to fix it, and loads it with
// --allow-untrusted-plugins. Cases that need chown run only as root.
#include <sys/stat.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>

#include "harness.hpp"

namespace fs = std::filesystem;
using namespace migctl::test;

namespace {

// A copy of aksara.so in a fresh 0755 directory under /tmp (sticky: accepted).
struct PluginCopy {
  TestDatabase db;
  fs::path dir;
  fs::path file;
  PluginCopy() {
    dir = scratch_dir();
    chmod(dir.c_str(), 0755);
    file = dir / "aksara.so";
    fs::copy_file(fs::path(MIGCTL_PLUGIN_DIR) / "aksara.so", file);
    chmod(file.c_str(), 0755);
  }
  ~PluginCopy() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }

  void expect_refused(const std::string& phrase) {
    std::string before = db.full_snapshot();
    RunResult r = run_migctl({"--plugin", file.string(), "upgrade"}, db.url());
    BOOST_TEST(r.exit_code == 77, r.all());
    BOOST_TEST(r.err.find("migctl: error: refusing to load plugin " + file.string()) == 0u, r.err);
    BOOST_TEST(r.err.find(phrase) != std::string::npos, "missing '" << phrase << "' in " << r.err);
    BOOST_TEST(r.err.find("--allow-untrusted-plugins") != std::string::npos, r.err);
    BOOST_TEST(db.full_snapshot() == before);

    RunResult forced =
        run_migctl({"--allow-untrusted-plugins", "--plugin", file.string(), "upgrade"}, db.url());
    BOOST_TEST(forced.exit_code == 0, forced.all());
    BOOST_TEST(db.version_rows() == std::vector<std::string>{"002_refresh_tokens"});
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(trust, PluginCopy)

BOOST_AUTO_TEST_CASE(own_plugin_in_a_directory_under_sticky_tmp_loads) {
  RunResult r = run_migctl({"--plugin", file.string(), "upgrade"}, db.url());
  BOOST_TEST(r.exit_code == 0, r.all());
}

BOOST_AUTO_TEST_CASE(world_writable_plugin_file) {
  chmod(file.c_str(), 0777);
  expect_refused("is writable by every user (mode 0777)");
}

BOOST_AUTO_TEST_CASE(world_writable_directory_without_sticky_bit) {
  chmod(dir.c_str(), 0777);
  expect_refused(dir.string() + " is writable by every user (mode 0777)");
}

BOOST_AUTO_TEST_CASE(group_writable_directory) {
  if (geteuid() != 0) {
    BOOST_TEST_MESSAGE("skipped: chown needs root");
    return;
  }
  BOOST_TEST_REQUIRE(chown(dir.c_str(), 0, 65534) == 0);  // group nogroup
  chmod(dir.c_str(), 0775);
  expect_refused(dir.string() + " is writable by its group (mode 0775)");
}

BOOST_AUTO_TEST_CASE(plugin_owned_by_another_user) {
  if (geteuid() != 0) {
    BOOST_TEST_MESSAGE("skipped: chown needs root");
    return;
  }
  BOOST_TEST_REQUIRE(chown(file.c_str(), 65534, 65534) == 0);  // nobody
  expect_refused("is owned by nobody");
}

BOOST_AUTO_TEST_CASE(doctor_reports_an_untrusted_plugin) {
  chmod(file.c_str(), 0666);
  RunResult r = run_migctl({"--plugin", file.string(), "doctor"}, db.url());
  BOOST_TEST(r.exit_code == 77, r.all());
  BOOST_TEST(r.out.find("error   plugins: refusing to load plugin") != std::string::npos, r.out);
}

BOOST_AUTO_TEST_SUITE_END()

// The plugin trust check (plugin/trust.hpp) on real files and directories: modes, owners,
// sticky directories and symbolic links. Cases that need chown run only as root.
#include <sys/stat.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <random>

#include "plugin/trust.hpp"
#include "text_contains.hpp"

namespace fs = std::filesystem;
using migctl::untrusted_reason;

namespace {

constexpr uid_t kNobody = 65534;   // Debian's nobody
constexpr gid_t kNogroup = 65534;  // Debian's nogroup

// A fresh directory under /tmp (sticky, world-writable: accepted) with mode 0755 and a
// plugin-like file of mode 0644 in it; removed afterwards.
struct Sandbox {
  fs::path dir;
  fs::path file;
  Sandbox() {
    std::random_device rd;
    dir = fs::temp_directory_path() /
          ("migctl-trust-" + std::to_string(getpid()) + "-" + std::to_string(rd()));
    fs::create_directories(dir);
    chmod(dir.c_str(), 0755);
    file = dir / "plugin.so";
    std::ofstream(file) << "x";
    chmod(file.c_str(), 0644);
  }
  ~Sandbox() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};

using migctl_test::contains;

}  // namespace

BOOST_AUTO_TEST_SUITE(trust)

BOOST_AUTO_TEST_CASE(own_file_in_own_directory_under_sticky_tmp_is_trusted) {
  Sandbox s;
  struct stat st {};
  BOOST_TEST_REQUIRE(stat(fs::temp_directory_path().c_str(), &st) == 0);
  BOOST_TEST_REQUIRE((st.st_mode & S_ISVTX) != 0);  // the premise: /tmp is sticky
  BOOST_TEST(untrusted_reason(s.file) == "");
}

BOOST_AUTO_TEST_CASE(world_writable_file_is_refused) {
  Sandbox s;
  chmod(s.file.c_str(), 0666);
  std::string why = untrusted_reason(s.file);
  BOOST_TEST(contains(why, s.file.string() + " is writable by every user (mode 0666)"), why);
}

BOOST_AUTO_TEST_CASE(world_writable_directory_without_sticky_bit_is_refused) {
  Sandbox s;
  chmod(s.dir.c_str(), 0777);
  std::string why = untrusted_reason(s.file);
  BOOST_TEST(contains(why, s.dir.string() + " is writable by every user (mode 0777)"), why);

  // With the sticky bit others cannot replace a file they do not own: accepted, as /tmp.
  chmod(s.dir.c_str(), 01777);
  BOOST_TEST(untrusted_reason(s.file) == "");
}

BOOST_AUTO_TEST_CASE(group_writable_directory_is_refused_unless_its_group_is_root) {
  if (geteuid() != 0) {
    BOOST_TEST_MESSAGE("skipped: chown needs root");
    return;
  }
  Sandbox s;
  BOOST_TEST_REQUIRE(chown(s.dir.c_str(), 0, kNogroup) == 0);
  chmod(s.dir.c_str(), 0775);
  std::string why = untrusted_reason(s.file);
  BOOST_TEST(contains(why, s.dir.string() + " is writable by its group (mode 0775)"), why);

  BOOST_TEST_REQUIRE(chown(s.dir.c_str(), 0, 0) == 0);  // group root: as trusted as root
  BOOST_TEST(untrusted_reason(s.file) == "");
}

BOOST_AUTO_TEST_CASE(file_owned_by_another_user_is_refused) {
  if (geteuid() != 0) {
    BOOST_TEST_MESSAGE("skipped: chown needs root");
    return;
  }
  Sandbox s;
  BOOST_TEST_REQUIRE(chown(s.file.c_str(), kNobody, kNogroup) == 0);
  std::string why = untrusted_reason(s.file);
  BOOST_TEST(contains(why, s.file.string() + " is owned by nobody, not by root"), why);

  BOOST_TEST_REQUIRE(chown(s.file.c_str(), 0, 0) == 0);
  BOOST_TEST_REQUIRE(chown(s.dir.c_str(), kNobody, kNogroup) == 0);  // now the directory
  why = untrusted_reason(s.file);
  BOOST_TEST(contains(why, s.dir.string() + " is owned by nobody"), why);
}

BOOST_AUTO_TEST_CASE(symbolic_link_is_judged_by_its_target) {
  Sandbox s;
  Sandbox other;
  fs::path link = other.dir / "link.so";
  fs::create_symlink(s.file, link);
  BOOST_TEST(untrusted_reason(link) == "");
  chmod(s.file.c_str(), 0646);
  std::string why = untrusted_reason(link);
  // The message names the file that would be loaded, not the link.
  BOOST_TEST(contains(why, s.file.string() + " is writable by every user"), why);
}

BOOST_AUTO_TEST_CASE(missing_file_is_reported) {
  Sandbox s;
  BOOST_TEST(contains(untrusted_reason(s.dir / "absent.so"), "cannot resolve"));
}

BOOST_AUTO_TEST_SUITE_END()

// What sql_writer writes, read back by read_sql_dir: the revision `create` means is the one
// every later command loads (id, parents, depends_on, labels, message), in each format.
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <string>
#include <vector>

#include "sqlfiles/sql_dir.hpp"
#include "sqlfiles/sql_writer.hpp"

namespace migctl {
inline std::ostream& boost_test_print_type(std::ostream& out, SqlFormat format) {
  return out << sql_format_name(format);
}
}  // namespace migctl

using namespace migctl;
namespace fs = std::filesystem;
using Clock = std::chrono::system_clock;
using Ids = std::vector<std::string>;

namespace {

// A fresh, empty directory under the system's temporary one, removed afterwards.
struct Dir {
  fs::path path;
  Dir() {
    static int counter = 0;
    path = fs::temp_directory_path() /
           ("migctl_sql_writer_" + std::to_string(::getpid()) + "_" + std::to_string(++counter));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~Dir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }

  std::vector<std::string> entries() const {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(path)) out.push_back(e.path().filename().string());
    return out;
  }

  // Writes a new revision as `create` does: names from the directory as it is now.
  SqlRevisionFiles create(SqlFormat format, NewSqlRevision r, Clock::time_point now) const {
    const SqlRevisionFiles files = sql_revision_files(format, entries(), r, now);
    if (!files.created_dir.empty()) fs::create_directory(path / files.created_dir);
    for (const auto& f : files.files) std::ofstream(path / f.path, std::ios::binary) << f.text;
    return files;
  }

  std::vector<Revision> read() const {
    return read_sql_dir(SqlDirSpec{path, "", {}}).set.revisions;
  }
};

NewSqlRevision with_message(std::string text) {
  NewSqlRevision r;
  r.message = std::move(text);
  return r;
}

const Revision& by_id(const std::vector<Revision>& revisions, const std::string& id) {
  for (const auto& r : revisions)
    if (r.id == id) return r;
  BOOST_FAIL("no revision " << id);
  return revisions.front();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(sql_writer_round_trip)

BOOST_AUTO_TEST_CASE(the_migctl_header_reads_back_as_written) {
  Dir dir;
  const auto now = Clock::now();
  NewSqlRevision base = with_message("Create users");
  base.rev_id = "a1b2c3d4e5f6";
  dir.create(SqlFormat::migctl, base, now);

  NewSqlRevision child = with_message("Add e-mail: \"work\" and home\naddresses");
  child.rev_id = "0f0e0d0c0b0a";
  child.parents = {"a1b2c3d4e5f6"};
  child.depends_on = {"001_initial", "002_refresh_tokens"};
  child.branch_labels = {"billing"};
  const auto files = dir.create(SqlFormat::migctl, child, now);
  BOOST_TEST(files.files.at(0).path.string() ==
             "0f0e0d0c0b0a_add_e_mail_work_and_home_addresses.sql");

  NewSqlRevision merge = with_message("Join");
  merge.rev_id = "join_them";
  merge.parents = {"a1b2c3d4e5f6", "0f0e0d0c0b0a"};
  merge.merge = true;
  dir.create(SqlFormat::migctl, merge, now);

  const SqlDir read = read_sql_dir(SqlDirSpec{dir.path, "", {}});
  BOOST_TEST(read.format == SqlFormat::migctl);
  BOOST_TEST_REQUIRE(read.set.revisions.size() == 3u);
  const Revision& a = by_id(read.set.revisions, "a1b2c3d4e5f6");
  BOOST_TEST(a.down_revisions.empty());
  BOOST_TEST(a.message == "Create users");
  BOOST_TEST(a.transactional);
  BOOST_TEST(a.upgrade.empty());  // empty sections: a no-op until edited
  const Revision& b = by_id(read.set.revisions, "0f0e0d0c0b0a");
  BOOST_TEST(b.down_revisions == Ids{"a1b2c3d4e5f6"}, boost::test_tools::per_element());
  BOOST_TEST(b.depends_on == (Ids{"001_initial", "002_refresh_tokens"}),
             boost::test_tools::per_element());
  BOOST_TEST(b.branch_labels == Ids{"billing"}, boost::test_tools::per_element());
  BOOST_TEST(b.message == "Add e-mail: \"work\" and home addresses");  // one line
  BOOST_TEST(!b.create_date.empty());
  const Revision& m = by_id(read.set.revisions, "join_them");
  BOOST_TEST(m.down_revisions == (Ids{"a1b2c3d4e5f6", "0f0e0d0c0b0a"}),
             boost::test_tools::per_element());
  BOOST_TEST(m.upgrade.empty());
  BOOST_TEST(m.downgrade.empty());
}

BOOST_AUTO_TEST_CASE(linear_formats_chain_what_they_write) {
  for (SqlFormat format :
       {SqlFormat::golang_migrate, SqlFormat::dbmate, SqlFormat::flyway, SqlFormat::diesel}) {
    BOOST_TEST_CONTEXT(sql_format_name(format)) {
      Dir dir;
      const auto now = Clock::now();
      NewSqlRevision r = with_message("first one");
      r.undo = format == SqlFormat::flyway;
      dir.create(format, r, now);
      r.message = "second one";
      dir.create(format, r, now);  // the same second: the next version all the same
      r.message = "third one";
      dir.create(format, r, now);

      const SqlDir read = read_sql_dir(SqlDirSpec{dir.path, "", {}});
      BOOST_TEST(read.format == format);
      const auto& revisions = read.set.revisions;
      BOOST_TEST_REQUIRE(revisions.size() == 3u);  // messages come back from the file names
      int bases = 0;
      for (const auto& rev : revisions)
        if (rev.down_revisions.empty()) ++bases;
      BOOST_TEST(bases == 1);
      // Each one's parent is the one written before it.
      for (const auto& rev : revisions) {
        if (rev.message == "second one" || rev.message == "third one") {
          BOOST_TEST_REQUIRE(rev.down_revisions.size() == 1u);
          const Revision& parent = by_id(revisions, rev.down_revisions[0]);
          BOOST_TEST(parent.message == (rev.message == "second one" ? "first one" : "second one"));
        }
      }
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()

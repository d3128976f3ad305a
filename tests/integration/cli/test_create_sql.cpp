// `create` and `merge` for SQL-file sets (--migrations-dir): the new files in each format,
// applied at once by `upgrade` on the real server (no build step), the empty directory,
// several heads, and the options a linear format cannot record.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "harness.hpp"

using namespace migctl::test;
namespace fs = std::filesystem;

namespace {

void write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

Poco::JSON::Object::Ptr json_of(const RunResult& r) {
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  return Poco::JSON::Parser().parse(r.out).extract<Poco::JSON::Object::Ptr>();
}

std::vector<std::string> strings(const Poco::JSON::Array::Ptr& array) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < array->size(); ++i) out.push_back(array->getElement<std::string>(i));
  return out;
}

// Every file and directory under `dir`, relative, sorted.
std::set<std::string> listing(const fs::path& dir) {
  std::set<std::string> out;
  if (!fs::exists(dir)) return out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    out.insert(fs::relative(e.path(), dir).generic_string());
  return out;
}

// `args` with --migrations-dir DIR (and `global`, such as a --plugin) in front.
std::vector<std::string> in_dir(const fs::path& dir, std::vector<std::string> args,
                                const std::vector<std::string>& global = {}) {
  args.insert(args.begin(), {"--migrations-dir", dir.string()});
  args.insert(args.begin(), global.begin(), global.end());
  return args;
}

struct Created {
  std::string id;
  std::vector<std::string> paths;
  std::vector<std::string> parents;
  std::vector<std::string> depends_on;
};

Created create(const fs::path& dir, const std::string& message, std::vector<std::string> extra = {},
               const std::vector<std::string>& global = {}) {
  std::vector<std::string> args = in_dir(dir, {"create", message, "--json"}, global);
  args.insert(args.end(), extra.begin(), extra.end());
  auto json = json_of(run_migctl(args, ""));
  Created c{json->getValue<std::string>("revision"), strings(json->getArray("paths")),
            strings(json->getArray("down_revisions")), strings(json->getArray("depends_on"))};
  BOOST_TEST(json->getValue<std::string>("path") == c.paths.at(0));
  for (const auto& p : c.paths) BOOST_TEST(fs::is_regular_file(p), p);
  return c;
}

// The head of the set in `dir` (named after it), as migctl reads it.
std::string head_of(const fs::path& dir, const std::vector<std::string>& global = {}) {
  auto heads = json_of(run_migctl(in_dir(dir, {"heads", "--json"}, global), ""))->getArray("heads");
  std::string head;
  for (std::size_t i = 0; i < heads->size(); ++i) {
    auto h = heads->getObject(i);
    if (h->getValue<std::string>("set") != dir.filename().string()) continue;
    BOOST_TEST(head.empty(), "several heads in " << dir);
    head = h->getValue<std::string>("revision");
  }
  BOOST_TEST_REQUIRE(!head.empty(), "no head in " << dir);
  return head;
}

// A directory of one format holding one revision that creates table `table`.
struct Sample {
  std::string format;
  std::vector<std::string> create_options;  // Flyway: --undo, so the revision is reversible
};

void write_sample(const std::string& format, const fs::path& dir, const std::string& table) {
  const std::string up = "CREATE TABLE " + table + " (id int PRIMARY KEY);\n";
  const std::string down = "DROP TABLE " + table + ";\n";
  if (format == "golang-migrate") {
    write(dir / "000001_create_table.up.sql", up);
    write(dir / "000001_create_table.down.sql", down);
  } else if (format == "dbmate") {
    write(dir / "20240101120000_create_table.sql",
          "-- migrate:up\n" + up + "\n-- migrate:down\n" + down);
  } else if (format == "flyway") {
    write(dir / "V1__Create_table.sql", up);
    write(dir / "U1__Create_table.sql", down);
  } else if (format == "diesel") {
    write(dir / "2024-01-01-120000_create_table" / "up.sql", up);
    write(dir / "2024-01-01-120000_create_table" / "down.sql", down);
  }
}

// Puts SQL into a revision `create` wrote, the way a developer edits it.
void fill(const std::string& format, const Created& c, const std::string& up,
          const std::string& down) {
  if (format == "dbmate") {
    BOOST_TEST(read_file(c.paths[0]) == "-- migrate:up\n\n\n-- migrate:down\n\n");
    write(c.paths[0], "-- migrate:up\n" + up + "\n-- migrate:down\n" + down);
  } else if (format == "migctl") {
    const std::string text = read_file(c.paths[0]);
    const auto at = text.find("-- migctl:upgrade");
    BOOST_TEST_REQUIRE(at != std::string::npos, text);
    BOOST_TEST(text.find("-- migctl:downgrade", at) != std::string::npos, text);
    write(c.paths[0],
          text.substr(0, at) + "-- migctl:upgrade\n" + up + "\n-- migctl:downgrade\n" + down);
  } else {  // golang-migrate, Flyway (with its U file), diesel: one file per direction
    BOOST_TEST_REQUIRE(c.paths.size() == 2u);
    write(c.paths[0], up);
    write(c.paths[1], down);
  }
}

bool column_exists(TestDatabase& db, const std::string& table, const std::string& column) {
  return db.probe().scalar("SELECT count(*) FROM information_schema.columns WHERE table_name = '" +
                           table + "' AND column_name = '" + column + "'") == "1";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(create_sql)

BOOST_AUTO_TEST_CASE(create_in_each_format_then_upgrade_without_a_build) {
  TestDatabase db;  // one database: each format's set goes up and back to base
  const fs::path root = scratch_dir();
  const std::vector<Sample> samples = {{"golang-migrate", {}},
                                       {"dbmate", {}},
                                       {"flyway", {"--undo"}},
                                       {"diesel", {}},
                                       {"migctl", {}}};
  for (const auto& sample : samples) {
    BOOST_TEST_CONTEXT(sample.format) {
      const std::string table = "t_" + std::regex_replace(sample.format, std::regex("-"), "_");
      const fs::path dir = root / table;
      std::string first;
      if (sample.format == "migctl") {
        // The migctl format starts from `create` itself (a missing directory is created).
        const Created base = create(dir, "Create table");
        BOOST_TEST(base.parents.empty());
        fill("migctl", base, "CREATE TABLE " + table + " (id int PRIMARY KEY);\n",
             "DROP TABLE " + table + ";\n");
        first = base.id;
      } else {
        write_sample(sample.format, dir, table);
        first = head_of(dir);
      }

      const Created added = create(dir, "Add email", sample.create_options);
      BOOST_TEST(added.parents == std::vector<std::string>{first},
                 boost::test_tools::per_element());
      BOOST_TEST(added.id != first);
      fill(sample.format, added, "ALTER TABLE " + table + " ADD COLUMN email text;\n",
           "ALTER TABLE " + table + " DROP COLUMN email;\n");

      RunResult r = run_migctl(in_dir(dir, {"upgrade"}), db.url());
      BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
      BOOST_TEST(column_exists(db, table, "email"));
      BOOST_TEST(db.version_rows() == std::vector<std::string>{added.id},
                 boost::test_tools::per_element());

      // Written and applied at once, untouched: its empty sections run as a no-op.
      const Created next = create(dir, "Nothing yet", sample.create_options);
      BOOST_TEST(next.parents == std::vector<std::string>{added.id},
                 boost::test_tools::per_element());
      r = run_migctl(in_dir(dir, {"upgrade"}), db.url());
      BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
      BOOST_TEST(db.version_rows() == std::vector<std::string>{next.id},
                 boost::test_tools::per_element());

      // `current` knows it from the directory (it once said "not provided by any loaded
      // plugin" when no --plugin was given).
      r = run_migctl(in_dir(dir, {"current"}), db.url());
      BOOST_TEST(r.out == next.id + " (head)\n", r.all());

      r = run_migctl(in_dir(dir, {"downgrade", "base"}), db.url());
      BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
      BOOST_TEST(db.probe().scalar("SELECT count(*) FROM pg_tables WHERE tablename = '" + table +
                                   "'") == "0");
      BOOST_TEST(db.version_rows().empty());
    }
  }
}

BOOST_AUTO_TEST_CASE(each_sample_set_takes_a_new_revision) {
  // A copy of each format's sample set (tests/data/sql_sets/): the new revision goes on top
  // of what the set already holds (Flyway's 1.10 after 1.2, the migctl set's merge...).
  TestDatabase db;
  const fs::path root = scratch_dir();
  for (const std::string format : {"golang-migrate", "dbmate", "flyway", "diesel", "migctl"}) {
    BOOST_TEST_CONTEXT(format) {
      const fs::path dir = root / format;
      fs::copy(fs::path(MIGCTL_SQL_SETS_DIR) / format, dir, fs::copy_options::recursive);
      // The migctl sample depends on a revision of the example_portable plugin.
      const std::vector<std::string> global =
          format == "migctl" ? std::vector<std::string>{"--plugin", "example_portable.so"}
                             : std::vector<std::string>{};
      const std::string head = head_of(dir, global);
      const std::vector<std::string> undo =
          format == "flyway" ? std::vector<std::string>{"--undo"} : std::vector<std::string>{};
      const Created added = create(dir, "Add a note table", undo, global);
      BOOST_TEST(added.parents == std::vector<std::string>{head}, boost::test_tools::per_element());
      if (format == "flyway") {  // the next major version after the sample's highest
        int major = 0;
        static const std::regex versioned("V([0-9]+)[._0-9]*__.*\\.sql");
        for (const auto& name : listing(dir)) {
          std::smatch m;
          if (name != fs::path(added.paths[0]).filename().string() &&
              std::regex_match(name, m, versioned))
            major = std::max(major, std::stoi(m[1].str()));
        }
        BOOST_TEST(major > 1);
        BOOST_TEST(fs::path(added.paths[0]).filename().string() ==
                   "V" + std::to_string(major + 1) + "__Add_a_note_table.sql");
      }
      const std::string table = "note_" + std::regex_replace(format, std::regex("-"), "_");
      fill(format, added, "CREATE TABLE " + table + " (id int);\n", "DROP TABLE " + table + ";\n");

      RunResult r = run_migctl(in_dir(dir, {"upgrade"}, global), db.url());
      BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
      const auto rows = db.version_rows();
      BOOST_TEST((std::find(rows.begin(), rows.end(), added.id) != rows.end()), added.id);
      BOOST_TEST(rows.size() == (global.empty() ? 1u : 2u));  // the plugin's head beside it
      BOOST_TEST(db.probe().scalar("SELECT count(*) FROM pg_tables WHERE tablename = '" + table +
                                   "'") == "1");
      r = run_migctl(in_dir(dir, {"downgrade", "base"}, global), db.url());
      BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
      BOOST_TEST(db.version_rows().empty());
    }
  }
}

BOOST_AUTO_TEST_CASE(text_output_names_every_file) {
  const fs::path dir = fs::path(scratch_dir()) / "db";
  write_sample("golang-migrate", dir, "t_text");
  RunResult r = run_migctl(in_dir(dir, {"create", "Add email"}), "");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(r.out.find("Generating " + (dir / "000002_add_email.up.sql").string() + " ... done") !=
                 std::string::npos,
             r.out);
  BOOST_TEST(r.out.find("Generating " + (dir / "000002_add_email.down.sql").string() +
                        " ... done") != std::string::npos,
             r.out);
  BOOST_TEST(r.out.find("nothing to build") != std::string::npos, r.out);
}

BOOST_AUTO_TEST_CASE(an_empty_or_missing_directory_takes_the_given_format) {
  TestDatabase db;
  const fs::path root = scratch_dir();

  // An existing empty directory, told its format.
  const fs::path empty = root / "empty";
  fs::create_directories(empty);
  const Created first = create(empty, "First", {"--migrations-format", "dbmate"});
  BOOST_TEST(first.parents.empty());
  BOOST_TEST_REQUIRE(first.paths.size() == 1u);
  BOOST_TEST(std::regex_match(fs::path(first.paths[0]).filename().string(),
                              std::regex("[0-9]{14}_first\\.sql")),
             first.paths[0]);
  BOOST_TEST(first.id + "_first.sql" == fs::path(first.paths[0]).filename().string());
  // Detected from now on: no --migrations-format needed.
  const Created second = create(empty, "Second");
  BOOST_TEST(second.parents == std::vector<std::string>{first.id},
             boost::test_tools::per_element());
  BOOST_TEST(second.id > first.id);  // timestamps: strictly later, even within one second

  // A missing directory (and its parent) without a format: migctl's own.
  const fs::path missing = root / "new" / "billing";
  const Created own = create(missing, "Invoices");
  BOOST_TEST(fs::is_directory(missing));
  BOOST_TEST(std::regex_match(own.id, std::regex("[0-9a-f]{12}")), own.id);
  BOOST_TEST(fs::path(own.paths.at(0)).filename().string() == own.id + "_invoices.sql");
  BOOST_TEST(read_file(own.paths[0]).find("-- migctl:") != std::string::npos);

  RunResult r = run_migctl(in_dir(empty, {"upgrade"}), db.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(db.version_rows() == std::vector<std::string>{second.id},
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(the_message_may_come_with_dash_m) {
  // As the hint for a directory with no migration says (and Alembic's `revision -m`).
  const fs::path dir = fs::path(scratch_dir()) / "m";
  fs::create_directories(dir);
  RunResult r = run_migctl(in_dir(dir, {"heads"}), "");
  BOOST_TEST(r.exit_code == 78, r.all());
  BOOST_TEST(r.err.find("create -m") != std::string::npos, r.err);
  r = run_migctl(in_dir(dir, {"--migrations-format", "dbmate", "create", "-m", "First", "--json"}),
                 "");
  const auto paths = strings(json_of(r)->getArray("paths"));
  BOOST_TEST_REQUIRE(paths.size() == 1u);
  BOOST_TEST(
      std::regex_match(fs::path(paths[0]).filename().string(), std::regex("[0-9]{14}_first\\.sql")),
      paths[0]);
  // Both a -m and an argument: which one was meant is unclear.
  const auto before = listing(dir);
  r = run_migctl(in_dir(dir, {"create", "-m", "One", "Two"}), "");
  BOOST_TEST(r.exit_code == 64, r.all());
  BOOST_TEST(listing(dir) == before);
}

BOOST_AUTO_TEST_CASE(several_heads_are_refused_until_merged) {
  TestDatabase db;
  const fs::path dir = fs::path(scratch_dir()) / "graph";
  const Created base = create(dir, "Base");
  const Created left = create(dir, "Left");
  const Created right = create(dir, "Right", {"--head", base.id, "--branch-label", "right"});
  BOOST_TEST(right.parents == std::vector<std::string>{base.id}, boost::test_tools::per_element());
  BOOST_TEST(read_file(right.paths[0]).find("right") != std::string::npos);

  const auto before = listing(dir);
  RunResult r = run_migctl(in_dir(dir, {"create", "Third"}), "");
  BOOST_TEST(r.exit_code == 65, r.all());
  BOOST_TEST(r.err.find("2 heads") != std::string::npos, r.err);
  BOOST_TEST(r.err.find(left.id) != std::string::npos, r.err);
  BOOST_TEST(r.err.find(right.id) != std::string::npos, r.err);
  BOOST_TEST(r.err.find("migctl merge") != std::string::npos, r.err);
  BOOST_TEST(listing(dir) == before);  // nothing written

  // --head picks one; a merge joins them.
  r = run_migctl(in_dir(dir, {"create", "On the left", "--head", left.id, "--json"}), "");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  const std::string on_left = json_of(r)->getValue<std::string>("revision");
  auto merged = json_of(run_migctl(in_dir(dir, {"merge", "-m", "join", "heads", "--json"}), ""));
  const std::string merge_id = merged->getValue<std::string>("revision");
  std::vector<std::string> parents = strings(merged->getArray("down_revisions"));
  std::sort(parents.begin(), parents.end());
  std::vector<std::string> expected = {on_left, right.id};
  std::sort(expected.begin(), expected.end());
  BOOST_TEST(parents == expected, boost::test_tools::per_element());

  const Created after = create(dir, "After the merge");
  BOOST_TEST(after.parents == std::vector<std::string>{merge_id}, boost::test_tools::per_element());
  r = run_migctl(in_dir(dir, {"upgrade"}), db.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(db.version_rows() == std::vector<std::string>{after.id},
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(linear_formats_refuse_what_they_cannot_record) {
  const fs::path root = scratch_dir();
  const fs::path golang = root / "golang";
  write_sample("golang-migrate", golang, "t_refuse");
  const std::string head = head_of(golang);
  const fs::path dbmate = root / "dbmate";
  write_sample("dbmate", dbmate, "t_refuse");
  const auto golang_before = listing(golang), dbmate_before = listing(dbmate);

  const std::vector<std::pair<fs::path, std::vector<std::string>>> refused = {
      {golang, {"--head", head}},
      {golang, {"--branch-label", "billing"}},
      {dbmate, {"--depends-on", head_of(dbmate)}},
      {dbmate, {"--undo"}},  // Flyway only
  };
  for (const auto& [dir, options] : refused) {
    std::vector<std::string> args = in_dir(dir, {"create", "Refused"});
    args.insert(args.end(), options.begin(), options.end());
    RunResult r = run_migctl(args, "");
    BOOST_TEST(r.exit_code == 64, options.front() << ": " << r.all());
    if (options.front() != "--undo")
      BOOST_TEST(r.err.find("migctl") != std::string::npos, r.err);  // the way out
  }
  BOOST_TEST(listing(golang) == golang_before);
  BOOST_TEST(listing(dbmate) == dbmate_before);
  // A merge needs a graph too.
  RunResult r = run_migctl(in_dir(golang, {"merge", "-m", "join", "heads"}), "");
  BOOST_TEST(r.exit_code == 64, r.all());
  BOOST_TEST(listing(golang) == golang_before);
}

BOOST_AUTO_TEST_CASE(depends_on_a_plugin_revision) {
  TestDatabase db;
  const fs::path dir = fs::path(scratch_dir()) / "reports";
  RunResult r = run_migctl({"--plugin", "aksara.so", "--migrations-dir", dir.string(), "create",
                            "Daily report", "--depends-on", "001_initial", "--json"},
                           "");
  auto json = json_of(r);
  const std::string id = json->getValue<std::string>("revision");
  BOOST_TEST(strings(json->getArray("depends_on")) == std::vector<std::string>{"001_initial"},
             boost::test_tools::per_element());
  BOOST_TEST(json->getArray("down_revisions")->size() == 0u);
  // Upgrading to it applies what it depends on first, from the plugin: Aksara's user
  // table exists, and the one version row (as Alembic keeps it) is the new revision.
  r = run_migctl({"--plugin", "aksara.so", "--migrations-dir", dir.string(), "upgrade", id},
                 db.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(db.probe().scalar("SELECT count(*) FROM pg_tables WHERE tablename = 'user'") == "1");
  BOOST_TEST(db.version_rows() == std::vector<std::string>{id}, boost::test_tools::per_element());
  r = run_migctl({"--plugin", "aksara.so", "--migrations-dir", dir.string(), "history"}, "");
  BOOST_TEST(r.out.find("(001_initial) -> " + id) != std::string::npos, r.out);
}

BOOST_AUTO_TEST_SUITE_END()

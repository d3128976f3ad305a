// show, stamp, check, graph, create, merge.
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "harness.hpp"
#include "text_contains.hpp"

using namespace migctl::test;
namespace fs = std::filesystem;

namespace {

using migctl_test::contains;

// The repository: this file is tests/integration/cli/test_commands.cpp.
Poco::JSON::Object::Ptr json_of(const std::string& text) {
  return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(commands)

BOOST_AUTO_TEST_CASE(show_resolves_every_target_form) {
  RunResult r = run_migctl(modules({"show", "002_refresh_tokens"}), "");
  BOOST_TEST(r.exit_code == 0, r.all());
  BOOST_TEST(contains(r.out, "Rev: 002_refresh_tokens (head)\nParent: 001_initial\n"), r.out);
  BOOST_TEST(contains(r.out, "Add refresh tokens table"), r.out);
  for (const auto& [target, id] :
       std::vector<std::pair<std::string, std::string>>{{"001_initial+1", "002_refresh_tokens"},
                                                        {"002_refresh_tokens-1", "001_initial"},
                                                        {"notifications@head", kPreferences},
                                                        {"notifications", "4c1a9e2b7d10"},
                                                        {"9e5", kPreferences},
                                                        {"notifications+1", kPreferences}}) {
    r = run_migctl(modules({"show", target, "--json"}), "");
    BOOST_TEST_REQUIRE(r.exit_code == 0, target << ": " << r.all());
    BOOST_TEST(json_of(r.out)->getValue<std::string>("revision") == id, target);
  }
  r = run_migctl(modules({"show", "00"}), "");
  BOOST_TEST(r.exit_code == 65);
  BOOST_TEST(contains(r.err, "ambiguous: it matches 001_initial, 002_refresh_tokens"), r.err);
  r = run_migctl(modules({"show", "002_refresh_tokens+1"}), "");
  BOOST_TEST(r.exit_code == 65);
  BOOST_TEST(contains(r.err, "goes beyond a head"), r.err);
  r = run_migctl(modules({"show", "head"}), "");
  BOOST_TEST(r.exit_code == 65);
  BOOST_TEST(contains(r.err, "single head"), r.err);
}

// Alembic's show takes what its get_revisions takes: `heads` prints every head, -N the
// revision N below each head, base nothing (tests/alembic/differential.py compares the text).
BOOST_AUTO_TEST_CASE(show_prints_several_revisions_for_heads_and_minus_n) {
  RunResult r = run_migctl(modules({"show", "heads"}), "");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  const auto first = r.out.find("Rev: 002_refresh_tokens (head)\n");
  const auto second = r.out.find(std::string("Rev: ") + kPreferences + " (head)\n");
  BOOST_TEST((first != std::string::npos && second != std::string::npos && first < second), r.out);
  r = run_migctl(modules({"show", "-1"}), "");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(contains(r.out, "Rev: 001_initial\n"), r.out);
  BOOST_TEST(contains(r.out, "Rev: 4c1a9e2b7d10\n"), r.out);
  r = run_migctl(modules({"show", "notifications@heads", "--json"}), "");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  const auto revisions = json_of(r.out)->getArray("revisions");
  BOOST_TEST_REQUIRE(revisions->size() == 1u);
  BOOST_TEST(revisions->getObject(0)->getValue<std::string>("revision") == kPreferences);
  r = run_migctl(modules({"show", "base"}), "");
  BOOST_TEST(r.exit_code == 0, r.all());
  BOOST_TEST(r.out.empty(), r.out);
  r = run_migctl(modules({"show", "-2"}), "");
  BOOST_TEST(r.exit_code == 65, r.all());
  BOOST_TEST(contains(r.err, "'-2' goes below base"), r.err);
}

BOOST_AUTO_TEST_CASE(show_current_prints_the_version_rows) {
  TestDatabase db;
  RunResult r = run_migctl(modules({"show", "current"}), db.url());
  BOOST_TEST(r.exit_code == 0, r.all());
  BOOST_TEST(r.out.empty(), r.out);  // nothing applied: nothing to show, as Alembic
  r = run_migctl(modules({"upgrade", "notifications@head"}), db.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  r = run_migctl(modules({"show", "current"}), db.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(contains(r.out, std::string("Rev: ") + kPreferences + " (head)\n"), r.out);
  BOOST_TEST(!contains(r.out, "Rev: 001_initial"), r.out);
}

BOOST_AUTO_TEST_CASE(stamp_writes_only_the_version_table) {
  TestDatabase db;
  RunResult r = run_migctl(aksara({"stamp", "002_refresh_tokens"}), db.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(db.version_rows() == std::vector<std::string>{"002_refresh_tokens"});
  BOOST_TEST(db.probe().scalar("SELECT to_regclass('public.\"user\"') IS NULL") == "t");
  BOOST_TEST(db.probe().scalar("SELECT direction || ' ' || revision || ' ' || "
                               "coalesce(checksum, 'null') FROM migctl_history") ==
             "stamp 002_refresh_tokens null");
  // Stamping the same again writes nothing.
  r = run_migctl(aksara({"stamp", "002_refresh_tokens"}), db.url());
  BOOST_TEST(contains(r.out, "nothing written"), r.out);
  BOOST_TEST(db.probe().scalar("SELECT count(*) FROM migctl_history") == "1");

  // Down the branch, then onto another branch: rows move and add as Alembic's stamp does.
  BOOST_TEST_REQUIRE(run_migctl(modules({"stamp", "001_initial"}), db.url()).exit_code == 0);
  BOOST_TEST(db.version_rows() == std::vector<std::string>{"001_initial"});
  BOOST_TEST_REQUIRE(run_migctl(modules({"stamp", "notifications@head"}), db.url()).exit_code == 0);
  // 001_initial stays applied, implied by the module's dependency on it (not a row of its own).
  BOOST_TEST(db.version_rows() == std::vector<std::string>{kPreferences});
  // A stamped revision has no checksum: upgrading from there runs only what is missing.
  r = run_migctl(modules({"stamp", "base"}), db.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(db.version_rows().empty());

  // --purge clears rows no plugin knows (a plain stamp refuses them).
  db.probe().exec("INSERT INTO alembic_version VALUES ('zzz_unknown')");
  r = run_migctl(aksara({"stamp", "001_initial"}), db.url());
  BOOST_TEST(r.exit_code == 65, r.all());
  BOOST_TEST(contains(r.err, "zzz_unknown"), r.err);
  r = run_migctl(aksara({"stamp", "001_initial", "--purge"}), db.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(db.version_rows() == std::vector<std::string>{"001_initial"});
  BOOST_TEST(db.probe().scalar("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") ==
             "2");  // only alembic_version and migctl_history: no revision SQL ran

  r = run_migctl(aksara({"stamp", "nope"}), db.url());
  BOOST_TEST(r.exit_code == 65);
  BOOST_TEST(db.version_rows() == std::vector<std::string>{"001_initial"});
}

BOOST_AUTO_TEST_CASE(check_reports_each_kind_of_problem) {
  TestDatabase db;
  // Healthy: graph fine, database at every head.
  BOOST_TEST_REQUIRE(run_migctl(modules({"upgrade", "heads"}), db.url()).exit_code == 0);
  RunResult r = run_migctl(modules({"check"}), db.url());
  BOOST_TEST(r.exit_code == 0, r.all());
  BOOST_TEST(contains(r.out, "OK: no problems found."), r.out);
  r = run_migctl(modules({"check", "--json"}), db.url());
  BOOST_TEST(json_of(r.out)->getValue<bool>("ok"));

  // Behind head.
  BOOST_TEST_REQUIRE(run_migctl(modules({"downgrade", "notifications@-1"}), db.url()).exit_code ==
                     0);
  r = run_migctl(modules({"check", "--json"}), db.url());
  BOOST_TEST(r.exit_code == 65, r.all());
  auto problems = json_of(r.out)->getArray("problems");
  BOOST_TEST_REQUIRE(problems->size() == 1u);
  BOOST_TEST(problems->getObject(0)->getValue<std::string>("kind") == "behind");
  BOOST_TEST(contains(problems->getObject(0)->getValue<std::string>("message"), kPreferences));

  // An applied revision whose source changed (aksara_edited carries an edited 001_initial).
  TestDatabase edited;
  BOOST_TEST_REQUIRE(run_migctl(aksara({"upgrade"}), edited.url()).exit_code == 0);
  r = run_migctl({"--plugin", "aksara_edited.so", "check"}, edited.url());
  BOOST_TEST(r.exit_code == 65, r.all());
  BOOST_TEST(contains(r.out, "[checksum] applied revision '001_initial'"), r.out);

  // Two heads in one set and a revision without a downgrade; no database needed.
  r = run_migctl({"--plugin", "branchy.so", "check"}, "");
  BOOST_TEST(r.exit_code == 65, r.all());
  BOOST_TEST(contains(r.out, "[heads] migration set 'branchy' has 2 heads: bx2, bx3"), r.out);
  BOOST_TEST(contains(r.out, "[irreversible] revision 'bx3'"), r.out);
  BOOST_TEST(contains(r.out, "not checked (DATABASE_CONN is not set)"), r.out);

  // A plugin that does not load.
  r = run_migctl({"--plugin", "aksara.so", "--plugin", "no_such_plugin.so", "check"}, "");
  BOOST_TEST(r.exit_code == 65, r.all());
  BOOST_TEST(contains(r.out, "[plugin]"), r.out);
  BOOST_TEST(contains(r.out, "no_such_plugin.so"), r.out);
}

BOOST_AUTO_TEST_CASE(graph_as_dot_and_svg) {
  RunResult r = run_migctl(modules({"graph"}), "");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(r.out.rfind("digraph migctl {", 0) == 0u, r.out);
  BOOST_TEST(contains(r.out, "subgraph \"cluster_aksara\""), r.out);
  BOOST_TEST(contains(r.out, "subgraph \"cluster_notifications\""), r.out);
  BOOST_TEST(contains(r.out, "\"001_initial\" -> \"002_refresh_tokens\";"), r.out);
  BOOST_TEST(contains(r.out, "\"001_initial\" -> \"4c1a9e2b7d10\" [style=dashed"), r.out);
  // Same output every time.
  BOOST_TEST(run_migctl(modules({"graph"}), "").out == r.out);

  const fs::path svg = fs::path(scratch_dir()) / "graph.svg";
  r = run_migctl(modules({"graph", "--output", svg.string()}), "");
  // packaging/install-deps.sh installs graphviz; without it the error must say so.
  if (!fs::exists("/usr/bin/dot")) {
    BOOST_TEST(r.exit_code == 78, r.all());
    BOOST_TEST(contains(r.err, "install graphviz"), r.err);
  } else {
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
    BOOST_TEST(contains(read_file(svg), "<svg"));
    BOOST_TEST(contains(read_file(svg), "Notification preferences"));
  }
  // Without dot in PATH: a clear configuration error.
  r = run_migctl(modules({"graph", "--output", svg.string()}), "", {{"PATH", "/nonexistent"}});
  BOOST_TEST(r.exit_code == 78, r.all());
  BOOST_TEST(contains(r.err, "install graphviz"), r.err);
}

BOOST_AUTO_TEST_CASE(create_and_merge_write_revision_sources) {
  const fs::path root = demo_project();
  const fs::path versions = root / "migrations" / "demo" / "versions";
  const std::string dir = versions.string();
  // Aksara's ids are numbers with names (001_initial, 002_refresh_tokens): the next one is
  // the next number with the message's slug, and the id is the file name.
  RunResult r = run_migctl({"create", "Add user email verification", "--versions-dir", dir}, "");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  const fs::path first = versions / "003_add_user_email_verification.cpp";
  BOOST_TEST_REQUIRE(fs::exists(first), r.out);
  const std::string text = read_file(first);
  BOOST_TEST(contains(text, "r.id = \"003_add_user_email_verification\";"), text);
  BOOST_TEST(contains(text, "r.down_revisions = {\"002_refresh_tokens\"};"), text);
  BOOST_TEST(contains(text, "r.message = \"Add user email verification\";"), text);
  BOOST_TEST(contains(text, "r.create_date = \"20"), text);

  // A second create chains on the first without any build in between.
  r = run_migctl({"create", "Second", "--versions-dir", dir}, "");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(contains(read_file(versions / "004_second.cpp"),
                      "r.down_revisions = {\"003_add_user_email_verification\"};"));
  // A side branch, then create refuses to guess between two heads.
  r = run_migctl({"create", "Side", "--head", "003", "--branch-label", "side", "--depends-on",
                  "001_initial", "--versions-dir", dir},
                 "");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  const std::string side = read_file(versions / "005_side.cpp");
  BOOST_TEST(contains(side, "r.down_revisions = {\"003_add_user_email_verification\"};"), side);
  BOOST_TEST(contains(side, "r.branch_labels = {\"side\"};"), side);
  BOOST_TEST(contains(side, "r.depends_on = {\"001_initial\"};"), side);
  r = run_migctl({"create", "Third", "--versions-dir", dir}, "");
  BOOST_TEST(r.exit_code == 65, r.all());
  BOOST_TEST(contains(r.err, "2 heads: 004_second, 005_side"), r.err);
  BOOST_TEST(contains(r.err, "migctl merge"), r.err);
  // A label that is taken is refused before anything is written.
  r = run_migctl(
      {"create", "Again", "--head", "004", "--branch-label", "side", "--versions-dir", dir}, "");
  BOOST_TEST(r.exit_code == 65, r.all());
  BOOST_TEST(!fs::exists(versions / "006_again.cpp"));

  r = run_migctl({"merge", "-m", "Merge side", "heads", "--versions-dir", dir}, "");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  const std::string merge = read_file(versions / "006_merge_side.cpp");
  BOOST_TEST(contains(merge, "r.down_revisions = {\"004_second\", \"005_side\"};"), merge);
  BOOST_TEST(!contains(merge, "r.upgrade"), merge);
  // A long message is cut so the id fits alembic_version's 32 characters.
  r = run_migctl({"create", "After merge, with a message far longer than any id", "--versions-dir",
                  dir, "--json"},
                 "");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  const std::string long_id = json_of(r.out)->getValue<std::string>("revision");
  BOOST_TEST(long_id == "007_after_merge_with_a_message", long_id);
  BOOST_TEST(contains(read_file(versions / (long_id + ".cpp")),
                      "r.down_revisions = {\"006_merge_side\"};"));

  // Bare zero-padded numbers continue as bare numbers.
  const fs::path numbered = root / "migrations" / "numbered" / "versions";
  fs::create_directories(numbered);
  std::ofstream(numbered / "01_start.cpp") << "  r.id = \"01\";\n";
  r = run_migctl({"create", "Next one", "--versions-dir", numbered.string()}, "");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(contains(read_file(numbered / "02_next_one.cpp"), "r.id = \"02\";"));

  // Ids that are not zero-padded numbers: Alembic's 12 hex digits.
  const fs::path hex = root / "migrations" / "hexset" / "versions";
  fs::create_directories(hex);
  fs::copy(source_dir() / "migrations" / "notifications" / "versions", hex);
  r = run_migctl({"create", "Digest emails", "--versions-dir", hex.string(), "--json"}, "");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  auto json = json_of(r.out);
  const std::string id = json->getValue<std::string>("revision");
  BOOST_TEST(id.size() == 12u);
  BOOST_TEST(id.find_first_not_of("0123456789abcdef") == std::string::npos, id);
  BOOST_TEST(json->getArray("down_revisions")->getElement<std::string>(0) == kPreferences);
}

BOOST_AUTO_TEST_SUITE_END()

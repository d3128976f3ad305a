// graph: formats from the output file's extension through Graphviz, unknown ones refused,
// applied revisions and heads marked, a legend, and --json as nodes and edges.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "harness.hpp"
#include "text_contains.hpp"

using namespace migctl::test;
namespace fs = std::filesystem;

namespace {

using migctl_test::contains;

Poco::JSON::Object::Ptr json_of(const std::string& text) {
  return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
}

// The DOT attribute list of node `id`.
std::string node_line(const std::string& dot, const std::string& id) {
  std::istringstream in(dot);
  for (std::string line; std::getline(in, line);)
    if (line.find("    \"" + id + "\" [") == 0) return line;
  return {};
}

bool have_dot() {
  return run_migctl({"--plugin", "aksara.so", "graph", "--output",
                     (fs::path(scratch_dir()) / "probe.svg").string()},
                    "")
             .exit_code == 0;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(graph)

BOOST_AUTO_TEST_CASE(the_extension_picks_the_format) {
  BOOST_TEST_REQUIRE(have_dot(), "packaging/install-deps.sh installs graphviz");
  const fs::path dir = scratch_dir();
  // Magic numbers of what dot wrote, not what migctl claims.
  const std::vector<std::pair<std::string, std::string>> formats{
      {"png", "\x89PNG"}, {"pdf", "%PDF"}, {"svg", "<?xml"}, {"gif", "GIF8"}};
  for (const auto& [ext, magic] : formats) {
    const fs::path out = dir / ("graph." + ext);
    RunResult r = run_migctl(modules({"graph", "--output", out.string()}), "");
    BOOST_TEST(r.exit_code == 0, ext << ": " << r.all());
    BOOST_TEST(read_file(out).rfind(magic, 0) == 0u, ext);
    BOOST_TEST(contains(r.err, "Wrote " + out.string() + " (" + ext), r.err);
  }
  // .dot and .gv are DOT text, with or without Graphviz.
  for (const char* ext : {"dot", "gv"}) {
    const fs::path out = dir / (std::string("graph.") + ext);
    RunResult r =
        run_migctl(modules({"graph", "--output", out.string()}), "", {{"PATH", "/nonexistent"}});
    BOOST_TEST(r.exit_code == 0, r.all());
    BOOST_TEST(read_file(out).rfind("digraph migctl {", 0) == 0u, ext);
  }
}

BOOST_AUTO_TEST_CASE(unknown_formats_are_refused_and_nothing_is_written) {
  BOOST_TEST_REQUIRE(have_dot());
  const fs::path dir = scratch_dir();
  RunResult r = run_migctl(modules({"graph", "--output", (dir / "graph.nope").string()}), "");
  BOOST_TEST(r.exit_code == 64, r.all());
  BOOST_TEST(contains(r.err, "unknown graph format '.nope'"), r.err);
  BOOST_TEST(contains(r.err, "svg"), r.err);  // the list of what dot can do
  BOOST_TEST(!fs::exists(dir / "graph.nope"));
  r = run_migctl(modules({"graph", "--output", (dir / "graph").string()}), "");
  BOOST_TEST(r.exit_code == 64, r.all());
  BOOST_TEST(contains(r.err, "no extension"), r.err);
  BOOST_TEST(!fs::exists(dir / "graph"));
}

BOOST_AUTO_TEST_CASE(applied_revisions_heads_and_a_legend_are_marked) {
  TestDatabase db;
  // Apply Aksara only; the module stays pending.
  RunResult r = run_migctl(modules({"upgrade", "aksara@head"}), db.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  r = run_migctl(modules({"graph", "--json"}), db.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  auto doc = json_of(r.out);
  BOOST_TEST(doc->getValue<bool>("database_read"));
  const auto rows = db.version_rows();

  RunResult dot = run_migctl(modules({"graph"}), db.url());
  BOOST_TEST_REQUIRE(dot.exit_code == 0, dot.all());
  BOOST_TEST(contains(dot.out, "cluster_legend"), dot.out);
  BOOST_TEST(contains(dot.out, "applied"), dot.out);

  auto nodes = doc->getArray("nodes");
  int applied = 0, heads = 0;
  for (std::size_t i = 0; i < nodes->size(); ++i) {
    auto n = nodes->getObject(static_cast<unsigned>(i));
    const std::string id = n->getValue<std::string>("id");
    const std::string set = n->getValue<std::string>("set");
    const bool is_applied = n->getValue<bool>("applied");
    // Exactly Aksara's revisions are applied.
    BOOST_TEST(is_applied == (set == "aksara"), id);
    applied += is_applied;
    heads += n->getValue<bool>("head");
    const bool current = std::find(rows.begin(), rows.end(), id) != rows.end();
    BOOST_TEST(n->getValue<bool>("current") == current, id);
    // The DOT node carries the same marks.
    const std::string line = node_line(dot.out, id);
    BOOST_TEST(contains(line, "applied") == is_applied, line);
    BOOST_TEST(contains(line, "peripheries=2") == n->getValue<bool>("head"), line);
    BOOST_TEST(contains(line, "current") == current, line);
  }
  BOOST_TEST(applied > 0);
  BOOST_TEST(heads == 2);

  // Without a database URL nothing is marked applied, and the legend says why.
  dot = run_migctl(modules({"graph"}), "");
  BOOST_TEST(!std::regex_search(dot.out, std::regex("class=\"[^\"]*applied")), dot.out);
  BOOST_TEST(contains(dot.out, "database not read"), dot.out);
}

BOOST_AUTO_TEST_CASE(json_gives_nodes_and_edges_matching_the_history) {
  RunResult r = run_migctl(modules({"graph", "--json"}), "");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(r.out.find("digraph") == std::string::npos, r.out);
  auto doc = json_of(r.out);
  BOOST_TEST(!doc->getValue<bool>("database_read"));
  auto history = json_of(run_migctl(modules({"history", "--json"}), "").out)->getArray("revisions");
  auto nodes = doc->getArray("nodes");
  BOOST_TEST(nodes->size() == history->size());
  // One edge per parent and per depends_on of each revision.
  std::size_t links = 0;
  for (std::size_t i = 0; i < history->size(); ++i) {
    auto h = history->getObject(static_cast<unsigned>(i));
    links += h->getArray("down_revisions")->size() + h->getArray("depends_on")->size();
  }
  auto edges = doc->getArray("edges");
  BOOST_TEST(edges->size() == links);
  bool dependency = false;
  for (std::size_t i = 0; i < edges->size(); ++i)
    dependency |=
        edges->getObject(static_cast<unsigned>(i))->getValue<std::string>("kind") == "depends_on";
  BOOST_TEST(dependency);  // notifications depends on Aksara
}

BOOST_AUTO_TEST_SUITE_END()

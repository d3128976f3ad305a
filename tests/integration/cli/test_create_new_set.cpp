// `create` into an empty or a new versions directory: the first revision of a new set.
// (It failed with "duplicate revision id '001' ... unknown file": the new set's first id
// was always 001, which another set already used.)
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

// The repository: this file is tests/integration/cli/test_create_new_set.cpp.
// Every `r.id = "..."` under `dir`.
std::set<std::string> ids_in(const fs::path& dir) {
  std::set<std::string> out;
  static const std::regex id("r\\.id = \"([^\"]+)\"");
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string text = read_file(entry.path());
    std::smatch m;
    if (std::regex_search(text, m, id)) out.insert(m[1].str());
  }
  return out;
}

Poco::JSON::Object::Ptr created(const RunResult& r) {
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  return Poco::JSON::Parser().parse(r.out).extract<Poco::JSON::Object::Ptr>();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(create_new_set)

BOOST_AUTO_TEST_CASE(an_empty_versions_directory_starts_a_set) {
  const fs::path root = demo_project();
  const auto demo_ids = ids_in(root / "migrations" / "demo" / "versions");
  const fs::path billing = root / "migrations" / "billing" / "versions";
  fs::create_directories(billing);
  auto first =
      created(run_migctl({"create", "Invoices", "--versions-dir", billing.string(), "--json"}, ""));
  const std::string id = first->getValue<std::string>("revision");
  BOOST_TEST(!demo_ids.count(id), id << " is taken by the demo set");
  BOOST_TEST(first->getValue<std::string>("set") == "billing");
  BOOST_TEST(first->getArray("down_revisions")->size() == 0u);
  const std::string path = first->getValue<std::string>("path");
  BOOST_TEST(fs::exists(path));
  BOOST_TEST(read_file(path).find("r.down_revisions = {};") != std::string::npos, read_file(path));

  // The next one chains on it.
  auto second =
      created(run_migctl({"create", "Payments", "--versions-dir", billing.string(), "--json"}, ""));
  BOOST_TEST(second->getArray("down_revisions")->getElement<std::string>(0) == id);
  BOOST_TEST(second->getValue<std::string>("revision") != id);
}

BOOST_AUTO_TEST_CASE(a_new_versions_directory_is_created) {
  const fs::path root = demo_project();
  const fs::path reports = root / "migrations" / "reports" / "versions";
  BOOST_TEST_REQUIRE(!fs::exists(reports));
  auto first = created(
      run_migctl({"create", "Daily report", "--versions-dir", reports.string(), "--json"}, ""));
  BOOST_TEST(fs::is_directory(reports));
  BOOST_TEST(fs::exists(first->getValue<std::string>("path")));
  BOOST_TEST(first->getValue<std::string>("set") == "reports");
  // A path through a file cannot be created: a clear error, nothing written.
  std::ofstream(root / "a_file") << "x";
  RunResult r =
      run_migctl({"create", "Nope", "--versions-dir", (root / "a_file" / "versions").string()}, "");
  BOOST_TEST(r.exit_code == 78, r.all());
  BOOST_TEST(r.err.find("cannot be created") != std::string::npos, r.err);
}

BOOST_AUTO_TEST_CASE(a_trailing_separator_keeps_the_set_name) {
  // "versions/" once made the set "versions" (the name of the directory itself).
  const fs::path root = demo_project();
  const fs::path billing = root / "migrations" / "billing" / "versions";
  fs::create_directories(billing);
  for (const std::string& spelling : {billing.string() + "/", billing.string() + "/."}) {
    auto made = created(run_migctl({"create", "Invoices " + std::to_string(spelling.size()),
                                    "--versions-dir", spelling, "--json"},
                                   ""));
    BOOST_TEST(made->getValue<std::string>("set") == "billing", spelling);
    BOOST_TEST(fs::path(made->getValue<std::string>("path")).parent_path() == billing, spelling);
  }
}

BOOST_AUTO_TEST_SUITE_END()

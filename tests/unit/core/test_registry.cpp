// The plugin registry on real plugin files (no database).
#include <boost/test/unit_test.hpp>
#include <filesystem>

#include "migctl/error.hpp"
#include "plugin/plugin_paths.hpp"
#include "plugin/registry.hpp"

namespace fs = std::filesystem;
using migctl::Error;
using migctl::Registry;

namespace {

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    BOOST_TEST(static_cast<int>(e.code()) == 78);
    return e.what();
  }
  return "";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(registry)

BOOST_AUTO_TEST_CASE(abi_mismatch_names_what_differs) {
  migctl::AbiDescriptor host = migctl::this_build_abi();
  BOOST_TEST(migctl::abi_mismatch(host, host).empty());

  auto other = host;
  other.sdk_major = host.sdk_major + 1;
  BOOST_TEST(migctl::abi_mismatch(other, host).find("built against plugin SDK") !=
             std::string::npos);
  other = host;
  other.sdk_minor = host.sdk_minor + 1;
  BOOST_TEST(migctl::abi_mismatch(other, host).find("needs plugin SDK") != std::string::npos);
  // An older minor version is compatible back to the oldest compatible one.
  other = host;
  host.sdk_minor += 1;
  BOOST_TEST(migctl::abi_mismatch(other, host).empty());
  other.sdk_minor = 0;
  if (MIGCTL_SDK_OLDEST_COMPATIBLE_MINOR > 0) {
    other.sdk_minor = MIGCTL_SDK_OLDEST_COMPATIBLE_MINOR - 1;
    BOOST_TEST(migctl::abi_mismatch(other, host).find("older than the oldest") !=
               std::string::npos);
  } else {
    BOOST_TEST(migctl::abi_mismatch(other, host).empty(), "every minor of this major is accepted");
  }
  host = migctl::this_build_abi();
  other = host;
  other.cxx11_abi = !host.cxx11_abi;
  BOOST_TEST(migctl::abi_mismatch(other, host).find("_GLIBCXX_USE_CXX11_ABI") != std::string::npos);
  other = host;
  other.glibcxx_debug = !host.glibcxx_debug;
  BOOST_TEST(migctl::abi_mismatch(other, host).find("_GLIBCXX_DEBUG") != std::string::npos);
  other = host;
  other.magic = 0;
  BOOST_TEST(!migctl::abi_mismatch(other, host).empty());
}

BOOST_AUTO_TEST_CASE(loads_a_migration_set_and_ignores_a_second_load) {
  Registry registry;
  fs::path aksara = fs::path(MIGCTL_TEST_PLUGIN_DIR) / "aksara.so";
  registry.load(aksara);
  registry.load(aksara);
  BOOST_TEST_REQUIRE(registry.migration_sets().size() == 1u);
  const auto& set = registry.migration_sets()[0].set;
  BOOST_TEST(set.name == "aksara");
  BOOST_TEST_REQUIRE(set.revisions.size() == 2u);
  BOOST_TEST(set.revisions[0].id == "001_initial");
  BOOST_TEST(set.revisions[0].source == "migrations/aksara/versions/001_initial.cpp");
  BOOST_TEST(set.revisions[1].down_revisions == std::vector<std::string>{"001_initial"});

  // The map takes the revisions over; the registry keeps the count for reports.
  auto taken = registry.take_revisions();
  BOOST_TEST_REQUIRE(taken.size() == 2u);
  BOOST_TEST(taken[0].first == "aksara");
  BOOST_TEST(taken[1].second.id == "002_refresh_tokens");
  BOOST_TEST(registry.migration_sets()[0].set.revisions.empty());
  BOOST_TEST(registry.migration_sets()[0].revision_count == 2u);
}

BOOST_AUTO_TEST_CASE(driver_keeps_its_library_loaded_after_the_registry_is_gone) {
  std::shared_ptr<migctl::Driver> driver;
  {
    Registry registry;
    driver = registry.load_driver_for("postgres", {fs::path(MIGCTL_TEST_DRIVER_DIR)});
    BOOST_TEST_REQUIRE(driver != nullptr);
  }
  // The registry and its handles are gone; the driver's code must still be mapped.
  BOOST_TEST(driver->name() == "postgresql");
  BOOST_TEST(driver->dialect().quote_identifier("user") == "\"user\"");
}

BOOST_AUTO_TEST_CASE(load_errors_are_distinct) {
  Registry registry;
  std::string abi =
      error_of([&] { registry.load(fs::path(MIGCTL_TEST_FIXTURE_DIR) / "abi_mismatch.so"); });
  BOOST_TEST(abi.find("plugin SDK 99.0") != std::string::npos, abi);
  std::string not_plugin =
      error_of([&] { registry.load(fs::path(MIGCTL_TEST_FIXTURE_DIR) / "not_a_plugin.so"); });
  BOOST_TEST(not_plugin.find("not a migctl plugin") != std::string::npos, not_plugin);
  // A scheme no built driver claims (postgresql.so and sqlite.so are there).
  std::string no_driver =
      error_of([&] { registry.load_driver_for("mysql", {fs::path(MIGCTL_TEST_DRIVER_DIR)}); });
  BOOST_TEST(no_driver.find("no driver for 'mysql://'") != std::string::npos, no_driver);
}

BOOST_AUTO_TEST_CASE(bare_names_are_searched_in_order_never_in_the_current_directory) {
  std::vector<fs::path> dirs{fs::path("/nonexistent-dir"), fs::path(MIGCTL_TEST_PLUGIN_DIR)};
  BOOST_TEST(migctl::find_plugin_file("aksara.so", dirs) ==
             fs::path(MIGCTL_TEST_PLUGIN_DIR) / "aksara.so");
  BOOST_TEST(migctl::find_plugin_file("aksara", dirs) ==
             fs::path(MIGCTL_TEST_PLUGIN_DIR) / "aksara.so");
  fs::current_path(MIGCTL_TEST_PLUGIN_DIR);
  std::string missing =
      error_of([&] { migctl::find_plugin_file("aksara.so", {"/nonexistent-dir"}); });
  BOOST_TEST(missing.find("looked in: /nonexistent-dir") != std::string::npos, missing);
  BOOST_TEST(migctl::search_dirs("/a::/b", migctl::PluginKind::plugin).size() == 3u);
}

BOOST_AUTO_TEST_SUITE_END()

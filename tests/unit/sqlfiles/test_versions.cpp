// Version numbers of the linear formats: parsed as numbers, ordered as the tools order them.
#include <boost/test/unit_test.hpp>

#include "sqlfiles/linear_order.hpp"

using namespace migctl::sqlfiles;
using V = std::vector<std::string>;

BOOST_AUTO_TEST_SUITE(versions)

BOOST_AUTO_TEST_CASE(parse_versions) {
  BOOST_TEST(parse_version("20240101120000", false) == V{"20240101120000"});
  BOOST_TEST(parse_version("000001", false) == V{"1"});
  BOOST_TEST(parse_version("0", false) == V{"0"});
  BOOST_TEST(parse_version("2_0_3", true) == (V{"2", "0", "3"}));
  BOOST_TEST(parse_version("2.0.3", true) == (V{"2", "0", "3"}));
  BOOST_TEST(parse_version("1.0", true) == V{"1"});  // trailing zero parts dropped
  BOOST_TEST(parse_version("1.2", false).empty());   // separators only for Flyway
  BOOST_TEST(parse_version("1..2", true).empty());
  BOOST_TEST(parse_version("1.", true).empty());
  BOOST_TEST(parse_version("", true).empty());
  BOOST_TEST(parse_version("1a", true).empty());
}

BOOST_AUTO_TEST_CASE(flyway_order_is_numeric) {
  const std::vector<std::string> ordered = {"1", "1.1", "1.2", "1.10", "2", "2.0.3", "10"};
  for (std::size_t i = 0; i + 1 < ordered.size(); ++i) {
    const auto a = parse_version(ordered[i], true);
    const auto b = parse_version(ordered[i + 1], true);
    BOOST_TEST(compare_versions(a, b) < 0, ordered[i] + " < " + ordered[i + 1]);
    BOOST_TEST(compare_versions(b, a) > 0);
  }
  BOOST_TEST(compare_versions(parse_version("1", true), parse_version("1.0.0", true)) == 0);
  BOOST_TEST(compare_versions(parse_version("01.2", true), parse_version("1.2", true)) == 0);
  // Numbers longer than any integer type still compare.
  BOOST_TEST(compare_versions(parse_version("99999999999999999999", false),
                              parse_version("100000000000000000000", false)) < 0);
}

BOOST_AUTO_TEST_CASE(chain_links_each_revision_to_the_one_before) {
  std::vector<VersionedRevision> items;
  for (const char* v : {"1.10", "1.2", "1"}) {
    VersionedRevision item;
    item.version = parse_version(v, true);
    item.written = v;
    item.revision.id = v;
    item.revision.source = std::string("V") + v + "__x.sql";
    items.push_back(item);
  }
  const auto chain = chain_by_version(items);
  BOOST_REQUIRE(chain.size() == 3u);
  BOOST_TEST(chain[0].id == "1");
  BOOST_TEST(chain[0].down_revisions.empty());
  BOOST_TEST(chain[1].id == "1.2");
  BOOST_TEST(chain[1].down_revisions == V{"1"});
  BOOST_TEST(chain[2].down_revisions == V{"1.2"});
}

BOOST_AUTO_TEST_SUITE_END()

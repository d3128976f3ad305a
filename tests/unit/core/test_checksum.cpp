#include <boost/test/unit_test.hpp>

#include "commands/migrate.hpp"
#include "context/checksum.hpp"

using migctl::Revision;

namespace {
Revision make(std::vector<std::string> up) {
  Revision r;
  r.id = "a";
  r.upgrade = std::move(up);
  r.downgrade = {"DROP TABLE t"};
  r.source = "a.cpp";
  return r;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(checksum)

BOOST_AUTO_TEST_CASE(covers_what_is_applied_and_only_that) {
  Revision base = make({"CREATE TABLE t (id int)"});
  std::string sum = migctl::revision_checksum(base);
  BOOST_TEST(sum.size() == 64u);
  BOOST_TEST(sum.find_first_not_of("0123456789abcdef") == std::string::npos);

  Revision edited = make({"CREATE TABLE t (id bigint)"});
  BOOST_TEST(migctl::revision_checksum(edited) != sum);
  // Moving text between scripts is a change.
  BOOST_TEST(migctl::revision_checksum(make({"CREATE TABLE t", " (id int)"})) != sum);
  Revision non_tx = base;
  non_tx.transactional = false;
  BOOST_TEST(migctl::revision_checksum(non_tx) != sum);

  // Message, dates and downgrade are not part of what was applied.
  Revision cosmetic = base;
  cosmetic.message = "new words";
  cosmetic.create_date = "2030-01-01";
  cosmetic.downgrade = {"DROP TABLE IF EXISTS t"};
  BOOST_TEST(migctl::revision_checksum(cosmetic) == sum);
}

BOOST_AUTO_TEST_CASE(verify_names_every_changed_applied_revision) {
  Revision a = make({"CREATE TABLE a (id int)"});
  Revision b = make({"CREATE TABLE b (id int)"});
  b.id = "b";
  b.down_revisions = {"a"};
  b.source = "b.cpp";
  migctl::RevisionMap map({a, b});
  std::map<std::string, std::string> recorded{{"a", migctl::revision_checksum(a)},
                                              {"b", std::string(64, '0')}};
  try {
    migctl::verify_checksums(map, {"a", "b"}, recorded);
    BOOST_FAIL("expected a checksum error");
  } catch (const migctl::RevisionError& e) {
    std::string what = e.what();
    BOOST_TEST(what.find("b (b.cpp") != std::string::npos, what);
    BOOST_TEST(what.find("a (a.cpp") == std::string::npos, what);
    BOOST_TEST(static_cast<int>(e.code()) == 65);
  }
  // Not applied, or applied without a record (Alembic): nothing to compare.
  BOOST_CHECK_NO_THROW(migctl::verify_checksums(map, {"a"}, recorded));
  BOOST_CHECK_NO_THROW(migctl::verify_checksums(map, {"a", "b"}, {}));
}

BOOST_AUTO_TEST_SUITE_END()

// Revision checksums (context/checksum.hpp): v2 over the dialect's canonical form, v1 (script
// bytes) still accepted, and the comparison every run makes (verify_checksums). The stub
// dialect's canonical form drops comments and collapses whitespace
// (tests/stub_driver/stub_dialect.hpp).
#include <boost/test/unit_test.hpp>

#include "commands/changed_revisions.hpp"
#include "commands/migrate.hpp"
#include "context/checksum.hpp"
#include "stub_dialect.hpp"

using migctl::Revision;

namespace {

const migctl::stub::StubDialect dialect;

Revision make(std::vector<std::string> up) {
  Revision r;
  r.id = "a";
  r.upgrade = std::move(up);
  r.downgrade = {"DROP TABLE t"};
  r.source = "a.cpp";
  return r;
}

std::string v2(const Revision& r) {
  return migctl::revision_checksum(r, dialect);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(checksum)

BOOST_AUTO_TEST_CASE(v2_covers_what_is_applied_and_only_that) {
  Revision base = make({"CREATE TABLE t (id int);\nINSERT ROW t '1'"});
  const std::string sum = v2(base);
  BOOST_TEST(sum.size() == 64u);
  BOOST_TEST(sum.find_first_not_of("0123456789abcdef") == std::string::npos);
  BOOST_TEST(sum != migctl::revision_checksum_v1(base));

  // What the statements do counts.
  BOOST_TEST(v2(make({"CREATE TABLE t (id bigint);\nINSERT ROW t '1'"})) != sum);
  BOOST_TEST(v2(make({"CREATE TABLE t (id int);\nINSERT ROW t '2'"})) != sum);
  // Text inside quotes is what a statement does, its spaces included.
  BOOST_TEST(v2(make({"CREATE TABLE t (id int);\nINSERT ROW t ' 1'"})) != sum);
  // Moving text between scripts is a change.
  BOOST_TEST(v2(make({"CREATE TABLE t (id int)", "INSERT ROW t '1'"})) != sum);
  Revision non_tx = base;
  non_tx.transactional = false;
  BOOST_TEST(v2(non_tx) != sum);

  // Formatting does not: comments, blank lines, indentation.
  Revision reformatted = make(
      {"-- the table\nCREATE   TABLE t (id int);  -- why\n\n\n  INSERT ROW t '1'  ;\n-- end\n"});
  BOOST_TEST(v2(reformatted) == sum);
  BOOST_TEST(migctl::revision_checksum_v1(reformatted) != migctl::revision_checksum_v1(base));

  // Message, dates and downgrade are not part of what was applied.
  Revision cosmetic = base;
  cosmetic.message = "new words";
  cosmetic.create_date = "2030-01-01";
  cosmetic.downgrade = {"DROP TABLE IF EXISTS t"};
  BOOST_TEST(v2(cosmetic) == sum);
}

BOOST_AUTO_TEST_CASE(v1_is_the_checksum_earlier_migctl_recorded) {
  // SHA-256 of "transactional\n" "23:CREATE TABLE t (id int)", as migctl with plugin SDK 2.0
  // computed it
  // (`printf 'transactional\n23:CREATE TABLE t (id int)' | sha256sum`).
  BOOST_TEST(migctl::revision_checksum_v1(make({"CREATE TABLE t (id int)"})) ==
             "4fa2bce1a71d6d7cfc33ebb7113535fa52176ce401f689c16f31cafda1a2a5eb");
}

BOOST_AUTO_TEST_CASE(a_recorded_checksum_matches_in_either_form) {
  Revision r = make({"CREATE TABLE t (id int)"});
  migctl::RevisionMap map({r});
  auto changed = [&](const std::string& recorded) {
    return migctl::changed_revisions(map, dialect, {"a"}, {{"a", recorded}}).size();
  };
  BOOST_TEST(changed(v2(r)) == 0u);
  BOOST_TEST(changed(migctl::revision_checksum_v1(r)) == 0u);
  BOOST_TEST(changed(std::string(64, '0')) == 1u);
}

BOOST_AUTO_TEST_CASE(verify_names_every_changed_applied_revision_and_repair) {
  Revision a = make({"CREATE TABLE a (id int)"});
  Revision b = make({"CREATE TABLE b (id int)"});
  b.id = "b";
  b.down_revisions = {"a"};
  b.source = "b.cpp";
  Revision c = make({"CREATE TABLE c (id int)"});
  c.id = "c";
  c.down_revisions = {"b"};
  c.source = "c.cpp";
  migctl::RevisionMap map({a, b, c});
  // a recorded by an earlier migctl (v1), b changed, c recorded as v2.
  std::map<std::string, std::string> recorded{
      {"a", migctl::revision_checksum_v1(a)}, {"b", std::string(64, '0')}, {"c", v2(c)}};
  try {
    migctl::verify_checksums(map, dialect, {"a", "b", "c"}, recorded);
    BOOST_FAIL("expected a checksum error");
  } catch (const migctl::RevisionError& e) {
    const std::string what = e.what();
    BOOST_TEST(what.find("b (b.cpp") != std::string::npos, what);
    BOOST_TEST(what.find("a (a.cpp") == std::string::npos, what);
    BOOST_TEST(what.find("c (c.cpp") == std::string::npos, what);
    BOOST_TEST(e.hint().find("migctl repair") != std::string::npos, e.hint());
    BOOST_TEST(static_cast<int>(e.code()) == 65);
  }
  // Not applied, or applied without a record (Alembic): nothing to compare.
  BOOST_CHECK_NO_THROW(migctl::verify_checksums(map, dialect, {"a"}, recorded));
  BOOST_CHECK_NO_THROW(migctl::verify_checksums(map, dialect, {"a", "b", "c"}, {}));
}

BOOST_AUTO_TEST_CASE(an_applied_revision_that_no_longer_parses_is_changed) {
  Revision a = make({"CREATE TABLE a (id int)"});
  std::map<std::string, std::string> recorded{{"a", v2(a)}};
  a.upgrade = {"INSERT ROW a 'open"};
  migctl::RevisionMap map({a});
  const auto changed = migctl::changed_revisions(map, dialect, {"a"}, recorded);
  BOOST_REQUIRE(changed.size() == 1u);
  BOOST_TEST(changed[0].now.empty());
  BOOST_TEST(changed[0].parse_error.find("unterminated") != std::string::npos,
             changed[0].parse_error);
  BOOST_TEST(migctl::describe_change(changed[0]).find("does not parse") != std::string::npos);
  // Recorded by an earlier migctl from these very bytes (its splitter accepted them): the
  // revision did not change, whatever today's parser says.
  BOOST_TEST(
      migctl::changed_revisions(map, dialect, {"a"}, {{"a", migctl::revision_checksum_v1(a)}})
          .empty());
}

BOOST_AUTO_TEST_SUITE_END()

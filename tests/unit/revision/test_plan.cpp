#include <boost/test/unit_test.hpp>

#include "helpers.hpp"
#include "revision/plan.hpp"

using migctl::Direction;
using migctl::ExitCode;
using migctl::parse_downgrade_target;
using migctl::parse_upgrade_target;
using migctl::plan_downgrade;
using migctl::plan_upgrade;
using migctl::RevisionMap;
using migctl::Step;
using revision_test::contains;
using revision_test::failure;
using revision_test::Ids;
using revision_test::irreversible;
using revision_test::rev;
using revision_test::revisions_of;

namespace {

std::vector<Ids> rows_after(const std::vector<Step>& steps) {
  std::vector<Ids> out;
  for (const auto& step : steps) out.push_back(step.rows_after);
  return out;
}

std::vector<Step> steps_up(const RevisionMap& map, const Ids& rows, const char* target) {
  return plan_upgrade(map, rows, parse_upgrade_target(target));
}

std::vector<Step> steps_down(const RevisionMap& map, const Ids& rows, const char* target) {
  return plan_downgrade(map, rows, parse_downgrade_target(target));
}

// Every step starts where the previous one ended, and goes the expected way.
void check_continuity(const std::vector<Step>& steps, const Ids& start, Direction direction) {
  Ids rows = start;
  for (const auto& step : steps) {
    BOOST_TEST(step.rows_before == rows, boost::test_tools::per_element());
    BOOST_TEST((step.direction == direction));
    rows = step.rows_after;
  }
}

RevisionMap plan_chain() {
  return RevisionMap({rev("a"), rev("b", {"a"}), rev("c", {"b"})});
}

RevisionMap plan_diamond() {
  return RevisionMap({rev("a"), rev("b", {"a"}), rev("c", {"a"}), rev("m", {"b", "c"})});
}

// a <- b (label "left"), x <- y (label "right"); y depends_on b.
RevisionMap plan_cross_branch() {
  return RevisionMap({rev("a", {}, {}, {"left"}), rev("b", {"a"}), rev("x", {}, {}, {"right"}),
                      rev("y", {"x"}, {"b"})});
}

}  // namespace

BOOST_AUTO_TEST_SUITE(plan_upgrade_tests)

BOOST_AUTO_TEST_CASE(head_from_nothing) {
  const auto steps = steps_up(plan_chain(), {}, "head");
  BOOST_TEST(revisions_of(steps) == Ids({"a", "b", "c"}), boost::test_tools::per_element());
  BOOST_TEST((rows_after(steps) == std::vector<Ids>{{"a"}, {"b"}, {"c"}}));
  check_continuity(steps, {}, Direction::upgrade);
}

BOOST_AUTO_TEST_CASE(head_from_the_middle) {
  const auto steps = steps_up(plan_chain(), {"a"}, "head");
  BOOST_TEST(revisions_of(steps) == Ids({"b", "c"}), boost::test_tools::per_element());
  check_continuity(steps, {"a"}, Direction::upgrade);
}

BOOST_AUTO_TEST_CASE(already_there_or_below_is_empty) {
  const RevisionMap map = plan_chain();
  BOOST_TEST(steps_up(map, {"c"}, "head").empty());
  BOOST_TEST(steps_up(map, {"c"}, "heads").empty());
  BOOST_TEST(steps_up(map, {"c"}, "a").empty());
  BOOST_TEST(steps_up(map, {"b"}, "b").empty());
}

BOOST_AUTO_TEST_CASE(to_revision_by_id_prefix_or_label) {
  const RevisionMap map(
      {rev("a1f0"), rev("b2e0", {"a1f0"}, {}, {"feature"}), rev("c3d0", {"b2e0"})});
  BOOST_TEST(revisions_of(steps_up(map, {}, "b2e0")) == Ids({"a1f0", "b2e0"}),
             boost::test_tools::per_element());
  BOOST_TEST(revisions_of(steps_up(map, {}, "b2")) == Ids({"a1f0", "b2e0"}),
             boost::test_tools::per_element());
  BOOST_TEST(revisions_of(steps_up(map, {"a1f0"}, "feature")) == Ids({"b2e0"}),
             boost::test_tools::per_element());
  BOOST_TEST(revisions_of(steps_up(map, {}, "feature@head")) == Ids({"a1f0", "b2e0", "c3d0"}),
             boost::test_tools::per_element());
  const auto unknown = failure([&] { steps_up(map, {}, "zzz"); });
  BOOST_TEST(unknown.thrown);
  BOOST_TEST(unknown.code == ExitCode::data);
  BOOST_TEST(contains(unknown.message, "no revision or branch 'zzz'"));
}

BOOST_AUTO_TEST_CASE(relative) {
  const RevisionMap map = plan_chain();
  BOOST_TEST(revisions_of(steps_up(map, {}, "+2")) == Ids({"a", "b"}),
             boost::test_tools::per_element());
  BOOST_TEST(revisions_of(steps_up(map, {"a"}, "+1")) == Ids({"b"}),
             boost::test_tools::per_element());
  BOOST_TEST(revisions_of(steps_up(map, {"a"}, "+2")) == Ids({"b", "c"}),
             boost::test_tools::per_element());
  const auto far = failure([&] { steps_up(map, {"b"}, "+2"); });
  BOOST_TEST(far.thrown);
  BOOST_TEST(far.code == ExitCode::data);
  BOOST_TEST(contains(far.message, "goes beyond head (counting from b)"));
  const auto at_head = failure([&] { steps_up(map, {"c"}, "+1"); });
  BOOST_TEST(at_head.thrown);
  BOOST_TEST(contains(at_head.message, "goes beyond head (counting from c)"));
  // "<rev>+N" counts from that revision: the target is b's child, with what it requires.
  BOOST_TEST(revisions_of(steps_up(map, {}, "b+1")) == Ids({"a", "b", "c"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(relative_through_a_merge) {
  // +1 from b is m: applying it needs c first.
  const auto steps = steps_up(plan_diamond(), {"b"}, "+1");
  BOOST_TEST(revisions_of(steps) == Ids({"c", "m"}), boost::test_tools::per_element());
  BOOST_TEST((rows_after(steps) == std::vector<Ids>{{"b", "c"}, {"m"}}));
  BOOST_TEST(failure([&] { steps_up(plan_diamond(), {"b"}, "+2"); }).thrown);
}

BOOST_AUTO_TEST_CASE(several_heads) {
  const RevisionMap map({rev("a"), rev("b", {"a"}), rev("c", {"a"})});
  const auto f = failure([&] { steps_up(map, {"a"}, "head"); });
  BOOST_TEST(f.thrown);
  BOOST_TEST(f.code == ExitCode::data);
  BOOST_TEST(contains(f.message, "b, c"));
  BOOST_TEST(contains(f.hint, "upgrade heads"));
  BOOST_TEST(contains(f.hint, "<label>@head"));
  BOOST_TEST(contains(f.hint, "migctl merge"));
  // +1 from a branch point is an ambiguous walk, as in Alembic.
  const auto plus = failure([&] { steps_up(map, {"a"}, "+1"); });
  BOOST_TEST(plus.code == ExitCode::data);
  BOOST_TEST(contains(plus.message, "a branches into b, c"));
  // Alembic's order: the first head's line down to where another line needs it, then
  // that line; applied in reverse.
  const auto steps = steps_up(map, {"a"}, "heads");
  BOOST_TEST(revisions_of(steps) == Ids({"c", "b"}), boost::test_tools::per_element());
  BOOST_TEST((rows_after(steps) == std::vector<Ids>{{"c"}, {"b", "c"}}));
}

BOOST_AUTO_TEST_CASE(rows_through_a_merge) {
  const auto steps = steps_up(plan_diamond(), {}, "head");
  BOOST_TEST(revisions_of(steps) == Ids({"a", "c", "b", "m"}), boost::test_tools::per_element());
  BOOST_TEST((rows_after(steps) == std::vector<Ids>{{"a"}, {"c"}, {"b", "c"}, {"m"}}));
  check_continuity(steps, {}, Direction::upgrade);
}

BOOST_AUTO_TEST_CASE(rows_with_a_cross_branch_dependency) {
  const RevisionMap map = plan_cross_branch();
  const auto steps = steps_up(map, {}, "y");
  BOOST_TEST(revisions_of(steps) == Ids({"a", "b", "x", "y"}), boost::test_tools::per_element());
  BOOST_TEST((rows_after(steps) == std::vector<Ids>{{"a"}, {"b"}, {"b", "x"}, {"y"}}));
  check_continuity(steps, {}, Direction::upgrade);
  // From the first branch applied only the second one remains.
  BOOST_TEST(revisions_of(steps_up(map, {"b"}, "right@head")) == Ids({"x", "y"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(empty_map_has_nothing_to_do) {
  const RevisionMap map({});
  BOOST_TEST(steps_up(map, {}, "head").empty());
  BOOST_TEST(steps_up(map, {}, "heads").empty());
}

BOOST_AUTO_TEST_CASE(unknown_current_row) {
  const auto f = failure([&] { steps_up(plan_chain(), {"gone"}, "head"); });
  BOOST_TEST(f.thrown);
  BOOST_TEST(contains(f.message, "the database is at 'gone'"));
}

BOOST_AUTO_TEST_CASE(targets_the_parser_refuses) {
  migctl::Target base;
  base.kind = migctl::Target::Kind::base;
  BOOST_TEST((failure([&] { plan_upgrade(plan_chain(), {}, base); }).code == ExitCode::usage));
  migctl::Target minus;
  minus.kind = migctl::Target::Kind::relative;
  minus.steps = -1;
  BOOST_TEST((failure([&] { plan_upgrade(plan_chain(), {"c"}, minus); }).code == ExitCode::usage));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(plan_downgrade_tests)

BOOST_AUTO_TEST_CASE(to_base) {
  const auto steps = steps_down(plan_chain(), {"c"}, "base");
  BOOST_TEST(revisions_of(steps) == Ids({"c", "b", "a"}), boost::test_tools::per_element());
  BOOST_TEST((rows_after(steps) == std::vector<Ids>{{"b"}, {"a"}, {}}));
  check_continuity(steps, {"c"}, Direction::downgrade);
}

BOOST_AUTO_TEST_CASE(to_base_with_nothing_applied) {
  BOOST_TEST(steps_down(plan_chain(), {}, "base").empty());
}

BOOST_AUTO_TEST_CASE(to_revision) {
  const RevisionMap map = plan_chain();
  const auto steps = steps_down(map, {"c"}, "a");
  BOOST_TEST(revisions_of(steps) == Ids({"c", "b"}), boost::test_tools::per_element());
  BOOST_TEST((rows_after(steps) == std::vector<Ids>{{"b"}, {"a"}}));
  BOOST_TEST(steps_down(map, {"c"}, "c").empty());
}

BOOST_AUTO_TEST_CASE(to_a_revision_not_applied) {
  const auto f = failure([&] { steps_down(plan_chain(), {"a"}, "b"); });
  BOOST_TEST(f.thrown);
  BOOST_TEST(f.code == ExitCode::data);
  BOOST_TEST(contains(f.message, "'b' is not applied"));
  BOOST_TEST(contains(f.message, "the database is at a"));
  const auto fresh = failure([&] { steps_down(plan_chain(), {}, "a"); });
  BOOST_TEST(contains(fresh.message, "nothing is applied"));
}

BOOST_AUTO_TEST_CASE(relative) {
  const RevisionMap map = plan_chain();
  BOOST_TEST(revisions_of(steps_down(map, {"c"}, "-1")) == Ids({"c"}),
             boost::test_tools::per_element());
  BOOST_TEST(revisions_of(steps_down(map, {"c"}, "-2")) == Ids({"c", "b"}),
             boost::test_tools::per_element());
  const auto to_base = steps_down(map, {"c"}, "-3");
  BOOST_TEST(revisions_of(to_base) == Ids({"c", "b", "a"}), boost::test_tools::per_element());
  BOOST_TEST(to_base.back().rows_after.empty());
  const auto below = failure([&] { steps_down(map, {"b"}, "-3"); });
  BOOST_TEST(below.thrown);
  BOOST_TEST(below.code == ExitCode::data);
  BOOST_TEST(contains(below.message, "downgrade -3 goes below base (counting from b)"));
  BOOST_TEST(contains(below.hint, "downgrade base"));
  const auto nothing = failure([&] { steps_down(map, {}, "-1"); });
  BOOST_TEST(nothing.thrown);
  BOOST_TEST(contains(nothing.message, "nothing is applied"));
}

BOOST_AUTO_TEST_CASE(relative_from_a_merge) {
  const RevisionMap map = plan_diamond();
  // As Alembic: one step down from a merge point is ambiguous; name the parent instead.
  const auto one = failure([&] { steps_down(map, {"m"}, "-1"); });
  BOOST_TEST(one.code == ExitCode::data);
  BOOST_TEST(contains(one.message, "m is a merge of b, c"));
  BOOST_TEST(revisions_of(steps_down(map, {"m"}, "b")) == Ids({"m"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(relative_with_several_rows) {
  const auto f = failure([&] { steps_down(plan_diamond(), {"b", "c"}, "-1"); });
  BOOST_TEST(f.thrown);
  BOOST_TEST(f.code == ExitCode::data);
  BOOST_TEST(contains(f.message, "b, c"));
  // Alembic would count from whichever row the database returns first; migctl names the
  // command for each.
  BOOST_TEST(contains(f.hint, "`migctl downgrade b@-1`"));
  BOOST_TEST(contains(f.hint, "`migctl downgrade c@-1`"));
  BOOST_TEST(revisions_of(steps_down(plan_diamond(), {"b", "c"}, "b@-1")) == Ids({"b"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(rows_through_a_merge) {
  const auto steps = steps_down(plan_diamond(), {"m"}, "a");
  BOOST_TEST(revisions_of(steps) == Ids({"m", "b", "c"}), boost::test_tools::per_element());
  BOOST_TEST((rows_after(steps) == std::vector<Ids>{{"b", "c"}, {"c"}, {"a"}}));
  check_continuity(steps, {"m"}, Direction::downgrade);
}

BOOST_AUTO_TEST_CASE(cross_branch_dependency) {
  // Reverting b must first revert y, which depends on it; x stays.
  const auto steps = steps_down(plan_cross_branch(), {"y"}, "a");
  BOOST_TEST(revisions_of(steps) == Ids({"y", "b"}), boost::test_tools::per_element());
  BOOST_TEST((rows_after(steps) == std::vector<Ids>{{"b", "x"}, {"a", "x"}}));
  check_continuity(steps, {"y"}, Direction::downgrade);
}

BOOST_AUTO_TEST_CASE(irreversible_revision) {
  const RevisionMap map({rev("a"), irreversible(rev("b", {"a"})), rev("c", {"b"})});
  for (const char* target : {"base", "a", "-2"}) {
    const auto f = failure([&] { steps_down(map, {"c"}, target); });
    BOOST_TEST(f.thrown);
    BOOST_TEST(f.code == ExitCode::data);
    BOOST_TEST(contains(f.message, "'b' (versions/b.cpp)"));
    BOOST_TEST(contains(f.message, "irreversible"));
    BOOST_TEST(contains(f.hint, "migctl downgrade b"));
  }
  // Reverting only what is above it is fine.
  BOOST_TEST(revisions_of(steps_down(map, {"c"}, "b")) == Ids({"c"}),
             boost::test_tools::per_element());
  BOOST_TEST(revisions_of(steps_down(map, {"c"}, "-1")) == Ids({"c"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(targets_the_parser_refuses) {
  migctl::Target head;
  head.kind = migctl::Target::Kind::head;
  BOOST_TEST((failure([&] { plan_downgrade(plan_chain(), {"c"}, head); }).code == ExitCode::usage));
  migctl::Target plus;
  plus.kind = migctl::Target::Kind::relative;
  plus.steps = 1;
  BOOST_TEST((failure([&] { plan_downgrade(plan_chain(), {"c"}, plus); }).code == ExitCode::usage));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(plan_noop_revisions)

// A merge point with no SQL either way (Alembic's `pass` merges) reverts as a no-op; a
// revision with upgrade SQL but no downgrade SQL does not.
BOOST_AUTO_TEST_CASE(empty_merge_point_is_reversible) {
  using migctl::Revision;
  auto make = [](std::string id, std::vector<std::string> down, bool with_sql) {
    Revision r;
    r.id = std::move(id);
    r.down_revisions = std::move(down);
    if (with_sql) {
      r.upgrade = {"SELECT 1"};
      r.downgrade = {"SELECT 1"};
    }
    return r;
  };
  migctl::RevisionMap map({make("a", {}, true), make("b", {"a"}, true), make("c", {"a"}, true),
                           make("m", {"b", "c"}, false)});
  migctl::Target base;
  base.kind = migctl::Target::Kind::base;
  auto steps = migctl::plan_downgrade(map, {"m"}, base);
  BOOST_TEST_REQUIRE(steps.size() == 4u);
  BOOST_TEST(steps.front().revision == "m");

  Revision irreversible = make("d", {"m"}, true);
  irreversible.downgrade.clear();
  migctl::RevisionMap map2({make("a", {}, true), make("b", {"a"}, true), make("c", {"a"}, true),
                            make("m", {"b", "c"}, false), irreversible});
  BOOST_CHECK_THROW(migctl::plan_downgrade(map2, {"d"}, base), migctl::RevisionError);
}

BOOST_AUTO_TEST_SUITE_END()

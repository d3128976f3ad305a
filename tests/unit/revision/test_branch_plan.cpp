// Planning with branch targets on branchy graphs: <label>@+N, <label>@-N, <label>@base,
// downgrades that leave other branches alone, and the hints for several heads.
#include <boost/test/unit_test.hpp>

#include "helpers.hpp"
#include "revision/plan.hpp"

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
using revision_test::rev;
using revision_test::revisions_of;

namespace {

Ids up(const RevisionMap& map, const Ids& rows, const char* target) {
  return revisions_of(plan_upgrade(map, rows, parse_upgrade_target(target)));
}

Ids down(const RevisionMap& map, const Ids& rows, const char* target) {
  return revisions_of(plan_downgrade(map, rows, parse_downgrade_target(target)));
}

Ids rows_after_down(const RevisionMap& map, const Ids& rows, const char* target) {
  const auto steps = plan_downgrade(map, rows, parse_downgrade_target(target));
  return steps.empty() ? rows : steps.back().rows_after;
}

// Two modules: core (c1 <- c2 <- c3, label "core") and mod (m1 <- m2 <- m3, label "mod"),
// m1 depends_on c1.
RevisionMap modules() {
  return RevisionMap({rev("c1", {}, {}, {"core"}), rev("c2", {"c1"}), rev("c3", {"c2"}),
                      rev("m1", {}, {"c1"}, {"mod"}), rev("m2", {"m1"}), rev("m3", {"m2"})});
}

}  // namespace

BOOST_AUTO_TEST_SUITE(branch_plans)

BOOST_AUTO_TEST_CASE(upgrade_one_branch_by_steps) {
  const RevisionMap map = modules();
  // m1 needs c1 first; c1 is not counted as a step of "mod".
  BOOST_TEST(up(map, {}, "mod@+1") == Ids({"c1", "m1"}), boost::test_tools::per_element());
  BOOST_TEST(up(map, {"c3"}, "mod@+2") == Ids({"m1", "m2"}), boost::test_tools::per_element());
  BOOST_TEST(up(map, {"c1"}, "core@+1") == Ids({"c2"}), boost::test_tools::per_element());
  const auto beyond = failure([&] { up(map, {"c3", "m2"}, "mod@+2"); });
  BOOST_TEST(beyond.code == ExitCode::data);
  BOOST_TEST(contains(beyond.message, "goes beyond the head of mod"));
  BOOST_TEST(up(map, {"c3"}, "mod@head") == Ids({"m1", "m2", "m3"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(downgrade_one_branch_leaves_the_other) {
  const RevisionMap map = modules();
  const Ids top{"c3", "m3"};
  BOOST_TEST(down(map, top, "mod@-1") == Ids({"m3"}), boost::test_tools::per_element());
  BOOST_TEST(down(map, top, "core@-2") == Ids({"c3", "c2"}), boost::test_tools::per_element());
  BOOST_TEST(rows_after_down(map, top, "core@-2") == Ids({"m3"}),
             boost::test_tools::per_element());  // c1 stays, implied by m1's dependency
  BOOST_TEST(down(map, top, "mod@base") == Ids({"m3", "m2", "m1"}),
             boost::test_tools::per_element());
  BOOST_TEST(rows_after_down(map, top, "mod@base") == Ids({"c3"}),
             boost::test_tools::per_element());
  // Reverting core's base takes the module that depends on it along, in Alembic's order:
  // each line from its current row down to where another line still needs it.
  BOOST_TEST(down(map, top, "core@base") == Ids({"c3", "c2", "m3", "m2", "m1", "c1"}),
             boost::test_tools::per_element());
  // To a revision: only what is above it on its branch.
  BOOST_TEST(down(map, top, "c1") == Ids({"c3", "c2"}), boost::test_tools::per_element());
  BOOST_TEST(down(map, top, "m1") == Ids({"m3", "m2"}), boost::test_tools::per_element());
  BOOST_TEST(down(map, top, "c3-1") == Ids({"c3"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(branch_downgrade_errors) {
  const RevisionMap map = modules();
  const auto below = failure([&] { down(map, {"c3", "m2"}, "mod@-3"); });
  BOOST_TEST(below.code == ExitCode::data);
  BOOST_TEST(contains(below.message, "goes below base (counting from m2)"));
  BOOST_TEST(contains(below.hint, "migctl downgrade mod@base"));
  const auto nothing = failure([&] { down(map, {"c3"}, "mod@-1"); });
  BOOST_TEST(contains(nothing.message, "nothing of branch 'mod' is applied"));
  // -1 with two rows: Alembic warns and counts from the first row the database returns;
  // migctl refuses, naming the command that counts from each row.
  const auto ambiguous = failure([&] { down(map, {"c3", "m3"}, "-1"); });
  BOOST_TEST(ambiguous.code == ExitCode::data);
  BOOST_TEST(contains(ambiguous.hint, "`migctl downgrade c3@-1`"));
  BOOST_TEST(contains(ambiguous.hint, "`migctl downgrade m3@-1`"));
  BOOST_TEST(down(map, {"c3", "m3"}, "m3@-1") == Ids({"m3"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(several_heads_hint_names_each_branch) {
  const RevisionMap map = modules();
  const auto f = failure([&] { up(map, {}, "head"); });
  BOOST_TEST(f.code == ExitCode::data);
  BOOST_TEST(contains(f.message, "there are 2: c3, m3"));
  BOOST_TEST(contains(f.hint, "`migctl upgrade heads`"));
  BOOST_TEST(contains(f.hint, "`migctl upgrade core@head`"));
  BOOST_TEST(contains(f.hint, "`migctl upgrade mod@head`"));
  BOOST_TEST(contains(f.hint, "migctl merge -m \"merge\" c3 m3"));
  // heads: Alembic's order, applied in reverse: the last declared head's line first.
  BOOST_TEST(up(map, {}, "heads") == Ids({"c1", "m1", "m2", "m3", "c2", "c3"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(merge_of_three_and_a_branch_inside_it) {
  // a <- b1, a <- b2, a <- b3; m merges all three; n on top. Label "side" on b2.
  const RevisionMap map({rev("a"), rev("b1", {"a"}), rev("b2", {"a"}, {}, {"side"}),
                         rev("b3", {"a"}), rev("m", {"b1", "b2", "b3"}), rev("n", {"m"})});
  BOOST_TEST(up(map, {}, "side") == Ids({"a", "b2"}), boost::test_tools::per_element());
  BOOST_TEST(up(map, {"b2"}, "m") == Ids({"b3", "b1", "m"}), boost::test_tools::per_element());
  // -2 from n walks down through the merge point m: ambiguous, as in Alembic.
  BOOST_TEST(contains(failure([&] { down(map, {"n"}, "-2"); }).message, "ambiguous walk"));
  BOOST_TEST(down(map, {"n"}, "-1") == Ids({"n"}), boost::test_tools::per_element());
  BOOST_TEST(down(map, {"n"}, "n-1") == Ids({"n"}), boost::test_tools::per_element());
  // The branch from b2 is b2, m, n: one step down is n; more walk through the merge.
  BOOST_TEST(down(map, {"n"}, "side@-1") == Ids({"n"}), boost::test_tools::per_element());
  BOOST_TEST(contains(failure([&] { down(map, {"n"}, "side@-3"); }).message, "ambiguous walk"));
  // Down to b2 itself on that branch: what is above it.
  BOOST_TEST(down(map, {"n"}, "side@b2") == Ids({"n", "m"}), boost::test_tools::per_element());
  BOOST_TEST(map.resolve("side@head") == "n");
}

BOOST_AUTO_TEST_SUITE_END()

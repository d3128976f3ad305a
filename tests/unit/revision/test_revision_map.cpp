#include <boost/test/unit_test.hpp>

#include "helpers.hpp"
#include "revision/revision_map.hpp"

using migctl::ExitCode;
using migctl::RevisionMap;
using revision_test::contains;
using revision_test::failure;
using revision_test::Ids;
using revision_test::rev;

namespace {

using Set = std::set<std::string>;

RevisionMap chain() {
  return RevisionMap({rev("c", {"b"}), rev("a"), rev("b", {"a"})});
}

// a -> {b, c} -> m
RevisionMap diamond() {
  return RevisionMap({rev("a"), rev("b", {"a"}), rev("c", {"a"}), rev("m", {"b", "c"})});
}

// Two branches; y (second branch) depends_on b (first branch).
RevisionMap cross_branch() {
  return RevisionMap({rev("a"), rev("b", {"a"}), rev("x"), rev("y", {"x"}, {"b"})});
}

// The error a RevisionMap built from `revisions` throws.
revision_test::Failure build_failure(std::vector<migctl::Revision> revisions) {
  return failure([&] { RevisionMap map(std::move(revisions)); });
}

}  // namespace

BOOST_AUTO_TEST_SUITE(revision_map)

BOOST_AUTO_TEST_CASE(linear_chain) {
  const RevisionMap map = chain();
  BOOST_TEST(map.size() == 3u);
  BOOST_TEST(map.heads() == Ids({"c"}), boost::test_tools::per_element());
  BOOST_TEST(map.bases() == Ids({"a"}), boost::test_tools::per_element());
  BOOST_TEST(map.topological_order() == Ids({"a", "b", "c"}), boost::test_tools::per_element());
  BOOST_TEST(map.topological_index("a") == 0u);
  BOOST_TEST(map.topological_index("c") == 2u);
  BOOST_TEST(map.children("a") == Ids({"b"}), boost::test_tools::per_element());
  BOOST_TEST(map.children("c").empty());
  BOOST_TEST(map.contains("b"));
  BOOST_TEST(!map.contains("d"));
  BOOST_TEST(map.get("b").source == "versions/b.cpp");
}

BOOST_AUTO_TEST_CASE(heads_and_bases_keep_declaration_order) {
  // As Alembic lists them: in the order the revisions were declared (listed).
  const RevisionMap map({rev("c"), rev("a"), rev("b")});
  BOOST_TEST(map.topological_order() == Ids({"a", "b", "c"}), boost::test_tools::per_element());
  BOOST_TEST(map.heads() == Ids({"c", "a", "b"}), boost::test_tools::per_element());
  BOOST_TEST(map.bases() == Ids({"c", "a", "b"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(requirements_override_id_order) {
  // "b" sorts before "z" but requires it.
  const RevisionMap map({rev("a"), rev("z", {"a"}), rev("b", {"z"}), rev("c", {"a"})});
  BOOST_TEST(map.topological_order() == Ids({"a", "c", "z", "b"}),
             boost::test_tools::per_element());
  BOOST_TEST(map.heads() == Ids({"b", "c"}), boost::test_tools::per_element());
  BOOST_TEST(map.children("a") == Ids({"z", "c"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(branch_point) {
  const RevisionMap map({rev("a"), rev("c", {"a"}), rev("b", {"a"})});
  BOOST_TEST(map.heads() == Ids({"c", "b"}), boost::test_tools::per_element());
  BOOST_TEST(map.bases() == Ids({"a"}), boost::test_tools::per_element());
  BOOST_TEST(map.children("a") == Ids({"c", "b"}), boost::test_tools::per_element());
  BOOST_TEST(map.descendants({"b"}) == Set({"b"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(merge_of_two) {
  const RevisionMap map = diamond();
  BOOST_TEST(map.heads() == Ids({"m"}), boost::test_tools::per_element());
  BOOST_TEST(map.bases() == Ids({"a"}), boost::test_tools::per_element());
  BOOST_TEST(map.topological_order() == Ids({"a", "b", "c", "m"}),
             boost::test_tools::per_element());
  BOOST_TEST(map.children("b") == Ids({"m"}), boost::test_tools::per_element());
  BOOST_TEST(map.children("c") == Ids({"m"}), boost::test_tools::per_element());
  BOOST_TEST(map.ancestors({"m"}) == Set({"a", "b", "c", "m"}), boost::test_tools::per_element());
  BOOST_TEST(map.ancestors({"b"}) == Set({"a", "b"}), boost::test_tools::per_element());
  BOOST_TEST(map.descendants({"c"}) == Set({"c", "m"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(merge_of_three) {
  const RevisionMap map({rev("a"), rev("d", {"a"}), rev("c", {"a"}), rev("b", {"a"}),
                         rev("m", {"d", "b", "c"}), rev("n", {"m"})});
  BOOST_TEST(map.heads() == Ids({"n"}), boost::test_tools::per_element());
  BOOST_TEST(map.topological_order() == Ids({"a", "b", "c", "d", "m", "n"}),
             boost::test_tools::per_element());
  BOOST_TEST(map.descendants({"a"}).size() == 6u);
  BOOST_TEST(map.ancestors({"m"}) == Set({"a", "b", "c", "d", "m"}),
             boost::test_tools::per_element());
  BOOST_TEST(map.rows_for({"a", "b", "c", "d"}) == Ids({"b", "c", "d"}),
             boost::test_tools::per_element());
  BOOST_TEST(map.rows_for(map.applied_from_rows({"m"})) == Ids({"m"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(depends_on_does_not_make_a_revision_non_head) {
  const RevisionMap map = cross_branch();
  BOOST_TEST(map.heads() == Ids({"b", "y"}), boost::test_tools::per_element());
  BOOST_TEST(map.bases() == Ids({"a", "x"}), boost::test_tools::per_element());
  BOOST_TEST(map.children("b").empty());
  BOOST_TEST(map.ancestors({"y"}) == Set({"a", "b", "x", "y"}), boost::test_tools::per_element());
  BOOST_TEST(map.descendants({"a"}) == Set({"a", "b", "y"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(depends_on_orders_across_branches) {
  // Without the dependency the order would be a, b, z1, z2.
  const RevisionMap map({rev("z1"), rev("z2", {"z1"}), rev("a"), rev("b", {"a"}, {"z2"})});
  BOOST_TEST(map.topological_order() == Ids({"a", "z1", "z2", "b"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(parent_also_in_depends_on_is_one_edge) {
  const RevisionMap map({rev("a"), rev("b", {"a"}, {"a"}), rev("c", {"b"})});
  BOOST_TEST(map.topological_order() == Ids({"a", "b", "c"}), boost::test_tools::per_element());
  BOOST_TEST(map.children("a") == Ids({"b"}), boost::test_tools::per_element());
  BOOST_TEST(map.descendants({"a"}) == Set({"a", "b", "c"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(several_bases) {
  const RevisionMap map(
      {rev("x"), rev("a"), rev("b", {"a"}), rev("y", {"x"}), rev("m", {"b", "y"})});
  BOOST_TEST(map.bases() == Ids({"x", "a"}), boost::test_tools::per_element());
  BOOST_TEST(map.heads() == Ids({"m"}), boost::test_tools::per_element());
  BOOST_TEST(map.topological_order() == Ids({"a", "b", "x", "y", "m"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(empty_map) {
  const RevisionMap map({});
  BOOST_TEST(map.size() == 0u);
  BOOST_TEST(map.heads().empty());
  BOOST_TEST(map.bases().empty());
  BOOST_TEST(map.rows_for({}).empty());
  BOOST_TEST(map.applied_from_rows({}).empty());
}

BOOST_AUTO_TEST_CASE(in_topological_order_sorts_by_position) {
  const RevisionMap map({rev("a"), rev("z", {"a"}), rev("b", {"z"})});
  BOOST_TEST(map.in_topological_order({"b", "a", "z"}) == Ids({"a", "z", "b"}),
             boost::test_tools::per_element());
  BOOST_TEST(map.in_topological_order({}).empty());
}

BOOST_AUTO_TEST_CASE(applied_from_rows_and_rows_for) {
  const RevisionMap map = chain();
  BOOST_TEST(map.applied_from_rows({"b"}) == Set({"a", "b"}), boost::test_tools::per_element());
  BOOST_TEST(map.rows_for({"a", "b"}) == Ids({"b"}), boost::test_tools::per_element());
  BOOST_TEST(map.rows_for({}).empty());
  BOOST_TEST(map.applied_from_rows({}).empty());
  // A redundant row (an ancestor of another row) changes nothing.
  BOOST_TEST(map.applied_from_rows({"a", "c"}) == Set({"a", "b", "c"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(merge_round_trip) {
  const RevisionMap map = diamond();
  BOOST_TEST(map.applied_from_rows({"m"}) == Set({"a", "b", "c", "m"}),
             boost::test_tools::per_element());
  BOOST_TEST(map.rows_for({"a", "b", "c", "m"}) == Ids({"m"}), boost::test_tools::per_element());
  BOOST_TEST(map.rows_for({"a", "b", "c"}) == Ids({"b", "c"}), boost::test_tools::per_element());
  BOOST_TEST(map.applied_from_rows({"b", "c"}) == Set({"a", "b", "c"}),
             boost::test_tools::per_element());
  BOOST_TEST(map.rows_for({"a", "c"}) == Ids({"c"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(depends_on_round_trip) {
  const RevisionMap map = cross_branch();
  const Set applied = map.applied_from_rows({"y"});
  BOOST_TEST(applied == Set({"a", "b", "x", "y"}), boost::test_tools::per_element());
  // b is applied because y depends on it, and is not a row.
  BOOST_TEST(map.rows_for(applied) == Ids({"y"}), boost::test_tools::per_element());
  BOOST_TEST(map.rows_for({"a", "b", "x"}) == Ids({"b", "x"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(rows_for_counts_transitive_requirements) {
  // Not closed under requirements: "a" is required by "c" through "b".
  const RevisionMap map = chain();
  BOOST_TEST(map.rows_for({"a", "c"}) == Ids({"c"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(unknown_row) {
  const RevisionMap map = chain();
  const auto f = failure([&] { map.applied_from_rows({"b", "zz9"}); });
  BOOST_TEST(f.thrown);
  BOOST_TEST(f.code == ExitCode::data);
  BOOST_TEST(contains(f.message, "the database is at 'zz9', which no loaded plugin provides"));
  BOOST_TEST(!f.hint.empty());
}

BOOST_AUTO_TEST_CASE(unknown_ids_in_queries) {
  const RevisionMap map = chain();
  for (const auto& f :
       {failure([&] { map.get("q"); }), failure([&] { map.children("q"); }),
        failure([&] { map.topological_index("q"); }), failure([&] {
          map.ancestors({"a", "q"});
        }),
        failure([&] { map.descendants({"q"}); }), failure([&] { map.rows_for({"q"}); })}) {
    BOOST_TEST(f.thrown);
    BOOST_TEST(f.code == ExitCode::data);
    BOOST_TEST(contains(f.message, "no revision 'q'"));
  }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(revision_map_resolve)

BOOST_AUTO_TEST_CASE(exact_label_and_prefix) {
  const RevisionMap map({rev("ab"), rev("abc1", {"ab"}, {}, {"feature"}), rev("abd2", {"ab"}),
                         rev("ff01", {"abc1"})});
  BOOST_TEST(map.resolve("ab") == "ab");  // exact id beats prefix
  BOOST_TEST(map.resolve("feature") == "abc1");
  BOOST_TEST(map.resolve("abd") == "abd2");
  BOOST_TEST(map.resolve("ff0") == "ff01");
  BOOST_TEST(map.resolve("fea") == "abc1");  // a prefix of a label (Alembic's map holds both)
  BOOST_TEST(contains(failure([&] { map.resolve("f"); }).message, "feature, ff01"));
  BOOST_TEST(map.resolve("ff01") == "ff01");
}

BOOST_AUTO_TEST_CASE(a_count_from_the_current_rows_hints_at_the_form_with_a_revision) {
  const RevisionMap map({rev("a1"), rev("b1", {"a1"}, {}, {"feature"})});
  const auto relative = failure([&] { map.resolve("-2"); });
  BOOST_TEST(relative.hint == "count from a revision: <revision>-2");
  const auto on_branch = failure([&] { map.resolve("feature@-1"); });
  BOOST_TEST(on_branch.hint == "count from a revision: feature@<revision>-1");
  BOOST_TEST(failure([&] { map.resolve("feature@+3"); }).hint ==
             "count from a revision: feature@<revision>+3");
}

BOOST_AUTO_TEST_CASE(label_beats_prefix) {
  const RevisionMap map({rev("main1"), rev("x", {"main1"}, {}, {"mai"})});
  BOOST_TEST(map.resolve("mai") == "x");
  BOOST_TEST(map.resolve("ma") == "main1");
}

BOOST_AUTO_TEST_CASE(ambiguous_prefix_lists_every_candidate) {
  const RevisionMap map({rev("a301"), rev("a101"), rev("a201", {"a101"}), rev("b")});
  const auto f = failure([&] { map.resolve("a"); });
  BOOST_TEST(f.thrown);
  BOOST_TEST(f.code == ExitCode::data);
  BOOST_TEST(f.message == "revision prefix 'a' is ambiguous: it matches a101, a201, a301");
  // As in Alembic, ids of three characters or fewer are matched whole only.
  const RevisionMap short_ids({rev("001"), rev("002", {"001"})});
  BOOST_TEST(contains(failure([&] { short_ids.resolve("00"); }).message, "at least four"));
  BOOST_TEST(!f.hint.empty());
}

BOOST_AUTO_TEST_CASE(unknown_revision) {
  const RevisionMap map = chain();
  const auto f = failure([&] { map.resolve("x"); });
  BOOST_TEST(f.thrown);
  BOOST_TEST(f.code == ExitCode::data);
  BOOST_TEST(contains(f.message, "no revision or branch 'x' in the loaded migration sets"));
  BOOST_TEST(contains(f.hint, "migctl history"));
  BOOST_TEST(failure([&] { map.resolve(""); }).thrown);
  BOOST_TEST(contains(failure([&] { map.resolve("bb"); }).message, "no revision or branch 'bb'"));
}

BOOST_AUTO_TEST_CASE(branch_head) {
  const RevisionMap map({rev("a"), rev("b1", {"a"}, {}, {"left"}), rev("b2", {"b1"}),
                         rev("c1", {"a"}, {}, {"right"}), rev("c2", {"c1"}), rev("c3", {"c1"})});
  BOOST_TEST(map.resolve("left@head") == "b2");
  BOOST_TEST(map.resolve("b1@head") == "b2");
  BOOST_TEST(map.resolve("b2@head") == "b2");
  const auto ambiguous = failure([&] { map.resolve("right@head"); });
  BOOST_TEST(ambiguous.thrown);
  BOOST_TEST(contains(ambiguous.message, "c2, c3"));
  BOOST_TEST(failure([&] { map.resolve("left@base"); }).thrown);
  BOOST_TEST(contains(failure([&] { map.resolve("nope@head"); }).message, "no branch 'nope'"));
}

BOOST_AUTO_TEST_CASE(relative_to_a_revision) {
  // a <- b <- c (label "top" on c); b <- d: b is a branch point.
  const RevisionMap map({rev("a"), rev("b", {"a"}), rev("c", {"b"}, {}, {"top"}), rev("d", {"b"}),
                         rev("e", {"c", "d"})});
  BOOST_TEST(map.resolve("a+1") == "b");
  BOOST_TEST(map.resolve("c-2") == "a");
  BOOST_TEST(map.resolve("top-1") == "b");
  BOOST_TEST(map.resolve("top+1") == "e");
  BOOST_TEST(map.resolve("d+1") == "e");
  // As Alembic: walking down from a merge point, or up from a branch point, is ambiguous.
  const auto merge = failure([&] { map.resolve("e-1"); });
  BOOST_TEST(merge.code == ExitCode::data);
  BOOST_TEST(contains(merge.message, "e is a merge of c, d"));
  const auto branch_point = failure([&] { map.resolve("a+2"); });
  BOOST_TEST(branch_point.code == ExitCode::data);
  BOOST_TEST(contains(branch_point.message, "b branches into c, d"));
  BOOST_TEST(contains(failure([&] { map.resolve("e+1"); }).message, "goes beyond a head"));
  BOOST_TEST(contains(failure([&] { map.resolve("a-1"); }).message, "it is base"));
  BOOST_TEST(contains(failure([&] { map.resolve("a-2"); }).message, "goes below base"));
  BOOST_TEST(contains(failure([&] { map.resolve("zz+1"); }).message, "no revision or branch 'zz'"));
}

BOOST_AUTO_TEST_CASE(branch_members_follow_children_only) {
  // x depends_on a but is not on a's branch.
  const RevisionMap map(
      {rev("a", {}, {}, {"main"}), rev("b", {"a"}), rev("x", {}, {"a"}, {"mod"}), rev("y", {"x"})});
  BOOST_TEST((map.branch_members("main") == std::set<std::string>{"a", "b"}));
  BOOST_TEST((map.branch_members("mod") == std::set<std::string>{"x", "y"}));
  BOOST_TEST((map.branch_members("b") == std::set<std::string>{"b"}));
  BOOST_TEST(map.resolve("mod@head") == "y");
  BOOST_TEST(map.resolve("main@head") == "b");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(revision_map_errors)

BOOST_AUTO_TEST_CASE(duplicate_id_names_both_files) {
  auto second = rev("a");
  second.source = "versions/other.cpp";
  const auto f = build_failure({rev("a"), second});
  BOOST_TEST(f.thrown);
  BOOST_TEST(f.code == ExitCode::data);
  BOOST_TEST(contains(f.message, "duplicate revision id 'a'"));
  BOOST_TEST(contains(f.message, "versions/a.cpp"));
  BOOST_TEST(contains(f.message, "versions/other.cpp"));
}

BOOST_AUTO_TEST_CASE(missing_down_revision) {
  const auto f = build_failure({rev("a"), rev("b", {"zz"})});
  BOOST_TEST(f.thrown);
  BOOST_TEST(f.code == ExitCode::data);
  BOOST_TEST(contains(f.message, "'b' (versions/b.cpp)"));
  BOOST_TEST(contains(f.message, "'zz'"));
  BOOST_TEST(contains(f.message, "down_revisions"));
}

BOOST_AUTO_TEST_CASE(missing_depends_on) {
  const auto f = build_failure({rev("a"), rev("b", {"a"}, {"qq"})});
  BOOST_TEST(f.thrown);
  BOOST_TEST(contains(f.message, "'b' (versions/b.cpp)"));
  BOOST_TEST(contains(f.message, "'qq'"));
  BOOST_TEST(contains(f.message, "depends_on"));
}

BOOST_AUTO_TEST_CASE(self_reference) {
  const auto down = build_failure({rev("a", {"a"})});
  BOOST_TEST(down.thrown);
  BOOST_TEST(contains(down.message, "'a' (versions/a.cpp) lists itself"));
  const auto dep = build_failure({rev("a"), rev("b", {"a"}, {"b"})});
  BOOST_TEST(dep.thrown);
  BOOST_TEST(contains(dep.message, "'b' (versions/b.cpp) lists itself in its depends_on"));
}

BOOST_AUTO_TEST_CASE(cycle_shows_path_and_sources) {
  const auto f = build_failure({rev("c", {"b"}), rev("a", {"c"}), rev("b", {"a"})});
  BOOST_TEST(f.thrown);
  BOOST_TEST(f.code == ExitCode::data);
  BOOST_TEST(contains(f.message, "cycle: a -> b -> c -> a"));
  for (const char* file : {"versions/a.cpp", "versions/b.cpp", "versions/c.cpp"})
    BOOST_TEST(contains(f.message, file));
}

BOOST_AUTO_TEST_CASE(cycle_excludes_revisions_hanging_off_it) {
  // r is fine; p and q form a loop; s only sits above it.
  const auto f = build_failure({rev("r"), rev("p", {"r", "q"}), rev("q", {"p"}), rev("s", {"q"})});
  BOOST_TEST(f.thrown);
  BOOST_TEST(contains(f.message, "cycle: p -> q -> p ("));
  BOOST_TEST(!contains(f.message, "versions/s.cpp"));
  BOOST_TEST(!contains(f.message, "versions/r.cpp"));
}

BOOST_AUTO_TEST_CASE(cycle_through_depends_on) {
  const auto f = build_failure({rev("a", {}, {"b"}), rev("b", {"a"})});
  BOOST_TEST(f.thrown);
  BOOST_TEST(contains(f.message, "cycle: a -> b -> a"));
}

BOOST_AUTO_TEST_CASE(branch_label_twice) {
  const auto f = build_failure({rev("a", {}, {}, {"main"}), rev("b", {"a"}, {}, {"main"})});
  BOOST_TEST(f.thrown);
  BOOST_TEST(contains(f.message, "branch label 'main'"));
  BOOST_TEST(contains(f.message, "versions/a.cpp"));
  BOOST_TEST(contains(f.message, "versions/b.cpp"));
}

BOOST_AUTO_TEST_CASE(branch_label_equal_to_an_id) {
  const auto f = build_failure({rev("a"), rev("b", {"a"}, {}, {"a"})});
  BOOST_TEST(f.thrown);
  BOOST_TEST(contains(f.message, "branch label 'a'"));
  BOOST_TEST(contains(f.message, "versions/b.cpp"));
}

BOOST_AUTO_TEST_CASE(id_length) {
  const std::string longest(32, 'f');
  BOOST_TEST(RevisionMap({rev(longest)}).contains(longest));
  const auto f = build_failure({rev(longest + "0")});
  BOOST_TEST(f.thrown);
  BOOST_TEST(contains(f.message, "33 characters"));
  BOOST_TEST(contains(f.message, "versions/" + longest + "0.cpp"));
  const auto empty = build_failure({rev("")});
  BOOST_TEST(empty.thrown);
  BOOST_TEST(contains(empty.message, "empty id"));
}

BOOST_AUTO_TEST_CASE(several_problems_reported_together) {
  const auto f = build_failure({rev("a", {"nope"}), rev("b", {"b"})});
  BOOST_TEST(f.thrown);
  BOOST_TEST(contains(f.message, "2 problems"));
  BOOST_TEST(contains(f.message, "'nope'"));
  BOOST_TEST(contains(f.message, "lists itself"));
}

BOOST_AUTO_TEST_SUITE_END()

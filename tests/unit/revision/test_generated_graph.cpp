// A deterministic pseudo-random graph of 600 revisions (bases, branches, merges of two and
// three parents, cross-branch depends_on), checked against straightforward recomputations.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <iomanip>
#include <map>
#include <random>
#include <sstream>

#include "helpers.hpp"
#include "revision/plan.hpp"

using migctl::Revision;
using migctl::RevisionMap;
using revision_test::Ids;
using revision_test::rev;

namespace {

using Set = std::set<std::string>;

constexpr std::size_t kRevisions = 600;

// Revisions in creation order: every requirement of revision i is created before i. Ids are
// a shuffled numbering, so id order and creation order disagree and tie-breaking matters.
std::vector<Revision> generate() {
  std::mt19937 rng(42);
  std::vector<int> numbers(kRevisions);
  for (std::size_t i = 0; i < kRevisions; ++i) numbers[i] = static_cast<int>(i);
  std::shuffle(numbers.begin(), numbers.end(), rng);
  std::vector<std::string> ids;
  for (int number : numbers) {
    std::ostringstream id;
    id << 'r' << std::hex << std::setw(3) << std::setfill('0') << number * 37 % 4096;
    ids.push_back(id.str());
  }
  const auto pick = [&](std::size_t below, std::size_t window) {
    const std::size_t low = below > window ? below - window : 0;
    return std::uniform_int_distribution<std::size_t>(low, below - 1)(rng);
  };

  std::vector<Revision> out;
  for (std::size_t i = 0; i < kRevisions; ++i) {
    Ids parents;
    if (i % 45 != 0) {
      const std::size_t count = i % 17 == 0 ? 2 + rng() % 2 : 1;  // merges of 2 or 3
      while (parents.size() < count) {
        const std::string& parent = ids[pick(i, count > 1 ? 60 : 10)];
        if (std::find(parents.begin(), parents.end(), parent) == parents.end())
          parents.push_back(parent);
      }
    }
    Ids depends;
    if (i % 7 == 3) {
      const std::string& dependency = ids[pick(i, i)];
      if (std::find(parents.begin(), parents.end(), dependency) == parents.end())
        depends.push_back(dependency);
    }
    Ids labels;
    if (i % 100 == 1) labels.push_back("label" + std::to_string(i));
    out.push_back(rev(ids[i], parents, depends, labels));
  }
  return out;
}

Ids requirements(const Revision& r) {
  Ids out = r.down_revisions;
  out.insert(out.end(), r.depends_on.begin(), r.depends_on.end());
  return out;
}

struct Fixture {
  std::vector<Revision> revisions = generate();
  RevisionMap map{revisions};
  std::map<std::string, std::size_t> created;  // id -> creation index
  std::vector<std::vector<bool>> ancestor;     // [i][j]: j is i or something i requires

  Fixture() {
    for (std::size_t i = 0; i < revisions.size(); ++i) created[revisions[i].id] = i;
    // Creation order is a topological order, so one pass builds every ancestor set.
    ancestor.assign(revisions.size(), std::vector<bool>(revisions.size(), false));
    for (std::size_t i = 0; i < revisions.size(); ++i) {
      ancestor[i][i] = true;
      for (const auto& req : requirements(revisions[i])) {
        const std::size_t p = created.at(req);
        for (std::size_t j = 0; j < revisions.size(); ++j)
          if (ancestor[p][j]) ancestor[i][j] = true;
      }
    }
  }

  Set ancestors_of(const Ids& ids) const {
    Set out;
    for (const auto& id : ids)
      for (std::size_t j = 0; j < revisions.size(); ++j)
        if (ancestor[created.at(id)][j]) out.insert(revisions[j].id);
    return out;
  }

  // Members that no other member requires, directly or not.
  Set maximal(const Set& applied) const {
    std::vector<std::size_t> members;
    for (const auto& id : applied) members.push_back(created.at(id));
    Set out;
    for (std::size_t candidate : members) {
      bool required = false;
      for (std::size_t other : members)
        if (other != candidate && ancestor[other][candidate]) required = true;
      if (!required) out.insert(revisions[candidate].id);
    }
    return out;
  }
};

Set as_set(const Ids& ids) {
  return Set(ids.begin(), ids.end());
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(revision_generated_graph, Fixture)

BOOST_AUTO_TEST_CASE(shape) {
  std::size_t merges = 0;
  std::size_t triple_merges = 0;
  std::size_t dependencies = 0;
  for (const auto& r : revisions) {
    merges += r.down_revisions.size() >= 2;
    triple_merges += r.down_revisions.size() == 3;
    dependencies += !r.depends_on.empty();
  }
  BOOST_TEST(map.size() == kRevisions);
  BOOST_TEST(merges >= 25u);
  BOOST_TEST(triple_merges >= 1u);
  BOOST_TEST(dependencies >= 50u);
  BOOST_TEST(map.bases().size() >= 10u);
}

BOOST_AUTO_TEST_CASE(heads_and_bases_match_a_direct_computation) {
  Set named_as_parent;
  Set bases;
  for (const auto& r : revisions) {
    named_as_parent.insert(r.down_revisions.begin(), r.down_revisions.end());
    if (r.down_revisions.empty()) bases.insert(r.id);
  }
  Set heads;
  for (const auto& r : revisions)
    if (!named_as_parent.count(r.id)) heads.insert(r.id);
  BOOST_TEST(as_set(map.heads()) == heads, boost::test_tools::per_element());
  BOOST_TEST(map.heads().size() == heads.size());
  BOOST_TEST(as_set(map.bases()) == bases, boost::test_tools::per_element());
  BOOST_TEST(map.bases().size() == bases.size());
  // In declaration order, as Alembic lists them.
  for (const Ids* list : {&map.heads(), &map.bases()})
    for (std::size_t i = 1; i < list->size(); ++i)
      BOOST_TEST(map.declaration_index((*list)[i - 1]) < map.declaration_index((*list)[i]));
}

BOOST_AUTO_TEST_CASE(topological_order_respects_every_requirement) {
  const Ids& order = map.topological_order();
  BOOST_TEST(order.size() == kRevisions);
  BOOST_TEST(as_set(order).size() == kRevisions);
  std::map<std::string, std::size_t> position;
  for (std::size_t i = 0; i < order.size(); ++i) position[order[i]] = i;
  for (const auto& r : revisions) {
    BOOST_TEST(map.topological_index(r.id) == position.at(r.id));
    for (const auto& req : requirements(r)) BOOST_TEST(position.at(req) < position.at(r.id));
  }
}

BOOST_AUTO_TEST_CASE(topological_order_takes_the_smallest_ready_id) {
  // Quadratic Kahn: at each position, the smallest id whose requirements are all placed.
  Set placed;
  Ids expected;
  while (expected.size() < revisions.size()) {
    const Revision* best = nullptr;
    for (const auto& r : revisions) {
      if (placed.count(r.id) || (best && best->id < r.id)) continue;
      const Ids reqs = requirements(r);
      if (std::all_of(reqs.begin(), reqs.end(), [&](const auto& q) { return placed.count(q); }))
        best = &r;
    }
    BOOST_REQUIRE(best);
    placed.insert(best->id);
    expected.push_back(best->id);
  }
  BOOST_TEST(map.topological_order() == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(order_does_not_depend_on_input_order) {
  std::vector<Revision> shuffled = revisions;
  std::shuffle(shuffled.begin(), shuffled.end(), std::mt19937(7));
  const RevisionMap other(shuffled);
  BOOST_TEST(other.topological_order() == map.topological_order(),
             boost::test_tools::per_element());
  BOOST_TEST(as_set(other.heads()) == as_set(map.heads()), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(ancestors_and_descendants) {
  for (std::size_t i = 0; i < revisions.size(); ++i) {
    const std::string& id = revisions[i].id;
    Set descendants;
    for (std::size_t j = 0; j < revisions.size(); ++j)
      if (ancestor[j][i]) descendants.insert(revisions[j].id);
    BOOST_TEST_CONTEXT("revision " << id) {
      BOOST_TEST(map.ancestors({id}) == ancestors_of({id}));
      BOOST_TEST(map.descendants({id}) == descendants);
    }
  }
}

BOOST_AUTO_TEST_CASE(rows_round_trip) {
  std::mt19937 rng(1234);
  for (int trial = 0; trial < 60; ++trial) {
    Ids rows;
    for (std::size_t k = 0; k <= rng() % 4; ++k) rows.push_back(revisions[rng() % kRevisions].id);
    const Set applied = map.applied_from_rows(rows);
    BOOST_TEST(applied == ancestors_of(rows));
    const Ids normalised = map.rows_for(applied);
    BOOST_TEST(as_set(normalised) == maximal(applied));
    BOOST_TEST(map.applied_from_rows(normalised) == applied);
    BOOST_TEST(map.rows_for(map.applied_from_rows(normalised)) == normalised,
               boost::test_tools::per_element());
  }
}

BOOST_AUTO_TEST_CASE(upgrade_and_downgrade_rows_match_rows_for) {
  const auto up = migctl::plan_upgrade(map, {}, migctl::parse_upgrade_target("heads"));
  BOOST_TEST(up.size() == kRevisions);
  Set applied;
  for (const auto& step : up) {
    for (const auto& req : requirements(map.get(step.revision)))
      BOOST_TEST(applied.count(req) == 1u);
    BOOST_TEST(step.rows_before == map.rows_for(applied), boost::test_tools::per_element());
    applied.insert(step.revision);
    BOOST_TEST(step.rows_after == map.rows_for(applied), boost::test_tools::per_element());
  }
  const Ids top = up.back().rows_after;
  const auto down = migctl::plan_downgrade(map, top, migctl::parse_downgrade_target("base"));
  BOOST_TEST(down.size() == kRevisions);
  for (const auto& step : down) {
    BOOST_TEST(step.rows_before == map.rows_for(applied), boost::test_tools::per_element());
    applied.erase(step.revision);
    BOOST_TEST(step.rows_after == map.rows_for(applied), boost::test_tools::per_element());
    // Nothing still applied requires what was just reverted.
    for (const auto& id : applied) {
      const Ids reqs = requirements(map.get(id));
      BOOST_TEST((std::find(reqs.begin(), reqs.end(), step.revision) == reqs.end()));
    }
  }
  BOOST_TEST(applied.empty());
}

BOOST_AUTO_TEST_CASE(downgrade_to_a_revision_keeps_its_ancestry) {
  const Ids top = map.heads();
  std::mt19937 rng(99);
  for (int trial = 0; trial < 10; ++trial) {
    const std::string target = revisions[rng() % kRevisions].id;
    const auto steps = migctl::plan_downgrade(map, top, migctl::parse_downgrade_target(target));
    Set reverted;
    for (const auto& step : steps) reverted.insert(step.revision);
    // Above the target through parent links only, then whatever requires one of those.
    std::vector<bool> above(revisions.size(), false);
    for (std::size_t j = 0; j < revisions.size(); ++j)
      for (const auto& parent : revisions[j].down_revisions) {
        const std::size_t p = created.at(parent);
        if (p == created.at(target) || above[p]) above[j] = true;
      }
    Set expected;
    for (std::size_t j = 0; j < revisions.size(); ++j)
      for (std::size_t k = 0; k < revisions.size(); ++k)
        if (above[k] && ancestor[j][k]) expected.insert(revisions[j].id);
    BOOST_TEST(reverted == expected);
  }
}

BOOST_AUTO_TEST_CASE(every_target_kind_resolves_as_computed_independently) {
  std::map<std::string, Ids> children;  // by down_revisions, in creation order
  for (const auto& r : revisions)
    for (const auto& parent : r.down_revisions) children[parent].push_back(r.id);
  const auto branch_of = [&](const std::string& start) {
    Set members{start};
    Ids stack{start};
    while (!stack.empty()) {
      const std::string at = stack.back();
      stack.pop_back();
      for (const auto& child : children[at])
        if (members.insert(child).second) stack.push_back(child);
    }
    return members;
  };

  std::size_t prefixes = 0, labels = 0, ups = 0, downs = 0, refused = 0;
  for (const auto& r : revisions) {
    BOOST_TEST_CONTEXT("revision " << r.id) {
      BOOST_TEST(map.resolve(r.id) == r.id);
      // The shortest prefix no other id shares.
      for (std::size_t n = 1; n <= r.id.size(); ++n) {
        const std::string prefix = r.id.substr(0, n);
        const auto sharing =
            std::count_if(revisions.begin(), revisions.end(),
                          [&](const Revision& o) { return o.id.compare(0, n, prefix) == 0; });
        if (sharing == 1) {
          BOOST_TEST(map.resolve(prefix) == r.id);
          prefixes += n < r.id.size();
          break;
        }
        if (n == 2) {  // an ambiguous prefix lists exactly its candidates, sorted
          Ids expected;
          for (const auto& o : revisions)
            if (o.id.compare(0, n, prefix) == 0) expected.push_back(o.id);
          std::sort(expected.begin(), expected.end());
          std::string list;
          for (const auto& id : expected) list += (list.empty() ? "" : ", ") + id;
          const auto f = revision_test::failure([&] { map.resolve(prefix); });
          BOOST_TEST(f.message ==
                     "revision prefix '" + prefix + "' is ambiguous: it matches " + list);
        }
      }
      // <id>+1: the only child; several children or none: refused.
      const Ids& kids = children[r.id];
      if (kids.size() == 1) {
        BOOST_TEST(map.resolve(r.id + "+1") == kids.front());
        ++ups;
      } else {
        BOOST_TEST(revision_test::failure([&] { map.resolve(r.id + "+1"); }).thrown);
        ++refused;
      }
      // <id>-3: three parents down; refused below base or through a merge point.
      std::string at = r.id;
      int steps = 0;
      while (steps < 3 && revisions[created.at(at)].down_revisions.size() == 1) {
        at = revisions[created.at(at)].down_revisions.front();
        ++steps;
      }
      if (steps == 3) {
        BOOST_TEST(map.resolve(r.id + "-3") == at);
        ++downs;
      } else {
        BOOST_TEST(revision_test::failure([&] { map.resolve(r.id + "-3"); }).thrown);
      }
      for (const auto& label : r.branch_labels) {
        BOOST_TEST(map.resolve(label) == r.id);
        const Set members = branch_of(r.id);
        BOOST_TEST(map.branch_members(label) == members);
        Ids heads;
        for (const auto& id : members)
          if (children[id].empty()) heads.push_back(id);
        if (heads.size() == 1)
          BOOST_TEST(map.resolve(label + "@head") == heads.front());
        else
          BOOST_TEST(revision_test::contains(
              revision_test::failure([&] { map.resolve(label + "@head"); }).message, "ambiguous"));
        // <label>@base from every head (Alembic's meaning): reverts, with what requires
        // them, the bases the label's revision stands on (every base when there is one).
        const auto steps_down = migctl::plan_downgrade(
            map, map.heads(), migctl::parse_downgrade_target(label + "@base"));
        Set reverted;
        for (const auto& step : steps_down) reverted.insert(step.revision);
        Set roots;
        for (Ids stack{r.id}; !stack.empty();) {
          const std::string id = stack.back();
          stack.pop_back();
          const auto& parents = revisions[created.at(id)].down_revisions;
          if (parents.empty()) roots.insert(id);
          stack.insert(stack.end(), parents.begin(), parents.end());
        }
        if (map.bases().size() == 1) roots = as_set(map.bases());
        Set expected;
        for (std::size_t j = 0; j < revisions.size(); ++j)
          for (const auto& root : roots)
            if (ancestor[j][created.at(root)]) expected.insert(revisions[j].id);
        BOOST_TEST(reverted == expected);
        ++labels;
      }
    }
  }
  BOOST_TEST(prefixes >= 20u);  // ids resolved from a strict prefix
  BOOST_TEST(labels >= 5u);
  BOOST_TEST(ups >= 100u);
  BOOST_TEST(refused >= 50u);
  BOOST_TEST(downs >= 100u);

  // head needs a single head; this graph has many. +1 from nothing starts at the bases,
  // of which there are several: an ambiguous walk.
  BOOST_TEST(map.heads().size() > 1u);
  const auto head = revision_test::failure(
      [&] { migctl::plan_upgrade(map, {}, migctl::parse_upgrade_target("head")); });
  BOOST_TEST(revision_test::contains(head.message, std::to_string(map.heads().size())));
  const auto plus = revision_test::failure(
      [&] { migctl::plan_upgrade(map, {}, migctl::parse_upgrade_target("+1")); });
  BOOST_TEST(revision_test::contains(plus.message, "ambiguous walk"));
}

BOOST_AUTO_TEST_SUITE_END()

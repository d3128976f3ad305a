#include <boost/test/unit_test.hpp>

#include "helpers.hpp"
#include "revision/revision_map.hpp"
#include "revision/set_labels.hpp"

using migctl::add_set_labels;
using migctl::RevisionMap;
using revision_test::Ids;
using revision_test::rev;

BOOST_AUTO_TEST_SUITE(set_labels)

BOOST_AUTO_TEST_CASE(each_set_base_gets_the_set_name) {
  std::vector<migctl::Revision> revisions{rev("001_initial"),
                                          rev("002_refresh_tokens", {"001_initial"}),
                                          rev("n1", {}, {"001_initial"}), rev("n2", {"n1"})};
  add_set_labels(revisions, {{"001_initial", "aksara"},
                             {"002_refresh_tokens", "aksara"},
                             {"n1", "notes"},
                             {"n2", "notes"}});
  BOOST_TEST(revisions[0].branch_labels == Ids{"aksara"}, boost::test_tools::per_element());
  BOOST_TEST(revisions[1].branch_labels.empty());
  BOOST_TEST(revisions[2].branch_labels == Ids{"notes"}, boost::test_tools::per_element());
  const RevisionMap map(revisions);
  BOOST_TEST(map.resolve("aksara@head") == "002_refresh_tokens");
  BOOST_TEST(map.resolve("notes@head") == "n2");
}

BOOST_AUTO_TEST_CASE(left_alone_when_the_plugin_chose_or_the_name_is_taken) {
  std::vector<migctl::Revision> revisions{
      rev("001_initial"),  // set "own": a later revision has a label
      rev("002_refresh_tokens", {"001_initial"}, {}, {"mine"}),  //
      rev("b1"),
      rev("b2"),  // set "two": two bases
      rev("t1"),  // set "b1": the name is a revision id
  };
  add_set_labels(revisions, {{"001_initial", "own"},
                             {"002_refresh_tokens", "own"},
                             {"b1", "two"},
                             {"b2", "two"},
                             {"t1", "b1"}});
  BOOST_TEST(revisions[0].branch_labels.empty());
  BOOST_TEST(revisions[1].branch_labels == Ids{"mine"}, boost::test_tools::per_element());
  BOOST_TEST(revisions[2].branch_labels.empty());
  BOOST_TEST(revisions[3].branch_labels.empty());
  BOOST_TEST(revisions[4].branch_labels.empty());
}

BOOST_AUTO_TEST_SUITE_END()

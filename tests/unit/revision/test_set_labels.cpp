#include <boost/test/unit_test.hpp>

#include "helpers.hpp"
#include "revision/revision_map.hpp"
#include "revision/set_labels.hpp"

using migctl::RevisionMap;
using revision_test::Ids;
using revision_test::rev;

namespace {
using Labels = std::map<std::string, std::string>;
}

BOOST_AUTO_TEST_SUITE(set_labels)

BOOST_AUTO_TEST_CASE(each_set_base_gets_the_set_name_usable_but_not_printed) {
  std::vector<migctl::Revision> revisions{rev("001"), rev("002", {"001"}), rev("n1", {}, {"001"}),
                                          rev("n2", {"n1"})};
  const Labels labels = migctl::set_labels(
      revisions, {{"001", "aksara"}, {"002", "aksara"}, {"n1", "notes"}, {"n2", "notes"}});
  BOOST_TEST((labels == Labels{{"aksara", "001"}, {"notes", "n1"}}));
  const RevisionMap map(revisions, labels);
  BOOST_TEST(map.resolve("aksara@head") == "002");
  BOOST_TEST(map.resolve("notes@head") == "n2");
  BOOST_TEST(map.resolve("notes") == "n1");
  // Alembic shows only declared labels.
  BOOST_TEST(map.branch_labels("001", /*printable=*/true).empty());
  BOOST_TEST(map.branch_labels("002", /*printable=*/false) == Ids{"aksara"},
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(none_when_the_plugin_chose_or_the_name_is_taken) {
  std::vector<migctl::Revision> revisions{
      rev("001"),                         // set "own": a later revision has a label
      rev("002", {"001"}, {}, {"mine"}),  //
      rev("b1"),
      rev("b2"),  // set "two": two bases
      rev("t1"),  // set "b1": the name is a revision id
  };
  const Labels labels = migctl::set_labels(
      revisions, {{"001", "own"}, {"002", "own"}, {"b1", "two"}, {"b2", "two"}, {"t1", "b1"}});
  BOOST_TEST(labels.empty());
}

BOOST_AUTO_TEST_SUITE_END()

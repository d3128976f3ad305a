#include <boost/test/unit_test.hpp>

#include "helpers.hpp"
#include "revision/target.hpp"

using migctl::ExitCode;
using migctl::parse_downgrade_target;
using migctl::parse_target;
using migctl::parse_upgrade_target;
using migctl::Target;
using revision_test::contains;
using revision_test::failure;

BOOST_AUTO_TEST_SUITE(target)

BOOST_AUTO_TEST_CASE(keywords) {
  BOOST_TEST((parse_upgrade_target("head").kind == Target::Kind::head));
  BOOST_TEST((parse_upgrade_target("heads").kind == Target::Kind::heads));
  BOOST_TEST((parse_downgrade_target("base").kind == Target::Kind::base));
}

BOOST_AUTO_TEST_CASE(relative) {
  const Target up = parse_upgrade_target("+3");
  BOOST_TEST((up.kind == Target::Kind::relative));
  BOOST_TEST(up.steps == 3);
  const Target down = parse_downgrade_target("-12");
  BOOST_TEST((down.kind == Target::Kind::relative));
  BOOST_TEST(down.steps == -12);
  BOOST_TEST(parse_upgrade_target("+007").steps == 7);
  BOOST_TEST(parse_upgrade_target("+2147483647").steps == 2147483647);
  BOOST_TEST(parse_downgrade_target("-2147483647").steps == -2147483647);
}

BOOST_AUTO_TEST_CASE(revisions) {
  for (const char* text : {"001", "ae1027a6acf", "ae10", "feature", "42", "a-b"}) {
    const Target up = parse_upgrade_target(text);
    BOOST_TEST((up.kind == Target::Kind::revision));
    BOOST_TEST(up.revision == text);
    const Target down = parse_downgrade_target(text);
    BOOST_TEST((down.kind == Target::Kind::revision));
    BOOST_TEST(down.revision == text);
  }
  // "<branch>@<revision>": a revision that must be on that branch (Alembic's form).
  const Target scoped = parse_upgrade_target("feature@ae10");
  BOOST_TEST((scoped.kind == Target::Kind::revision));
  BOOST_TEST(scoped.branch == "feature");
  BOOST_TEST(scoped.revision == "ae10");
  const Target head = parse_upgrade_target("feature@head");
  BOOST_TEST((head.kind == Target::Kind::head));
  BOOST_TEST(head.branch == "feature");
}

BOOST_AUTO_TEST_CASE(malformed_targets_are_usage_errors) {
  for (const char* text : {"", "+0", "-0", "+", "-", "+x", "-1a", "-abc", "+99999999999",
                           "-99999999999", "+2147483648", "@head"}) {
    BOOST_TEST_CONTEXT("target '" << text << "'") {
      for (const auto& f : {failure([&] { parse_upgrade_target(text); }),
                            failure([&] { parse_downgrade_target(text); })}) {
        BOOST_TEST(f.thrown);
        BOOST_TEST(f.code == ExitCode::usage);
        BOOST_TEST(!f.hint.empty());
      }
    }
  }
  BOOST_TEST(
      contains(failure([&] { parse_upgrade_target("+99999999999"); }).message, "out of range"));
  BOOST_TEST(contains(failure([&] { parse_upgrade_target(""); }).message, "empty target"));
  BOOST_TEST(contains(failure([&] { parse_target("-abc"); }).message, "not a relative target"));
}

BOOST_AUTO_TEST_CASE(upgrade_refuses_going_down) {
  const auto minus = failure([&] { parse_upgrade_target("-2"); });
  BOOST_TEST(minus.thrown);
  BOOST_TEST(minus.code == ExitCode::usage);
  BOOST_TEST(contains(minus.hint, "migctl downgrade -2"));
  const auto base = failure([&] { parse_upgrade_target("base"); });
  BOOST_TEST(base.thrown);
  BOOST_TEST(base.code == ExitCode::usage);
  BOOST_TEST(contains(base.hint, "migctl downgrade base"));
}

BOOST_AUTO_TEST_CASE(downgrade_refuses_going_up) {
  const auto plus = failure([&] { parse_downgrade_target("+1"); });
  BOOST_TEST(plus.thrown);
  BOOST_TEST(plus.code == ExitCode::usage);
  BOOST_TEST(contains(plus.hint, "migctl upgrade +1"));
  for (const char* text : {"head", "heads"}) {
    const auto f = failure([&] { parse_downgrade_target(text); });
    BOOST_TEST(f.thrown);
    BOOST_TEST(f.code == ExitCode::usage);
    BOOST_TEST(contains(f.message, text));
    BOOST_TEST(contains(f.hint, "migctl downgrade -1"));
  }
}

BOOST_AUTO_TEST_CASE(branch_forms) {
  const Target base = parse_downgrade_target("notifications@base");
  BOOST_TEST((base.kind == Target::Kind::base));
  BOOST_TEST(base.branch == "notifications");
  const Target down = parse_downgrade_target("notifications@-2");
  BOOST_TEST((down.kind == Target::Kind::relative));
  BOOST_TEST(down.branch == "notifications");
  BOOST_TEST(down.steps == -2);
  const Target up = parse_upgrade_target("aksara@+1");
  BOOST_TEST((up.kind == Target::Kind::relative));
  BOOST_TEST(up.branch == "aksara");
  BOOST_TEST(up.steps == 1);
  // "<rev>+N": N steps from a revision rather than from the current rows.
  const Target anchored = parse_upgrade_target("ae10+2");
  BOOST_TEST((anchored.kind == Target::Kind::relative));
  BOOST_TEST(anchored.revision == "ae10");
  BOOST_TEST(anchored.steps == 2);
  const Target below = parse_downgrade_target("x@001-1");
  BOOST_TEST((below.kind == Target::Kind::relative));
  BOOST_TEST(below.branch == "x");
  BOOST_TEST(below.revision == "001");
  BOOST_TEST(below.steps == -1);
  BOOST_TEST(parse_upgrade_target("001+0").steps == 0);  // counted from 001: 001 itself

  for (const char* text : {"x@+0", "x@-", "x@+y", "a@b@head", "x@"}) {
    BOOST_TEST_CONTEXT("target '" << text << "'") {
      BOOST_TEST(failure([&] { parse_downgrade_target(text); }).code == ExitCode::usage);
    }
  }
  const auto wrong_way = failure([&] { parse_upgrade_target("x@-1"); });
  BOOST_TEST(wrong_way.code == ExitCode::usage);
  BOOST_TEST(contains(wrong_way.hint, "migctl downgrade x@-1"));
  BOOST_TEST(failure([&] { parse_downgrade_target("x@+1"); }).code == ExitCode::usage);
  const auto up_base = failure([&] { parse_upgrade_target("x@base"); });
  BOOST_TEST(up_base.code == ExitCode::usage);
  BOOST_TEST(contains(up_base.hint, "migctl downgrade x@base"));
}

BOOST_AUTO_TEST_SUITE_END()

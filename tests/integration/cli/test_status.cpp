// current / history / heads, as text and as JSON.
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <boost/test/unit_test.hpp>

#include "harness.hpp"

using namespace migctl::test;

namespace {

Poco::JSON::Object::Ptr parse(const std::string& text) {
  return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(status)

BOOST_AUTO_TEST_CASE(current_before_and_after_upgrade) {
  TestDatabase db;
  RunResult r = run_migctl(aksara({"current"}), db.url());
  BOOST_TEST(r.exit_code == 0, r.all());
  BOOST_TEST(r.out.empty(), r.out);  // nothing applied: no line, as Alembic
  // Reading the state creates nothing.
  BOOST_TEST(db.version_rows().empty());
  BOOST_TEST(db.probe().scalar("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") ==
             "0");

  BOOST_TEST_REQUIRE(run_migctl(aksara({"upgrade", "001_initial"}), db.url()).exit_code == 0);
  r = run_migctl(aksara({"current"}), db.url());
  BOOST_TEST(r.out == "001_initial\n");
  BOOST_TEST_REQUIRE(run_migctl(aksara({"upgrade"}), db.url()).exit_code == 0);
  r = run_migctl(aksara({"current"}), db.url());
  BOOST_TEST(r.out == "002_refresh_tokens (head)\n");

  r = run_migctl(aksara({"current", "-v"}), db.url());
  BOOST_TEST(r.out.find("Current revision(s) for postgresql://postgres:***@") != std::string::npos,
             r.out);
  BOOST_TEST(r.out.find("Rev: 002_refresh_tokens (head)") != std::string::npos, r.out);
  BOOST_TEST(r.out.find("Parent: 001_initial") != std::string::npos, r.out);
  BOOST_TEST(r.out.find("migrations/aksara/versions/002_refresh_tokens.cpp") != std::string::npos);
  BOOST_TEST(r.out.find("Applied: ") != std::string::npos, r.out);

  r = run_migctl(aksara({"current", "--json"}), db.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0);
  auto json = parse(r.out);
  auto current = json->getArray("current");
  BOOST_TEST_REQUIRE(current->size() == 1u);
  BOOST_TEST(current->getObject(0)->getValue<std::string>("revision") == "002_refresh_tokens");
  BOOST_TEST(current->getObject(0)->getValue<bool>("is_head"));
  BOOST_TEST(current->getObject(0)->getValue<std::string>("checksum").size() == 64u);
  BOOST_TEST(json->getValue<std::string>("database").find("***") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(history_newest_first) {
  RunResult r = run_migctl(aksara({"history"}), "");
  BOOST_TEST(r.exit_code == 0, r.all());
  BOOST_TEST(r.out ==
             "001_initial -> 002_refresh_tokens (head), Add refresh tokens table\n"
             "<base> -> 001_initial, Initial migration - create user tables\n");

  r = run_migctl(aksara({"history", "-v"}), "");
  BOOST_TEST(
      r.out.find("Rev: 002_refresh_tokens (head)\nParent: 001_initial\n") != std::string::npos,
      r.out);
  BOOST_TEST(r.out.find("Rev: 001_initial\nParent: <base>\n") != std::string::npos, r.out);

  r = run_migctl(aksara({"history", "--json"}), "");
  auto revisions = parse(r.out)->getArray("revisions");
  BOOST_TEST_REQUIRE(revisions->size() == 2u);
  BOOST_TEST(revisions->getObject(0)->getValue<std::string>("revision") == "002_refresh_tokens");
  BOOST_TEST(revisions->getObject(0)->getArray("down_revisions")->getElement<std::string>(0) ==
             "001_initial");
  BOOST_TEST(revisions->getObject(1)->getValue<bool>("is_base"));
  BOOST_TEST(revisions->getObject(1)->getValue<std::string>("set") == "aksara");
}

BOOST_AUTO_TEST_CASE(heads_needs_no_database) {
  // No DATABASE_CONN at all: heads and history only read the plugins.
  RunResult r = run_migctl(aksara({"heads"}), "");
  BOOST_TEST(r.exit_code == 0, r.all());
  BOOST_TEST(r.out == "002_refresh_tokens (head)\n");
  r = run_migctl(aksara({"heads", "--json"}), "");
  auto heads = parse(r.out)->getArray("heads");
  BOOST_TEST_REQUIRE(heads->size() == 1u);
  BOOST_TEST(heads->getObject(0)->getValue<std::string>("revision") == "002_refresh_tokens");
  // current does need it, and says so.
  r = run_migctl(aksara({"current"}), "");
  BOOST_TEST(r.exit_code == 78);
  BOOST_TEST(r.err.find("DATABASE_CONN is not set") != std::string::npos, r.err);
}

BOOST_AUTO_TEST_CASE(help_lists_every_command) {
  RunResult r = run_migctl({"--help"}, "");
  BOOST_TEST(r.exit_code == 0);
  for (const char* command :
       {"  upgrade ", "  downgrade ", "  current ", "  history ", "  heads "}) {
    BOOST_TEST(r.out.find(command) != std::string::npos, command);
  }
  // Each command's usage line is in its own help.
  BOOST_TEST(run_migctl({"help", "upgrade"}, "").out.find("upgrade [TARGET]") != std::string::npos);
  r = run_migctl({}, "");
  BOOST_TEST(r.exit_code == 64);
  r = run_migctl({"--version"}, "");
  BOOST_TEST(r.out.rfind("migctl 0.", 0) == 0u, r.out);
}

BOOST_AUTO_TEST_SUITE_END()

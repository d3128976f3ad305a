// --json: every document carries format_version, and every error is a JSON document on
// stdout too (code, exit_code, message, hint), whatever the exit code.
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <boost/test/unit_test.hpp>

#include "harness.hpp"
#include "text_contains.hpp"

using namespace migctl::test;

namespace {

using migctl_test::contains;

// stdout parsed as exactly one JSON object (trailing whitespace allowed).
Poco::JSON::Object::Ptr one_document(const RunResult& r) {
  Poco::JSON::Object::Ptr doc;
  try {
    doc = Poco::JSON::Parser().parse(r.out).extract<Poco::JSON::Object::Ptr>();
  } catch (const std::exception& e) {
    BOOST_FAIL("stdout is not one JSON document: " << e.what() << "\n" << r.all());
  }
  return doc;
}

// The error document of a failed run, checked against the exit code and stderr.
Poco::JSON::Object::Ptr error_of(const RunResult& r) {
  BOOST_TEST_REQUIRE(r.exit_code != 0, r.all());
  auto doc = one_document(r);
  BOOST_TEST(doc->getValue<int>("format_version") == 1);
  auto error = doc->getObject("error");
  BOOST_TEST_REQUIRE(!error.isNull(), r.out);
  BOOST_TEST(error->getValue<int>("exit_code") == r.exit_code);
  const std::string message = error->getValue<std::string>("message");
  BOOST_TEST(!message.empty());
  // The same error as on stderr.
  BOOST_TEST(contains(r.err, "migctl: error: " + message.substr(0, message.find('\n'))), r.all());
  BOOST_TEST(error->has("hint"));
  return error;
}

std::vector<std::string> json(std::vector<std::string> args) {
  args.push_back("--json");
  return aksara(std::move(args));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(json_output)

BOOST_AUTO_TEST_CASE(usage_errors_even_before_parsing_succeeds) {
  auto e = error_of(run_migctl({"--json", "--nope", "current"}, ""));
  BOOST_TEST(e->getValue<std::string>("code") == "usage");
  BOOST_TEST(e->getValue<int>("exit_code") == 64);
  BOOST_TEST(contains(e->getValue<std::string>("message"), "--nope"));

  e = error_of(run_migctl(json({"upgarde"}), ""));
  BOOST_TEST(e->getValue<std::string>("code") == "usage");
  BOOST_TEST(contains(e->getValue<std::string>("hint"), "did you mean 'upgrade'?"));

  e = error_of(run_migctl({"--json"}, ""));
  BOOST_TEST(e->getValue<int>("exit_code") == 64);
}

BOOST_AUTO_TEST_CASE(configuration_revision_and_database_errors) {
  // No database URL: configuration (78).
  auto e = error_of(run_migctl(json({"current"}), ""));
  BOOST_TEST(e->getValue<std::string>("code") == "config");
  BOOST_TEST(e->getValue<int>("exit_code") == 78);

  TestDatabase db;
  // An unknown revision: 65.
  e = error_of(run_migctl(json({"upgrade", "zzz"}), db.url()));
  BOOST_TEST(e->getValue<std::string>("code") == "data");
  BOOST_TEST(e->getValue<int>("exit_code") == 65);
  BOOST_TEST(db.version_rows().empty());

  // Unreachable server.
  RunResult r = run_migctl(json({"current"}), "postgresql://nobody@127.0.0.1:1/none");
  e = error_of(r);
  BOOST_TEST(e->getValue<int>("exit_code") == r.exit_code);
  BOOST_TEST(e->getValue<std::string>("code") != "");

  // A failing revision: exit 1 with the SQLSTATE and the statement.
  BOOST_TEST_REQUIRE(run_migctl(aksara({"upgrade"}), db.url()).exit_code == 0);
  r = run_migctl({"--plugin", "aksara.so", "--plugin", "failing_revision.so", "upgrade", "--json"},
                 db.url());
  e = error_of(r);
  BOOST_TEST(e->getValue<int>("exit_code") == 1);
  BOOST_TEST(e->getValue<std::string>("code") == "migration_failed");
  BOOST_TEST(e->getValue<std::string>("sqlstate") == "22012");  // division_by_zero
  BOOST_TEST(contains(e->getValue<std::string>("statement"), "1 / 0"));
  // Progress stayed on stderr.
  BOOST_TEST(contains(r.err, "Running upgrade"), r.err);
}

BOOST_AUTO_TEST_CASE(every_document_has_a_format_version) {
  TestDatabase db;
  const std::vector<std::vector<std::string>> runs{json({"upgrade"}),
                                                   json({"current"}),
                                                   json({"history"}),
                                                   json({"heads"}),
                                                   json({"branches"}),
                                                   json({"show", "head"}),
                                                   json({"check"}),
                                                   json({"graph"}),
                                                   json({"doctor"}),
                                                   json({"log"}),
                                                   json({"stamp", "head"}),
                                                   json({"downgrade", "base"}),
                                                   json({"upgrade", "base:head", "--sql"}),
                                                   {"--version", "--json"},
                                                   {"help", "--json"}};
  for (const auto& args : runs) {
    RunResult r = run_migctl(args, db.url());
    std::string what;
    for (const auto& a : args) what += a + " ";
    BOOST_TEST(r.exit_code == 0, what << r.all());
    auto doc = one_document(r);
    BOOST_TEST(doc->getValue<int>("format_version") == 1, what);
    BOOST_TEST(!doc->has("error"), what);
  }
}

BOOST_AUTO_TEST_CASE(errors_without_json_leave_stdout_empty) {
  RunResult r = run_migctl(aksara({"upgrade", "zzz"}), "");
  BOOST_TEST(r.exit_code != 0);
  BOOST_TEST(r.out.empty(), r.out);
}

BOOST_AUTO_TEST_SUITE_END()

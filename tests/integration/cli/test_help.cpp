// Help per command, suggestions for typos, exact option names, and the bare `migctl`.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <sstream>

#include "harness.hpp"
#include "text_contains.hpp"

using namespace migctl::test;

namespace {

using migctl_test::contains;

// The names in the "Commands:" section of `migctl --help` (the layout cli.hpp promises).
std::vector<std::string> listed_commands() {
  RunResult help = run_migctl({"--help"}, "");
  BOOST_TEST_REQUIRE(help.exit_code == 0, help.all());
  std::vector<std::string> names;
  std::istringstream in(help.out);
  std::string line;
  bool in_commands = false;
  while (std::getline(in, line)) {
    if (line == "Commands:") {
      in_commands = true;
      continue;
    }
    if (in_commands && line.empty()) break;
    if (in_commands) names.push_back(line.substr(2, line.find(' ', 2) - 2));
  }
  return names;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(help)

BOOST_AUTO_TEST_CASE(every_command_has_its_own_help) {
  const auto names = listed_commands();
  BOOST_TEST(names.size() >= 17u);
  for (const auto& name : names) {
    RunResult help = run_migctl({"help", name}, "");
    BOOST_TEST(help.exit_code == 0, name << ": " << help.all());
    BOOST_TEST(help.out.rfind("usage: migctl [options] " + name, 0) == 0u, help.out);
    BOOST_TEST(contains(help.out, "\nOptions:\n"), name);
    BOOST_TEST(contains(help.out, "\nExamples:\n  migctl"), name << ": " << help.out);
    BOOST_TEST(help.err.empty(), help.err);
    // `migctl CMD --help` and `-h` print the same, wherever the flag is.
    BOOST_TEST(run_migctl({name, "--help"}, "").out == help.out, name);
    BOOST_TEST(run_migctl({"-h", name}, "").out == help.out, name);
  }
}

BOOST_AUTO_TEST_CASE(command_help_lists_only_that_commands_options) {
  RunResult r = run_migctl({"graph", "--help"}, "");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(contains(r.out, "--output FILE"), r.out);
  BOOST_TEST(!contains(r.out, "--password-stdin"), r.out);
  r = run_migctl({"help", "log"}, "");
  for (const char* option : {"--revision REV", "--since TIME", "--until TIME", "--limit N"})
    BOOST_TEST(contains(r.out, option), option << ": " << r.out);
  // The global help lists commands, not every command's options.
  r = run_migctl({"--help"}, "");
  BOOST_TEST(!contains(r.out, "--password-stdin"), r.out);
  BOOST_TEST(contains(r.out, "--plugin FILE"), r.out);
  BOOST_TEST(contains(r.out, "migctl help <command>"), r.out);
}

BOOST_AUTO_TEST_CASE(help_needs_no_configuration) {
  // A broken .env must not hide the help.
  RunResult r = run_migctl({"--env-file", "/nonexistent/.env", "help", "upgrade"}, "");
  BOOST_TEST(r.exit_code == 0, r.all());
  BOOST_TEST(contains(r.out, "usage: migctl [options] upgrade [TARGET]"), r.out);
}

BOOST_AUTO_TEST_CASE(help_as_json_has_every_command) {
  RunResult r = run_migctl({"help", "--json"}, "");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  auto doc = Poco::JSON::Parser().parse(r.out).extract<Poco::JSON::Object::Ptr>();
  BOOST_TEST(doc->getValue<int>("format_version") == 1);
  auto commands = doc->getArray("commands");
  BOOST_TEST(commands->size() == listed_commands().size());
  r = run_migctl({"help", "upgrade", "--json"}, "");
  doc = Poco::JSON::Parser().parse(r.out).extract<Poco::JSON::Object::Ptr>();
  auto command = doc->getObject("command");
  BOOST_TEST(command->getValue<std::string>("name") == "upgrade");
  BOOST_TEST(command->getArray("examples")->size() > 0u);
}

BOOST_AUTO_TEST_CASE(no_command_is_a_short_usage_error_on_stderr) {
  RunResult r = run_migctl({}, "");
  BOOST_TEST(r.exit_code == 64);
  BOOST_TEST(r.out.empty(), r.out);
  BOOST_TEST(r.err.rfind("usage: migctl [options] <command> [arguments]\n", 0) == 0u, r.err);
  BOOST_TEST(contains(r.err, "migctl: error: no command given"), r.err);
  BOOST_TEST(contains(r.err, "upgrade"), r.err);
  // Short: a few lines, not the whole help.
  BOOST_TEST(std::count(r.err.begin(), r.err.end(), '\n') < 8, r.err);
}

BOOST_AUTO_TEST_CASE(typos_get_the_nearest_command) {
  RunResult r = run_migctl(aksara({"upgarde"}), "");
  BOOST_TEST(r.exit_code == 64);
  BOOST_TEST(contains(r.err, "unknown command 'upgarde'"), r.err);
  BOOST_TEST(contains(r.err, "did you mean 'upgrade'?"), r.err);
  r = run_migctl({"help", "histroy"}, "");
  BOOST_TEST(r.exit_code == 64);
  BOOST_TEST(contains(r.err, "did you mean 'history'?"), r.err);
  // Nothing close: the list, no guess.
  r = run_migctl(aksara({"frobnicate"}), "");
  BOOST_TEST(r.exit_code == 64);
  BOOST_TEST(!contains(r.err, "did you mean"), r.err);
  BOOST_TEST(contains(r.err, "commands: "), r.err);
  // An unknown command is reported before configuration problems.
  r = run_migctl({"--env-file", "/nonexistent/.env", "upgarde"}, "");
  BOOST_TEST(r.exit_code == 64, r.all());
}

BOOST_AUTO_TEST_CASE(option_prefixes_are_refused_with_a_suggestion) {
  // --js worked as --json through Poco's prefix matching.
  RunResult r = run_migctl(aksara({"heads", "--js"}), "");
  BOOST_TEST(r.exit_code == 64, r.all());
  BOOST_TEST(contains(r.err, "unknown option --js"), r.err);
  BOOST_TEST(contains(r.err, "did you mean '--json'?"), r.err);
  BOOST_TEST(r.out.empty(), r.out);
  // A command's own option, abbreviated.
  r = run_migctl(aksara({"graph", "--out", "x.svg"}), "");
  BOOST_TEST(r.exit_code == 64, r.all());
  BOOST_TEST(contains(r.err, "did you mean '--output'?"), r.err);
  // Another command's option is named as such.
  r = run_migctl(aksara({"heads", "--output", "x.svg"}), "");
  BOOST_TEST(r.exit_code == 64, r.all());
  BOOST_TEST(contains(r.err, "it is an option of: graph"), r.err);
}

BOOST_AUTO_TEST_CASE(a_missing_or_unexpected_option_value_is_named_in_our_words) {
  // Poco said "Missing option argument: output requires FILE" and pointed at the global help.
  RunResult r = run_migctl(aksara({"graph", "--output"}), "");
  BOOST_TEST(r.exit_code == 64, r.all());
  BOOST_TEST(contains(r.err, "option --output needs a value (FILE)"), r.err);
  BOOST_TEST(contains(r.err, "`migctl help graph` lists its options"), r.err);
  BOOST_TEST(!contains(r.err, "Missing option argument"), r.err);
  r = run_migctl(aksara({"history", "-r"}), "");
  BOOST_TEST(r.exit_code == 64, r.all());
  BOOST_TEST(contains(r.err, "option -r needs a value (RANGE)"), r.err);
  BOOST_TEST(contains(r.err, "`migctl help history`"), r.err);
  // Before the command word: the global help.
  r = run_migctl({"--lock-timeout"}, "");
  BOOST_TEST(r.exit_code == 64, r.all());
  BOOST_TEST(contains(r.err, "option --lock-timeout needs a value (SECONDS)"), r.err);
  BOOST_TEST(contains(r.err, "`migctl --help` lists the options"), r.err);
  // A flag given a value ("Unexpected option argument: json=1" from Poco).
  r = run_migctl(aksara({"heads", "--json=1"}), "");
  BOOST_TEST(r.exit_code == 64, r.all());
  BOOST_TEST(contains(r.err, "option --json takes no value, got '1'"), r.err);
  r = run_migctl(aksara({"heads", "-vx"}), "");
  BOOST_TEST(r.exit_code == 64, r.all());
  BOOST_TEST(contains(r.err, "option -v takes no value, got 'x'"), r.err);
  BOOST_TEST(contains(r.err, "`migctl help heads` lists its options"), r.err);
  // With --json the same error is the JSON document on stdout.
  r = run_migctl(aksara({"--json", "graph", "--output"}), "");
  BOOST_TEST(r.exit_code == 64, r.all());
  BOOST_TEST(contains(r.out, "option --output needs a value (FILE)"), r.out);
}

BOOST_AUTO_TEST_SUITE_END()

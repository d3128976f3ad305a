// Progress of upgrade/downgrade ("Running upgrade A -> B, message" as each revision starts,
// its result as it ends) and `upgrade` without a target when several sets are loaded.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <optional>

#include "harness.hpp"
#include "text_contains.hpp"

using namespace migctl::test;

namespace {

using migctl_test::contains;

Poco::JSON::Object::Ptr json_of(const std::string& text) {
  return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
}

struct Rev {
  std::string id, set, message;
  std::vector<std::string> parents;
};

// The revisions `plugins` load, oldest first, read from `history --json` (so the tests do
// not depend on how the Aksara revisions are named).
std::vector<Rev> revisions(const std::vector<std::string>& plugins) {
  std::vector<std::string> args;
  for (const auto& p : plugins) args.insert(args.end(), {"--plugin", p});
  args.insert(args.end(), {"history", "--json"});
  RunResult r = run_migctl(args, "");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  auto list = json_of(r.out)->getArray("revisions");
  std::vector<Rev> out;
  for (std::size_t i = list->size(); i-- > 0;) {
    auto o = list->getObject(static_cast<unsigned>(i));
    Rev rev{o->getValue<std::string>("revision"),
            o->getValue<std::string>("set"),
            o->getValue<std::string>("message"),
            {}};
    auto parents = o->getArray("down_revisions");
    for (std::size_t p = 0; p < parents->size(); ++p)
      rev.parents.push_back(parents->getElement<std::string>(static_cast<unsigned>(p)));
    out.push_back(rev);
  }
  return out;
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(progress)

BOOST_AUTO_TEST_CASE(each_revision_is_announced_before_it_runs_and_reported_after) {
  TestDatabase db;
  const auto revs = revisions({"aksara.so"});
  BOOST_TEST_REQUIRE(revs.size() >= 2u);
  RunResult r = run_migctl(aksara({"upgrade"}), db.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  std::size_t at = 0;
  for (const auto& rev : revs) {
    // Alembic's line: parents -> revision (a base has none), then the message.
    const std::string start =
        "Running upgrade " + joined(rev.parents) + " -> " + rev.id + ", " + rev.message + "\n";
    const std::string end = "  " + rev.id + " applied (";
    const auto s = r.out.find(start, at);
    BOOST_TEST_REQUIRE(s != std::string::npos, start << " in " << r.out);
    const auto e = r.out.find(end, s);
    BOOST_TEST_REQUIRE(e != std::string::npos, end << " in " << r.out);
    // Nothing else runs between a revision's start and its end.
    BOOST_TEST(r.out.find("Running", s + 1) > e, r.out);
    at = e;
  }
  // One aksara set: no set names in the lines.
  BOOST_TEST(!contains(r.out, "(aksara)"), r.out);

  r = run_migctl(aksara({"downgrade", "base"}), db.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  const Rev& top = revs.back();
  BOOST_TEST(contains(r.out, "Running downgrade " + top.id + " -> " + joined(top.parents) + ", " +
                                 top.message + "\n  " + top.id + " reverted ("),
             r.out);
}

BOOST_AUTO_TEST_CASE(the_line_is_printed_while_the_revision_runs) {
  // slow_revision sleeps three seconds: its "Running" line must arrive on the pipe while it
  // sleeps, not when migctl exits.
  TestDatabase db;
  BOOST_TEST_REQUIRE(run_migctl(aksara({"upgrade"}), db.url()).exit_code == 0);
  const std::string slow = revisions({"aksara.so", "slow_revision.so"}).back().id;
  Poco::Process::Env env{
      {"MIGCTL_PLUGIN_PATH", std::string(MIGCTL_PLUGIN_DIR) + ":" + MIGCTL_FIXTURE_DIR},
      {"DATABASE_CONN", db.url()},
      {"ENVIRONMENT", "dev"}};
  Poco::Pipe out_pipe;
  using Clock = std::chrono::steady_clock;
  Poco::ProcessHandle handle = Poco::Process::launch(
      MIGCTL_BIN, {"--plugin", "aksara.so", "--plugin", "slow_revision.so", "upgrade"},
      scratch_dir(), nullptr, &out_pipe, nullptr, env);
  Poco::PipeInputStream out(out_pipe);
  std::optional<Clock::time_point> announced;
  std::string all, line;
  while (std::getline(out, line)) {
    all += line + "\n";
    if (!announced && line.find("Running upgrade ") == 0 && contains(line, " -> " + slow))
      announced = Clock::now();
  }
  const auto exited = Clock::now();
  BOOST_TEST(handle.wait() == 0, all);
  BOOST_TEST_REQUIRE(announced.has_value(), all);
  BOOST_TEST(std::chrono::duration<double>(exited - *announced).count() > 2.0, all);
}

BOOST_AUTO_TEST_CASE(a_failing_revision_reports_its_failure) {
  TestDatabase db;
  BOOST_TEST_REQUIRE(run_migctl(aksara({"upgrade"}), db.url()).exit_code == 0);
  const auto revs = revisions({"aksara.so", "failing_revision.so"});
  const std::string failing = revs.back().id;
  RunResult r =
      run_migctl({"--plugin", "aksara.so", "--plugin", "failing_revision.so", "upgrade"}, db.url());
  BOOST_TEST(r.exit_code == 1, r.all());
  BOOST_TEST(contains(r.out, "Running upgrade "), r.out);
  BOOST_TEST(contains(r.out, "  " + failing + " failed after "), r.out);
  BOOST_TEST(!contains(r.out, failing + " applied"), r.out);
}

BOOST_AUTO_TEST_CASE(with_json_progress_goes_to_stderr_and_stdout_is_one_document) {
  TestDatabase db;
  RunResult r = run_migctl(aksara({"upgrade", "--json"}), db.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(contains(r.err, "Running upgrade "), r.err);
  BOOST_TEST(!contains(r.out, "Running"), r.out);
  auto doc = json_of(r.out);
  BOOST_TEST(doc->getValue<int>("format_version") == 1);
  auto steps = doc->getArray("steps");
  BOOST_TEST(steps->size() == revisions({"aksara.so"}).size());
  BOOST_TEST(steps->getObject(0)->getValue<std::string>("set") == "aksara");
}

BOOST_AUTO_TEST_CASE(with_several_sets_lines_name_the_set) {
  TestDatabase db;
  const auto revs = revisions({"aksara.so", "notifications.so"});
  RunResult r = run_migctl(modules({"upgrade", "heads"}), db.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  for (const auto& rev : revs) {
    BOOST_TEST(contains(r.out, "Running upgrade " + joined(rev.parents) + " -> " + rev.id + " (" +
                                   rev.set + "), " + rev.message + "\n"),
               rev.id << " in " << r.out);
  }
  // The old "<row> -> <row>, <id>" form read as a no-op when a module's base was added.
  for (const auto& rev : revs) BOOST_TEST(!contains(r.out, rev.id + " -> " + rev.id), r.out);
}

BOOST_AUTO_TEST_CASE(upgrade_without_target_takes_every_sets_head_and_says_so) {
  TestDatabase db;
  RunResult heads = run_migctl(modules({"heads", "--json"}), "");
  auto list = json_of(heads.out)->getArray("heads");
  BOOST_TEST_REQUIRE(list->size() == 2u);
  std::vector<std::string> expected;
  for (std::size_t i = 0; i < list->size(); ++i)
    expected.push_back(
        list->getObject(static_cast<unsigned>(i))->getValue<std::string>("revision"));

  RunResult r = run_migctl(modules({"upgrade"}), db.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(contains(r.out, "upgrading every set's head ("), r.out);
  BOOST_TEST(contains(r.out, "aksara@head = "), r.out);
  BOOST_TEST(contains(r.out, "notifications@head = "), r.out);
  auto rows = db.version_rows();
  std::sort(rows.begin(), rows.end());
  std::sort(expected.begin(), expected.end());
  BOOST_TEST(rows == expected, boost::test_tools::per_element());

  // Again: nothing to do, exit 0.
  r = run_migctl(modules({"upgrade"}), db.url());
  BOOST_TEST(r.exit_code == 0, r.all());
  BOOST_TEST(contains(r.out, "nothing to upgrade"), r.out);
}

BOOST_AUTO_TEST_CASE(two_heads_in_one_set_still_stop_plain_upgrade) {
  TestDatabase db;
  RunResult r = run_migctl({"--plugin", "two_heads.so", "upgrade"}, db.url());
  BOOST_TEST(r.exit_code == 65, r.all());
  BOOST_TEST(contains(r.err, "needs a single head"), r.err);
  BOOST_TEST(contains(r.err, "migctl merge"), r.err);
  BOOST_TEST(db.version_rows().empty());
}

BOOST_AUTO_TEST_SUITE_END()

// `migctl seed` on the real server: the Aksara admin is created exactly once with the rows
// the backend's seed writes, its hash verifies with independent bcrypt implementations
// (passlib's CryptContext as the backend calls it, Python's bcrypt), production refuses
// the default password, and a failing step rolls back.
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <boost/test/unit_test.hpp>

#include "harness.hpp"
#include "stdin_runner.hpp"

using namespace migctl::test;

namespace {

const std::string kStrong = "Tr0ub4dor&3-horse-battery";  // distinctive: must never be printed

struct AtHead {
  TestDatabase db;
  AtHead() { BOOST_TEST_REQUIRE(run_migctl(aksara({"upgrade"}), db.url()).exit_code == 0); }

  std::string users() {
    return db.probe().scalar(R"(SELECT count(*) FROM "user")") + " users, " +
           db.probe().scalar("SELECT count(*) FROM user_profile") + " profiles";
  }
  std::string admin_hash() {
    return db.probe().scalar(R"(SELECT password FROM "user" WHERE username = 'admin')");
  }
};

RunResult run_seed(TestDatabase& db, const std::map<std::string, std::string>& env = {},
                   std::vector<std::string> extra = {}) {
  std::vector<std::string> args = aksara({"seed"});
  args.insert(args.end(), extra.begin(), extra.end());
  RunResult r = run_migctl(args, db.url(), env);
  check_no_password(r, "seed", {kStrong});
  return r;
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(seed, AtHead)

BOOST_AUTO_TEST_CASE(creates_the_admin_once_and_a_second_run_changes_nothing) {
  RunResult first = run_seed(db, {{"SEED_ADMIN_PASSWORD", kStrong}});
  BOOST_TEST_REQUIRE(first.exit_code == 0, first.all());
  BOOST_TEST(first.out.find("created user admin") != std::string::npos, first.out);
  BOOST_TEST(users() == "1 users, 1 profiles");
  // Every column, as the backend's seed writes it.
  auto row = db.probe().query(
      R"(SELECT u.id ~ '^[0-9a-f]{32}$', u.is_active, u.deleted, u.created_by, u.updated_by,
                u.created_date IS NOT NULL AND u.updated_date IS NOT NULL,
                abs(extract(epoch FROM u.created_date - LOCALTIMESTAMP)) < 60,
                p.id ~ '^[0-9a-f]{32}$', p.id <> u.id, p.nama_lengkap, p.email, p.tipe_akun,
                p.role, p.deleted, p.created_by, p.updated_by,
                p.created_date IS NOT NULL AND p.updated_date IS NOT NULL
         FROM "user" u JOIN user_profile p ON p.id_user = u.id WHERE u.username = 'admin')");
  BOOST_TEST_REQUIRE(row.size() == 1u);
  const std::vector<std::string> expected{"t",
                                          "t",
                                          "f",
                                          "system",
                                          "system",
                                          "t",
                                          "t",
                                          "t",
                                          "t",
                                          "Administrator",
                                          "admin@aksara.ai",
                                          "ADMIN",
                                          "SUPER_ADMIN",
                                          "f",
                                          "system",
                                          "system",
                                          "t"};
  BOOST_TEST(row[0] == expected, boost::test_tools::per_element());
  // uuid4: the version nibble is 4 and the variant bits 10.
  BOOST_TEST(db.probe().scalar(R"(SELECT bool_and(substr(id, 13, 1) = '4' AND
                                  substr(id, 17, 1) IN ('8', '9', 'a', 'b'))
                                  FROM (SELECT id FROM "user" UNION ALL
                                        SELECT id FROM user_profile) ids)") == "t");
  const std::string hash = admin_hash();

  // Another password on the second run: the existing admin is left exactly as it was.
  RunResult second = run_seed(db, {{"SEED_ADMIN_PASSWORD", kStrong + "-other"}});
  BOOST_TEST(second.exit_code == 0, second.all());
  BOOST_TEST(second.out.find("exists, nothing changed") != std::string::npos, second.out);
  BOOST_TEST(users() == "1 users, 1 profiles");
  BOOST_TEST(admin_hash() == hash);
}

BOOST_AUTO_TEST_CASE(stored_hash_is_bcrypt_that_the_backends_passlib_verifies) {
  BOOST_TEST_REQUIRE(run_seed(db, {{"SEED_ADMIN_PASSWORD", kStrong}}).exit_code == 0);
  const std::string hash = admin_hash();
  // passlib's bcrypt default: $2b$, cost 12, 22 characters of salt and 31 of checksum.
  BOOST_TEST(hash.rfind("$2b$12$", 0) == 0u, hash);
  BOOST_TEST(hash.size() == 60u, hash);
  BOOST_TEST(hash.find(kStrong) == std::string::npos);

  RunResult good = verify_with_bcrypt(kStrong, hash);
  BOOST_TEST(good.exit_code == 0, good.out);
  BOOST_TEST(good.out == "bcrypt True passlib True\n", good.out);
  RunResult bad = verify_with_bcrypt(kStrong + "x", hash);
  BOOST_TEST(bad.exit_code == 1, bad.out);
  BOOST_TEST(bad.out == "bcrypt False passlib False\n", bad.out);
}

BOOST_AUTO_TEST_CASE(a_password_bcrypt_cannot_hash_whole_is_refused_and_nothing_written) {
  const std::string too_long(73, 'p');
  RunResult r = run_seed(db, {{"SEED_ADMIN_PASSWORD", too_long}});
  check_no_password(r, "seed", {too_long});
  BOOST_TEST(r.exit_code == 78, r.all());
  BOOST_TEST(r.err.find("73 bytes long; bcrypt") != std::string::npos, r.err);
  BOOST_TEST(r.err.find("rolled back") != std::string::npos, r.err);
  BOOST_TEST(users() == "0 users, 0 profiles");
}

BOOST_AUTO_TEST_CASE(dev_without_a_password_uses_the_documented_default_with_a_warning) {
  RunResult r = run_seed(db);
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(r.err.find("warning: the admin password is the documented development default") !=
                 std::string::npos,
             r.err);
  BOOST_TEST(r.all().find("admin123") == std::string::npos);  // not even the default is echoed
  BOOST_TEST(verify_with_bcrypt("admin123", admin_hash()).exit_code == 0);
}

BOOST_AUTO_TEST_CASE(production_refuses_a_missing_default_or_short_password) {
  const std::map<std::string, std::string> prod{{"ENVIRONMENT", "production"}};
  struct Case {
    std::map<std::string, std::string> env;
    std::string phrase;
  };
  std::vector<Case> cases{
      {{{"ENVIRONMENT", "production"}}, "without a password"},
      {{{"ENVIRONMENT", "production"}, {"SEED_ADMIN_PASSWORD", "admin123"}},
       "development default password"},
      {{{"ENVIRONMENT", "prod"}, {"SEED_ADMIN_PASSWORD", "short-pw"}}, "8 characters"},
  };
  std::string before = db.full_snapshot();
  for (const auto& c : cases) {
    RunResult r = run_seed(db, c.env);
    BOOST_TEST(r.exit_code == 78, r.all());
    BOOST_TEST(r.err.find("migctl: error: refusing to seed the admin user in production") == 0u,
               r.err);
    BOOST_TEST(r.err.find(c.phrase) != std::string::npos, r.err);
    BOOST_TEST(r.err.find("--password-stdin") != std::string::npos, r.err);
    BOOST_TEST(r.all().find("short-pw") == std::string::npos);
  }
  BOOST_TEST(users() == "0 users, 0 profiles");
  BOOST_TEST(db.full_snapshot() == before);

  // --password-stdin: accepted in production, read from stdin, never echoed.
  RunResult r =
      run_migctl_with_stdin(aksara({"seed", "--password-stdin"}), db.url(), kStrong + "\n", prod);
  check_no_password(r, "seed --password-stdin", {kStrong});
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(r.err.find("warning") == std::string::npos, r.err);
  BOOST_TEST(verify_with_bcrypt(kStrong, admin_hash()).exit_code == 0);
}

BOOST_AUTO_TEST_CASE(stdin_wins_over_the_environment_and_empty_stdin_is_refused) {
  RunResult empty = run_migctl_with_stdin(aksara({"seed", "--password-stdin"}), db.url(), "");
  BOOST_TEST(empty.exit_code == 64, empty.all());
  BOOST_TEST(empty.err.find("--password-stdin read an empty password") != std::string::npos);
  BOOST_TEST(users() == "0 users, 0 profiles");

  RunResult r = run_migctl_with_stdin(aksara({"seed", "--password-stdin"}), db.url(),
                                      kStrong + "\r\n", {{"SEED_ADMIN_PASSWORD", "from-env-pw"}});
  check_no_password(r, "seed --password-stdin", {kStrong, "from-env-pw"});
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(verify_with_bcrypt(kStrong, admin_hash()).exit_code == 0);
}

BOOST_AUTO_TEST_CASE(json_output) {
  RunResult r = run_seed(db, {{"SEED_ADMIN_PASSWORD", kStrong}}, {"--json"});
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  auto o = Poco::JSON::Parser().parse(r.out).extract<Poco::JSON::Object::Ptr>();
  BOOST_TEST(o->getValue<std::string>("command") == "seed");
  BOOST_TEST(o->getValue<std::string>("password_source") == "SEED_ADMIN_PASSWORD (environment)");
  auto step = o->getArray("steps")->getObject(0);
  BOOST_TEST(step->getValue<std::string>("set") == "aksara");
  BOOST_TEST(step->getValue<std::string>("step") == "admin");
  BOOST_TEST(step->getValue<bool>("changed"));
}

BOOST_AUTO_TEST_CASE(refuses_before_the_revision_it_needs_is_applied) {
  TestDatabase empty;
  std::string before = empty.full_snapshot();
  RunResult r = run_seed(empty);
  BOOST_TEST(r.exit_code == 65, r.all());
  BOOST_TEST(r.err.find("seed step aksara/admin needs revision 001_initial (Initial migration - "
                        "create user tables) applied") != std::string::npos,
             r.err);
  BOOST_TEST(r.err.find("run `migctl upgrade` first") != std::string::npos, r.err);
  BOOST_TEST(empty.full_snapshot() == before);
}

BOOST_AUTO_TEST_CASE(a_failing_step_is_rolled_back_and_named) {
  TestDatabase other;
  BOOST_TEST_REQUIRE(
      run_migctl({"--plugin", fixture("failing_seed"), "upgrade"}, other.url()).exit_code == 0);
  RunResult r = run_migctl({"--plugin", fixture("failing_seed"), "seed"}, other.url());
  BOOST_TEST(r.exit_code == 65, r.all());
  BOOST_TEST(
      r.err.find("seed step seed_fixture/second failed and was rolled back") != std::string::npos,
      r.err);
  // "first" committed in its own transaction; "second"'s insert went with its rollback.
  BOOST_TEST(other.probe().scalar("SELECT string_agg(what, ',') FROM seed_probe") == "first");
}

BOOST_AUTO_TEST_CASE(a_set_without_a_password_policy_seeds_without_a_password) {
  // failing_seed declares no seed policy: its steps take no password, so production does
  // not ask for one, and --password-stdin has no set to give it to.
  TestDatabase other;
  BOOST_TEST_REQUIRE(
      run_migctl({"--plugin", fixture("failing_seed"), "upgrade"}, other.url()).exit_code == 0);
  const std::string before = other.full_snapshot();
  RunResult given =
      run_migctl_with_stdin({"--plugin", fixture("failing_seed"), "seed", "--password-stdin"},
                            other.url(), kStrong + "\n");
  check_no_password(given, "seed --password-stdin", {kStrong});
  BOOST_TEST(given.exit_code == 64, given.all());
  BOOST_TEST(given.err.find("no loaded set's seed takes a password") != std::string::npos,
             given.err);
  BOOST_TEST(other.full_snapshot() == before);

  RunResult prod = run_migctl({"--plugin", fixture("failing_seed"), "seed", "--json"}, other.url(),
                              {{"ENVIRONMENT", "production"}});
  // Not refused for a missing password: the steps ran ("second" fails on purpose).
  BOOST_TEST(prod.exit_code == 65, prod.all());
  BOOST_TEST(prod.err.find("refusing") == std::string::npos, prod.err);
  BOOST_TEST(other.probe().scalar("SELECT string_agg(what, ',') FROM seed_probe") == "first");
}

BOOST_AUTO_TEST_CASE(sql_mode_is_refused_rather_than_writing) {
  RunResult r = run_seed(db, {}, {"--sql"});
  BOOST_TEST(r.exit_code == 64, r.all());
  BOOST_TEST(r.err.find("--sql does not apply to `seed`") != std::string::npos, r.err);
  BOOST_TEST(users() == "0 users, 0 profiles");
}

BOOST_AUTO_TEST_CASE(plugins_without_seed_steps) {
  RunResult r = run_migctl({"--plugin", fixture("two_heads"), "seed"}, db.url());
  BOOST_TEST(r.exit_code == 78, r.all());
  BOOST_TEST(r.err.find("the loaded plugins provide no seed steps") != std::string::npos, r.err);
}

BOOST_AUTO_TEST_SUITE_END()

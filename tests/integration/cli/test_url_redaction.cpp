// DATABASE_CONN redaction on every surface that prints it (current -v, current --json,
// doctor, doctor --json, the monitor's JSON report, error messages), with URLs where a
// hand-written parser and libpq disagree: '#' and '@' inside a query password, '#' in the
// database name, the password in the userinfo and in the query, percent-encoding. The
// role's password is set to the URL's so the commands really connect (libpq's reading of
// the URL is the one the server checked).
#include <Poco/JSON/Parser.h>

#include <boost/test/unit_test.hpp>

#include "harness.hpp"
#include "hook_support.hpp"

using namespace migctl::test;

namespace {

std::string admin_host_port() {
  const std::string& url = admin_url();
  const auto at = url.rfind('@');
  return url.substr(at + 1, url.find('/', at) - at - 1);  // "localhost:5432"
}

// A role R owning databases R (libpq's default database for user R) and "R#1".
struct RoleDatabases {
  TestDatabase base;  // only for a unique name
  std::string role = "ur_" + base.name();
  std::string hash_db = role + "#1";
  RoleDatabases() {
    Probe admin(admin_url());
    admin.exec("CREATE ROLE " + role + " LOGIN");
    admin.exec("CREATE DATABASE " + role + " OWNER " + role);
    admin.exec("CREATE DATABASE \"" + hash_db + "\" OWNER " + role);
  }
  ~RoleDatabases() {
    try {
      Probe admin(admin_url());
      admin.exec("DROP DATABASE IF EXISTS " + role + " WITH (FORCE)");
      admin.exec("DROP DATABASE IF EXISTS \"" + hash_db + "\" WITH (FORCE)");
      admin.exec("DROP ROLE IF EXISTS " + role);
    } catch (...) {
    }
  }
  void set_password(const std::string& password) {
    Probe(admin_url()).exec("ALTER ROLE " + role + " PASSWORD '" + password + "'");
  }
};

struct Case {
  std::string url;
  std::string password;                // as the server knows it
  std::string redacted;                // what every surface must print for the URL
  std::vector<std::string> fragments;  // parts of the password a partial leak would show
};

void check_hidden(const RunResult& r, const Case& c, const std::string& what) {
  check_no_password(r, what, {c.password});
  for (const auto& f : c.fragments)
    BOOST_TEST(r.all().find(f) == std::string::npos, what << " printed '" << f << "': " << r.all());
}

std::string json_string(const std::string& text, const std::string& key) {
  Poco::JSON::Parser parser;
  return parser.parse(text).extract<Poco::JSON::Object::Ptr>()->getValue<std::string>(key);
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(url_redaction, RoleDatabases)

BOOST_AUTO_TEST_CASE(every_surface_prints_the_url_as_libpq_reads_it_with_the_password_hidden) {
  const std::string hp = admin_host_port();
  const std::vector<Case> cases{
      {"postgresql://" + role + "@" + hp + "/" + role + "?password=Rel$test#Pw_42xq",
       "Rel$test#Pw_42xq",
       "postgresql://" + role + "@" + hp + "/" + role + "?password=***",
       {"Pw_42xq", "Rel$test"}},
      {"postgresql://" + role + "@" + hp + "/" + hash_db + "?password=Rel$test#Pw_42xq",
       "Rel$test#Pw_42xq",
       "postgresql://" + role + "@" + hp + "/" + role + "%231?password=***",
       {"Pw_42xq", "Rel$test"}},
      {"postgresql://" + role + "@" + hp + "?password=Ab@Secret99",
       "Ab@Secret99",
       "postgresql://" + role + "@" + hp + "?password=***",
       {"Secret99", "Ab@"}},
      {"postgresql://" + role + ":Us%40er%23Pw%3F1@" + hp + "/" + role,
       "Us@er#Pw?1",
       "postgresql://" + role + ":***@" + hp + "/" + role,
       {"Us%40er", "er%23Pw", "Pw?1", "Us@"}},
      {"postgres://" + role + ":a%26b@" + hp + "/" + role + "?sslmode=disable&password=a%26b",
       "a&b",
       "postgres://" + role + ":***@" + hp + "/" + role + "?sslmode=disable",
       {"a%26b"}},
  };
  for (const auto& c : cases) {
    set_password(c.password);
    const std::string reports = scratch_dir();
    const std::map<std::string, std::string> env{{"MIGCTL_HOOK_MONITOR_REPORT_DIR", reports}};
    BOOST_TEST_CONTEXT(c.redacted) {
      RunResult verbose = run_migctl(aksara({"current", "-v"}), c.url, env);
      check_hidden(verbose, c, "current -v");
      BOOST_TEST(verbose.exit_code == 0, verbose.all());
      BOOST_TEST(verbose.out.find("for " + c.redacted + ":") != std::string::npos, verbose.out);

      RunResult json = run_migctl(aksara({"current", "--json"}), c.url, env);
      check_hidden(json, c, "current --json");
      BOOST_TEST_REQUIRE(json.exit_code == 0, json.all());
      BOOST_TEST(json_string(json.out, "database") == c.redacted);

      RunResult doctor = run_migctl(aksara({"doctor"}), c.url, env);
      check_hidden(doctor, c, "doctor");
      BOOST_TEST(doctor.out.find("connected to " + c.redacted + " as") != std::string::npos,
                 doctor.out);
      check_hidden(run_migctl(aksara({"doctor", "--json"}), c.url, env), c, "doctor --json");

      RunResult up = run_migctl(aksara({"--hook", "monitor", "upgrade", "001"}), c.url, env);
      check_hidden(up, c, "upgrade --hook monitor");
      BOOST_TEST_REQUIRE(up.exit_code == 0, up.all());
      const auto files = files_in(reports, ".json");
      BOOST_TEST_REQUIRE(files.size() == 1u);
      const std::string report = slurp(files[0]);
      BOOST_TEST(report.find(c.password) == std::string::npos, report);
      for (const auto& f : c.fragments) BOOST_TEST(report.find(f) == std::string::npos, report);
      BOOST_TEST(json_string(report, "database") == c.redacted);

      // Error paths: an unknown revision, a wrong password, the server refusing a database.
      check_hidden(run_migctl(aksara({"-v", "upgrade", "zzz"}), c.url, env), c, "upgrade zzz");
      set_password("other-Pw-77");
      RunResult denied = run_migctl(aksara({"-v", "current"}), c.url, env);
      BOOST_TEST(denied.exit_code == 77, denied.all());
      check_hidden(denied, c, "authentication failure");
      RunResult down = run_migctl(aksara({"-v", "downgrade", "base"}), c.url, env);
      check_hidden(down, c, "downgrade with a wrong password");
      set_password(c.password);
      BOOST_TEST(run_migctl(aksara({"downgrade", "base"}), c.url, env).exit_code == 0);
    }
  }
}

// URLs libpq or migctl refuse: the error names the problem and shows no part of the
// password, on every command that reads DATABASE_CONN.
BOOST_AUTO_TEST_CASE(refused_urls_show_no_part_of_the_password) {
  const std::string hp = admin_host_port();
  const std::vector<Case> cases{
      {"postgresql://" + role + ":Ab@Secret99@" + hp + "/" + role,
       "Ab@Secret99",
       "",
       {"Secret99", "Ab@"}},
      {"postgresql://" + role + ":12/Secret99@" + hp + "/" + role, "12/Secret99", "", {"Secret99"}},
      {"postgresql://" + role + "@" + hp + "/" + role + "?password=Secret99&bogus=1",
       "Secret99",
       "",
       {}},
      {"postgresql://" + role + ":Sec%ZZret99@" + hp + "/" + role, "Sec%ZZret99", "", {"ret99"}},
      {"host=localhost user=" + role + " password=Secret99 dbname=" + role, "Secret99", "", {}},
  };
  for (const auto& c : cases) {
    for (const char* command : {"current", "doctor", "upgrade"}) {
      RunResult r = run_migctl(aksara({"-v", command}), c.url);
      BOOST_TEST(r.exit_code != 0, command << ": " << r.all());
      check_hidden(r, c, command);
      RunResult json = run_migctl(aksara({command, "--json"}), c.url);
      check_hidden(json, c, std::string(command) + " --json");
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()

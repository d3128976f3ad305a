// Secrets hygiene: every command, on its success and failure paths, with a database
// password full of characters that need percent-encoding, a distinctive seed password and
// JWT secret; none of them may appear in any output, in the audit table, or in migctl's
// command line (DATABASE_CONN is read from the environment only).
#include <Poco/URI.h>

#include <boost/test/unit_test.hpp>
#include <fstream>
#include <set>
#include <sstream>

#include "harness.hpp"
#include "stdin_runner.hpp"

using namespace migctl::test;

namespace {

const std::string kDbPassword = "Zq8:sec@ret/pw%20x";
const std::string kDbPasswordEncoded = "Zq8%3Asec%40ret%2Fpw%2520x";
const std::string kSeedPassword = "SeedAdm1n-Secret-9931";
const std::string kJwtSecret = "jwt-secret-3f9a2c71d4e8b6a05f1e9c3d7b2a8e64";
const std::string kRecaptchaSecret = "recaptcha-6Lc9x7kqAAAAAJv2";

// Everything that must never be printed, plus fragments a partial leak would show.
const std::vector<std::string> kSecrets{kDbPassword,     kDbPasswordEncoded, "sec@ret",
                                        "ret%2Fpw",      kSeedPassword,      kJwtSecret,
                                        kRecaptchaSecret};

// A database owned by a role whose password is kDbPassword.
struct SecretDatabase {
  TestDatabase db;
  std::string role;
  std::string url;  // with the role's credentials, percent-encoded
  std::map<std::string, std::string> env{{"SEED_ADMIN_PASSWORD", kSeedPassword},
                                         {"JWT_SECRET", kJwtSecret},
                                         {"JWT_SECRET_KEY", kJwtSecret},
                                         {"JWT_ALGORITHM", "HS256"},
                                         {"RECAPTCHA_SECRET_KEY", kRecaptchaSecret}};
  SecretDatabase() : role("sec_" + db.name()) {
    Probe admin(admin_url());
    admin.exec("CREATE ROLE " + role + " LOGIN PASSWORD '" + kDbPassword + "'");
    admin.exec("ALTER DATABASE " + db.name() + " OWNER TO " + role);
    std::string base = db.url();
    auto scheme_end = base.find("://") + 3;
    url =
        base.substr(0, scheme_end) + role + ":" + kDbPasswordEncoded + base.substr(base.rfind('@'));
  }
  ~SecretDatabase() {
    try {
      Probe(db.url()).exec("DROP OWNED BY " + role);
    } catch (...) {
    }
    try {
      Probe admin(admin_url());
      admin.exec("ALTER DATABASE " + db.name() + " OWNER TO CURRENT_USER");
      admin.exec("DROP ROLE IF EXISTS " + role);
    } catch (...) {
    }
  }

  // Runs migctl and checks its output for every secret; returns the result.
  RunResult run(const std::vector<std::string>& args, const std::string& database_url,
                std::map<std::string, std::string> extra_env = {}) {
    std::map<std::string, std::string> all = env;
    for (const auto& [k, v] : extra_env) all[k] = v;
    RunResult r = run_migctl_unchecked(args, database_url, all);
    std::string what;
    for (const auto& a : args) what += a + " ";
    check_no_password(r, what, kSecrets);
    ran.insert(args.empty() ? "" : command_of(args));
    return r;
  }

  static std::string command_of(const std::vector<std::string>& args) {
    // The first word that is not an option or an option's value.
    static const std::set<std::string> with_value{
        "--plugin", "-p", "--env-file", "-e", "--environment", "--lock-timeout"};
    for (std::size_t i = 0; i < args.size(); ++i) {
      if (with_value.count(args[i])) {
        ++i;
        continue;
      }
      if (args[i].rfind("-", 0) != 0) return args[i];
    }
    return "";
  }

  std::set<std::string> ran;
};

std::vector<std::string> commands_in_help() {
  RunResult help = run_migctl_unchecked({"--help"}, "");
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
    if (in_commands && line.size() > 2 && line[0] == ' ' && line[1] == ' ' && line[2] != ' ')
      names.push_back(line.substr(2, line.find(' ', 2) - 2));
  }
  return names;
}

std::string with_password(const std::string& url, const std::string& encoded_password) {
  auto scheme_end = url.find("://") + 3;
  auto colon = url.find(':', scheme_end);
  return url.substr(0, colon + 1) + encoded_password + url.substr(url.rfind('@'));
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(secrets, SecretDatabase)

BOOST_AUTO_TEST_CASE(no_command_prints_a_secret) {
  const std::string versions = scratch_dir();
  // Success paths, in an order that makes each meaningful.
  const std::vector<std::vector<std::string>> ok_runs{
      aksara({"--sql", "upgrade"}),
      aksara({"-v", "seed"}),  // refused: nothing applied yet (65)
      aksara({"-v", "upgrade", "001_initial"}),
      aksara({"--json", "upgrade"}),
      aksara({"current"}),
      aksara({"current", "-v"}),
      aksara({"current", "--json"}),
      aksara({"history", "-v"}),
      aksara({"history", "--json"}),
      aksara({"heads", "-v"}),
      aksara({"heads", "--json"}),
      aksara({"branches", "-v"}),
      aksara({"check"}),
      aksara({"show", "001_initial"}),
      aksara({"graph"}),
      aksara({"graph", "--json"}),
      aksara({"log", "-v"}),
      aksara({"log", "--json"}),
      aksara({"seed"}),
      aksara({"seed", "--json"}),
      aksara({"doctor"}),
      aksara({"doctor", "--json"}),
      aksara({"-v", "doctor"}),
      aksara({"stamp", "002_refresh_tokens"}),
      aksara({"--sql", "downgrade", "001_initial"}),
      aksara({"--json", "downgrade", "001_initial"}),
      aksara({"-v", "downgrade", "base"}),
      // Hooks: pg_dump gets the password through PGPASSWORD, the monitor reports sizes.
      aksara({"--hook", "pg_dump_backup", "--hook", "monitor", "-v", "upgrade", "001_initial"}),
      aksara({"create", "Secrets probe", "--set", "aksara", "--versions-dir", versions}),
      aksara({"merge", "-m", "Secrets probe", "heads", "--versions-dir", versions}),
      aksara({"backups", "--dir", versions}),
      aksara({"restore", "no-such-backup.dump", "--yes", "--dir", versions}),
      aksara({"upgrade", "zzz"}),
      aksara({"downgrade", "-9"}),
  };
  int successes = 0;
  for (const auto& args : ok_runs) {
    successes += run(args, url, {{"MIGCTL_HOOK_PG_DUMP_BACKUP_DIR", versions}}).exit_code == 0;
  }
  BOOST_TEST(successes >= 20);  // the sweep really ran commands, not only error paths
  BOOST_TEST(db.probe().scalar("SELECT count(*) FROM migctl_history") != "0");

  // Production: a seed without a password, and with one on stdin.
  BOOST_TEST(run(aksara({"upgrade"}), url).exit_code == 0);
  RunResult refused =
      run(aksara({"seed"}), url, {{"ENVIRONMENT", "production"}, {"SEED_ADMIN_PASSWORD", ""}});
  BOOST_TEST(refused.exit_code == 78, refused.all());

  // Any command added later is at least run once, with no arguments.
  for (const auto& name : commands_in_help()) {
    if (!ran.count(name)) run(aksara({name}), url);
  }
}

BOOST_AUTO_TEST_CASE(failure_paths_do_not_print_a_secret) {
  const std::string host_part = url.substr(url.rfind('@'));
  const std::vector<std::string> bad_urls{
      with_password(url, "wrong-" + kDbPasswordEncoded),                      // authentication (77)
      "postgresql://" + role + ":" + kDbPasswordEncoded + "@127.0.0.1:1/db",  // unreachable (69)
      "postgresql://" + role + ":" + kDbPasswordEncoded + "@localhost:notaport/db",
      "postgresql://" + role + ":" + kDbPasswordEncoded + "@[::1/db",
      url + "?sslmode=bogus",
      "postgresql//" + role + ":" + kDbPasswordEncoded + host_part,      // no scheme
      "mysql://" + role + ":" + kDbPasswordEncoded + host_part,          // no driver
      "postgresql://" + role + ":%ZZ" + kDbPasswordEncoded + host_part,  // bad %-encoding
  };
  for (const auto& bad : bad_urls) {
    for (const char* command : {"upgrade", "current", "doctor", "seed"}) {
      std::vector<std::string> args = aksara({command});
      if (std::string(command) != "doctor") args.insert(args.begin(), "-v");
      RunResult r = run(args, bad);
      BOOST_TEST(r.exit_code != 0, command << " with a bad URL: " << r.all());
      std::vector<std::string> extra{"%ZZ" + kDbPasswordEncoded, "wrong-" + kDbPasswordEncoded};
      check_no_password(r, command, extra);
    }
  }
  // The password as a query parameter is valid: it must be hidden on success too.
  for (const char* command : {"upgrade", "current", "doctor", "seed"}) {
    RunResult r = run(aksara({"-v", command}),
                      "postgresql://" + role + host_part + "?password=" + kDbPasswordEncoded);
    BOOST_TEST(r.exit_code == 0, r.all());
  }
  // A plugin that does not load, with a good URL.
  BOOST_TEST(run({"--plugin", "nonexistent.so", "upgrade"}, url).exit_code == 78);
}

BOOST_AUTO_TEST_CASE(audit_rows_hold_no_secret) {
  BOOST_TEST_REQUIRE(run(aksara({"upgrade"}), url).exit_code == 0);
  BOOST_TEST_REQUIRE(run(aksara({"seed"}), url).exit_code == 0);
  BOOST_TEST_REQUIRE(run(aksara({"downgrade", "001_initial"}), url).exit_code == 0);
  BOOST_TEST(run({"--plugin", "aksara.so", "--plugin", fixture("failing_revision"), "upgrade"}, url)
                 .exit_code == 1);
  std::string audit;
  for (const auto& row : db.probe().query("SELECT h::text FROM migctl_history h")) audit += row[0];
  BOOST_TEST(audit.find("f001") != std::string::npos);  // the failure was recorded
  for (const auto& secret : kSecrets) BOOST_TEST(audit.find(secret) == std::string::npos, secret);
  // The user table holds the hash, never the seed password.
  std::string users = db.probe().scalar(R"(SELECT string_agg(u::text, ',') FROM "user" u)");
  BOOST_TEST(users.find("$2b$12$") != std::string::npos);
  BOOST_TEST(users.find(kSeedPassword) == std::string::npos);
}

BOOST_AUTO_TEST_CASE(process_list_never_shows_the_password) {
  BOOST_TEST_REQUIRE(run(aksara({"upgrade"}), url).exit_code == 0);
  std::string command_line;
  std::string environment;
  RunResult r = run_migctl_with_stdin(
      aksara({"seed", "--password-stdin"}), url, kSeedPassword + "\n", env, [&](int pid) {
        command_line = process_command_line(pid);
        std::ifstream in("/proc/" + std::to_string(pid) + "/environ", std::ios::binary);
        environment.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
      });
  check_no_password(r, "seed --password-stdin", kSecrets);
  BOOST_TEST(r.exit_code == 0, r.all());
  // Looked at the right process: migctl with its arguments, its URL in the environment.
  BOOST_TEST(command_line.find("seed --password-stdin") != std::string::npos, command_line);
  BOOST_TEST(environment.find("DATABASE_CONN=" + url) != std::string::npos);
  for (const auto& secret : kSecrets) {
    BOOST_TEST(command_line.find(secret) == std::string::npos, "argv holds " << secret);
  }
}

BOOST_AUTO_TEST_SUITE_END()

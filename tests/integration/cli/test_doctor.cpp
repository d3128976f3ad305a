// `migctl doctor` on the real server: the three classic troubleshooting cases ("Module not
// found", "Database connection failed", "Migration conflict"), privileges, unknown applied
// revisions and .env sanity, each with its fix and its exit code; --json.
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <boost/test/unit_test.hpp>
#include <fstream>

#include "harness.hpp"

using namespace migctl::test;

namespace {

const std::string kGoodSecret = "0123456789abcdef0123456789abcdef-jwt-secret";
const std::map<std::string, std::string> kGoodEnv{{"JWT_SECRET", kGoodSecret},
                                                  {"JWT_ALGORITHM", "HS256"}};

struct Check {
  std::string status, message, fix;
};

struct Doctor {
  RunResult run;
  std::map<std::string, Check> checks;
  bool healthy = false;
};

Doctor run_doctor(const std::vector<std::string>& args, const std::string& url,
                  std::map<std::string, std::string> env = kGoodEnv) {
  std::vector<std::string> all = args;
  all.push_back("doctor");
  all.push_back("--json");
  Doctor d;
  d.run = run_migctl(all, url, env);
  check_no_password(d.run, "doctor", {kGoodSecret});
  auto o = Poco::JSON::Parser().parse(d.run.out).extract<Poco::JSON::Object::Ptr>();
  d.healthy = o->getValue<bool>("healthy");
  BOOST_TEST(o->getValue<int>("exit_code") == d.run.exit_code);
  auto checks = o->getArray("checks");
  for (std::size_t i = 0; i < checks->size(); ++i) {
    auto c = checks->getObject(static_cast<unsigned>(i));
    d.checks[c->getValue<std::string>("name")] = {c->getValue<std::string>("status"),
                                                  c->getValue<std::string>("message"),
                                                  c->getValue<std::string>("fix")};
  }
  return d;
}

bool has(const std::string& text, const std::string& phrase) {
  return text.find(phrase) != std::string::npos;
}

struct AtHead {
  TestDatabase db;
  AtHead() { BOOST_TEST_REQUIRE(run_migctl(aksara({"upgrade"}), db.url()).exit_code == 0); }
};

std::string with_credentials(const std::string& url, const std::string& user,
                             const std::string& password) {
  auto scheme_end = url.find("://") + 3;
  return url.substr(0, scheme_end) + user + ":" + password + url.substr(url.rfind('@'));
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(doctor, AtHead)

BOOST_AUTO_TEST_CASE(healthy_database_at_head) {
  Doctor d = run_doctor(aksara({}), db.url());
  BOOST_TEST(d.run.exit_code == 0, d.run.all());
  BOOST_TEST(d.healthy);
  for (const char* name :
       {"plugins", "database_connection", "database_privileges", "one_head_per_set", "downgrades",
        "applied_revisions", "checksums", "inserted_revisions", "pending", "ENVIRONMENT",
        "JWT_SECRET", "JWT_SECRET_KEY", "JWT_ALGORITHM"}) {
    BOOST_TEST(d.checks[name].status == "ok", name << ": " << d.checks[name].message);
  }
  BOOST_TEST(has(d.checks["applied_revisions"].message, "002_refresh_tokens"));

  // The text form: one line per check and a verdict.
  RunResult text = run_migctl(aksara({"doctor"}), db.url(), kGoodEnv);
  BOOST_TEST(text.exit_code == 0);
  BOOST_TEST(has(text.out, "ok      database_connection: connected to "), text.out);
  BOOST_TEST(has(text.out, "Healthy (dev): 0 errors, 0 warnings."), text.out);
}

BOOST_AUTO_TEST_CASE(module_not_found) {
  Doctor d = run_doctor({"--plugin", "nonexistent.so"}, db.url());
  BOOST_TEST(d.run.exit_code == 78, d.run.all());
  BOOST_TEST(!d.healthy);
  BOOST_TEST(d.checks["plugins"].status == "error");
  BOOST_TEST(has(d.checks["plugins"].message, "plugin 'nonexistent.so' not found"));
  BOOST_TEST(has(d.checks["plugins"].fix, "MIGCTL_PLUGIN_PATH"));
  BOOST_TEST(has(d.checks["plugins"].fix, "Module not found"));
  // The database is still checked; what needs the plugins is skipped.
  BOOST_TEST(d.checks["database_connection"].status == "ok");
  BOOST_TEST(d.checks["one_head_per_set"].status == "skipped");
}

BOOST_AUTO_TEST_CASE(database_connection_failed) {
  Doctor unreachable = run_doctor(aksara({}), "postgresql://postgres:doctor-pw-1@127.0.0.1:1/x");
  BOOST_TEST(unreachable.run.exit_code == 69, unreachable.run.all());
  BOOST_TEST(unreachable.checks["database_connection"].status == "error");
  BOOST_TEST(has(unreachable.checks["database_connection"].message, "Database connection failed"));
  BOOST_TEST(unreachable.checks["database_privileges"].status == "skipped");
  BOOST_TEST(unreachable.checks["one_head_per_set"].status == "ok");  // needs no database

  Doctor wrong = run_doctor(aksara({}), with_credentials(db.url(), "postgres", "wrong-doctor-pw"));
  BOOST_TEST(wrong.run.exit_code == 77, wrong.run.all());
  BOOST_TEST(wrong.checks["database_connection"].status == "error");
  BOOST_TEST(!has(wrong.run.all(), "wrong-doctor-pw"));

  Doctor unset = run_doctor(aksara({}), "");
  BOOST_TEST(unset.run.exit_code == 78, unset.run.all());
  BOOST_TEST(has(unset.checks["database_connection"].message, "DATABASE_CONN is not set"));
}

BOOST_AUTO_TEST_CASE(migration_conflict_two_heads_in_one_set) {
  Doctor d = run_doctor({"--plugin", fixture("two_heads")}, db.url());
  BOOST_TEST(d.run.exit_code == 65, d.run.all());
  BOOST_TEST(d.checks["one_head_per_set"].status == "error");
  BOOST_TEST(has(d.checks["one_head_per_set"].message, "Migration conflict"));
  BOOST_TEST(
      has(d.checks["one_head_per_set"].message, "migration set 'forked' has 2 heads: c2a, c2b"));
  BOOST_TEST(has(d.checks["one_head_per_set"].fix, "migctl merge -m \"Merge heads\" c2a c2b"));
}

BOOST_AUTO_TEST_CASE(applied_revision_missing_from_the_plugins) {
  db.probe().exec(
      "UPDATE alembic_version SET version_num = 'zz99' WHERE version_num = '002_refresh_tokens'");
  Doctor d = run_doctor(aksara({}), db.url());
  BOOST_TEST(d.run.exit_code == 65, d.run.all());
  BOOST_TEST(d.checks["applied_revisions"].status == "error");
  BOOST_TEST(has(d.checks["applied_revisions"].message, "zz99, which no loaded plugin provides"));
  BOOST_TEST(has(d.checks["applied_revisions"].fix, "--plugin"));
  BOOST_TEST(d.checks["checksums"].status == "skipped");
}

BOOST_AUTO_TEST_CASE(pending_revisions_are_a_warning_only) {
  BOOST_TEST_REQUIRE(run_migctl(aksara({"downgrade", "001_initial"}), db.url()).exit_code == 0);
  Doctor d = run_doctor(aksara({}), db.url());
  BOOST_TEST(d.run.exit_code == 0, d.run.all());
  BOOST_TEST(d.checks["pending"].status == "warning");
  BOOST_TEST(has(d.checks["pending"].fix, "migctl upgrade"));
}

BOOST_AUTO_TEST_CASE(user_without_create_on_the_schema) {
  const std::string role = "lowpriv_" + db.name();
  const std::string pw = "lowpriv-doctor-pw";
  Probe admin(admin_url());
  admin.exec("CREATE ROLE " + role + " LOGIN PASSWORD '" + pw + "'");
  struct DropRole {
    std::string role;
    ~DropRole() {
      try {
        Probe(admin_url()).exec("DROP OWNED BY " + role + "; DROP ROLE " + role);
      } catch (...) {
      }
    }
  } drop{role};
  Doctor d = run_doctor(aksara({}), with_credentials(db.url(), role, pw));
  BOOST_TEST(d.run.exit_code == 77, d.run.all());
  BOOST_TEST(d.checks["database_connection"].status == "ok");
  BOOST_TEST(d.checks["database_privileges"].status == "error");
  BOOST_TEST(
      has(d.checks["database_privileges"].message, "may not create tables in schema public"));
  BOOST_TEST(
      has(d.checks["database_privileges"].fix, "GRANT USAGE, CREATE ON SCHEMA public TO " + role));
  BOOST_TEST(!has(d.run.all(), pw));

  // With CREATE granted it may create tables, but the version table is another role's.
  db.probe().exec("GRANT USAGE, CREATE ON SCHEMA public TO " + role);
  Doctor granted = run_doctor(aksara({}), with_credentials(db.url(), role, pw));
  BOOST_TEST(granted.checks["database_privileges"].status == "error", granted.run.all());
  BOOST_TEST(has(granted.checks["database_privileges"].message, "version table"));
  db.probe().exec("REVOKE ALL ON SCHEMA public FROM " + role);
}

BOOST_AUTO_TEST_CASE(env_sanity_warns_in_dev_and_fails_in_production) {
  const std::string dir = scratch_dir();
  const std::string env_file = dir + "/.env";
  std::ofstream(env_file) << "JWT_SECRET=your_secret_key_here\n"
                             "JWT_SECRET_KEY=your_secret_key_here\nJWT_ALGORITHM=hs256\n";

  Doctor dev = run_doctor(aksara({"--env-file", env_file}), db.url(), {});
  BOOST_TEST(dev.run.exit_code == 0, dev.run.all());
  for (const char* key : {"JWT_SECRET", "JWT_SECRET_KEY"}) {
    BOOST_TEST(dev.checks[key].status == "warning", key);
    BOOST_TEST(has(dev.checks[key].message, "placeholder"), key);
  }
  BOOST_TEST(dev.checks["JWT_ALGORITHM"].status == "warning");
  BOOST_TEST(has(dev.checks["JWT_ALGORITHM"].message, "'hs256' is not a known JWT algorithm"));

  Doctor prod =
      run_doctor(aksara({"--env-file", env_file, "--environment", "production"}), db.url(), {});
  BOOST_TEST(prod.run.exit_code == 78, prod.run.all());
  BOOST_TEST(!prod.healthy);
  BOOST_TEST(prod.checks["JWT_SECRET"].status == "error");
  BOOST_TEST(prod.checks["JWT_SECRET_KEY"].status == "error");
  BOOST_TEST(prod.checks["JWT_ALGORITHM"].status == "error");
  BOOST_TEST(has(prod.checks["JWT_ALGORITHM"].fix, "HS256"));

  for (const char* key : {"JWT_SECRET", "JWT_SECRET_KEY"}) {
    std::map<std::string, std::string> env{{"JWT_SECRET", kGoodSecret},
                                           {"JWT_ALGORITHM", "HS256"},
                                           {"SEED_ADMIN_PASSWORD", "admin123"}};
    env[key] = "only-20-bytes-long!!";
    Doctor short_key = run_doctor(aksara({"--environment", "production"}), db.url(), env);
    BOOST_TEST(short_key.run.exit_code == 78);
    BOOST_TEST(short_key.checks[key].status == "error", key);
    BOOST_TEST(has(short_key.checks[key].message, "20 bytes long, shorter than 32"), key);
    BOOST_TEST(!has(short_key.run.all(), "only-20-bytes-long!!"));  // the secret itself never
    BOOST_TEST(short_key.checks["SEED_ADMIN_PASSWORD"].status == "error");
  }
}

BOOST_AUTO_TEST_CASE(an_unknown_environment_is_reported_not_refused) {
  auto env = kGoodEnv;
  env["ENVIRONMENT"] = "prodution";
  Doctor d = run_doctor(aksara({}), db.url(), env);
  BOOST_TEST(d.run.exit_code == 78, d.run.all());
  BOOST_TEST(d.checks["ENVIRONMENT"].status == "error");
  BOOST_TEST(has(d.checks["ENVIRONMENT"].message, "prodution"));
  BOOST_TEST(d.checks["database_connection"].status == "ok");
}

BOOST_AUTO_TEST_CASE(the_sets_checks_come_with_the_set) {
  // Without the Aksara plugin, nothing checks Aksara's settings.
  Doctor other = run_doctor({"--plugin", fixture("two_heads")}, db.url(), {});
  for (const char* name : {"JWT_SECRET", "JWT_SECRET_KEY", "JWT_ALGORITHM", "SEED_ADMIN_PASSWORD"})
    BOOST_TEST(other.checks.count(name) == 0u, name);
  // With it, in production with nothing set, they are errors: the set brought them.
  Doctor aksara_prod = run_doctor(aksara({"--environment", "production"}), db.url(), {});
  BOOST_TEST(aksara_prod.run.exit_code == 78, aksara_prod.run.all());
  BOOST_TEST(aksara_prod.checks["JWT_SECRET"].status == "error");
  BOOST_TEST(aksara_prod.checks["JWT_ALGORITHM"].status == "error");
  BOOST_TEST(aksara_prod.checks["SEED_ADMIN_PASSWORD"].status == "ok");  // --password-stdin then

  // A production seed password shorter than the set's minimum is named before `seed` runs.
  auto env = kGoodEnv;
  env["SEED_ADMIN_PASSWORD"] = "short-pw-77";
  Doctor short_pw = run_doctor(aksara({"--environment", "production"}), db.url(), env);
  check_no_password(short_pw.run, "doctor", {"short-pw-77"});
  BOOST_TEST(short_pw.run.exit_code == 78, short_pw.run.all());
  BOOST_TEST(short_pw.checks["SEED_ADMIN_PASSWORD"].status == "error");
  BOOST_TEST(has(short_pw.checks["SEED_ADMIN_PASSWORD"].message, "11 characters long"));
}

BOOST_AUTO_TEST_CASE(the_backends_env_file_is_accepted_as_it_is) {
  // The Aksara backend's .env: JWT_SECRET (what its code reads), the guide's
  // JWT_SECRET_KEY, and keys migctl has no use for, which it accepts without a word and
  // never echoes.
  const std::string env_file = scratch_dir() + "/.env";
  const std::string recaptcha = "6LdRecaptchaSecretValue-0042";
  std::ofstream(env_file) << "JWT_SECRET=" << kGoodSecret << "\nJWT_SECRET_KEY=" << kGoodSecret
                          << "\nJWT_ALGORITHM=HS256\n"
                             "MONGO_URI=mongodb://aksara:mongo-pw-77@localhost:27017/aksara\n"
                             "RECAPTCHA_SECRET_KEY="
                          << recaptcha << "\n";
  // Production, where any .env finding would be an error.
  Doctor d =
      run_doctor(aksara({"--env-file", env_file, "--environment", "production"}), db.url(), {});
  BOOST_TEST(d.run.exit_code == 0, d.run.all());
  BOOST_TEST(d.healthy);
  for (const auto& [name, check] : d.checks)
    BOOST_TEST(check.status == "ok", name << ": " << check.message);
  BOOST_TEST(!has(d.run.all(), "MONGO_URI"), d.run.all());
  BOOST_TEST(!has(d.run.all(), "RECAPTCHA"), d.run.all());
  BOOST_TEST(!has(d.run.all(), "mongo-pw-77"));
  BOOST_TEST(!has(d.run.all(), recaptcha));

  // Only the guide's JWT_SECRET_KEY: the backend would sign with no secret at all.
  std::ofstream(env_file) << "JWT_SECRET_KEY=" << kGoodSecret << "\nJWT_ALGORITHM=HS256\n";
  Doctor only_key = run_doctor(aksara({"--env-file", env_file}), db.url(), {});
  BOOST_TEST(only_key.run.exit_code == 0, only_key.run.all());
  BOOST_TEST(only_key.checks["JWT_SECRET"].status == "warning");
  BOOST_TEST(
      has(only_key.checks["JWT_SECRET"].message, "JWT_SECRET is not set, only JWT_SECRET_KEY"));
  BOOST_TEST(only_key.checks["JWT_SECRET_KEY"].status == "ok");
}

BOOST_AUTO_TEST_SUITE_END()

// migctl behind a real PgBouncer (Debian's pgbouncer), started here on a free loopback port in
// front of the test server. Three pool entries lead to the same database: one in session
// pooling, where everything works as with a direct connection, and ones in transaction and
// statement pooling, where a session-level advisory lock does not stay with the client:
// migctl must refuse them before changing anything. Authentication: SCRAM with the role's
// verifier copied into PgBouncer's auth_file (pass-through to the server), so no password is
// in any argv or in the configuration.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <Poco/Process.h>
#include <Poco/URI.h>
#include <atomic>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <thread>

#include "harness.hpp"
#include "text_contains.hpp"

using namespace migctl::test;
namespace fs = std::filesystem;

namespace {

const char* const kPgBouncer = "/usr/sbin/pgbouncer";

using migctl_test::contains;

int free_loopback_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&address), size) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
    if (fd >= 0) ::close(fd);
    throw std::runtime_error("no free loopback port");
  }
  ::close(fd);
  return ntohs(address.sin_port);
}

bool accepts_connections(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  ::close(fd);
  return ok;
}

// A PgBouncer for one test database, stopped (SIGTERM) when the object goes.
class PgBouncer {
 public:
  explicit PgBouncer(const std::string& database) : dir_(scratch_dir()) {
    const Poco::URI server(admin_url());
    const std::string info = server.getUserInfo();
    user_ = info.substr(0, info.find(':'));
    Probe admin(admin_url());
    const std::string verifier =
        admin.scalar("SELECT rolpassword FROM pg_authid WHERE rolname = current_user");
    port_ = free_loopback_port();
    const std::string target = "host=" + server.getHost() +
                               " port=" + std::to_string(server.getPort()) + " dbname=" + database;
    write(dir_ + "/userlist.txt", "\"" + user_ + "\" \"" + verifier + "\"\n");
    fs::permissions(dir_ + "/userlist.txt", fs::perms::owner_read | fs::perms::owner_write);
    write(dir_ + "/pgbouncer.ini",
          "[databases]\n"
          "session_pool = " +
              target +
              " pool_mode=session\n"
              "transaction_pool = " +
              target +
              " pool_mode=transaction\n"
              "statement_pool = " +
              target +
              " pool_mode=statement\n"
              "[pgbouncer]\n"
              "listen_addr = 127.0.0.1\n"
              "listen_port = " +
              std::to_string(port_) +
              "\n"
              "unix_socket_dir =\n"
              "auth_type = scram-sha-256\n"
              "auth_file = " +
              dir_ +
              "/userlist.txt\n"
              "logfile = " +
              dir_ +
              "/pgbouncer.log\n"
              "default_pool_size = 4\n"
              "ignore_startup_parameters = extra_float_digits\n");
    std::vector<std::string> args;
    if (::geteuid() == 0) {
      // PgBouncer refuses to run as root: hand it the files and let it switch to postgres.
      const passwd* pg = ::getpwnam("postgres");
      BOOST_TEST_REQUIRE(pg != nullptr);
      for (const auto& entry : fs::recursive_directory_iterator(dir_))
        BOOST_TEST_REQUIRE(::chown(entry.path().c_str(), pg->pw_uid, pg->pw_gid) == 0);
      BOOST_TEST_REQUIRE(::chown(dir_.c_str(), pg->pw_uid, pg->pw_gid) == 0);
      args = {"-u", "postgres"};
    }
    args.push_back("-q");  // log to the logfile only, not the test's output
    args.push_back(dir_ + "/pgbouncer.ini");
    process_.emplace(Poco::Process::launch(kPgBouncer, args));
    for (int i = 0; i < 200 && !accepts_connections(port_); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    BOOST_TEST_REQUIRE(accepts_connections(port_), "pgbouncer did not start: " << log());
  }

  ~PgBouncer() {
    try {
      Poco::Process::requestTermination(process_->id());
      process_->wait();
      fs::remove_all(dir_);
    } catch (...) {
    }
  }

  // The test server's URL with the host and port replaced by PgBouncer's and the database
  // by one of its pools.
  std::string url(const std::string& pool) const {
    const std::string admin = admin_url();
    const auto scheme_end = admin.find("://") + 3;
    const std::string credentials = admin.substr(scheme_end, admin.rfind('@') - scheme_end);
    return admin.substr(0, scheme_end) + credentials + "@127.0.0.1:" + std::to_string(port_) + "/" +
           pool;
  }

  std::string log() const {
    std::ifstream in(dir_ + "/pgbouncer.log");
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

 private:
  static void write(const std::string& path, const std::string& text) {
    std::ofstream out(path);
    out << text;
  }

  std::string dir_;
  std::string user_;
  int port_ = 0;
  std::optional<Poco::ProcessHandle> process_;
};

std::string advisory_locks(TestDatabase& db) {
  return db.probe().scalar(
      "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database "
      "WHERE l.locktype = 'advisory' AND d.datname = current_database()");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(pgbouncer)

BOOST_AUTO_TEST_CASE(session_pooling_works_end_to_end) {
  TestDatabase db;
  PgBouncer bouncer(db.name());
  const std::string url = bouncer.url("session_pool");

  RunResult up = run_migctl(aksara({"upgrade"}), url);
  BOOST_TEST(up.exit_code == 0, up.all() << bouncer.log());
  BOOST_TEST(db.version_rows() == std::vector<std::string>{"002_refresh_tokens"});

  RunResult current = run_migctl(aksara({"current"}), url);
  BOOST_TEST(current.exit_code == 0, current.all());
  BOOST_TEST(contains(current.out, "002_refresh_tokens (head)"), current.out);

  RunResult seed = run_migctl(aksara({"seed"}), url);
  BOOST_TEST(seed.exit_code == 0, seed.all());
  BOOST_TEST(db.probe().scalar("SELECT count(*) FROM \"user\" WHERE username = 'admin'") == "1");

  RunResult down = run_migctl(aksara({"downgrade", "base"}), url);
  BOOST_TEST(down.exit_code == 0, down.all());
  BOOST_TEST(db.version_rows().empty());
  BOOST_TEST(db.probe().scalar("SELECT count(*) FROM migctl_history WHERE success AND direction IN "
                               "('upgrade', 'downgrade')") == "4");
  BOOST_TEST(advisory_locks(db) == "0");
}

BOOST_AUTO_TEST_CASE(transaction_pooling_is_refused_before_anything_changes) {
  TestDatabase db;
  PgBouncer bouncer(db.name());
  const std::string url = bouncer.url("transaction_pool");
  const std::string before = db.full_snapshot();

  for (const auto& command : {std::vector<std::string>{"upgrade"}, {"seed"}, {"stamp", "head"}}) {
    RunResult run = run_migctl(aksara(command), url);
    BOOST_TEST(run.exit_code == 78, command[0] << ": " << run.all() << bouncer.log());
    BOOST_TEST(contains(run.err, "transaction or statement pooling mode"), run.err);
    BOOST_TEST(contains(run.err, "session-pooled"), run.err);
  }
  BOOST_TEST(db.full_snapshot() == before);
  BOOST_TEST(advisory_locks(db) == "0");

  // Reading takes no lock and needs no session state: `current` works through it.
  RunResult current = run_migctl(aksara({"current"}), url);
  BOOST_TEST(current.exit_code == 0, current.all());
}

// Other clients keep the transaction pool busy, as in production: the server session
// PgBouncer hands out next is then often not the one just released, and a single look at
// two connections' session ids let about one run in twelve through. Such a run took the
// lock on a pooled server session, created the version and audit tables, failed at its
// first commit (75), and left the lock held by a server session that PgBouncer then gave
// to other clients, so every later run waited for it. Each run must be refused (78)
// before it changes anything, and no lock may stay behind.
BOOST_AUTO_TEST_CASE(transaction_pooling_is_refused_while_other_clients_use_the_pool) {
  TestDatabase db;
  PgBouncer bouncer(db.name());
  const std::string url = bouncer.url("transaction_pool");
  const std::string before = db.full_snapshot();

  std::atomic<bool> stop{false};
  std::vector<std::thread> load;
  for (int i = 0; i < 6; ++i) {
    load.emplace_back([&] {
      Probe client(url);
      while (!stop) client.exec("SELECT pg_sleep(0.001)");
    });
  }
  std::vector<std::string> let_through;
  constexpr int kRuns = 40;
  for (int i = 0; i < kRuns; ++i) {
    RunResult run = run_migctl(aksara({"--lock-timeout", "0", "upgrade"}), url);
    if (run.exit_code != 78 || !contains(run.err, "transaction or statement pooling mode"))
      let_through.push_back("run " + std::to_string(i + 1) + ": " + run.all());
  }
  stop = true;
  for (auto& thread : load) thread.join();

  BOOST_TEST(let_through.empty(), let_through.size()
                                      << " of " << kRuns << " runs got through: "
                                      << (let_through.empty() ? "" : let_through[0]));
  BOOST_TEST(db.full_snapshot() == before);
  BOOST_TEST(advisory_locks(db) == "0");
}

BOOST_AUTO_TEST_CASE(statement_pooling_is_refused_before_anything_changes) {
  TestDatabase db;
  PgBouncer bouncer(db.name());
  const std::string before = db.full_snapshot();
  RunResult run = run_migctl(aksara({"upgrade"}), bouncer.url("statement_pool"));
  BOOST_TEST(run.exit_code == 78, run.all() << bouncer.log());
  BOOST_TEST(contains(run.err, "transaction or statement pooling mode"), run.err);
  BOOST_TEST(db.full_snapshot() == before);
  BOOST_TEST(advisory_locks(db) == "0");
}

BOOST_AUTO_TEST_SUITE_END()

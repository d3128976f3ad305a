// seed: the seed steps of the loaded migration sets (Aksara: the admin user).
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/NumberFormatter.h>
#include <termios.h>
#include <unistd.h>

#include <iostream>
#include <string>

#include "command_table.hpp"
#include "commands/seed.hpp"
#include "json_document.hpp"
#include "output.hpp"

namespace migctl::app {
namespace {

// Restores the terminal's echo when it goes out of scope (also on an exception).
class EchoOff {
 public:
  explicit EchoOff(int fd) : fd_(fd) {
    if (isatty(fd_) && tcgetattr(fd_, &saved_) == 0) {
      termios quiet = saved_;
      quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
      active_ = tcsetattr(fd_, TCSAFLUSH, &quiet) == 0;
    }
  }
  ~EchoOff() {
    if (active_) tcsetattr(fd_, TCSAFLUSH, &saved_);
  }
  EchoOff(const EchoOff&) = delete;
  EchoOff& operator=(const EchoOff&) = delete;
  bool active() const { return active_; }

 private:
  int fd_;
  termios saved_{};
  bool active_ = false;
};

// One line from stdin, without its line ending, never echoed (echo is switched off when
// stdin is a terminal; a pipe never echoes).
std::string read_password_line(std::ostream& err) {
  std::string line;
  {
    const bool tty = isatty(STDIN_FILENO);
    if (tty) err << "Seed password: " << std::flush;
    EchoOff quiet(STDIN_FILENO);
    if (!std::getline(std::cin, line)) line.clear();
    if (tty) err << "\n";
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

int run_seed(const CommandLine& cl, Session& session, Io& io) {
  no_arguments(cl);
  SeedOptions options;
  if (cl.has("password-stdin")) options.password_from_stdin = read_password_line(io.err);
  // Warnings and lock waits go to stderr: stdout carries only the result.
  ProgressPrinter progress(io.err, cl.verbose);
  SeedRunResult result = seed(session, options, progress);

  if (cl.json) {
    Poco::JSON::Object::Ptr o = json_document();
    o->set("command", "seed");
    o->set("environment", session.config().environment);
    o->set("password_source", result.password_source);
    Poco::JSON::Array::Ptr steps = new Poco::JSON::Array;
    for (const auto& s : result.steps) {
      Poco::JSON::Object::Ptr j = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
      j->set("set", s.set);
      j->set("step", s.name);
      j->set("changed", s.changed);
      j->set("summary", s.summary);
      j->set("duration_ms", s.duration_ms);
      steps->add(j);
    }
    o->set("steps", steps);
    o->stringify(io.out, 2);
    io.out << "\n";
    return 0;
  }
  for (const auto& s : result.steps) {
    io.out << "Seed " << s.set << "/" << s.name << ": " << s.summary << " ("
           << Poco::NumberFormatter::format(s.duration_ms, 1) << " ms)\n";
  }
  return 0;
}

}  // namespace

MIGCTL_APP_COMMAND({"seed",
                    "seed [--password-stdin]",
                    "insert the seed data of the loaded sets (Aksara: the admin user), once",
                    {{"password-stdin", "", "read the seed password as one line from stdin", ""}},
                    run_seed,
                    "Runs the seed steps of the loaded sets in one transaction (Aksara: the\n"
                    "admin user with a profile), once: a second run changes nothing. Each step\n"
                    "needs its revision applied (else 65). Each set's seed policy says where\n"
                    "the password comes from (Aksara: --password-stdin, SEED_ADMIN_PASSWORD,\n"
                    "or in dev/staging the default admin123 with a warning); production\n"
                    "refuses a missing, default or short password (78).\n",
                    {{"migctl --plugin aksara.so seed", "the admin user (dev: admin123)"},
                     {"printf '%s\\n' \"$PW\" | migctl seed --password-stdin",
                      "a chosen password, not on the command line"}}});

}  // namespace migctl::app

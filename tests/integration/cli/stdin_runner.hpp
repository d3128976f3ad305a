// Runs migctl with text on its stdin (for `seed --password-stdin`), and optionally looks at
// the running process before stdin is written: its command line as `ps` shows it.
#pragma once

#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>

#include <chrono>
#include <fstream>
#include <functional>
#include <sstream>
#include <thread>

#include "harness.hpp"

namespace migctl::test {

// /proc/<pid>/cmdline with the NULs as spaces: what `ps -o args` prints.
inline std::string process_command_line(int pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/cmdline", std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  for (char& c : text)
    if (c == '\0') c = ' ';
  return text;
}

// Launches migctl as run_migctl does (plugin path, DATABASE_CONN, ENVIRONMENT=dev, `env`),
// calls `while_waiting(pid)` while migctl waits for stdin, then writes `input` and closes
// stdin. The result is not checked for passwords: the caller does that.
inline RunResult run_migctl_with_stdin(const std::vector<std::string>& args,
                                       const std::string& database_url, const std::string& input,
                                       const std::map<std::string, std::string>& env = {},
                                       const std::function<void(int pid)>& while_waiting = {}) {
  Poco::Process::Env environment;
  environment["MIGCTL_PLUGIN_PATH"] = std::string(MIGCTL_PLUGIN_DIR) + ":" + MIGCTL_FIXTURE_DIR;
  environment["DATABASE_CONN"] = database_url;
  environment["ENVIRONMENT"] = "dev";
  for (const auto& [k, v] : env) environment[k] = v;
  static const std::string workdir = scratch_dir();
  Poco::Pipe in_pipe, out_pipe, err_pipe;
  Poco::ProcessHandle handle =
      Poco::Process::launch(MIGCTL_BIN, args, workdir, &in_pipe, &out_pipe, &err_pipe, environment);
  RunResult result;
  std::thread out_reader([&] {
    Poco::PipeInputStream s(out_pipe);
    std::ostringstream o;
    o << s.rdbuf();
    result.out = o.str();
  });
  std::thread err_reader([&] {
    Poco::PipeInputStream s(err_pipe);
    std::ostringstream o;
    o << s.rdbuf();
    result.err = o.str();
  });
  if (while_waiting) {
    // migctl blocks in getline() until the input arrives; give it time to get there.
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    while_waiting(handle.id());
  }
  {
    Poco::PipeOutputStream s(in_pipe);
    s << input;
  }
  in_pipe.close(Poco::Pipe::CLOSE_WRITE);
  out_reader.join();
  err_reader.join();
  result.exit_code = handle.wait();
  return result;
}

// Runs `python3 -c code` with `env` (secrets go through the environment, never argv);
// returns its exit code and output.
inline RunResult run_python(const std::string& code,
                            const std::map<std::string, std::string>& env) {
  Poco::Process::Env environment;
  for (const auto& [k, v] : env) environment[k] = v;
  Poco::Pipe out_pipe;
  Poco::ProcessHandle handle = Poco::Process::launch("/usr/bin/python3", {"-c", code}, nullptr,
                                                     &out_pipe, &out_pipe, environment);
  RunResult result;
  Poco::PipeInputStream s(out_pipe);
  std::ostringstream o;
  o << s.rdbuf();
  result.out = o.str();
  result.exit_code = handle.wait();
  return result;
}

// Verifies a stored password hash the way the Aksara backend does at login, with
// implementations independent of migctl's libxcrypt: passlib's
// CryptContext(schemes=["bcrypt"], deprecated="auto") (the backend's own call; it rejects
// any hash that is not bcrypt) and Python's bcrypt.checkpw. The password and the hash go
// through the environment. Prints "bcrypt True passlib True" and exits 0 when both accept.
inline RunResult verify_with_bcrypt(const std::string& password, const std::string& hash) {
  static const char* code = R"py(
import os, sys
import bcrypt
from passlib.context import CryptContext
pw, h = os.environ["PW"], os.environ["HASH"]
by_bcrypt = bcrypt.checkpw(pw.encode(), h.encode())
by_passlib = CryptContext(schemes=["bcrypt"], deprecated="auto").verify(pw, h)
print("bcrypt", by_bcrypt, "passlib", by_passlib)
sys.exit(0 if by_bcrypt and by_passlib else 1)
)py";
  return run_python(code, {{"PW", password}, {"HASH", hash}});
}

}  // namespace migctl::test

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

// Verifies a passlib pbkdf2_sha256 hash with Python's hashlib, independently of migctl's
// OpenSSL code: parses the format, decodes passlib's adapted base64, recomputes.
// Prints "ok <rounds> <salt bytes>" and exits 0 on a match.
inline RunResult verify_with_hashlib(const std::string& password, const std::string& hash) {
  static const char* code = R"py(
import base64, hashlib, hmac, os, sys
pw, h = os.environ["PW"].encode(), os.environ["HASH"]
empty, scheme, rounds, salt, checksum = h.split("$")
assert empty == "" and scheme == "pbkdf2-sha256", "not a passlib pbkdf2_sha256 hash"
ab64 = lambda s: base64.b64decode(s.replace(".", "+") + "=" * (-len(s) % 4))
salt, checksum = ab64(salt), ab64(checksum)
dk = hashlib.pbkdf2_hmac("sha256", pw, salt, int(rounds), len(checksum))
print("ok" if hmac.compare_digest(dk, checksum) else "mismatch", rounds, len(salt))
sys.exit(0 if hmac.compare_digest(dk, checksum) else 1)
)py";
  return run_python(code, {{"PW", password}, {"HASH", hash}});
}

}  // namespace migctl::test

// Helpers for the hook tests (hooks, backup, monitor suites): files, modes, fake client
// programs.
#pragma once

#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "harness.hpp"

namespace migctl::test {

namespace fs = std::filesystem;

inline std::vector<fs::path> files_in(const fs::path& dir, const std::string& extension) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.path().extension() == extension) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

inline unsigned mode_of(const fs::path& p) {
  struct stat st {};
  if (::stat(p.c_str(), &st) != 0) return 0;
  return st.st_mode & 07777;
}

inline std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The directory of the server's own version of the client programs.
inline std::string real_pg_bin() {
  Probe admin(admin_url());
  int major = std::stoi(admin.scalar("SELECT current_setting('server_version_num')")) / 10000;
  return "/usr/lib/postgresql/" + std::to_string(major) + "/bin";
}

// A directory for MIGCTL_HOOK_PG_DUMP_BACKUP_BIN_DIR holding a shell script `pg_dump`
// with `body` (after #!/bin/sh; $REAL is the real bin directory) and a link to the real
// pg_restore.
inline std::string fake_bin_dir(const std::string& body) {
  fs::path dir = scratch_dir();
  {
    std::ofstream script(dir / "pg_dump");
    script << "#!/bin/sh\nREAL='" << real_pg_bin() << "'\n" << body << "\n";
  }
  fs::permissions(dir / "pg_dump",
                  fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec);
  fs::create_symlink(real_pg_bin() + "/pg_restore", dir / "pg_restore");
  return dir.string();
}

// Runs a program, returns (exit status, stdout).
inline std::pair<int, std::string> run_program(const std::string& path,
                                               const std::vector<std::string>& args) {
  Poco::Pipe out;
  Poco::ProcessHandle h = Poco::Process::launch(path, args, nullptr, &out, nullptr);
  Poco::PipeInputStream in(out);
  std::ostringstream text;
  text << in.rdbuf();
  return {h.wait(), text.str()};
}

inline std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + 1)) ++n;
  return n;
}

}  // namespace migctl::test

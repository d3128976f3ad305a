#include "pg_tools.hpp"

#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <regex>
#include <sstream>
#include <thread>

#include "migctl/error.hpp"

namespace fs = std::filesystem;

namespace migctl::pgtools {
namespace {

// Debian's /usr/bin/pg_dump is a Perl wrapper that picks a version per cluster; the
// version-specific binary is preferred because it is known and ~40 ms faster to start.
bool is_debian_wrapper(const fs::path& p) {
  std::error_code ec;
  return fs::canonical(p, ec).filename() == "pg_wrapper";
}

bool is_executable(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec) && ::access(p.c_str(), X_OK) == 0;
}

std::string read_all(Poco::Pipe& pipe) {
  Poco::PipeInputStream in(pipe);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string sanitize(const std::string& text) {
  std::string out;
  for (char c : text) {
    bool ok =
        std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-' || c == '+';
    out += ok ? c : '_';
  }
  return out.empty() ? "_" : out;
}

}  // namespace

std::map<std::string, std::string> client_env(const ClientUrl& url,
                                              const std::string& application) {
  std::map<std::string, std::string> env{{"PGAPPNAME", application}};
  if (!url.password.empty()) env["PGPASSWORD"] = url.password;
  return env;
}

int major_of(const std::string& version) {
  std::size_t i = 0;
  while (i < version.size() && !std::isdigit(static_cast<unsigned char>(version[i]))) ++i;
  int major = 0;
  for (; i < version.size() && std::isdigit(static_cast<unsigned char>(version[i])); ++i)
    major = major * 10 + (version[i] - '0');
  return major;
}

namespace {

// util-linux's setpriv, which sets the parent-death signal in the child before exec:
// Poco::Process::launch offers no hook between fork and exec to call prctl there.
const std::string& setpriv() {
  static const std::string path = [] {
    for (const char* p : {"/usr/bin/setpriv", "/bin/setpriv"})
      if (is_executable(p)) return std::string(p);
    return std::string();
  }();
  return path;
}

}  // namespace

RunResult run(const std::string& path, const std::vector<std::string>& args,
              const std::map<std::string, std::string>& env) {
  Poco::Pipe in_pipe, out_pipe, err_pipe;
  Poco::Process::Env environment(env.begin(), env.end());
  std::string program = path;
  std::vector<std::string> argv = args;
  if (!setpriv().empty()) {
    program = setpriv();
    argv = {"--pdeathsig", "KILL", "--", path};
    argv.insert(argv.end(), args.begin(), args.end());
  }
  Poco::ProcessHandle handle =
      Poco::Process::launch(program, argv, &in_pipe, &out_pipe, &err_pipe, environment);
  in_pipe.close(Poco::Pipe::CLOSE_WRITE);
  RunResult result;
  std::thread err_reader([&] { result.err = read_all(err_pipe); });
  result.out = read_all(out_pipe);
  err_reader.join();
  result.exit_code = handle.wait();
  return result;
}

std::string tail(const std::string& text, const std::vector<std::string>& secrets,
                 std::size_t max_lines) {
  std::vector<std::string> lines;
  std::stringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) lines.push_back(line);
  }
  std::string out;
  std::size_t first = lines.size() > max_lines ? lines.size() - max_lines : 0;
  for (std::size_t i = first; i < lines.size(); ++i) out += (out.empty() ? "" : "; ") + lines[i];
  for (const auto& s : secrets) {
    if (s.empty()) continue;
    for (auto pos = out.find(s); pos != std::string::npos; pos = out.find(s, pos + 3))
      out.replace(pos, s.size(), "***");
  }
  return out.empty() ? "(no output)" : out;
}

Tool find_tool(const std::string& name, const std::string& bin_dir, int server_major,
               const std::string& setting) {
  std::vector<fs::path> candidates;
  if (!bin_dir.empty()) {
    fs::path p = fs::absolute(fs::path(bin_dir) / name);
    if (!is_executable(p)) {
      throw Error(ExitCode::config,
                  name + " not found: " + p.string() + " is missing or not executable",
                  "fix " + setting + " (the directory holding " + name +
                      "), or unset it to search PATH and /usr/lib/postgresql/*/bin");
    }
    candidates.push_back(p);
  } else {
    const char* path_env = std::getenv("PATH");
    std::stringstream in(path_env ? path_env : "");
    std::string dir;
    std::vector<fs::path> wrappers;
    while (std::getline(in, dir, ':')) {
      if (dir.empty()) continue;
      fs::path p = fs::absolute(fs::path(dir) / name);
      if (is_executable(p)) (is_debian_wrapper(p) ? wrappers : candidates).push_back(p);
    }
    if (server_major > 0) {
      fs::path p = "/usr/lib/postgresql/" + std::to_string(server_major) + "/bin/" + name;
      if (is_executable(p)) candidates.push_back(p);
    }
    std::vector<std::pair<int, fs::path>> installed;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", ec)) {
      fs::path p = entry.path() / "bin" / name;
      if (is_executable(p)) installed.emplace_back(major_of(entry.path().filename()), p);
    }
    std::sort(installed.rbegin(), installed.rend());
    for (const auto& [major, p] : installed) candidates.push_back(p);
    candidates.insert(candidates.end(), wrappers.begin(), wrappers.end());
  }
  if (candidates.empty()) {
    throw Error(ExitCode::config, name + " not found in PATH or /usr/lib/postgresql/*/bin",
                "install the PostgreSQL client programs (Debian: apt-get install "
                "postgresql-client" +
                    (server_major > 0 ? "-" + std::to_string(server_major) : std::string()) +
                    ") or set " + setting);
  }
  std::optional<Tool> newer;
  std::string found;
  for (const auto& p : candidates) {
    RunResult r = run(p.string(), {"--version"}, {});
    if (r.exit_code != 0) continue;
    // "pg_dump (PostgreSQL) 15.14 (Debian 15.14-0+deb12u1)"
    std::stringstream words(r.out.substr(0, r.out.find('\n')));
    std::string word, version;
    while (words >> word && version.empty())
      if (std::isdigit(static_cast<unsigned char>(word[0]))) version = word;
    Tool tool{p.string(), 0, version};
    tool.major = major_of(tool.version);
    found += (found.empty() ? "" : ", ") + tool.path + " (" + tool.version + ")";
    if (server_major == 0 || tool.major == server_major) return tool;
    if (tool.major > server_major && !newer) newer = tool;
  }
  if (newer) return *newer;
  if (found.empty()) {
    throw Error(ExitCode::config,
                name + " does not run: `" + candidates.front().string() + " --version` failed",
                "check the PostgreSQL client installation or set " + setting);
  }
  throw Error(ExitCode::config,
              name + " is older than the server (PostgreSQL " + std::to_string(server_major) +
                  "): found " + found,
              "install the client programs of version " + std::to_string(server_major) +
                  " or newer, or set " + setting);
}

std::string backup_file_name(const std::string& database,
                             std::chrono::system_clock::time_point when,
                             const std::vector<std::string>& heads) {
  std::time_t t = std::chrono::system_clock::to_time_t(when);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
  std::string revision;
  for (const auto& h : heads) revision += (revision.empty() ? "" : "+") + h;
  if (revision.empty()) revision = "base";
  return sanitize(database) + "-" + stamp + "-" + sanitize(revision) + ".dump";
}

std::optional<BackupName> parse_backup_file_name(const std::string& file_name) {
  static const std::regex pattern(R"(^(.+)-([0-9]{8}T[0-9]{6}Z)-(.+)\.dump$)");
  std::smatch m;
  if (!std::regex_match(file_name, m, pattern)) return std::nullopt;
  return BackupName{m[1], m[2], m[3]};
}

std::string readable_timestamp(const std::string& ts) {
  if (ts.size() != 16) return ts;
  return ts.substr(0, 4) + "-" + ts.substr(4, 2) + "-" + ts.substr(6, 2) + " " + ts.substr(9, 2) +
         ":" + ts.substr(11, 2) + ":" + ts.substr(13, 2) + " UTC";
}

bool ensure_private_dir(const std::string& dir, const std::string& setting) {
  std::error_code ec;
  fs::path p(dir);
  if (fs::exists(p, ec)) {
    if (!fs::is_directory(p, ec)) {
      throw Error(ExitCode::config, "'" + dir + "' exists but is not a directory",
                  "set " + setting + " to a directory");
    }
    return false;
  }
  if (p.has_parent_path() && !p.parent_path().empty()) {
    fs::create_directories(p.parent_path(), ec);
    if (ec) {
      throw Error(ExitCode::config,
                  "cannot create directory '" + p.parent_path().string() + "': " + ec.message(),
                  "create it, or set " + setting + " to a writable directory");
    }
  }
  if (::mkdir(p.c_str(), 0700) != 0 && errno != EEXIST) {
    throw Error(ExitCode::config, "cannot create directory '" + dir + "': " + std::strerror(errno),
                "create it, or set " + setting + " to a writable directory");
  }
  ::chmod(p.c_str(), 0700);  // mkdir's mode is masked by the umask
  return true;
}

std::optional<std::uint64_t> free_bytes(const std::string& dir) {
  struct statvfs s {};
  if (::statvfs(dir.c_str(), &s) != 0) return std::nullopt;
  return static_cast<std::uint64_t>(s.f_bavail) * s.f_frsize;
}

std::string human_size(std::int64_t bytes) {
  const char* units[] = {"bytes", "kB", "MB", "GB", "TB"};
  double value = static_cast<double>(bytes < 0 ? -bytes : bytes);
  int unit = 0;
  while (value >= 1024 && unit < 4) {
    value /= 1024;
    ++unit;
  }
  char buf[48];
  if (unit == 0)
    std::snprintf(buf, sizeof buf, "%s%lld bytes", bytes < 0 ? "-" : "",
                  static_cast<long long>(value));
  else
    std::snprintf(buf, sizeof buf, "%s%.1f %s", bytes < 0 ? "-" : "", value, units[unit]);
  return buf;
}

}  // namespace migctl::pgtools

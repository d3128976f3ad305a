#include "file_lock.hpp"

#include <fcntl.h>
#include <pwd.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>

#include "migctl/error.hpp"

namespace migctl::sqlite {
namespace {

std::string os_error(int error) {
  return std::strerror(error);
}

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

std::string holder_text() {
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  const passwd* pw = getpwuid(geteuid());
  return "pid=" + std::to_string(::getpid()) + "\nhost=" + host +
         "\nuser=" + (pw != nullptr ? pw->pw_name : std::to_string(geteuid())) +
         "\nsince=" + std::to_string(std::time(nullptr)) + "\nsince_utc=" + utc_now() + "\n";
}

// The value of `key` in the holder text ("key=value" lines); empty when absent.
std::string field(const std::string& text, const std::string& key) {
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    if (text.compare(start, key.size() + 1, key + "=") == 0) {
      return text.substr(start + key.size() + 1, end - start - key.size() - 1);
    }
    start = end + 1;
  }
  return {};
}

}  // namespace

FileMigrationLock::FileMigrationLock(std::string lock_path) : path_(std::move(lock_path)) {}

FileMigrationLock::~FileMigrationLock() {
  release();
}

bool FileMigrationLock::try_acquire() {
  if (fd_ >= 0) return true;
  // A run that released the file between our open() and flock() may have been followed by
  // someone replacing it: retry a few times on a fresh open.
  for (int attempt = 0; attempt < 5; ++attempt) {
    bool writable = true;
    int fd = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOCTTY, 0644);
    if (fd < 0 && errno == EACCES) {  // another user's lock file: locking needs no write access
      writable = false;
      fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
    }
    if (fd < 0) {
      const int error = errno;
      throw Error(ExitCode::permission,
                  "cannot open the migration lock file " + path_ + ": " + os_error(error),
                  "migctl locks a file next to the database: the directory must let this user "
                  "create it, or the file must be readable");
    }
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      const int error = errno;
      ::close(fd);
      if (error == EWOULDBLOCK || error == EINTR) return false;
      throw Error(ExitCode::config,
                  "cannot lock the migration lock file " + path_ + ": " + os_error(error),
                  error == ENOLCK ? "the filesystem offers no locks (NFS mounted with nolock?): "
                                    "keep the database on a local disk"
                                  : "");
    }
    struct stat locked {};
    struct stat named {};
    if (::fstat(fd, &locked) == 0 && ::stat(path_.c_str(), &named) == 0 &&
        locked.st_dev == named.st_dev && locked.st_ino == named.st_ino) {
      fd_ = fd;
      writable_ = writable;
      device_ = locked.st_dev;
      inode_ = locked.st_ino;
      if (writable_) {
        const std::string text = holder_text();
        if (::ftruncate(fd_, 0) == 0) {
          [[maybe_unused]] const auto written = ::pwrite(fd_, text.data(), text.size(), 0);
        }
      }
      return true;
    }
    ::close(fd);  // the path names another file now: lock that one instead
  }
  return false;
}

std::string FileMigrationLock::describe_holder() noexcept {
  try {
    std::string text;
    const int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd >= 0) {
      char buffer[1024];
      const ssize_t n = ::pread(fd, buffer, sizeof buffer, 0);
      if (n > 0) text.assign(buffer, static_cast<std::size_t>(n));
      ::close(fd);
    }
    const std::string pid = field(text, "pid");
    if (pid.empty()) {
      return "another process (its lock file " + path_ + " does not say which yet)";
    }
    std::string out = "pid " + pid + " on " + field(text, "host") + " (user " + field(text, "user");
    const std::string since = field(text, "since");
    if (!since.empty()) {
      const long long seconds = static_cast<long long>(std::time(nullptr)) - std::stoll(since);
      out += ", for " + std::to_string(seconds < 0 ? 0 : seconds) + " s";
    }
    return out + "; lock file " + path_ + ")";
  } catch (...) {
    return "another process (lock file " + path_ + ")";
  }
}

void FileMigrationLock::verify() {
  if (fd_ < 0) {
    throw Error(ExitCode::temporary, "lost the migration lock: this run does not hold " + path_);
  }
  struct stat named {};
  if (::stat(path_.c_str(), &named) != 0) {
    const int error = errno;
    throw Error(ExitCode::temporary,
                "lost the migration lock: its file " + path_ +
                    " was removed while this run held it (" + os_error(error) +
                    "); another run may have created a new one and taken the lock",
                "do not delete the lock file while migctl runs; check `migctl current` and rerun");
  }
  if (named.st_dev != device_ || named.st_ino != inode_) {
    throw Error(ExitCode::temporary,
                "lost the migration lock: its file " + path_ +
                    " was replaced by another file while this run held it; another run may hold "
                    "the new one",
                "do not delete or replace the lock file while migctl runs; check `migctl "
                "current` and rerun");
  }
}

void FileMigrationLock::release() noexcept {
  if (fd_ < 0) return;
  if (writable_) {
    [[maybe_unused]] const int ignored = ::ftruncate(fd_, 0);  // still ours here
  }
  ::flock(fd_, LOCK_UN);
  ::close(fd_);
  fd_ = -1;
}

}  // namespace migctl::sqlite

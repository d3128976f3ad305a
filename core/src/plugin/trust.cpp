#include "plugin/trust.hpp"

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>

namespace fs = std::filesystem;

namespace migctl {
namespace {

std::string owner_name(uid_t uid) {
  if (const passwd* pw = getpwuid(uid)) return pw->pw_name;
  return "uid " + std::to_string(uid);
}

std::string mode_text(mode_t mode) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(mode & 07777));
  return buf;
}

std::string check(const fs::path& path, bool is_dir) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) return "cannot stat " + path.string();
  const uid_t me = geteuid();
  if (st.st_uid != 0 && st.st_uid != me) {
    return path.string() + " is owned by " + owner_name(st.st_uid) + ", not by root" +
           (me == 0 ? std::string() : " or " + owner_name(me));
  }
  const bool sticky = (st.st_mode & S_ISVTX) != 0;
  if ((st.st_mode & S_IWOTH) && !(is_dir && sticky)) {
    return path.string() + " is writable by every user (mode " + mode_text(st.st_mode) + ")";
  }
  if ((st.st_mode & S_IWGRP) && st.st_gid != 0 && !(is_dir && sticky)) {
    return path.string() + " is writable by its group (mode " + mode_text(st.st_mode) + ")";
  }
  return {};
}

}  // namespace

std::string untrusted_reason(const fs::path& file) {
  std::error_code ec;
  fs::path p = fs::canonical(file, ec);
  if (ec) return "cannot resolve " + file.string();
  if (std::string why = check(p, false); !why.empty()) return why;
  for (fs::path dir = p.parent_path(); !dir.empty(); dir = dir.parent_path()) {
    if (std::string why = check(dir, true); !why.empty()) return why;
    if (dir == dir.root_path()) break;
  }
  return {};
}

}  // namespace migctl

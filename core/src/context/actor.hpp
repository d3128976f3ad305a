// Who runs migctl: the OS user, the host and the migctl version, recorded in each audit row.
#pragma once

#include <string>

namespace migctl {

struct Actor {
  std::string os_user;
  std::string host;
  std::string migctl_version;
  // This process's effective user, host name and MIGCTL_VERSION_STRING.
  static Actor current();
};

}  // namespace migctl

#include "context/actor.hpp"

#include <pwd.h>
#include <unistd.h>

#include "migctl/version.hpp"

namespace migctl {

Actor Actor::current() {
  Actor a;
  if (const passwd* pw = getpwuid(geteuid())) a.os_user = pw->pw_name;
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) == 0) a.host = host;
  a.migctl_version = MIGCTL_VERSION_STRING;
  return a;
}

}  // namespace migctl

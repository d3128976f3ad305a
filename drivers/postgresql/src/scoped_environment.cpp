#include "scoped_environment.hpp"

#include <cstdlib>

namespace migctl::pg {
namespace {

std::mutex& environment_mutex() {
  static std::mutex mutex;
  return mutex;
}

}  // namespace

ScopedEnvironment::ScopedEnvironment(const std::map<std::string, std::string>& variables)
    : lock_(environment_mutex()) {
  for (const auto& [name, value] : variables) {
    const char* previous = std::getenv(name.c_str());
    saved_.emplace_back(name, previous ? std::optional<std::string>(previous) : std::nullopt);
    ::setenv(name.c_str(), value.c_str(), 1);
  }
}

ScopedEnvironment::~ScopedEnvironment() {
  for (const auto& [name, previous] : saved_) {
    if (previous) {
      ::setenv(name.c_str(), previous->c_str(), 1);
    } else {
      ::unsetenv(name.c_str());
    }
  }
}

}  // namespace migctl::pg

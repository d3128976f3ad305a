// The one substring check of the test suites (unit, conformance and integration).
#pragma once

#include <string>

namespace migctl_test {

inline bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace migctl_test

// Graph-building and error-capturing helpers for the revision layer's tests.
#pragma once

#include "revision/plan.hpp"

#include <boost/test/unit_test.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "migctl/error.hpp"
#include "migctl/revision.hpp"
#include "text_contains.hpp"

namespace migctl {
// How Boost.Test prints an exit code in a failed assertion (found by ADL).
inline std::ostream& boost_test_print_type(std::ostream& out, ExitCode code) {
  return out << "ExitCode(" << static_cast<int>(code) << ")";
}
}  // namespace migctl

namespace revision_test {

// A reversible revision declared in "versions/<id>.cpp".
inline migctl::Revision rev(std::string id, std::vector<std::string> down = {},
                            std::vector<std::string> depends_on = {},
                            std::vector<std::string> labels = {}) {
  migctl::Revision r;
  r.source = "versions/" + id + ".cpp";
  r.id = std::move(id);
  r.down_revisions = std::move(down);
  r.depends_on = std::move(depends_on);
  r.branch_labels = std::move(labels);
  r.upgrade = {"CREATE TABLE t_" + r.id + " (id int);"};
  r.downgrade = {"DROP TABLE t_" + r.id + ";"};
  return r;
}

inline migctl::Revision irreversible(migctl::Revision r) {
  r.downgrade.clear();
  return r;
}

struct Failure {
  bool thrown = false;
  migctl::ExitCode code = migctl::ExitCode::ok;
  std::string message;
  std::string hint;
};

// Runs `f`, expecting a migctl::Error; records what it carried.
template <class F>
Failure failure(F&& f) {
  Failure out;
  try {
    f();
  } catch (const migctl::Error& e) {
    out.thrown = true;
    out.code = e.code();
    out.message = e.what();
    out.hint = e.hint();
  }
  return out;
}

using migctl_test::contains;

using Ids = std::vector<std::string>;

// The revision ids of a plan, in order.
inline Ids revisions_of(const std::vector<migctl::Step>& steps) {
  Ids out;
  for (const auto& step : steps) out.push_back(step.revision);
  return out;
}

}  // namespace revision_test

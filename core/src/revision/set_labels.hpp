// Branch labels for migration sets: each loaded set is its own branch, named after the set.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "migctl/revision.hpp"

namespace migctl {

// The automatic branch labels: a set's name for its base revision, so `<set>@head`,
// `<set>@-1` and `<set>@base` work for every module without the plugin declaring a label.
// Returned as label -> revision id for RevisionMap, which resolves them like declared
// labels but never prints them (Alembic shows only declared labels).
// `set_of` maps revision id -> set name. A set is labelled only when: none of its
// revisions carries a branch label already (the plugin chose its own), it has exactly one
// base (a label names one revision), and the name is not already a revision id or a label
// elsewhere.
std::map<std::string, std::string> set_labels(const std::vector<Revision>& revisions,
                                              const std::map<std::string, std::string>& set_of);

}  // namespace migctl

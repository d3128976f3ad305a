// Branch labels for migration sets: each loaded set is its own branch, named after the set.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "migctl/revision.hpp"

namespace migctl {

// Gives a set's base revision the set's name as a branch label, so `<set>@head`,
// `<set>@-1` and `<set>@base` work for every module without the plugin declaring a label.
// `set_of` maps revision id -> set name. A set is labelled only when: none of its
// revisions carries a branch label already (the plugin chose its own), it has exactly one
// base (a label names one revision), and the name is not already a revision id or a label
// elsewhere. Everything else is left as it is.
void add_set_labels(std::vector<Revision>& revisions,
                    const std::map<std::string, std::string>& set_of);

}  // namespace migctl

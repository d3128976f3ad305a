// A migration set: the revisions one plugin contributes, under one name.
//
// Several sets may be loaded at once; their revisions form one graph. Set names and
// revision ids are unique across everything loaded.
#pragma once

#include <string>
#include <vector>

#include "migctl/revision.hpp"

namespace migctl {

struct MigrationSet {
  std::string name;  // e.g. "aksara"
  std::string description;
  std::vector<Revision> revisions;
};

}  // namespace migctl

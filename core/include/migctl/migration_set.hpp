// A migration set: the revisions one plugin contributes, under one name.
//
// Several sets may be loaded at once; their revisions form one graph. Set names and
// revision ids are unique across everything loaded. A set may also provide seed steps.
#pragma once

#include <string>
#include <vector>

#include "migctl/revision.hpp"
#include "migctl/seed.hpp"

namespace migctl {

struct MigrationSet {
  std::string name;  // e.g. "aksara"
  std::string description;
  std::vector<Revision> revisions;
  // Data to insert once the schema exists (`migctl seed`, migctl/seed.hpp). SDK 1.1.
  std::vector<SeedStep> seeds = {};  // "= {}": three-member aggregate init stays warning-free
};

}  // namespace migctl

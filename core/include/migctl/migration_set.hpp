// A migration set: the revisions one plugin contributes, under one name, with what the
// set's application adds to the core's commands: seed steps and their password policy
// (`migctl seed`, migctl/seed.hpp), and the settings it reads with its checks over them
// (`migctl doctor`, migctl/config_check.hpp).
//
// Several sets may be loaded at once; their revisions form one graph. Set names and
// revision ids are unique across everything loaded.
#pragma once

#include <string>
#include <vector>

#include "migctl/config_check.hpp"
#include "migctl/revision.hpp"
#include "migctl/seed.hpp"

namespace migctl {

// Members after `revisions` have defaults ("= {}" keeps aggregate initialization of the
// first members warning-free), so a set that needs none of them leaves them out.
struct MigrationSet {
  std::string name;  // e.g. "aksara"
  std::string description;
  std::vector<Revision> revisions;
  // Data to insert once the schema exists. SDK 1.1.
  std::vector<SeedStep> seeds = {};
  // Where the seed steps' password comes from. SDK 2.0.
  SeedPolicy seed_policy = {};
  // The application settings the set reads (its checks see only these). SDK 2.0.
  std::vector<DeclaredSetting> settings = {};
  // The set's own `doctor` checks. SDK 2.0.
  std::vector<ConfigCheck> checks = {};
};

}  // namespace migctl

// `branches`: the branch points and branch labels of the graph. No database access.
#pragma once

#include <string>
#include <vector>

#include "commands/status.hpp"

namespace migctl {

struct BranchPoint {
  RevisionInfo revision;               // a revision with two or more children
  std::vector<RevisionInfo> children;  // in declaration order
};

struct BranchLabel {
  std::string label;
  std::string set;                   // set of the revision carrying it
  std::string revision;              // the revision carrying it
  std::vector<std::string> heads;    // heads of its branch (RevisionMap::branch_members)
  std::vector<std::string> members;  // its branch, in topological order
};

struct BranchesResult {
  std::vector<BranchPoint> branch_points;  // in `history` order
  std::vector<BranchLabel> labels;         // by label, automatic ones too (JSON only)
};

BranchesResult branches(Session& session);

}  // namespace migctl

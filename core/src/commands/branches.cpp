#include "commands/branches.hpp"

#include "revision/describe.hpp"
#include "revision/order.hpp"

namespace migctl {

BranchesResult branches(Session& session) {
  const RevisionMap& map = session.revisions();
  BranchesResult result;
  // In `history` order, as Alembic lists them.
  const auto& order = map.topological_order();
  for (const auto& id : alembic_order(map, {order.begin(), order.end()}, map.real_heads())) {
    const auto& children = map.children(id);
    if (children.size() < 2) continue;
    BranchPoint point{describe_revision(session, map, id), {}};
    for (const auto& child : children)
      point.children.push_back(describe_revision(session, map, child));
    result.branch_points.push_back(std::move(point));
  }
  for (const auto& label : map.label_names()) {
    const std::string id = map.label_revision(label);
    BranchLabel entry{label, session.set_of(id), id, {}, {}};
    const auto members = map.branch_members(label);
    entry.members = map.in_topological_order(members);
    for (const auto& member : entry.members)
      if (map.children(member).empty()) entry.heads.push_back(member);
    result.labels.push_back(std::move(entry));
  }
  return result;
}

}  // namespace migctl

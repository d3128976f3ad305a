#include "commands/changed_revisions.hpp"

#include "context/checksum.hpp"

namespace migctl {

std::vector<ChangedRevision> changed_revisions(const RevisionMap& map, const Dialect& dialect,
                                               const std::set<std::string>& applied,
                                               const std::map<std::string, std::string>& recorded) {
  std::vector<ChangedRevision> out;
  for (const auto& id : map.in_topological_order(applied)) {
    const auto it = recorded.find(id);
    if (it == recorded.end()) continue;
    const Revision& revision = map.get(id);
    ChangedRevision changed{id, revision.source, it->second, {}, {}};
    // v2 first: what this migctl records. v1 only for rows an earlier migctl wrote, which
    // also covers a revision its parser accepted that this one rejects.
    try {
      changed.now = revision_checksum(revision, dialect);
      if (changed.now == it->second) continue;
    } catch (const Error& e) {
      changed.parse_error = e.what();
    }
    if (it->second == revision_checksum_v1(revision)) continue;
    out.push_back(std::move(changed));
  }
  return out;
}

std::string describe_change(const ChangedRevision& changed) {
  std::string out = changed.id + " (" + (changed.source.empty() ? "no source" : changed.source) +
                    ": applied as " + changed.recorded.substr(0, 12);
  if (changed.now.empty()) return out + ", now it does not parse: " + changed.parse_error + ")";
  return out + ", now " + changed.now.substr(0, 12) + ")";
}

}  // namespace migctl

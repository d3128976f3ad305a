#include "revision/set_labels.hpp"

#include <set>

namespace migctl {

std::map<std::string, std::string> set_labels(const std::vector<Revision>& revisions,
                                              const std::map<std::string, std::string>& set_of) {
  std::map<std::string, std::string> out;
  std::set<std::string> taken;  // ids and labels: one namespace
  std::map<std::string, std::vector<const Revision*>> bases;
  std::set<std::string> labelled;
  for (const auto& r : revisions) {
    taken.insert(r.id);
    taken.insert(r.branch_labels.begin(), r.branch_labels.end());
    const auto set = set_of.find(r.id);
    if (set == set_of.end()) continue;
    if (!r.branch_labels.empty()) labelled.insert(set->second);
    if (r.down_revisions.empty()) bases[set->second].push_back(&r);
  }
  for (auto& [set, set_bases] : bases) {
    if (set.empty() || labelled.count(set) || set_bases.size() != 1 || taken.count(set)) continue;
    out.emplace(set, set_bases.front()->id);
    taken.insert(set);
  }
  return out;
}

}  // namespace migctl

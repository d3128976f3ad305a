#include "revision/set_labels.hpp"

#include <set>

namespace migctl {

void add_set_labels(std::vector<Revision>& revisions,
                    const std::map<std::string, std::string>& set_of) {
  std::set<std::string> taken;  // ids and labels: one namespace
  std::map<std::string, std::vector<Revision*>> bases;
  std::set<std::string> labelled;
  for (auto& r : revisions) {
    taken.insert(r.id);
    taken.insert(r.branch_labels.begin(), r.branch_labels.end());
    const auto set = set_of.find(r.id);
    if (set == set_of.end()) continue;
    if (!r.branch_labels.empty()) labelled.insert(set->second);
    if (r.down_revisions.empty()) bases[set->second].push_back(&r);
  }
  for (auto& [set, set_bases] : bases) {
    if (set.empty() || labelled.count(set) || set_bases.size() != 1 || taken.count(set)) continue;
    set_bases.front()->branch_labels.push_back(set);
    taken.insert(set);
  }
}

}  // namespace migctl

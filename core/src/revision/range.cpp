#include "revision/range.hpp"

#include <algorithm>
#include <set>

#include "revision/describe.hpp"

namespace migctl {
namespace {

// The revisions an endpoint names; `unbounded` when it does not limit the range.
std::vector<std::string> endpoint(const RevisionMap& map, const std::string& text, bool lower,
                                  const std::vector<std::string>& current, bool& unbounded) {
  unbounded = false;
  if (text.empty() || (lower && text == "base") ||
      (!lower && (text == "heads" || text == "head"))) {
    unbounded = true;
    return {};
  }
  if (text == "current") {
    if (current.empty() && lower) unbounded = true;
    return current;
  }
  if (text.front() == '+' || text.front() == '-') {
    if (current.size() > 1)
      throw RevisionError("range endpoint '" + text + "' is ambiguous: the database is at " +
                              revision_text::join(current),
                          "name a revision instead, e.g. <id>" + text);
    if (current.empty())
      throw RevisionError("range endpoint '" + text + "' is relative to the current revision, " +
                              "but nothing is applied",
                          "name a revision instead, e.g. <id>" + text);
    if (lower && text.front() == '-') {
      // Going below base from the lower end just means "from the bases", as in Alembic's
      // `history -r-3:current` near the start of the history.
      std::string at = current.front();
      for (int i = std::stoi(text.substr(1)); i > 0; --i) {
        const auto& parents = map.get(at).down_revisions;
        if (parents.empty()) {
          unbounded = true;
          return {};
        }
        at = parents.front();
      }
      return {at};
    }
    return {map.resolve(current.front() + text)};
  }
  return {map.resolve(text)};
}

}  // namespace

RevisionRange parse_range(std::string_view text) {
  const auto colon = text.find(':');
  if (colon == std::string_view::npos || text.find(':', colon + 1) != std::string_view::npos)
    throw Error(ExitCode::usage, "'" + std::string(text) + "' is not a revision range",
                "ranges are <lower>:<upper>, either side optional, e.g. 001:head, base:current, "
                "-2:current");
  return {std::string(text.substr(0, colon)), std::string(text.substr(colon + 1))};
}

std::vector<std::string> revisions_in_range(const RevisionMap& map, const RevisionRange& range,
                                            const std::vector<std::string>& current) {
  bool lower_open = false;
  bool upper_open = false;
  const auto lower = endpoint(map, range.lower, true, current, lower_open);
  const auto upper = endpoint(map, range.upper, false, current, upper_open);
  const auto& order = map.topological_order();
  std::set<std::string> below =
      upper_open ? std::set<std::string>(order.begin(), order.end()) : map.ancestors(upper);
  std::set<std::string> above =
      lower_open ? std::set<std::string>(order.begin(), order.end()) : map.descendants(lower);
  std::vector<std::string> out;
  for (auto it = order.rbegin(); it != order.rend(); ++it)
    if (below.count(*it) && above.count(*it)) out.push_back(*it);
  return out;
}

}  // namespace migctl

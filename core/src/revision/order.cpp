#include "revision/order.hpp"

#include <algorithm>

namespace migctl {
namespace {

// Every revision `id` requires, itself included, as marks by declaration index.
std::vector<char> ancestry(const RevisionMap& map, const std::string& id) {
  std::vector<char> marks(map.size(), 0);
  std::vector<std::string> stack{id};
  while (!stack.empty()) {
    const std::string at = stack.back();
    stack.pop_back();
    char& mark = marks[map.declaration_index(at)];
    if (mark) continue;
    mark = 1;
    for (const auto& req : map.normalized_requirements(at)) stack.push_back(req);
  }
  return marks;
}

}  // namespace

std::vector<std::string> alembic_order(const RevisionMap& map,
                                       const std::set<std::string>& revisions,
                                       const std::vector<std::string>& heads) {
  std::set<std::string> todo = revisions;
  std::vector<std::string> lines;
  for (const auto& head : heads)
    if (todo.count(head) && std::find(lines.begin(), lines.end(), head) == lines.end())
      lines.push_back(head);
  std::sort(lines.begin(), lines.end(), [&](const std::string& a, const std::string& b) {
    return map.declaration_index(a) < map.declaration_index(b);
  });
  std::vector<std::vector<char>> needs;  // per line: what its current revision requires
  for (const auto& line : lines) needs.push_back(ancestry(map, line));

  std::vector<std::string> out;
  out.reserve(todo.size());
  std::size_t current = 0;
  while (!lines.empty()) {
    const std::string candidate = lines[current];
    const std::size_t index = map.declaration_index(candidate);
    bool needed_elsewhere = false;
    for (std::size_t other = 0; other < lines.size(); ++other) {
      if (other != current && needs[other][index]) {
        current = other;  // that line goes first
        needed_elsewhere = true;
        break;
      }
    }
    if (needed_elsewhere) continue;
    if (todo.erase(candidate)) out.push_back(candidate);

    const Revision& r = map.get(candidate);
    const auto& requirements = map.normalized_requirements(candidate);
    std::vector<std::string> next;
    for (const auto& req : requirements)
      if (todo.count(req) && std::find(lines.begin(), lines.end(), req) == lines.end())
        next.push_back(req);
    if (next.empty()) {
      lines.erase(lines.begin() + static_cast<std::ptrdiff_t>(current));
      needs.erase(needs.begin() + static_cast<std::ptrdiff_t>(current));
      current = current > 0 ? current - 1 : 0;
    } else if (requirements.size() == 1 && r.down_revisions.size() == 1) {
      lines[current] = next.front();
      needs[current][index] = 0;  // a plain line: what it needs is what it needed, less itself
    } else {
      lines[current] = next.front();
      needs[current] = ancestry(map, next.front());
      for (std::size_t i = 1; i < next.size(); ++i) {
        lines.push_back(next[i]);
        needs.push_back(ancestry(map, next[i]));
      }
    }
  }
  if (!todo.empty())
    throw RevisionError("internal error: " + std::to_string(todo.size()) +
                            " revisions could not be ordered, e.g. '" + *todo.begin() + "'",
                        "please report this with `migctl history` output");
  return out;
}

}  // namespace migctl

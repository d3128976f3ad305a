#include "commands/show.hpp"

#include <algorithm>

#include "context/migration_context.hpp"
#include "revision/describe.hpp"
#include "revision/resolve.hpp"

namespace migctl {
namespace {

bool negative_number(const std::string& text) {
  return text.size() > 1 && text.front() == '-' &&
         std::all_of(text.begin() + 1, text.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
         text.find_first_not_of('0', 1) != std::string::npos;
}

// The ids `target` names (see show_of); `several` set when its form may name any number.
std::vector<std::string> named(const RevisionMap& map, const std::string& target,
                               const std::function<std::vector<std::string>()>& rows,
                               bool& several) {
  several = false;
  if (map.contains(target)) return {target};
  if (target == "current") {
    several = true;
    const std::vector<std::string> current = rows();
    map.applied_from_rows(current);  // throws for a row no loaded plugin provides
    return current;
  }
  // As Alembic: "<branch>@" up to the first '@', then the symbol.
  const auto at = target.find('@');
  const std::string branch = at == std::string::npos ? std::string() : target.substr(0, at);
  const std::string symbol = at == std::string::npos ? target : target.substr(at + 1);
  if (symbol == "heads" || symbol == "base" || negative_number(symbol)) {
    several = true;
    std::vector<std::string> ids;
    for (const Point& p : resolve_symbol(map, branch, symbol)) {
      if (p.kind != Point::Kind::revision)
        throw RevisionError("'" + target + "' goes below base from a head",
                            "use a smaller count; `migctl heads` lists the heads");
      ids.push_back(p.id);
    }
    return ids;
  }
  if (target == "head" && map.heads().size() != 1)
    throw RevisionError("`show head` needs a single head, but there are " +
                            std::to_string(map.heads().size()) + ": " +
                            revision_text::join(map.heads()),
                        "show one of them, `migctl show heads` for all, or a branch's head "
                        "with <label>@head");
  return {target == "head" ? map.heads().front() : map.resolve(target)};
}

}  // namespace

ShowResult show_of(const RevisionMap& map, const std::string& target,
                   const std::function<std::vector<std::string>()>& rows) {
  ShowResult out;
  for (const auto& id : named(map, target, rows, out.several))
    out.revisions.push_back(describe_revision(map, id, {}));
  return out;
}

ShowResult show(Session& session, const std::string& target) {
  const RevisionMap& map = session.revisions();
  ShowResult out;
  const auto rows = [&] { return session.context(/*for_changes=*/false).version_rows(); };
  for (const auto& id : named(map, target, rows, out.several))
    out.revisions.push_back(describe_revision(session, map, id));
  return out;
}

}  // namespace migctl

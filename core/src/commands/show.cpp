#include "commands/show.hpp"

#include "revision/describe.hpp"

namespace migctl {

RevisionInfo show(Session& session, const std::string& revision) {
  const RevisionMap& map = session.revisions();
  std::string id;
  if (revision == "head") {
    if (map.heads().size() != 1)
      throw RevisionError("`show head` needs a single head, but there are " +
                              std::to_string(map.heads().size()) + ": " +
                              revision_text::join(map.heads()),
                          "show one of them, or a branch's head with <label>@head");
    id = map.heads().front();
  } else {
    id = map.resolve(revision);
  }
  return describe_revision(session, map, id);
}

}  // namespace migctl

// MIGCTL_REVISION: declares one revision in its own source file, so that adding a
// revision is adding a file (the plugin's build globs its versions/ directory).
//
//   MIGCTL_REVISION(refresh_tokens) {
//     migctl::Revision r;
//     r.id = "002_refresh_tokens";
//     r.down_revisions = {"001_initial"};
//     r.upgrade = {R"sql(CREATE TABLE ...;)sql"};
//     r.downgrade = {R"sql(DROP TABLE ...;)sql"};
//     return r;
//   }
//
// The plugin's entry then passes migctl::declared_revisions() to its MigrationSet.
// Contract: only for plugins built with hidden visibility (migctl_add_plugin does this),
// so that each plugin library has its own list.
#pragma once

#include <algorithm>
#include <cstring>
#include <vector>

#include "migctl/revision.hpp"

namespace migctl {
namespace detail {

using RevisionFactory = Revision (*)();

struct DeclaredRevision {
  RevisionFactory factory;
  const char* file;
};

inline std::vector<DeclaredRevision>& declared_revision_list() {
  static std::vector<DeclaredRevision> list;
  return list;
}

inline bool declare_revision(RevisionFactory factory, const char* file) {
  declared_revision_list().push_back({factory, file});
  return true;
}

// "…/migrations/aksara/versions/001_x.cpp" -> "migrations/aksara/versions/001_x.cpp"
inline std::string short_source_path(const char* file) {
  const char* p = std::strstr(file, "migrations/");
  return p ? p : file;
}

}  // namespace detail

// Every revision declared with MIGCTL_REVISION in this plugin, sorted by id so the order
// does not depend on static initialisation order.
inline std::vector<Revision> declared_revisions() {
  std::vector<Revision> out;
  for (const auto& d : detail::declared_revision_list()) {
    Revision r = d.factory();
    if (r.source.empty()) r.source = detail::short_source_path(d.file);
    out.push_back(std::move(r));
  }
  std::sort(out.begin(), out.end(),
            [](const Revision& a, const Revision& b) { return a.id < b.id; });
  return out;
}

}  // namespace migctl

#define MIGCTL_REVISION(name)                                                \
  static ::migctl::Revision migctl_revision_##name();                        \
  [[maybe_unused]] static const bool migctl_revision_registered_##name =     \
      ::migctl::detail::declare_revision(&migctl_revision_##name, __FILE__); \
  static ::migctl::Revision migctl_revision_##name()

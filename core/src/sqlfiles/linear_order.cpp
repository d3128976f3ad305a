#include "sqlfiles/linear_order.hpp"

#include <algorithm>

#include "migctl/error.hpp"

namespace migctl::sqlfiles {
namespace {

// alembic_version.version_num is VARCHAR(32) (revision/revision_map.cpp checks it too,
// without the file's name).
constexpr std::size_t kMaxIdLength = 32;

}  // namespace

std::vector<std::string> parse_version(std::string_view text, bool separators) {
  std::vector<std::string> parts;
  std::string part;
  bool digits = false;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    const bool end = i == text.size();
    const char c = end ? '.' : text[i];
    if (c >= '0' && c <= '9') {
      digits = true;
      if (!(part.empty() && c == '0')) part += c;
      continue;
    }
    if (!(c == '.' || c == '_') || !digits || (!end && !separators)) return {};
    parts.push_back(part.empty() ? "0" : part);
    part.clear();
    digits = false;
  }
  while (parts.size() > 1 && parts.back() == "0") parts.pop_back();
  return parts;
}

int compare_versions(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  const std::size_t n = std::max(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    const std::string& x = i < a.size() ? a[i] : "0";
    const std::string& y = i < b.size() ? b[i] : "0";
    if (x.size() != y.size()) return x.size() < y.size() ? -1 : 1;
    if (int c = x.compare(y)) return c < 0 ? -1 : 1;
  }
  return 0;
}

std::vector<Revision> chain_by_version(std::vector<VersionedRevision> items) {
  std::stable_sort(items.begin(), items.end(), [](const auto& a, const auto& b) {
    return compare_versions(a.version, b.version) < 0;
  });
  std::vector<Revision> out;
  out.reserve(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    Revision& r = items[i].revision;
    if (i > 0 && compare_versions(items[i - 1].version, items[i].version) == 0) {
      throw Error(ExitCode::data,
                  "migration files " + out.back().source + " and " + r.source +
                      " have the same version (" + items[i - 1].written + " and " +
                      items[i].written + ")",
                  "versions compare as numbers (1, 01 and 1.0 are one version): give one of "
                  "them the next free version");
    }
    if (r.id.size() > kMaxIdLength) {
      throw Error(ExitCode::data,
                  "migration file " + r.source + ": its version " + r.id + " is " +
                      std::to_string(r.id.size()) +
                      " characters; the version table holds at most " +
                      std::to_string(kMaxIdLength),
                  "rename the file with a version of at most 32 characters, e.g. a "
                  "YYYYMMDDHHMMSS timestamp");
    }
    r.down_revisions.clear();
    if (i > 0) r.down_revisions.push_back(out.back().id);
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace migctl::sqlfiles

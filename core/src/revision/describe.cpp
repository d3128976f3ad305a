#include "revision/describe.hpp"

namespace migctl {
namespace revision_text {

std::string describe(const Revision& revision) {
  std::string out = "'" + revision.id + "'";
  if (!revision.source.empty()) out += " (" + revision.source + ")";
  return out;
}

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += separator;
    out += items[i];
  }
  return out;
}

}  // namespace revision_text
}  // namespace migctl

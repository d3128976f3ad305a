// Text helpers shared by the revision layer's error messages.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "migctl/revision.hpp"

namespace migctl {
// Own namespace: other layers may define helpers with these names.
namespace revision_text {

// "'id' (source)", or "'id'" when the source is unknown: how every error names a revision,
// so the user can open the file that declares it.
std::string describe(const Revision& revision);

std::string join(const std::vector<std::string>& items, std::string_view separator = ", ");

}  // namespace revision_text
}  // namespace migctl

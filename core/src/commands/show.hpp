// `show`: one revision in detail. No database access.
#pragma once

#include <string>

#include "commands/status.hpp"

namespace migctl {

// One revision, by anything RevisionMap::resolve takes, or "head" (the single head).
RevisionInfo show(Session& session, const std::string& revision);

}  // namespace migctl

// Checksums of revisions, recorded when a revision is applied and compared on every run
// (Flyway's validate-on-migrate): an applied revision whose upgrade changed since is an
// error, because the database no longer matches what its source says.
#pragma once

#include <string>

#include "migctl/revision.hpp"

namespace migctl {

// SHA-256 (hex) of what applying the revision does: its upgrade scripts byte for byte,
// and whether it is transactional. The message, dates and downgrade are not covered:
// editing them does not change what was applied.
std::string revision_checksum(const Revision& revision);

}  // namespace migctl

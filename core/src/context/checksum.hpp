// Checksums of revisions, recorded when a revision is applied and compared on every run
// (Flyway's validate-on-migrate): an applied revision whose upgrade changed since is an
// error, because the database no longer matches what its source says.
//
// Two forms, both SHA-256 in hex, both over the declared transactional flag and the
// upgrade scripts only (the message, dates and downgrade do not change what was applied):
// - v2 (recorded since SDK 2.1): each upgrade script as the dialect's canonical_script, so
//   whitespace and comments do not count and what the statements do does;
// - v1 (recorded by earlier migctl): the scripts byte for byte.
// A recorded checksum verifies when it equals either form of the revision as it is now, so
// databases migrated by an earlier migctl keep verifying without a repair.
#pragma once

#include <string>

#include "migctl/dialect.hpp"
#include "migctl/revision.hpp"

namespace migctl {

// v2: what new audit rows record. Throws ScriptError (from Dialect::canonical_script) for
// an upgrade script the dialect's parser rejects.
std::string revision_checksum(const Revision& revision, const Dialect& dialect);

// v1: the upgrade scripts byte for byte (never throws).
std::string revision_checksum_v1(const Revision& revision);

}  // namespace migctl

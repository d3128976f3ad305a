// Applied revisions whose source changed since they were applied: the one comparison behind
// every run's verification (commands/migrate.hpp verify_checksums), `check` and `repair`.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "migctl/dialect.hpp"
#include "revision/revision_map.hpp"

namespace migctl {

struct ChangedRevision {
  std::string id;
  std::string source;
  std::string recorded;     // the checksum its latest audit row records
  std::string now;          // its v2 checksum as it is now; empty when it does not parse
  std::string parse_error;  // why it does not parse now (then `now` is empty)
};

// Every revision of `applied`, in topological order, whose checksum in `recorded` matches
// neither form of its current source (context/checksum.hpp: v2 or v1). Revisions without a
// recorded checksum (applied by Alembic, or stamped) are not compared.
std::vector<ChangedRevision> changed_revisions(const RevisionMap& map, const Dialect& dialect,
                                               const std::set<std::string>& applied,
                                               const std::map<std::string, std::string>& recorded);

// "002 (db/002.sql: applied as 1a2b3c4d5e6f, now 6f5e4d3c2b1a)", or "..., now it does not
// parse: <why>)".
std::string describe_change(const ChangedRevision& changed);

}  // namespace migctl

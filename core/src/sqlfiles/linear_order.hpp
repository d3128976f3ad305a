// Version numbers of the linear formats (golang-migrate, dbmate, Flyway, diesel) and the
// chain they make: each revision's parent is the one with the next lower version.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "migctl/revision.hpp"

namespace migctl::sqlfiles {

// A version as numbers: "2.0.3" or "2_0_3" -> {"2", "0", "3"}, each without leading zeros
// and with trailing zero parts dropped, so versions compare numerically and "1", "01" and
// "1.0" are the same version (two files with it are a duplicate). Empty when `text` is not
// digits, or (with `separators`, Flyway's versions) digit groups separated by '.' or '_'.
std::vector<std::string> parse_version(std::string_view text, bool separators);

// Numeric order of two parsed versions: <0, 0 or >0. "1" < "1.1" < "1.2" < "1.10" < "2".
int compare_versions(const std::vector<std::string>& a, const std::vector<std::string>& b);

struct VersionedRevision {
  std::vector<std::string> version;  // parse_version
  std::string written;               // the version as the file name writes it, for messages
  Revision revision;                 // id, message, scripts, source; parents are set here
};

// Sorts by version, links each revision to its predecessor (the lowest is a base) and
// checks what every linear format needs. Throws Error(ExitCode::data) naming both files
// for a duplicate version and naming the file for an id over 32 characters.
std::vector<Revision> chain_by_version(std::vector<VersionedRevision> items);

}  // namespace migctl::sqlfiles

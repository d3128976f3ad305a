// Plugin trust, as ssh (StrictModes) and sudo check their files: a plugin runs with the
// caller's rights and the database password in memory, so a file someone else could have
// replaced is not loaded.
#pragma once

#include <filesystem>
#include <string>

namespace migctl {

// Empty when `file` and every directory above it are owned by root or the caller and not
// writable by others (a world-writable directory with the sticky bit, like /tmp, is
// accepted: others cannot replace what is in it). Otherwise what is wrong, naming the
// path, its owner and mode.
std::string untrusted_reason(const std::filesystem::path& file);

}  // namespace migctl

// Sizes of a database and its tables at one moment, and what changed between two moments.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "migctl/connection.hpp"

namespace migctl::monitor {

struct TableSize {
  std::int64_t total = 0;            // pg_total_relation_size: heap + indexes + TOAST
  std::int64_t heap = 0;             // pg_relation_size
  std::int64_t index = 0;            // pg_indexes_size
  std::optional<std::int64_t> rows;  // reltuples; none when never analyzed or vacuumed
};

struct Snapshot {
  std::int64_t database_size = 0;           // pg_database_size(current_database())
  std::map<std::string, TableSize> tables;  // "schema.table" of every ordinary,
                                            // partitioned and materialized table outside
                                            // the system schemas
};

// Reads the catalogs on `conn` (no transaction needed, nothing written).
Snapshot take_snapshot(Connection& conn);

enum class Change { added, dropped, changed, unchanged };
const char* to_string(Change change);

struct TableChange {
  std::string name;
  Change change = Change::unchanged;
  std::optional<TableSize> before;
  std::optional<TableSize> after;
};

// Every table of either snapshot, by name; "changed" when a size or the row estimate
// differs.
std::vector<TableChange> compare(const Snapshot& before, const Snapshot& after);

}  // namespace migctl::monitor

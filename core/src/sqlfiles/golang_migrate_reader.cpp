#include <algorithm>
#include <map>

#include "migctl/error.hpp"
#include "sqlfiles/format_readers.hpp"
#include "sqlfiles/linear_order.hpp"
#include "sqlfiles/sql_text.hpp"

namespace migctl::sqlfiles {
namespace {

struct Parts {
  std::string version;  // as written
  std::string title;
};

// "<version>_<title><suffix>"
Parts split_name(const std::string& name, std::size_t suffix_length) {
  const std::string stem = name.substr(0, name.size() - suffix_length);
  const std::size_t sep = stem.find('_');
  if (sep == std::string::npos) return {stem, ""};
  return {stem.substr(0, sep), stem.substr(sep + 1)};
}

struct Pair {
  const DirEntry* up = nullptr;  // the .up.sql, or sqlx's simple .sql
  const DirEntry* down = nullptr;
  Parts parts;
};

[[noreturn]] void duplicate(const DirEntry& a, const DirEntry& b) {
  throw Error(
      ExitCode::data,
      "migration files " + a.path.string() + " and " + b.path.string() + " have the same version",
      "versions compare as numbers (1 and 01 are one version): give one of them the "
      "next free version");
}

}  // namespace

std::vector<Revision> read_golang_migrate(const Entries& entries) {
  std::map<std::string, Pair> by_version;  // the version as a number, joined
  // Up files first: two with one version are the duplicate to report, not their downs.
  Entries ordered = entries;
  std::stable_partition(ordered.begin(), ordered.end(),
                        [](const DirEntry* e) { return e->kind != EntryKind::golang_down; });
  for (const DirEntry* e : ordered) {
    const bool down = e->kind == EntryKind::golang_down;
    const std::size_t suffix = e->kind == EntryKind::golang_up     ? 7
                               : e->kind == EntryKind::golang_down ? 9
                                                                   : 4;
    const Parts parts = split_name(e->name, suffix);
    const std::string key = parse_version(parts.version, false).at(0);
    Pair& pair = by_version[key];
    const DirEntry*& slot = down ? pair.down : pair.up;
    if (slot) duplicate(*slot, *e);
    slot = e;
    if (!down) pair.parts = parts;
  }
  std::vector<VersionedRevision> items;
  items.reserve(by_version.size());
  for (auto& [key, pair] : by_version) {
    if (!pair.up) {
      throw Error(ExitCode::data, "migration file " + pair.down->path.string() + " has no up file",
                  "add the matching .up.sql with the SQL to apply, or remove the down file");
    }
    VersionedRevision item;
    item.version = {key};
    item.written = pair.parts.version;
    Revision& r = item.revision;
    r.id = key;
    r.message = title_to_message(pair.parts.title);
    r.source = pair.up->path.string();
    r.upgrade = script_list(pair.up->text);
    r.upgrade_line = 1;
    // sqlx: a first line `-- no-transaction` runs the migration outside a transaction.
    const std::string_view first =
        std::string_view(pair.up->text).substr(0, pair.up->text.find('\n'));
    if (trim(first) == "-- no-transaction") r.transactional = false;
    if (pair.up->kind == EntryKind::golang_up) {
      if (!pair.down) {
        std::string expected = pair.up->path.string();
        expected.replace(expected.size() - 7, 7, ".down.sql");
        throw Error(ExitCode::data,
                    "migration file " + pair.up->path.string() + " has no down file " + expected,
                    "write the SQL that reverts it in " + expected +
                        " (leave that file empty to mark the migration irreversible)");
      }
      // The down script is another file: its lines are not lines of `source`.
      r.downgrade = script_list(pair.down->text);
    } else if (pair.down) {
      duplicate(*pair.up, *pair.down);
    }
    items.push_back(std::move(item));
  }
  return chain_by_version(std::move(items));
}

}  // namespace migctl::sqlfiles

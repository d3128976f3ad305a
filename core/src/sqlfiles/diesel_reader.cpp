#include <filesystem>

#include "migctl/error.hpp"
#include "sqlfiles/format_readers.hpp"
#include "sqlfiles/linear_order.hpp"
#include "sqlfiles/sql_text.hpp"

namespace fs = std::filesystem;

namespace migctl::sqlfiles {
namespace {

// metadata.toml: diesel's one setting, `run_in_transaction = false`.
bool read_metadata(const fs::path& file) {
  const std::string text = read_text_file(file);
  bool transactional = true;
  for_each_line(text, [&](const TextLine& line) {
    const std::string_view t = trim(line.text.substr(0, line.text.find('#')));
    if (t.empty()) return true;
    const std::size_t eq = t.find('=');
    const std::string_view key = trim(t.substr(0, eq));
    const auto value =
        eq == std::string_view::npos ? std::nullopt : parse_flag(trim(t.substr(eq + 1)));
    if (key != "run_in_transaction" || !value) {
      throw Error(ExitCode::data,
                  "migration file " + file.string() + ":" + std::to_string(line.number) +
                      ": unsupported setting '" + std::string(t) + "'",
                  "diesel's metadata.toml holds run_in_transaction = true|false, nothing else");
    }
    transactional = *value;
    return true;
  });
  return transactional;
}

}  // namespace

std::vector<Revision> read_diesel(const Entries& entries) {
  std::vector<VersionedRevision> items;
  items.reserve(entries.size());
  for (const DirEntry* e : entries) {
    const std::size_t sep = e->name.find('_');
    VersionedRevision item;
    item.written = e->name.substr(0, sep);
    Revision& r = item.revision;
    for (char c : item.written)
      if (c != '-') r.id += c;
    item.version = parse_version(r.id, false);
    r.message = title_to_message(e->name.substr(sep + 1));
    const fs::path up = e->path / "up.sql";
    const fs::path down = e->path / "down.sql";
    std::error_code ec;
    for (const auto& inside : fs::directory_iterator(e->path, ec)) {
      const std::string name = inside.path().filename().string();
      if (name == "up.sql" || name == "down.sql" || name == "metadata.toml" || name[0] == '.' ||
          name.rfind("README", 0) == 0 ||
          (name.size() > 3 && name.substr(name.size() - 3) == ".md"))
        continue;
      throw Error(ExitCode::data,
                  "migration directory " + e->path.string() + " holds " + name +
                      ", which is not a diesel migration file",
                  "a diesel migration directory holds up.sql, down.sql and optionally "
                  "metadata.toml; move the file out");
    }
    if (ec) {
      throw Error(ExitCode::data,
                  "cannot list migration directory " + e->path.string() + ": " + ec.message(),
                  "make it readable by the user running migctl");
    }
    if (!fs::exists(fs::symlink_status(up, ec))) {
      throw Error(ExitCode::data, "migration directory " + e->path.string() + " has no up.sql",
                  "write the SQL to apply in " + up.string());
    }
    if (!fs::exists(fs::symlink_status(down, ec))) {
      throw Error(ExitCode::data,
                  "migration directory " + e->path.string() + " has no down file " + down.string(),
                  "write the SQL that reverts it in " + down.string() +
                      " (leave that file empty to mark the migration irreversible)");
    }
    r.source = up.string();
    r.upgrade = script_list(read_text_file(up));
    r.upgrade_line = 1;
    // The down script is another file: its lines are not lines of `source`.
    r.downgrade = script_list(read_text_file(down));
    const fs::path metadata = e->path / "metadata.toml";
    if (fs::exists(fs::symlink_status(metadata, ec))) r.transactional = read_metadata(metadata);
    items.push_back(std::move(item));
  }
  return chain_by_version(std::move(items));
}

}  // namespace migctl::sqlfiles

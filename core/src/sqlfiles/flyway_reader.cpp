#include <map>

#include "migctl/error.hpp"
#include "sqlfiles/format_readers.hpp"
#include "sqlfiles/linear_order.hpp"
#include "sqlfiles/sql_text.hpp"

namespace migctl::sqlfiles {
namespace {

struct Name {
  std::string version;      // as written: "2_0_3"
  std::string description;  // "Add_users"
};

// "V2_0_3__Add_users.sql" (also with ".conf" after it)
Name split_name(const std::string& name) {
  const std::size_t sep = name.find("__");
  std::string rest = name.substr(sep + 2);
  rest = rest.substr(0, rest.rfind(".sql"));
  return {name.substr(1, sep - 1), rest};
}

std::string dotted(std::string version) {
  for (char& c : version)
    if (c == '_') c = '.';
  return version;
}

[[noreturn]] void unsupported(const DirEntry& e) {
  std::string what;
  std::string hint;
  if (e.name.rfind("R__", 0) == 0) {
    what = "is a Flyway repeatable migration (run again whenever it changes)";
    hint =
        "migctl has no repeatable migrations: turn it into a versioned V<version>__ file "
        "(and a new version for each change), or move it out of the directory";
  } else if (e.name[0] == 'B') {
    what = "is a Flyway baseline migration";
    hint =
        "migctl has no baseline migrations: on a database that already has the schema, "
        "mark the matching version applied with `migctl stamp <version>`; move the file out";
  } else {
    what = "is a Flyway callback (SQL run around Flyway's commands)";
    hint =
        "migctl has no SQL callbacks: run such SQL from a hook plugin (README \"Hooks\") "
        "or move the file out of the directory";
  }
  throw Error(ExitCode::data, "migration file " + e.path.string() + " " + what, hint);
}

// V1__x.sql.conf: Flyway's per-script settings; only executeInTransaction means anything
// to migctl.
bool read_config(const DirEntry& e) {
  bool transactional = true;
  for_each_line(e.text, [&](const TextLine& line) {
    const std::string_view t = trim(line.text);
    if (t.empty() || t[0] == '#') return true;
    const std::size_t eq = t.find('=');
    const std::string_view key = trim(t.substr(0, eq));
    const auto value =
        eq == std::string_view::npos ? std::nullopt : parse_flag(trim(t.substr(eq + 1)));
    if (key != "executeInTransaction" || !value) {
      throw Error(ExitCode::data,
                  "migration file " + e.path.string() + ":" + std::to_string(line.number) +
                      ": unsupported setting '" + std::string(t) + "'",
                  "migctl reads executeInTransaction=true|false from Flyway script "
                  "configuration files, nothing else");
    }
    transactional = *value;
    return true;
  });
  return transactional;
}

// Flyway replaces ${name} everywhere in a script by default (and fails on one it has no
// value for); migctl has no placeholders, so such a script would reach the database as
// written.
void refuse_placeholders(const DirEntry& e) {
  for_each_line(e.text, [&e](const TextLine& line) {
    const std::size_t at = line.text.find("${");
    if (at == std::string_view::npos) return true;
    const std::size_t end = line.text.find('}', at);
    const std::string name(line.text.substr(at, end == std::string_view::npos ? 2 : end - at + 1));
    throw Error(ExitCode::data,
                "migration file " + e.path.string() + ":" + std::to_string(line.number) +
                    ": Flyway placeholder " + name,
                "migctl has no placeholders: write the value itself in the SQL");
  });
}

}  // namespace

std::vector<Revision> read_flyway(const Entries& entries) {
  struct Migration {
    const DirEntry* versioned = nullptr;
    const DirEntry* undo = nullptr;
    std::vector<std::string> version;
  };
  std::map<std::string, Migration> by_version;     // numeric version, joined with '.'
  std::map<std::string, const DirEntry*> configs;  // the .sql file's name -> its .conf
  auto key_of = [](const std::vector<std::string>& v) {
    std::string key;
    for (const auto& part : v) key += (key.empty() ? "" : ".") + part;
    return key;
  };
  for (const DirEntry* e : entries) {
    if (e->kind == EntryKind::flyway_unsupported) unsupported(*e);
    if (e->kind == EntryKind::flyway_config) {
      configs[e->name.substr(0, e->name.size() - 5)] = e;
      continue;
    }
    refuse_placeholders(*e);
    const auto version = parse_version(split_name(e->name).version, true);
    Migration& m = by_version[key_of(version)];
    m.version = version;
    const DirEntry*& slot = e->kind == EntryKind::flyway_undo ? m.undo : m.versioned;
    if (slot) {
      throw Error(ExitCode::data,
                  "migration files " + slot->path.string() + " and " + e->path.string() +
                      " have the same version",
                  "Flyway versions compare as numbers (1, 01 and 1.0 are one version): give one "
                  "of them the next free version");
    }
    slot = e;
  }
  std::vector<VersionedRevision> items;
  items.reserve(by_version.size());
  for (auto& [key, m] : by_version) {
    if (!m.versioned) {
      throw Error(ExitCode::data,
                  "undo file " + m.undo->path.string() + " has no versioned migration",
                  "add the V<version>__ file it reverts, or remove the undo file");
    }
    const Name name = split_name(m.versioned->name);
    VersionedRevision item;
    item.version = m.version;
    item.written = name.version;
    Revision& r = item.revision;
    r.id = dotted(name.version);
    r.message = title_to_message(name.description);
    r.source = m.versioned->path.string();
    r.upgrade = script_list(m.versioned->text);
    r.upgrade_line = 1;
    // Without an undo file the revision is irreversible (an empty downgrade); the undo's
    // lines are in another file than `source`.
    if (m.undo) r.downgrade = script_list(m.undo->text);
    for (const DirEntry* file : {m.versioned, m.undo}) {
      if (!file) continue;
      auto config = configs.find(file->name);
      if (config == configs.end()) continue;
      r.transactional = r.transactional && read_config(*config->second);
      configs.erase(config);
    }
    items.push_back(std::move(item));
  }
  if (!configs.empty()) {
    const DirEntry& e = *configs.begin()->second;
    throw Error(ExitCode::data,
                "script configuration " + e.path.string() + " belongs to no migration file",
                "name it after its migration: V<version>__<description>.sql.conf");
  }
  return chain_by_version(std::move(items));
}

}  // namespace migctl::sqlfiles

#include <cctype>
#include <map>

#include "migctl/error.hpp"
#include "sqlfiles/format_readers.hpp"
#include "sqlfiles/sql_text.hpp"

namespace migctl::sqlfiles {
namespace {

constexpr std::string_view kPrefix = "-- migctl:";

Error bad_migctl_file(const DirEntry& e, int line, const std::string& what,
                      const std::string& hint) {
  return Error(ExitCode::data,
               "migration file " + e.path.string() +
                   (line ? ":" + std::to_string(line) : std::string()) + ": " + what,
               hint);
}

std::vector<std::string> split_list(std::string_view value) {
  std::vector<std::string> out;
  while (!value.empty()) {
    const std::size_t comma = value.find(',');
    const std::string_view item = trim(value.substr(0, comma));
    if (!item.empty()) out.emplace_back(item);
    value = comma == std::string_view::npos ? std::string_view() : value.substr(comma + 1);
  }
  return out;
}

// An id is also typed on command lines and stored in the version table: 1 to 32 of
// letters, digits, '_', '.', '-' (not first), and not a word targets reserve.
bool valid_id(std::string_view id) {
  if (id.empty() || id.size() > 32 || id[0] == '-' || id == "base" || id == "head" || id == "heads")
    return false;
  for (char c : id) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '.' && c != '-')
      return false;
  }
  return true;
}

const char* const kHeaderHint =
    "a migctl migration starts with `-- migctl:<key>: <value>` lines (id and parents "
    "required; depends_on, branch_labels, message, create_date, transactional optional), "
    "then `-- migctl:upgrade` and `-- migctl:downgrade` lines, each followed by its SQL";

struct Section {
  int line = 0;  // the marker's line; 0: absent
  std::size_t after = 0;
  std::size_t offset = 0;
};

Revision read_one(const DirEntry& e) {
  const std::string_view text = e.text;
  Revision r;
  r.source = e.path.string();
  std::map<std::string, int> seen;  // key -> line
  Section up, down;
  int sql_before_up = 0;
  for_each_line(text, [&](const TextLine& line) {
    if (line.text.substr(0, kPrefix.size()) != kPrefix) {
      const std::string_view t = trim(line.text);
      if (!up.line && !sql_before_up && !t.empty() && t.substr(0, 2) != "--")
        sql_before_up = line.number;
      return true;
    }
    const std::string_view rest = trim(line.text.substr(kPrefix.size()));
    if (rest == "upgrade" || rest == "downgrade") {
      Section& s = rest == "upgrade" ? up : down;
      if (s.line) {
        throw bad_migctl_file(e, line.number,
                              "a second `-- migctl:" + std::string(rest) +
                                  "` (the first is on line " + std::to_string(s.line) + ")",
                              kHeaderHint);
      }
      if (rest == "downgrade" && !up.line)
        throw bad_migctl_file(e, line.number, "`-- migctl:downgrade` before `-- migctl:upgrade`",
                              kHeaderHint);
      s.line = line.number;
      s.offset = line.offset;
      s.after = line.offset + line.text.size();
      if (s.after < text.size() && text[s.after] == '\r') ++s.after;
      if (s.after < text.size()) ++s.after;
      return true;
    }
    const std::size_t colon = rest.find(':');
    const std::string key(trim(rest.substr(0, colon)));
    if (colon == std::string_view::npos) {
      throw bad_migctl_file(e, line.number, "`" + std::string(line.text) + "` is not a header line",
                            kHeaderHint);
    }
    if (up.line) {
      throw bad_migctl_file(e, line.number, "header line `" + key + "` after `-- migctl:upgrade`",
                            "move it up into the header");
    }
    const std::string_view value = trim(rest.substr(colon + 1));
    if (auto [it, fresh] = seen.emplace(key, line.number); !fresh) {
      throw bad_migctl_file(
          e, line.number,
          "`" + key + "` given twice (first on line " + std::to_string(it->second) + ")",
          "give each header key once; lists are comma-separated");
    }
    if (key == "id") {
      r.id = std::string(value);
      if (!valid_id(value)) {
        throw bad_migctl_file(
            e, line.number, "id '" + r.id + "' is not a revision id",
            "an id is 1 to 32 letters, digits, '_', '.' or '-' (not first), and not "
            "base, head or heads");
      }
    } else if (key == "parents") {
      r.down_revisions = split_list(value);
      if (r.down_revisions.size() == 1 && r.down_revisions[0] == "base") r.down_revisions.clear();
      for (const auto& p : r.down_revisions)
        if (p == "base")
          throw bad_migctl_file(e, line.number, "`base` among other parents",
                                "a base has `parents: base` alone; a merge lists its parents' ids");
    } else if (key == "depends_on") {
      r.depends_on = split_list(value);
    } else if (key == "branch_labels") {
      r.branch_labels = split_list(value);
    } else if (key == "message") {
      r.message = std::string(value);
    } else if (key == "create_date") {
      r.create_date = std::string(value);
    } else if (key == "transactional") {
      const auto flag = parse_flag(value);
      if (!flag) {
        throw bad_migctl_file(
            e, line.number, "transactional must be true or false, not '" + std::string(value) + "'",
            "false runs the statements one by one outside a transaction");
      }
      r.transactional = *flag;
    } else {
      throw bad_migctl_file(e, line.number, "unknown header key `" + key + "`", kHeaderHint);
    }
    return true;
  });
  for (const char* key : {"id", "parents"}) {
    if (!seen.count(key)) {
      throw bad_migctl_file(e, 0, std::string("no `-- migctl:") + key + ":` header line",
                            kHeaderHint);
    }
  }
  if (!up.line) throw bad_migctl_file(e, 0, "no `-- migctl:upgrade` line", kHeaderHint);
  if (!down.line) {
    throw bad_migctl_file(
        e, 0, "no `-- migctl:downgrade` line",
        "end the upgrade SQL with a `-- migctl:downgrade` line followed by the SQL "
        "that reverts it (nothing after it marks the revision irreversible)");
  }
  if (sql_before_up) {
    throw bad_migctl_file(e, sql_before_up, "SQL before `-- migctl:upgrade`",
                          "move it below the `-- migctl:upgrade` line; the header holds only "
                          "`-- migctl:` lines and comments");
  }
  if (e.name != r.id + ".sql" && e.name.rfind(r.id + "_", 0) != 0) {
    throw bad_migctl_file(e, seen["id"], "the file name does not start with its id '" + r.id + "'",
                          "name the file " + r.id + "_<slug>.sql");
  }
  if (r.message.empty()) {
    const std::size_t sep = e.name.find('_');
    if (sep != std::string::npos)
      r.message = title_to_message(e.name.substr(sep + 1, e.name.size() - 4 - sep - 1));
  }
  r.upgrade = script_list(text.substr(up.after, down.offset - up.after));
  r.upgrade_line = up.line + 1;
  r.downgrade = script_list(text.substr(down.after));
  r.downgrade_line = down.line + 1;
  return r;
}

}  // namespace

std::vector<Revision> read_migctl(const Entries& entries) {
  std::vector<Revision> out;
  out.reserve(entries.size());
  std::map<std::string, std::string> file_of;  // id -> file
  for (const DirEntry* e : entries) {
    if (e->kind != EntryKind::migctl) {
      throw Error(ExitCode::data,
                  "migration file " + e->path.string() + " has no `-- migctl:` header",
                  kHeaderHint);
    }
    Revision r = read_one(*e);
    if (auto [it, fresh] = file_of.emplace(r.id, r.source); !fresh) {
      throw Error(
          ExitCode::data,
          "migration files " + it->second + " and " + r.source + " have the same id " + r.id,
          "give one of them another id (`migctl create` picks a random one)");
    }
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace migctl::sqlfiles

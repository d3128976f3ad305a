#include "migctl/error.hpp"
#include "sqlfiles/format_readers.hpp"
#include "sqlfiles/linear_order.hpp"
#include "sqlfiles/sql_text.hpp"

namespace migctl::sqlfiles {
namespace {

struct Marker {
  int line = 0;            // 0: absent
  std::size_t offset = 0;  // where the marker line starts
  std::size_t after = 0;   // where the next line starts
  bool transactional = true;
};

Error bad_dbmate_file(const DirEntry& e, int line, const std::string& what,
                      const std::string& hint) {
  return Error(ExitCode::data,
               "migration file " + e.path.string() + ":" + std::to_string(line) + ": " + what,
               hint);
}

// "-- migrate:up transaction:false": dbmate's options are key:value words after the marker.
void read_options(const DirEntry& e, int line, std::string_view words, Marker& marker) {
  while (!(words = trim(words)).empty()) {
    const std::size_t end = words.find_first_of(" \t");
    const std::string_view word = words.substr(0, end);
    words = end == std::string_view::npos ? std::string_view() : words.substr(end);
    const std::size_t colon = word.find(':');
    const std::string_view key = word.substr(0, colon);
    const auto value =
        colon == std::string_view::npos ? std::nullopt : parse_flag(word.substr(colon + 1));
    if (key != "transaction" || !value) {
      throw bad_dbmate_file(e, line, "unknown dbmate option '" + std::string(word) + "'",
                            "dbmate's one option is transaction:false (or transaction:true)");
    }
    marker.transactional = *value;
  }
}

}  // namespace

std::vector<Revision> read_dbmate(const Entries& entries) {
  std::vector<VersionedRevision> items;
  items.reserve(entries.size());
  for (const DirEntry* e : entries) {
    const std::string_view text = e->text;
    Marker up, down;
    int sql_before_up = 0;
    for_each_line(text, [&](const TextLine& line) {
      if (line.text.substr(0, 2) == "--") {
        std::string_view rest = trim(line.text.substr(2));
        const bool is_up = rest.substr(0, 10) == "migrate:up";
        const bool is_down = rest.substr(0, 12) == "migrate:down";
        if (is_up || is_down) {
          Marker& m = is_up ? up : down;
          const char* name = is_up ? "-- migrate:up" : "-- migrate:down";
          if (m.line) {
            throw bad_dbmate_file(*e, line.number,
                                  std::string("a second ") + name + " (the first is on line " +
                                      std::to_string(m.line) + ")",
                                  "a dbmate migration has one up and at most one down section");
          }
          if (is_down && !up.line) {
            throw bad_dbmate_file(*e, line.number, "-- migrate:down comes before -- migrate:up",
                                  "put the up section first");
          }
          m.line = line.number;
          m.offset = line.offset;
          m.after = line.offset + line.text.size();
          if (m.after < text.size() && text[m.after] == '\r') ++m.after;
          if (m.after < text.size()) ++m.after;  // the '\n'
          read_options(*e, line.number, rest.substr(is_up ? 10 : 12), m);
          return true;
        }
      }
      if (!up.line && !sql_before_up && !trim(line.text).empty() && line.text.substr(0, 2) != "--")
        sql_before_up = line.number;
      return true;
    });
    if (!up.line) {
      throw Error(ExitCode::data,
                  "migration file " + e->path.string() + " has no `-- migrate:up` line",
                  "dbmate migrations start their SQL after a `-- migrate:up` line and their "
                  "revert after `-- migrate:down`");
    }
    if (sql_before_up) {
      throw bad_dbmate_file(*e, sql_before_up, "SQL before the `-- migrate:up` line",
                            "move it into the up section (only comments may precede the marker)");
    }
    VersionedRevision item;
    const std::size_t sep = e->name.find('_');
    item.written = e->name.substr(0, sep == std::string::npos ? e->name.size() - 4 : sep);
    item.version = parse_version(item.written, false);
    if (item.version.empty()) {
      throw Error(
          ExitCode::data, "migration file " + e->path.string() + " does not start with a version",
          "name dbmate migrations <version>_<title>.sql, e.g. 20240101120000_add_users.sql");
    }
    Revision& r = item.revision;
    r.id = item.written;
    r.message = sep == std::string::npos
                    ? std::string()
                    : title_to_message(e->name.substr(sep + 1, e->name.size() - 4 - sep - 1));
    r.source = e->path.string();
    const std::size_t up_end = down.line ? down.offset : text.size();
    r.upgrade = script_list(text.substr(up.after, up_end - up.after));
    r.upgrade_line = up.line + 1;
    if (down.line) {
      r.downgrade = script_list(text.substr(down.after));
      r.downgrade_line = down.line + 1;
    }
    // migctl runs a revision in one mode both ways.
    r.transactional = up.transactional && down.transactional;
    items.push_back(std::move(item));
  }
  return chain_by_version(std::move(items));
}

}  // namespace migctl::sqlfiles

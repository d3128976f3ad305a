#include "commands/revision_source.hpp"

#include <Poco/DateTimeFormatter.h>
#include <Poco/Timestamp.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <regex>
#include <sstream>

#include "migctl/error.hpp"
#include "plugin/plugin_paths.hpp"
#include "revision/describe.hpp"
#include "revision/revision_map.hpp"
#include "sqlfiles/sql_writer.hpp"

namespace migctl {
namespace {

namespace fs = std::filesystem;
using revision_text::join;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> string_list(const std::string& text, const char* field) {
  const std::regex list(std::string("\\.") + field + "\\s*=\\s*\\{([^}]*)\\}");
  std::smatch match;
  std::vector<std::string> out;
  if (!std::regex_search(text, match, list)) return out;
  const std::string body = match[1].str();
  const std::regex item("\"([^\"]*)\"");
  for (auto it = std::sregex_iterator(body.begin(), body.end(), item); it != std::sregex_iterator();
       ++it)
    out.push_back((*it)[1].str());
  return out;
}

// The graph-relevant fields of one revision source file.
Revision scan_file(const fs::path& path) {
  const std::string text = read_file(path);
  static const std::regex id("\\.id\\s*=\\s*\"([^\"]+)\"");
  std::smatch match;
  if (!std::regex_search(text, match, id))
    throw Error(ExitCode::config,
                "cannot find the revision id (r.id = \"...\") in " + path.string(),
                "every .cpp file in a versions directory declares one revision");
  Revision r;
  r.id = match[1].str();
  r.down_revisions = string_list(text, "down_revisions");
  r.depends_on = string_list(text, "depends_on");
  r.branch_labels = string_list(text, "branch_labels");
  r.source = path.string();
  return r;
}

std::vector<Revision> scan_dir(const fs::path& dir) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.is_regular_file() && entry.path().extension() == ".cpp")
      files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  std::vector<Revision> out;
  for (const auto& f : files) out.push_back(scan_file(f));
  return out;
}

std::vector<std::string> tried_strings(const std::vector<fs::path>& paths) {
  std::vector<std::string> out;
  for (const auto& p : paths) out.push_back(p.string());
  return out;
}

fs::path find_migrations_root(const fs::path& start) {
  for (fs::path at = fs::absolute(start); !at.empty(); at = at.parent_path()) {
    if (at.filename() == "migrations" && fs::is_directory(at)) return at;
    if (fs::is_directory(at / "migrations")) return at / "migrations";
    if (at == at.parent_path()) break;
  }
  return {};
}

struct Layout {
  fs::path root;      // migrations/ (may be empty with --versions-dir)
  fs::path versions;  // where the new file goes
  std::string set;
  std::vector<Revision> all;     // every revision found
  std::vector<Revision> in_set;  // those in `versions`
};

std::vector<std::string> set_names(const fs::path& root) {
  std::vector<std::string> out;
  if (root.empty()) return out;
  for (const auto& entry : fs::directory_iterator(root))
    if (entry.is_directory() && fs::is_directory(entry.path() / "versions"))
      out.push_back(entry.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

Layout layout(const SourceOptions& options, const std::string& set_hint = {}) {
  Layout l;
  const fs::path cwd =
      options.working_dir.empty() ? fs::current_path() : fs::path(options.working_dir);
  if (!options.versions_dir.empty()) {
    // Normal form without a trailing separator: "billing/versions/" and
    // "billing/versions/." name the set of their parent, "billing", not "versions".
    l.versions = fs::absolute(options.versions_dir).lexically_normal();
    if (l.versions.filename().empty()) l.versions = l.versions.parent_path();
    // A new set starts in a new directory: create it (and its parents).
    std::error_code ec;
    if (!fs::exists(l.versions, ec)) fs::create_directories(l.versions, ec);
    if (!fs::is_directory(l.versions))
      throw Error(ExitCode::config,
                  "versions directory " + l.versions.string() + " cannot be created" +
                      (ec ? ": " + ec.message() : std::string(" (a file is in the way)")),
                  "check the path and its permissions");
    l.root = find_migrations_root(l.versions);
    if (l.root.empty()) l.root = find_migrations_root(cwd);
    l.set = options.set.empty() ? l.versions.parent_path().filename().string() : options.set;
  } else {
    l.root = find_migrations_root(cwd);
    if (l.root.empty())
      throw Error(ExitCode::config, "no migrations/ directory in " + cwd.string() + " or above it",
                  "run migctl from the project, or give --versions-dir");
    const auto sets = set_names(l.root);
    l.set = !options.set.empty() ? options.set : set_hint;
    if (l.set.empty()) {
      if (sets.size() != 1)
        throw Error(ExitCode::usage,
                    sets.empty()
                        ? "no migration set under " + l.root.string()
                        : "several migration sets under " + l.root.string() + ": " + join(sets),
                    "name one with --set NAME (its revisions are in migrations/NAME/versions/)");
      l.set = sets.front();
    }
    l.versions = l.root / l.set / "versions";
    if (!fs::is_directory(l.versions))
      throw Error(ExitCode::usage,
                  "no migration set '" + l.set + "': " + l.versions.string() + " does not exist",
                  sets.empty() ? std::string("create the directory first")
                               : "sets here: " + join(sets) + " (or create the directory first)");
  }
  std::map<std::string, bool> seen;
  std::vector<fs::path> dirs;
  for (const auto& name : set_names(l.root)) dirs.push_back(l.root / name / "versions");
  dirs.push_back(l.versions);
  for (const auto& dir : dirs) {
    const std::string key = fs::weakly_canonical(dir).string();
    if (seen[key]) continue;
    seen[key] = true;
    for (auto& r : scan_dir(dir)) {
      if (fs::weakly_canonical(dir) == fs::weakly_canonical(l.versions)) l.in_set.push_back(r);
      l.all.push_back(std::move(r));
    }
  }
  return l;
}

// The project's own template (<migrations>/templates/NAME) wins, as Alembic's script.py.mako
// in the project does; otherwise the installed one (<prefix>/share/migctl/templates, found
// from the executable as the plugin directories are; the migctl-dev package ships it).
std::string template_text(const Layout& l, const std::string& name) {
  std::vector<fs::path> tried;
  if (!l.root.empty()) tried.push_back(l.root / "templates" / name);
  tried.push_back(
      (executable_dir().parent_path() / MIGCTL_TEMPLATE_SUBDIR / name).lexically_normal());
  std::error_code ec;
  for (const auto& path : tried)
    if (fs::is_regular_file(path, ec)) return read_file(path);
  throw Error(ExitCode::config,
              "template " + name + " not found; looked at " + join(tried_strings(tried)),
              "install the migctl-dev package (it ships the templates), or put your own in "
              "migrations/templates/" +
                  name);
}

// The digits an id starts with, when the rest is empty or "_<name>" ("002",
// "002_refresh_tokens"); 0 otherwise.
std::size_t numbered_prefix(const std::string& id) {
  std::size_t digits = 0;
  while (digits < id.size() && id[digits] >= '0' && id[digits] <= '9') ++digits;
  if (digits == 0 || digits >= 18) return 0;
  return digits == id.size() || id[digits] == '_' ? digits : 0;
}

// True for ids of the form "<digits>_<name>": such an id names its own file.
bool names_itself(const std::string& id) {
  const std::size_t digits = numbered_prefix(id);
  return digits > 0 && digits < id.size();
}

// The ids a set already uses decide the next one: zero-padded numbers ("001", "002")
// continue as numbers; numbers with a name ("001_initial", "002_refresh_tokens", the style
// of the Aksara backend's Alembic history) continue as "003_<slug>", cut to the 32
// characters alembic_version holds; anything else gets Alembic's 12 random hex digits. The
// id is unique among `all` (every set's revisions): an empty set starts at "001" unless
// another set uses it, and a taken number falls back to hex digits.
std::string next_id(const std::vector<Revision>& in_set, const std::vector<Revision>& all,
                    const std::string& slug) {
  auto taken = [&](const std::string& id) {
    return std::any_of(all.begin(), all.end(), [&](const Revision& r) { return r.id == id; });
  };
  std::size_t width = 0;
  long long highest = 0;
  bool numeric = true;
  bool named = false;
  for (const auto& r : in_set) {
    const std::size_t digits = numbered_prefix(r.id);
    if (!digits || (width && digits != width)) {
      numeric = false;
      break;
    }
    width = digits;
    named = named || digits < r.id.size();
    highest = std::max(highest, std::stoll(r.id.substr(0, digits)));
  }
  if (in_set.empty() && !taken("001")) return "001";
  if (numeric && !in_set.empty()) {
    std::string id = std::to_string(highest + 1);
    if (id.size() < width) id.insert(0, width - id.size(), '0');
    if (named && !slug.empty()) {
      id += "_" + slug;
      if (id.size() > 32) {  // cut at a word boundary when there is one
        const bool mid_word = id[32] != '_';
        id.resize(32);
        const auto cut = id.rfind('_');
        if (mid_word && cut > width) id.resize(cut);
      }
      while (id.back() == '_') id.pop_back();
    }
    if (!taken(id)) return id;
  }
  return random_revision_id(all);
}

std::string cpp_string(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += (c == '\n' || c == '\r') ? ' ' : c;
  }
  return out;
}

std::string cpp_list(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "\"" : ", \"") + cpp_string(item) + "\"";
  return out;
}

std::string substitute(std::string text, const std::map<std::string, std::string>& values) {
  for (const auto& [key, value] : values) {
    const std::string token = "${" + key + "}";
    for (auto at = text.find(token); at != std::string::npos;
         at = text.find(token, at + value.size()))
      text.replace(at, token.size(), value);
  }
  return text;
}

SourceResult write_revision(const Layout& l, const std::string& template_name, Revision r,
                            const std::string& message) {
  const std::string slug = slug_of(message);
  const bool own_name = names_itself(r.id);
  const fs::path path = l.versions / (r.id + (slug.empty() || own_name ? "" : "_" + slug) + ".cpp");
  // The new revision must fit the graph: duplicate ids or labels, unknown links.
  r.source = path.string() + " (to be written)";
  std::vector<Revision> all = l.all;
  all.push_back(r);
  RevisionMap check(all);

  if (fs::exists(path))
    throw Error(ExitCode::config, path.string() + " already exists",
                "choose another message or --rev-id");
  std::string name = slug.empty() || own_name ? "revision" : slug;
  if (name[0] >= '0' && name[0] <= '9') name = "r_" + name;
  const std::string date = Poco::DateTimeFormatter::format(Poco::Timestamp(), "%Y-%m-%dT%H:%M:%SZ");
  const std::string text =
      substitute(template_text(l, template_name), {{"id", cpp_string(r.id)},
                                                   {"name", name + "_" + r.id},
                                                   {"message", cpp_string(message)},
                                                   {"create_date", date},
                                                   {"down_revisions", cpp_list(r.down_revisions)},
                                                   {"depends_on", cpp_list(r.depends_on)},
                                                   {"branch_labels", cpp_list(r.branch_labels)},
                                                   {"set", l.set}});
  write_source_file(path.string(), text);
  return {r.id, path.string(), r.down_revisions, r.depends_on, l.set, {path.string()}, ""};
}

}  // namespace

std::vector<std::string> new_revision_parents(const RevisionMap& map,
                                              const std::vector<Revision>& in_set,
                                              const std::string& set, const std::string& head) {
  if (head == "base") return {};
  if (!head.empty()) return {map.resolve(head)};
  std::vector<std::string> heads;
  for (const auto& rev : in_set)
    if (map.children(rev.id).empty()) heads.push_back(rev.id);
  std::sort(heads.begin(), heads.end());
  if (heads.size() > 1)
    throw RevisionError("migration set '" + set + "' has " + std::to_string(heads.size()) +
                            " heads: " + join(heads) + "; the new revision needs one parent",
                        "pick one with --head <id>, or join them first with `migctl merge -m "
                        "\"merge\" " +
                            join(heads, " ") + "`");
  return heads;
}

std::string random_revision_id(const std::vector<Revision>& all) {
  std::random_device rd;
  static const char* hex = "0123456789abcdef";
  std::string id;
  auto taken = [&] {
    return std::any_of(all.begin(), all.end(), [&](const Revision& r) { return r.id == id; });
  };
  do {
    id.clear();
    for (int i = 0; i < 12; ++i) id += hex[rd() % 16];
  } while (taken());
  return id;
}

std::string slug_of(const std::string& message) {
  return sql_slug(message);
}

SourceResult create_revision(const SourceOptions& options) {
  if (options.message.empty())
    throw Error(ExitCode::usage, "`create` needs a message",
                "migctl create \"Add user email verification\"");
  const Layout l = layout(options);
  const RevisionMap map(l.all);
  Revision r;
  r.id =
      options.rev_id.empty() ? next_id(l.in_set, l.all, slug_of(options.message)) : options.rev_id;
  r.down_revisions = new_revision_parents(map, l.in_set, l.set, options.head);
  for (const auto& dependency : options.depends_on) r.depends_on.push_back(map.resolve(dependency));
  if (!options.branch_label.empty()) r.branch_labels = {options.branch_label};
  return write_revision(l, "revision.cpp.in", std::move(r), options.message);
}

SourceResult merge_revisions(const SourceOptions& options) {
  if (options.message.empty())
    throw Error(ExitCode::usage, "`merge` needs a message (-m)",
                "migctl merge -m \"merge branches\" heads");
  // The set of the first parent, unless --set / --versions-dir say otherwise.
  std::string set_hint = options.set;
  Layout l;
  {
    const fs::path cwd =
        options.working_dir.empty() ? fs::current_path() : fs::path(options.working_dir);
    const fs::path root = options.versions_dir.empty() ? find_migrations_root(cwd) : fs::path();
    if (set_hint.empty() && !root.empty() && options.versions_dir.empty()) {
      std::vector<Revision> all;
      std::map<std::string, std::string> set_of;
      for (const auto& name : set_names(root))
        for (auto& r : scan_dir(root / name / "versions")) {
          set_of[r.id] = name;
          all.push_back(std::move(r));
        }
      const RevisionMap map(all);
      if (!options.parents.empty()) {
        const std::string first = options.parents.front() == "heads"
                                      ? (map.heads().empty() ? "" : map.heads().front())
                                      : map.resolve(options.parents.front());
        set_hint = set_of[first];
      }
    }
    l = layout(options, set_hint);
  }
  const RevisionMap map(l.all);
  std::vector<std::string> parents;
  for (const auto& p : options.parents) {
    const std::vector<std::string> ids =
        p == "heads" ? map.heads() : std::vector<std::string>{map.resolve(p)};
    for (const auto& id : ids)
      if (std::find(parents.begin(), parents.end(), id) == parents.end()) parents.push_back(id);
  }
  if (parents.size() < 2)
    throw RevisionError("a merge needs at least two distinct revisions, got " +
                            (parents.empty() ? std::string("none") : join(parents)),
                        "migctl merge -m \"merge\" <rev> <rev>..., or `heads` for every head");
  Revision r;
  r.id =
      options.rev_id.empty() ? next_id(l.in_set, l.all, slug_of(options.message)) : options.rev_id;
  r.down_revisions = parents;
  return write_revision(l, "merge.cpp.in", std::move(r), options.message);
}

void write_source_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  out.close();
  if (!out)
    throw Error(ExitCode::config, "cannot write " + path, "check the directory's permissions");
}

}  // namespace migctl

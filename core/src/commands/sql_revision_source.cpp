#include "commands/sql_revision_source.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>

#include "commands/session.hpp"
#include "migctl/error.hpp"
#include "revision/describe.hpp"
#include "revision/revision_map.hpp"
#include "sqlfiles/sql_dir.hpp"
#include "sqlfiles/sql_writer.hpp"

namespace migctl {
namespace {

namespace fs = std::filesystem;
using revision_text::join;

// The set name a directory gets: its NAME= override, else the directory's own name.
std::string set_name_of(const SqlDirSpec& spec) {
  if (!spec.set_name.empty()) return spec.set_name;
  fs::path dir = spec.dir.lexically_normal();
  if (dir.filename().empty()) dir = dir.parent_path();
  return dir.filename().string();
}

std::optional<SqlFormat> forced_format(const RunConfig& config) {
  if (config.migrations_format.empty()) return std::nullopt;
  auto format = parse_sql_format(config.migrations_format);
  if (!format)
    throw Error(ExitCode::usage, "'" + config.migrations_format + "' is not a migrations format",
                "give one of: golang-migrate (or sqlx), dbmate, flyway, diesel, migctl");
  return format;
}

// The target directory as it is now.
struct Target {
  SqlDirSpec spec;
  std::string set;
  SqlFormat format = SqlFormat::migctl;
  bool exists = false;
  std::vector<Revision> revisions;  // the set's own
  std::vector<std::string> entries;
};

Target open_target(const RunConfig& config, const std::string& text) {
  Target t;
  t.spec = parse_sql_dir_spec(text);
  if (!t.spec.format) t.spec.format = forced_format(config);
  t.set = set_name_of(t.spec);
  std::error_code ec;
  t.exists = fs::exists(t.spec.dir, ec);
  std::optional<SqlFormat> detected;
  if (t.exists) {
    if (!fs::is_directory(t.spec.dir, ec))
      throw Error(ExitCode::config, "migrations directory " + t.spec.dir.string() + " is a file",
                  "give --migrations-dir a directory (it is created when missing)");
    detected = detect_sql_format(t.spec.dir);
  }
  t.format = t.spec.format ? *t.spec.format : detected ? *detected : SqlFormat::migctl;
  if (detected) {
    SqlDirSpec read = t.spec;
    read.format = t.format;
    SqlDir dir = read_sql_dir(read);
    t.set = dir.set.name;
    t.revisions = std::move(dir.set.revisions);
  }
  if (t.exists)
    for (const auto& entry : fs::directory_iterator(t.spec.dir, ec))
      t.entries.push_back(entry.path().filename().string());
  if (ec)
    throw Error(ExitCode::config, "cannot list " + t.spec.dir.string() + ": " + ec.message(),
                "make the directory readable by the user running migctl");
  return t;
}

// Every revision of the other configured sets (plugins, other directories): what --head
// and --depends-on may name and what the new id must not collide with.
std::vector<Revision> other_revisions(const RunConfig& config, const std::string& target) {
  RunConfig others = config;
  others.migrations_dirs.erase(
      std::remove(others.migrations_dirs.begin(), others.migrations_dirs.end(), target),
      others.migrations_dirs.end());
  if (others.plugins.empty() && others.migrations_dirs.empty()) return {};
  Session session(others);
  const RevisionMap& map = session.revisions();
  std::vector<Revision> out;
  for (const auto& id : map.topological_order()) out.push_back(map.get(id));
  return out;
}

// Writes `files` into the target, reads the directory back and returns what the new
// revision became. Anything written is removed again when writing or reading fails.
SourceResult write_and_load(const Target& t, const SqlRevisionFiles& files) {
  const fs::path& dir = t.spec.dir;
  std::error_code ec;
  for (const auto& f : files.files)
    if (fs::exists(dir / f.path, ec))
      throw Error(ExitCode::config, (dir / f.path).string() + " already exists",
                  "choose another message or --rev-id");
  if (!files.created_dir.empty() && fs::exists(dir / files.created_dir, ec))
    throw Error(ExitCode::config, (dir / files.created_dir).string() + " already exists",
                "choose another message or --rev-id");

  std::vector<fs::path> made;  // to remove on failure, last first
  auto remove_made = [&] {
    for (auto it = made.rbegin(); it != made.rend(); ++it) fs::remove(*it, ec);
  };
  try {
    if (!t.exists) {
      // A new set: the directory and the missing parents.
      for (fs::path p = dir; !p.empty() && !fs::exists(p, ec); p = p.parent_path()) {
        made.insert(made.begin(), p);
        if (p == p.parent_path()) break;
      }
      fs::create_directories(dir, ec);
      if (ec || !fs::is_directory(dir))
        throw Error(ExitCode::config,
                    "migrations directory " + dir.string() + " cannot be created" +
                        (ec ? ": " + ec.message() : std::string()),
                    "check the path and its permissions");
    }
    if (!files.created_dir.empty()) {
      fs::create_directory(dir / files.created_dir, ec);
      if (ec)
        throw Error(ExitCode::config,
                    "cannot create " + (dir / files.created_dir).string() + ": " + ec.message(),
                    "check the directory's permissions");
      made.push_back(dir / files.created_dir);
    }
    for (const auto& f : files.files) {
      made.push_back(dir / f.path);
      write_source_file((dir / f.path).string(), f.text);
    }
    // Read back as every later command will: the revision is usable now or not written.
    SqlDirSpec spec = t.spec;
    spec.format = t.format;
    SqlDir loaded = read_sql_dir(spec);
    const fs::path first = fs::weakly_canonical(dir / files.files.front().path, ec);
    for (const auto& r : loaded.set.revisions) {
      if (fs::weakly_canonical(r.source, ec) != first) continue;
      SourceResult result{r.id,
                          (dir / files.files.front().path).string(),
                          r.down_revisions,
                          r.depends_on,
                          loaded.set.name,
                          {},
                          sql_format_name(t.format)};
      for (const auto& f : files.files) result.paths.push_back((dir / f.path).string());
      return result;
    }
    throw Error(ExitCode::internal,
                "the new file " + (dir / files.files.front().path).string() +
                    " was written but its directory does not list it as a revision",
                "please report this");
  } catch (const Error& e) {
    remove_made();
    throw Error(e.code(), std::string(e.what()) + " (the new revision's files were not kept)",
                e.hint());
  } catch (...) {
    remove_made();
    throw;
  }
}

// The migctl format's graph: parents, depends_on, an id no set uses, checked against every
// configured set.
NewSqlRevision graph_revision(const RunConfig& config, const std::string& target, const Target& t,
                              const SourceOptions& options, bool merge) {
  std::vector<Revision> all = other_revisions(config, target);
  all.insert(all.end(), t.revisions.begin(), t.revisions.end());
  const RevisionMap map(all);
  NewSqlRevision r;
  r.message = options.message;
  r.merge = merge;
  if (merge) {
    for (const auto& p : options.parents) {
      std::vector<std::string> ids;
      if (p == "heads") {
        for (const auto& rev : t.revisions)
          if (map.children(rev.id).empty()) ids.push_back(rev.id);
      } else {
        ids = {map.resolve(p)};
      }
      for (const auto& id : ids)
        if (std::find(r.parents.begin(), r.parents.end(), id) == r.parents.end())
          r.parents.push_back(id);
    }
    if (r.parents.size() < 2)
      throw RevisionError("a merge needs at least two distinct revisions, got " +
                              (r.parents.empty() ? std::string("none") : join(r.parents)),
                          "migctl merge -m \"merge\" <rev> <rev>..., or `heads` for every head "
                          "of the set");
  } else {
    r.parents = new_revision_parents(map, t.revisions, t.set, options.head);
    for (const auto& d : options.depends_on) r.depends_on.push_back(map.resolve(d));
    if (!options.branch_label.empty()) r.branch_labels = {options.branch_label};
  }
  r.rev_id = options.rev_id.empty() ? random_revision_id(all) : options.rev_id;
  // The new revision must fit the graph: duplicate ids or labels, unknown links.
  Revision check;
  check.id = r.rev_id;
  check.down_revisions = r.parents;
  check.depends_on = r.depends_on;
  check.branch_labels = r.branch_labels;
  check.source =
      (t.spec.dir / (r.rev_id + "_" + sql_slug(r.message) + ".sql")).string() + " (to be written)";
  all.push_back(check);
  RevisionMap checked(std::move(all));
  return r;
}

SourceResult new_sql_revision(const RunConfig& config, const std::string& target,
                              const SourceOptions& options, bool merge) {
  const Target t = open_target(config, target);
  if (options.undo && t.format != SqlFormat::flyway)
    throw Error(ExitCode::usage,
                "--undo writes a Flyway undo file; " + t.spec.dir.string() + " is in the " +
                    sql_format_name(t.format) + " format",
                "leave out --undo (this format's revisions carry their own down script)");
  NewSqlRevision r;
  if (t.format == SqlFormat::migctl) {
    r = graph_revision(config, target, t, options, merge);
  } else {
    // The linear formats cannot say more than a version: refuse graph options early, with
    // the writer's message, before anything is read from other sets or written.
    r.message = options.message;
    r.rev_id = options.rev_id;
    r.undo = options.undo;
    r.merge = merge;
    if (!options.head.empty()) r.parents = {options.head};
    r.depends_on = options.depends_on;
    if (!options.branch_label.empty()) r.branch_labels = {options.branch_label};
  }
  const SqlRevisionFiles files =
      sql_revision_files(t.format, t.entries, r, std::chrono::system_clock::now());
  return write_and_load(t, files);
}

}  // namespace

std::optional<std::string> sql_target(const RunConfig& config, const SourceOptions& options) {
  if (!options.versions_dir.empty() || config.migrations_dirs.empty()) return std::nullopt;
  if (!options.set.empty()) {
    for (const auto& text : config.migrations_dirs)
      if (set_name_of(parse_sql_dir_spec(text)) == options.set) return text;
    return std::nullopt;
  }
  if (config.migrations_dirs.size() == 1) return config.migrations_dirs.front();
  std::vector<std::string> names;
  for (const auto& text : config.migrations_dirs)
    names.push_back(set_name_of(parse_sql_dir_spec(text)));
  throw Error(ExitCode::usage, "several migrations directories are configured: " + join(names),
              "name the set to write into with --set NAME");
}

SourceResult create_sql_revision(const RunConfig& config, const std::string& target,
                                 const SourceOptions& options) {
  if (options.message.empty())
    throw Error(ExitCode::usage, "`create` needs a message",
                "migctl create \"Add user email verification\"");
  return new_sql_revision(config, target, options, false);
}

SourceResult merge_sql_revisions(const RunConfig& config, const std::string& target,
                                 const SourceOptions& options) {
  if (options.message.empty())
    throw Error(ExitCode::usage, "`merge` needs a message (-m)",
                "migctl merge -m \"merge branches\" heads");
  return new_sql_revision(config, target, options, true);
}

SourceResult create_revision_for(const RunConfig& config, const SourceOptions& options) {
  if (const auto target = sql_target(config, options))
    return create_sql_revision(config, *target, options);
  if (options.undo)
    throw Error(ExitCode::usage, "--undo is for a Flyway directory of SQL files",
                "give the directory with --migrations-dir");
  return create_revision(options);
}

SourceResult merge_revisions_for(const RunConfig& config, const SourceOptions& options) {
  if (const auto target = sql_target(config, options))
    return merge_sql_revisions(config, *target, options);
  return merge_revisions(options);
}

}  // namespace migctl

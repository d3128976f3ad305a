#include "output.hpp"

#include "json_document.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/NumberFormatter.h>

namespace migctl::app {
namespace {

std::string join(const std::vector<std::string>& items, const std::string& sep = ", ") {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : sep) + s;
  return out;
}

std::string rows_text(const std::vector<std::string>& rows) {
  return rows.empty() ? "<base>" : join(rows);
}

std::string ms_text(double ms) {
  return Poco::NumberFormatter::format(ms, 1) + " ms";
}

Poco::JSON::Array::Ptr json_array(const std::vector<std::string>& items) {
  Poco::JSON::Array::Ptr a = new Poco::JSON::Array;
  for (const auto& s : items) a->add(s);
  return a;
}

// The revision's fields, added to `o` (a new object when null).
Poco::JSON::Object::Ptr json_revision(const RevisionInfo& r, Poco::JSON::Object::Ptr o = nullptr) {
  if (!o) o = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  o->set("revision", r.id);
  o->set("known", r.known);
  if (r.known) {
    o->set("set", r.set);
    o->set("message", r.message);
    o->set("down_revisions", json_array(r.down_revisions));
    o->set("depends_on", json_array(r.depends_on));
    o->set("branch_labels", json_array(r.branch_labels));
    o->set("create_date", r.create_date);
    o->set("source", r.source);
    o->set("is_head", r.is_head);
    o->set("is_base", r.is_base);
    o->set("is_merge", r.is_merge);
    o->set("is_branch_point", r.is_branch_point);
    if (r.is_current) o->set("is_current", *r.is_current);
  }
  return o;
}

// Alembic's one-line form of a revision (its Script._head_only): "(head)" for a revision
// nothing requires, "(effective head)" for one only depends_on links require.
struct LineParts {
  bool parents = false;  // "<base> -> id" / "a, b (dep) -> id"
  bool labels = false;   // " (label, ...)"
  bool tree = true;      // " (branchpoint)", " (mergepoint)"
  bool doc = false;      // ", message"
};

std::string down_text(const RevisionInfo& r) {
  return r.down_revisions.empty() ? "<base>" : join(r.down_revisions);
}

std::string revision_line(const RevisionInfo& r, const LineParts& parts) {
  std::string text = r.id;
  if (parts.parents)
    text = down_text(r) + (r.depends_on.empty() ? "" : " (" + join(r.depends_on) + ")") + " -> " +
           text;
  if (parts.labels && !r.branch_labels.empty()) text += " (" + join(r.branch_labels) + ")";
  if (r.is_head) text += " (head)";
  if (r.is_effective_head) text += " (effective head)";
  if (r.is_current.value_or(false)) text += " (current)";
  if (parts.tree) {
    if (r.is_branch_point) text += " (branchpoint)";
    if (r.is_merge) text += " (mergepoint)";
  }
  if (parts.doc) text += ", " + r.message;
  return text;
}

// Alembic's verbose form (its Script.log_entry), then the blank line print adds.
void print_verbose_revision(std::ostream& out, const RevisionInfo& r) {
  out << "Rev: " << r.id << (r.is_head || r.is_effective_head ? " (head)" : "")
      << (r.is_branch_point ? " (branchpoint)" : "") << (r.is_merge ? " (mergepoint)" : "")
      << (r.is_current.value_or(false) ? " (current)" : "") << "\n";
  out << (r.is_merge ? "Merges: " : "Parent: ") << down_text(r) << "\n";
  if (!r.depends_on.empty()) out << "Also depends on: " << join(r.depends_on) << "\n";
  if (r.is_branch_point) out << "Branches into: " << join(r.children) << "\n";
  if (!r.branch_labels.empty()) out << "Branch names: " << join(r.branch_labels) << "\n";
  out << "Path: " << r.source << "\n\n";
  // The docstring Alembic's revision template writes, stripped as Alembic strips it.
  std::string doc = r.message + "\n\nRevision ID: " + r.id +
                    "\nRevises: " + join(r.down_revisions) + "\nCreate Date: " + r.create_date;
  doc.erase(doc.find_last_not_of(" \t\n") + 1);
  doc.erase(0, doc.find_first_not_of(" \t\n"));
  for (std::size_t start = 0; start <= doc.size();) {
    const std::size_t end = std::min(doc.find('\n', start), doc.size());
    out << "    " << doc.substr(start, end - start) << "\n";
    start = end + 1;
  }
  out << "\n";
}

void stringify(std::ostream& out, const Poco::JSON::Object::Ptr& o) {
  o->stringify(out, 2);
  out << "\n";
}

// {"<key>": [revision, ...]}
void print_revisions_json(std::ostream& out, const std::string& key,
                          const std::vector<RevisionInfo>& revisions) {
  Poco::JSON::Object::Ptr o = json_document();
  Poco::JSON::Array::Ptr revs = new Poco::JSON::Array;
  for (const auto& r : revisions) revs->add(json_revision(r));
  o->set(key, revs);
  stringify(out, o);
}

}  // namespace

void ProgressPrinter::lock_waiting(const std::string& holder) {
  out_ << "Waiting for the migration lock, held by " << holder << " ..." << std::endl;
}

std::string ProgressPrinter::named(const std::string& revision) const {
  const std::string set = set_of_ ? set_of_(revision) : std::string();
  return set.empty() ? revision : revision + " (" + set + ")";
}

void ProgressPrinter::step_started(const Step& step, const Revision& revision) {
  // Alembic's "Running upgrade <parents> -> <rev>, <message>"; a base has no parents.
  const std::string parents = join(revision.down_revisions);
  if (step.direction == Direction::upgrade)
    out_ << "Running upgrade " << parents << " -> " << named(revision.id);
  else
    out_ << "Running downgrade " << named(revision.id) << " -> " << parents;
  out_ << ", " << revision.message << std::endl;
}

void ProgressPrinter::step_finished(const Step& step, const Revision& revision, double ms) {
  out_ << "  " << revision.id
       << (step.direction == Direction::upgrade ? " applied (" : " reverted (") << ms_text(ms)
       << ")" << std::endl;
}

void ProgressPrinter::step_failed(const Step&, const Revision& revision, double ms) {
  out_ << "  " << revision.id << " failed after " << ms_text(ms) << std::endl;
}

void ProgressPrinter::message(const std::string& text) {
  out_ << text << std::endl;
}

void ProgressPrinter::notice(const std::string& text) {
  if (verbose_) out_ << "  server: " << text << std::endl;
}

void print_migrate(std::ostream& out, const MigrateResult& result, Direction direction,
                   const std::string& target, bool json) {
  const bool up = direction == Direction::upgrade;
  if (result.offline) {
    if (json) {
      Poco::JSON::Object::Ptr o = json_document();
      o->set("command", up ? "upgrade" : "downgrade");
      o->set("target", target);
      o->set("before", json_array(result.rows_before));
      o->set("after", json_array(result.rows_after));
      o->set("sql", result.offline_script);
      stringify(out, o);
    } else {
      out << result.offline_script;
    }
    return;
  }
  if (json) {
    Poco::JSON::Object::Ptr o = json_document();
    o->set("command", up ? "upgrade" : "downgrade");
    o->set("target", target);
    o->set("before", json_array(result.rows_before));
    o->set("after", json_array(result.rows_after));
    Poco::JSON::Array::Ptr steps = new Poco::JSON::Array;
    for (const auto& s : result.steps) {
      Poco::JSON::Object::Ptr j = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
      j->set("revision", s.revision);
      j->set("set", s.set);
      j->set("message", s.message);
      j->set("duration_ms", s.duration_ms);
      steps->add(j);
    }
    o->set("steps", steps);
    o->set("total_ms", result.total_ms);
    stringify(out, o);
    return;
  }
  if (result.steps.empty()) {
    out << "Already at " << (up ? target : target) << " (" << rows_text(result.rows_after)
        << "); nothing to " << (up ? "upgrade" : "downgrade") << ".\n";
    return;
  }
  out << (up ? "Upgraded" : "Downgraded") << " to " << rows_text(result.rows_after) << ": "
      << result.steps.size() << (result.steps.size() == 1 ? " revision" : " revisions") << " in "
      << ms_text(result.total_ms) << ".\n";
}

void print_current(std::ostream& out, const CurrentResult& result, bool verbose, bool json) {
  if (json) {
    Poco::JSON::Object::Ptr o = json_document();
    o->set("database", result.database);
    Poco::JSON::Array::Ptr revs = new Poco::JSON::Array;
    for (const auto& r : result.revisions) {
      auto j = json_revision(r);
      for (const auto& e : result.last_applied) {
        if (e.revision != r.id) continue;
        j->set("applied_at", e.finished_at);
        j->set("applied_by", e.db_user + " (" + e.os_user + "@" + e.host + ")");
        j->set("checksum", e.checksum);
      }
      revs->add(j);
    }
    o->set("current", revs);
    stringify(out, o);
    return;
  }
  if (verbose) out << "Current revision(s) for " << result.database << ":\n";
  // Nothing applied: no line, as Alembic.
  for (const auto& r : result.revisions) {
    if (!r.known) {
      out << r.id << " (not provided by any loaded plugin)\n";
      continue;
    }
    if (!verbose) {
      out << revision_line(r, LineParts{}) << "\n";
      continue;
    }
    print_verbose_revision(out, r);
    for (const auto& e : result.last_applied) {
      if (e.revision != r.id) continue;
      out << "    Applied: " << e.finished_at << " by " << e.db_user << " (" << e.os_user << "@"
          << e.host << ", migctl " << e.migctl_version << ") in " << ms_text(e.duration_ms)
          << "\n\n";
    }
  }
}

void print_history(std::ostream& out, const std::vector<RevisionInfo>& revisions, bool verbose,
                   bool json) {
  if (json) return print_revisions_json(out, "revisions", revisions);
  for (const auto& r : revisions) {
    if (verbose) {
      print_verbose_revision(out, r);
    } else {
      out << revision_line(r, LineParts{true, true, true, true}) << "\n";
    }
  }
}

void print_heads(std::ostream& out, const std::vector<RevisionInfo>& heads, bool verbose,
                 bool json) {
  if (json) return print_revisions_json(out, "heads", heads);
  for (const auto& r : heads) {
    if (verbose)
      print_verbose_revision(out, r);
    else
      out << revision_line(r, LineParts{false, true, false, false}) << "\n";
  }
}

void print_branches(std::ostream& out, const BranchesResult& result, bool verbose, bool json) {
  if (json) {
    Poco::JSON::Object::Ptr o = json_document();
    Poco::JSON::Array::Ptr points = new Poco::JSON::Array;
    for (const auto& p : result.branch_points) {
      auto j = json_revision(p.revision);
      Poco::JSON::Array::Ptr children = new Poco::JSON::Array;
      for (const auto& c : p.children) children->add(c.id);
      j->set("children", children);
      points->add(j);
    }
    o->set("branch_points", points);
    Poco::JSON::Array::Ptr labels = new Poco::JSON::Array;
    for (const auto& l : result.labels) {
      Poco::JSON::Object::Ptr j = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
      j->set("label", l.label);
      j->set("set", l.set);
      j->set("revision", l.revision);
      j->set("heads", json_array(l.heads));
      j->set("members", json_array(l.members));
      labels->add(j);
    }
    o->set("labels", labels);
    stringify(out, o);
    return;
  }
  // Alembic's format: the branch point, one "-> child" line per child, a blank line.
  for (const auto& p : result.branch_points) {
    if (verbose)
      print_verbose_revision(out, p.revision);
    else
      out << revision_line(p.revision, LineParts{false, true, true, false}) << "\n";
    for (const auto& c : p.children)
      out << std::string(p.revision.id.size(), ' ') << " -> "
          << revision_line(c, LineParts{false, true, true, verbose}) << "\n";
    out << "\n";
  }
}

void print_show(std::ostream& out, const ShowResult& result, bool json) {
  if (json && result.several) return print_revisions_json(out, "revisions", result.revisions);
  if (json) {
    stringify(out, json_revision(result.revisions.front(), json_document()));
    return;
  }
  for (const auto& r : result.revisions) print_verbose_revision(out, r);
}

void print_check(std::ostream& out, const CheckReport& result, bool json) {
  if (json) {
    Poco::JSON::Object::Ptr o = json_document();
    o->set("ok", result.problems.empty());
    o->set("revisions", static_cast<int>(result.revisions));
    o->set("heads", json_array(result.heads));
    o->set("database_checked", result.database_checked);
    if (result.database_checked) o->set("current", json_array(result.rows));
    Poco::JSON::Array::Ptr problems = new Poco::JSON::Array;
    for (const auto& p : result.problems) {
      Poco::JSON::Object::Ptr j = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
      j->set("kind", p.kind);
      j->set("message", p.message);
      j->set("hint", p.hint);
      problems->add(j);
    }
    o->set("problems", problems);
    stringify(out, o);
    return;
  }
  out << "Revisions: " << result.revisions
      << ", heads: " << (result.heads.empty() ? std::string("none") : join(result.heads)) << "\n";
  if (result.database_checked)
    out << "Database: at " << rows_text(result.rows) << "\n";
  else
    out << "Database: not checked (DATABASE_CONN is not set)\n";
  if (result.problems.empty()) {
    out << "OK: no problems found.\n";
    return;
  }
  out << result.problems.size() << (result.problems.size() == 1 ? " problem" : " problems")
      << " found:\n";
  for (const auto& p : result.problems) {
    out << "  [" << p.kind << "] " << p.message << "\n";
    if (!p.hint.empty()) out << "      hint: " << p.hint << "\n";
  }
}

void print_stamp(std::ostream& out, const StampResult& result, const std::string& target,
                 bool json) {
  if (json) {
    Poco::JSON::Object::Ptr o = json_document();
    o->set("command", "stamp");
    o->set("target", target);
    o->set("before", json_array(result.rows_before));
    o->set("after", json_array(result.rows_after));
    o->set("changed", result.changed);
    if (result.offline) o->set("sql", result.offline_script);
    stringify(out, o);
    return;
  }
  if (result.offline) {
    out << result.offline_script;
    return;
  }
  if (!result.changed) {
    out << "Already stamped at " << rows_text(result.rows_after) << "; nothing written.\n";
    return;
  }
  out << "Stamped " << rows_text(result.rows_before) << " -> " << rows_text(result.rows_after)
      << " (version table only; no revision SQL ran).\n";
}

void print_source(std::ostream& out, const SourceResult& result, bool json) {
  if (json) {
    Poco::JSON::Object::Ptr o = json_document();
    o->set("revision", result.id);
    o->set("path", result.path);
    o->set("set", result.set);
    o->set("down_revisions", json_array(result.down_revisions));
    o->set("depends_on", json_array(result.depends_on));
    o->set("paths", json_array(result.paths));
    if (!result.format.empty()) o->set("format", result.format);
    stringify(out, o);
    return;
  }
  for (const auto& path : result.paths) out << "Generating " << path << " ... done\n";
  out << "  revision " << result.id << ", revises " << rows_text(result.down_revisions)
      << (result.depends_on.empty() ? "" : ", depends on " + join(result.depends_on)) << "\n";
  if (result.format.empty())
    out << "Next: edit it, rebuild the " << result.set
        << " plugin (the build picks the file up), then `migctl upgrade`.\n";
  else
    out << "Next: edit it, then `migctl upgrade` (" << result.format << " files of set "
        << result.set << ": nothing to build).\n";
}

}  // namespace migctl::app

#include "output.hpp"

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

Poco::JSON::Object::Ptr json_revision(const RevisionInfo& r) {
  Poco::JSON::Object::Ptr o = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
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
  }
  return o;
}

// Alembic's markers: "(head)", "(branchpoint)", "(mergepoint)", plus branch labels.
std::string markers(const RevisionInfo& r) {
  std::string out;
  if (!r.branch_labels.empty()) out += " (" + join(r.branch_labels) + ")";
  if (r.is_head) out += " (head)";
  if (r.is_branch_point) out += " (branchpoint)";
  if (r.is_merge) out += " (mergepoint)";
  return out;
}

void print_verbose_revision(std::ostream& out, const RevisionInfo& r) {
  out << "Rev: " << r.id << markers(r) << "\n";
  out << (r.down_revisions.size() > 1 ? "Merges: " : "Parent: ")
      << (r.down_revisions.empty() ? "<base>" : join(r.down_revisions)) << "\n";
  if (!r.depends_on.empty()) out << "Also depends on: " << join(r.depends_on) << "\n";
  out << "Set: " << r.set << "\n";
  out << "Path: " << r.source << "\n\n";
  out << "    " << r.message << "\n\n";
  out << "    Revision ID: " << r.id << "\n";
  out << "    Revises: " << join(r.down_revisions) << "\n";
  out << "    Create Date: " << r.create_date << "\n\n";
}

void stringify(std::ostream& out, const Poco::JSON::Object::Ptr& o) {
  o->stringify(out, 2);
  out << "\n";
}

}  // namespace

void ProgressPrinter::lock_waiting(const std::string& holder) {
  out_ << "Waiting for the migration lock, held by " << holder << " ..." << std::endl;
}

void ProgressPrinter::step_finished(const Step& step, const Revision& revision, double ms) {
  const bool up = step.direction == Direction::upgrade;
  out_ << (up ? "Upgraded   " : "Downgraded ") << rows_text(step.rows_before) << " -> "
       << rows_text(step.rows_after) << ", " << revision.message << " (" << ms_text(ms) << ")"
       << std::endl;
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
  if (json) {
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    o->set("command", up ? "upgrade" : "downgrade");
    o->set("target", target);
    o->set("before", json_array(result.rows_before));
    o->set("after", json_array(result.rows_after));
    Poco::JSON::Array::Ptr steps = new Poco::JSON::Array;
    for (const auto& s : result.steps) {
      Poco::JSON::Object::Ptr j = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
      j->set("revision", s.revision);
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
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
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
  if (result.revisions.empty()) {
    out << "<base> (no revision applied)\n";
    return;
  }
  for (const auto& r : result.revisions) {
    if (!r.known) {
      out << r.id << " (not provided by any loaded plugin)\n";
      continue;
    }
    if (!verbose) {
      out << r.id << markers(r) << "\n";
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
  if (json) {
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    Poco::JSON::Array::Ptr revs = new Poco::JSON::Array;
    for (const auto& r : revisions) revs->add(json_revision(r));
    o->set("revisions", revs);
    stringify(out, o);
    return;
  }
  for (const auto& r : revisions) {
    if (verbose) {
      print_verbose_revision(out, r);
    } else {
      out << (r.down_revisions.empty() ? "<base>" : join(r.down_revisions)) << " -> " << r.id
          << markers(r) << ", " << r.message << "\n";
    }
  }
}

void print_heads(std::ostream& out, const std::vector<RevisionInfo>& heads, bool verbose,
                 bool json) {
  if (json) {
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    Poco::JSON::Array::Ptr revs = new Poco::JSON::Array;
    for (const auto& r : heads) revs->add(json_revision(r));
    o->set("heads", revs);
    stringify(out, o);
    return;
  }
  for (const auto& r : heads) {
    if (verbose)
      print_verbose_revision(out, r);
    else
      out << r.id << markers(r) << "\n";
  }
}

}  // namespace migctl::app

// migctl's side of the differential test against Alembic (differential.py): loads the
// graph_file plugin through the real plugin loader and answers queries with the same
// functions the commands use, printing with the same printers (core/app/output.cpp).
//
// Queries on stdin, one a line, tab-separated: <kind> <argument> <rows, comma-separated>.
// Kinds: heads, branches, history (argument: range), historyi (the same with -i), current,
// show (argument: revision; "current" reads the rows), upgrade / downgrade (argument:
// target); headsv, branchesv and historyv are heads, branches and history with -v.
// Answers on stdout, one a line, newlines escaped as \n: the printed text, the plan as
// Alembic's step lines ("upgrade a, b -> c"), or "ERROR <exit code>: <message> || <hint>".
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "commands/branches.hpp"
#include "commands/session.hpp"
#include "commands/show.hpp"
#include "commands/status.hpp"
#include "output.hpp"
#include "revision/plan.hpp"

namespace {

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> out;
  if (text.empty()) return out;
  std::string item;
  std::istringstream in(text);
  while (std::getline(in, item, separator)) out.push_back(item);
  return out;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

std::string plan_text(const migctl::RevisionMap& map, const std::vector<migctl::Step>& plan) {
  std::string out;
  for (const auto& step : plan) {
    const auto& r = map.get(step.revision);
    if (step.direction == migctl::Direction::upgrade)
      out += "upgrade " + join(r.down_revisions) + " -> " + r.id + "\n";
    else
      out += "downgrade " + r.id + " -> " + join(r.down_revisions) + "\n";
  }
  return out;
}

std::string answer(migctl::Session& session, const std::string& kind, const std::string& argument,
                   const std::vector<std::string>& rows) {
  using namespace migctl;
  const RevisionMap& map = session.revisions();
  std::ostringstream out;
  if (kind == "heads" || kind == "headsv") {
    app::print_heads(out, heads(session), kind == "headsv", false);
  } else if (kind == "branches" || kind == "branchesv") {
    app::print_branches(out, branches(session), kind == "branchesv", false);
  } else if (kind == "history" || kind == "historyi" || kind == "historyv") {
    HistoryOptions options{argument, kind == "historyi"};
    app::print_history(out, history_of(map, options, rows), kind == "historyv", false);
  } else if (kind == "current") {
    CurrentResult result;
    for (const auto& id : current_tips(map, rows))
      result.revisions.push_back(describe_revision(map, id, {}));
    app::print_current(out, result, false, false);
  } else if (kind == "show") {
    app::print_show(out, show_of(map, argument, [&] { return rows; }), false);
  } else if (kind == "upgrade") {
    out << plan_text(map, plan_upgrade(map, rows, parse_upgrade_target(argument)));
  } else if (kind == "downgrade") {
    out << plan_text(map, plan_downgrade(map, rows, parse_downgrade_target(argument)));
  } else {
    out << "unknown query kind " << kind;
  }
  return out.str();
}

std::string escaped(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\n')
      out += "\\n";
    else if (c == '\\')
      out += "\\\\";
    else
      out += c;
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: alembic_diff_answer <graph_file.so>  (graph in MIGCTL_TEST_GRAPH)\n";
    return 64;
  }
  migctl::RunConfig config;
  config.plugins = {argv[1]};
  config.allow_untrusted_plugins = true;  // a test fixture from the build tree
  migctl::Session session(config);
  std::string line;
  while (std::getline(std::cin, line)) {
    const auto fields = split(line, '\t');
    const std::string kind = fields.empty() ? "" : fields[0];
    const std::string argument = fields.size() > 1 ? fields[1] : "";
    const auto rows = split(fields.size() > 2 ? fields[2] : "", ',');
    std::string text;
    try {
      text = answer(session, kind, argument, rows);
    } catch (const migctl::Error& e) {
      text = "ERROR " + std::to_string(static_cast<int>(e.code())) + ": " + e.what() + " || " +
             e.hint();
    } catch (const std::exception& e) {
      text = "CRASH: " + std::string(e.what());
    }
    std::cout << escaped(text) << "\n";
  }
  return 0;
}

#include "commands/graph.hpp"

#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "migctl/error.hpp"
#include "revision/describe.hpp"

namespace migctl {
namespace {

std::string dot_id(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + '"';
}

std::string find_in_path(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/local/bin:/usr/bin:/bin";
  std::size_t start = 0;
  while (start <= dirs.size()) {
    const std::size_t end = std::min(dirs.find(':', start), dirs.size());
    const std::string dir = dirs.substr(start, end - start);
    if (!dir.empty()) {
      const std::string candidate = dir + "/" + program;
      if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    }
    start = end + 1;
  }
  return {};
}

// Runs `program args`, feeding `input` on stdin; returns the exit code, stderr in `errors`.
int run_tool(const std::string& program, const std::vector<std::string>& args,
             const std::string& input, std::string& errors) {
  Poco::Pipe in_pipe, err_pipe;
  Poco::ProcessHandle handle = Poco::Process::launch(program, args, &in_pipe, nullptr, &err_pipe);
  std::thread reader([&] {
    Poco::PipeInputStream err(err_pipe);
    std::ostringstream text;
    text << err.rdbuf();
    errors = text.str();
  });
  {
    Poco::PipeOutputStream in(in_pipe);
    in << input;
    in.close();
  }
  reader.join();
  return handle.wait();
}

std::string extension_of(const std::string& path) {
  const std::string ext = std::filesystem::path(path).extension().string();
  return ext.size() > 1 ? ext.substr(1) : std::string();
}

std::string node_class(const GraphNode& n) {
  std::string out = "revision";
  if (n.head) out += " head";
  if (n.merge) out += " merge";
  if (n.applied) out += " applied";
  if (n.current) out += " current";
  return out;
}

}  // namespace

GraphResult graph(Session& session) {
  const RevisionMap& map = session.revisions();
  GraphResult result;
  std::set<std::string> applied;
  if (!session.config().database_url.empty()) {
    result.database_read = true;
    for (const auto& row : session.context(/*for_changes=*/false).version_rows())
      if (map.contains(row)) result.current.push_back(row);
    applied = map.applied_from_rows(result.current);
  }
  const std::set<std::string> current(result.current.begin(), result.current.end());
  std::map<std::string, std::vector<std::string>> by_set;
  for (const auto& id : map.topological_order()) by_set[session.set_of(id)].push_back(id);
  for (const auto& [set, ids] : by_set) {
    for (const auto& id : ids) {
      const Revision& r = map.get(id);
      GraphNode n;
      n.id = id;
      n.set = set;
      n.message = r.message;
      n.branch_labels = r.branch_labels;
      n.head = map.children(id).empty();
      n.merge = r.down_revisions.size() > 1;
      n.applied = applied.count(id) > 0;
      n.current = current.count(id) > 0;
      result.nodes.push_back(std::move(n));
    }
  }
  for (const auto& id : map.topological_order()) {
    const Revision& r = map.get(id);
    for (const auto& parent : r.down_revisions) result.edges.push_back({parent, id, "parent"});
    for (const auto& dependency : r.depends_on)
      result.edges.push_back({dependency, id, "depends_on"});
  }
  return result;
}

std::string render_dot(const GraphResult& graph) {
  std::map<std::string, std::vector<const GraphNode*>> by_set;
  for (const auto& n : graph.nodes) by_set[n.set].push_back(&n);

  std::ostringstream out;
  out << "digraph migctl {\n"
      << "  rankdir=BT;\n"
      << "  node [shape=box, style=\"rounded,filled\", fillcolor=\"#f5f5f5\", "
         "fontname=\"Helvetica\", fontsize=11];\n"
      << "  edge [color=\"#555555\", fontname=\"Helvetica\", fontsize=9];\n";
  for (const auto& [set, nodes] : by_set) {
    out << "  subgraph " << dot_id("cluster_" + set) << " {\n"
        << "    label=" << dot_id(set.empty() ? std::string("(unknown set)") : set)
        << "; style=rounded; color=\"#999999\"; fontname=\"Helvetica\";\n";
    for (const GraphNode* n : nodes) {
      std::string label = n->id;
      if (!n->branch_labels.empty()) label += " [" + revision_text::join(n->branch_labels) + "]";
      if (!n->message.empty()) label += "\n" + n->message;
      out << "    " << dot_id(n->id) << " [label=" << dot_id(label)
          << ", class=" << dot_id(node_class(*n));
      if (n->head) out << ", peripheries=2";
      if (n->merge) out << ", shape=hexagon";
      if (n->applied) out << ", fillcolor=\"#cfe2f3\"";
      if (n->current) out << ", penwidth=2.5, color=\"#1f4e79\"";
      out << "];\n";
    }
    out << "  }\n";
  }
  for (const auto& e : graph.edges) {
    out << "  " << dot_id(e.from) << " -> " << dot_id(e.to);
    if (e.kind == "depends_on") out << " [style=dashed, label=\"depends_on\"]";
    out << ";\n";
  }
  // The legend: one HTML-like table node, kept apart from the revisions.
  out << "  subgraph cluster_legend {\n"
      << "    label=\"Legend\"; style=rounded; color=\"#cccccc\"; fontname=\"Helvetica\";\n"
      << "    legend [shape=plaintext, style=\"\", label=<<table border=\"0\" "
         "cellborder=\"1\" cellspacing=\"4\" cellpadding=\"4\">"
      << "<tr><td border=\"0\" cellpadding=\"0\"><table border=\"1\" cellborder=\"1\" "
         "cellspacing=\"2\" style=\"rounded\"><tr><td style=\"rounded\">head (double "
         "border)</td></tr></table></td></tr>"
      << "<tr><td style=\"rounded\">merge point: hexagon</td></tr>";
  if (graph.database_read) {
    out << "<tr><td bgcolor=\"#cfe2f3\" style=\"rounded\">applied</td></tr>"
        << "<tr><td bgcolor=\"#f5f5f5\" style=\"rounded\">not applied</td></tr>"
        << "<tr><td color=\"#1f4e79\" border=\"3\" style=\"rounded\">current (a version "
           "row)</td></tr>";
  } else {
    out << "<tr><td style=\"rounded\">database not read: no applied marks</td></tr>";
  }
  out << "<tr><td style=\"rounded\">solid arrow: parent to child; dashed: depends_on</td></tr>"
      << "</table>>];\n"
      << "  }\n"
      << "}\n";
  return out.str();
}

std::vector<std::string> dot_formats() {
  const std::string dot = find_in_path("dot");
  if (dot.empty()) return {};
  // `dot -T?` answers on stderr: Format: "?" not recognized. Use one of: bmp canon ...
  std::string errors;
  run_tool(dot, {"-T?"}, "", errors);
  const auto at = errors.find("Use one of:");
  if (at == std::string::npos) return {};
  std::istringstream words(errors.substr(at + 11));
  std::set<std::string> formats;
  for (std::string w; words >> w;)
    if (w != "x11" && w != "xlib") formats.insert(w);
  return {formats.begin(), formats.end()};
}

std::string write_graph(const std::string& dot_text, const std::string& path) {
  const std::string format = extension_of(path);
  if (format.empty())
    throw Error(ExitCode::usage, "cannot tell the graph format of " + path + ": no extension",
                "name the file with the format as its extension (graph.svg, graph.png, "
                "graph.pdf, graph.dot), or leave out --output to print DOT");
  if (format == "dot" || format == "gv") {
    std::ofstream file(path, std::ios::binary);
    file << dot_text;
    file.close();
    if (!file) throw Error(ExitCode::config, "cannot write " + path, "check the path");
    return "dot";
  }
  const std::string dot = find_in_path("dot");
  if (dot.empty())
    throw Error(ExitCode::config, "cannot write " + path + ": Graphviz's `dot` is not in PATH",
                "install graphviz (`apt-get install graphviz`), or write DOT (graph.dot, or "
                "no --output) and render it elsewhere");
  const std::vector<std::string> formats = dot_formats();
  if (std::find(formats.begin(), formats.end(), format) == formats.end())
    throw Error(ExitCode::usage,
                "unknown graph format '." + format + "' (from " + path +
                    "): Graphviz's dot cannot render it",
                "use one of: " + revision_text::join(formats, " "));
  std::string errors;
  const int code = run_tool(dot, {"-T" + format, "-o", path}, dot_text, errors);
  if (code != 0)
    throw Error(ExitCode::data,
                "`dot -T" + format + "` failed (exit " + std::to_string(code) + ")" +
                    (errors.empty() ? std::string() : ": " + errors),
                "check that " + path + " is writable");
  return format;
}

}  // namespace migctl

#include "commands/graph.hpp"

#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <map>
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

}  // namespace

std::string render_dot(Session& session) {
  const RevisionMap& map = session.revisions();
  std::map<std::string, std::vector<std::string>> by_set;
  for (const auto& id : map.topological_order()) by_set[session.set_of(id)].push_back(id);

  std::ostringstream out;
  out << "digraph migctl {\n"
      << "  rankdir=BT;\n"
      << "  node [shape=box, style=\"rounded,filled\", fillcolor=\"#f5f5f5\", "
         "fontname=\"Helvetica\", fontsize=11];\n"
      << "  edge [color=\"#555555\", fontname=\"Helvetica\", fontsize=9];\n";
  for (const auto& [set, ids] : by_set) {
    out << "  subgraph " << dot_id("cluster_" + set) << " {\n"
        << "    label=" << dot_id(set.empty() ? std::string("(unknown set)") : set)
        << "; style=rounded; color=\"#999999\"; fontname=\"Helvetica\";\n";
    for (const auto& id : ids) {
      const Revision& r = map.get(id);
      std::string label = id;
      if (!r.branch_labels.empty()) label += " [" + revision_text::join(r.branch_labels) + "]";
      if (!r.message.empty()) label += "\n" + r.message;
      out << "    " << dot_id(id) << " [label=" << dot_id(label);
      if (map.children(id).empty()) out << ", peripheries=2, fillcolor=\"#dcefdc\"";
      if (r.down_revisions.size() > 1) out << ", shape=hexagon";
      out << "];\n";
    }
    out << "  }\n";
  }
  for (const auto& id : map.topological_order()) {
    const Revision& r = map.get(id);
    for (const auto& parent : r.down_revisions)
      out << "  " << dot_id(parent) << " -> " << dot_id(id) << ";\n";
    for (const auto& dependency : r.depends_on)
      out << "  " << dot_id(dependency) << " -> " << dot_id(id)
          << " [style=dashed, label=\"depends_on\"];\n";
  }
  out << "}\n";
  return out.str();
}

void write_svg(const std::string& dot_text, const std::string& svg_path) {
  const std::string dot = find_in_path("dot");
  if (dot.empty())
    throw Error(ExitCode::config, "cannot write " + svg_path + ": Graphviz's `dot` is not in PATH",
                "install graphviz (`apt-get install graphviz`), or print DOT without --output "
                "and render it elsewhere");
  Poco::Pipe in_pipe, err_pipe;
  Poco::ProcessHandle handle =
      Poco::Process::launch(dot, {"-Tsvg", "-o", svg_path}, &in_pipe, nullptr, &err_pipe);
  std::string errors;
  std::thread reader([&] {
    Poco::PipeInputStream err(err_pipe);
    std::ostringstream text;
    text << err.rdbuf();
    errors = text.str();
  });
  {
    Poco::PipeOutputStream in(in_pipe);
    in << dot_text;
    in.close();
  }
  reader.join();
  const int code = handle.wait();
  if (code != 0)
    throw Error(ExitCode::data,
                "`dot -Tsvg` failed (exit " + std::to_string(code) + ")" +
                    (errors.empty() ? std::string() : ": " + errors),
                "check that " + svg_path + " is writable");
}

}  // namespace migctl

// `graph`: the revision DAG as data, as Graphviz DOT, and rendered by Graphviz's `dot`.
#pragma once

#include <string>
#include <vector>

#include "commands/session.hpp"

namespace migctl {

struct GraphNode {
  std::string id;
  std::string set;
  std::string message;
  std::vector<std::string> branch_labels;
  bool head = false;
  bool merge = false;
  bool applied = false;  // only meaningful when GraphResult::database_read
  bool current = false;  // a row of the version table
};

struct GraphEdge {
  std::string from;  // the parent (or the revision depended on)
  std::string to;
  std::string kind;  // "parent" or "depends_on"
};

struct GraphResult {
  std::vector<GraphNode> nodes;  // sets by name, then topological order
  std::vector<GraphEdge> edges;  // topological order of `to`; parents before depends_on
  bool database_read = false;    // false when DATABASE_CONN / DATABASE_URL is not set
  std::vector<std::string> current;
};

// The graph of the loaded revisions. When a database URL is configured, also reads the
// version rows (no lock, nothing written) to mark the applied and current revisions; rows
// no loaded plugin knows are ignored here (`check` reports them). Connection errors
// propagate with their exit codes.
GraphResult graph(Session& session);

// DOT text: one cluster per migration set, one box per revision ("id", message, branch
// labels), parent -> child edges solid, depends_on edges dashed; heads drawn with a double
// border, merge points as hexagons, applied revisions filled blue and the version rows
// with a thick border (when the database was read), and a legend. Each node carries
// class="revision[ head][ merge][ applied][ current]" (SVG output keeps it). Deterministic,
// so the output diffs cleanly.
std::string render_dot(const GraphResult& graph);

// Output formats the installed `dot` renders (`dot -T?`), sorted; empty when Graphviz is
// not installed. Interactive outputs (x11, xlib) are left out.
std::vector<std::string> dot_formats();

// Writes the graph to `path` in the format its extension names: .dot and .gv as DOT text
// (no Graphviz needed), anything `dot -T<ext>` renders through dot. Error(usage) for a
// path without an extension or an extension dot does not know (listing the formats);
// Error(config) when Graphviz is needed but not installed; Error(data) when dot fails,
// with what it printed. Returns the format written.
std::string write_graph(const std::string& dot_text, const std::string& path);

}  // namespace migctl

// `graph`: the revision DAG as Graphviz DOT, and as SVG through Graphviz's `dot`.
#pragma once

#include <string>

#include "commands/session.hpp"

namespace migctl {

// DOT text: one cluster per migration set, one box per revision ("id", message, branch
// labels), parent -> child edges solid, depends_on edges dashed; heads drawn with a double
// border, merge points as hexagons. Deterministic: sets by name, revisions and edges in
// topological order, so the output diffs cleanly. No database access.
std::string render_dot(Session& session);

// Runs `dot -Tsvg -o <svg_path>` (found in PATH) on `dot_text`. Throws
// Error(ExitCode::config) when dot is not installed ("install graphviz"), and
// Error(ExitCode::data) when dot fails, with what dot printed.
void write_svg(const std::string& dot_text, const std::string& svg_path);

}  // namespace migctl

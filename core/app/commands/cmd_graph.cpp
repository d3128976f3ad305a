// branches, show, graph, check: the shape and health of the revision graph.
#include <fstream>

#include "command_table.hpp"
#include "commands/branches.hpp"
#include "commands/check.hpp"
#include "commands/graph.hpp"
#include "migctl/error.hpp"
#include "output.hpp"

namespace migctl::app {
namespace {

int run_branches(const CommandLine& cl, Session& session, Io& io) {
  no_arguments(cl);
  print_branches(io.out, branches(session), cl.verbose, cl.json);
  return 0;
}

int run_show(const CommandLine& cl, Session& session, Io& io) {
  const std::string revision = single_argument(cl, "", "a revision");
  print_show(io.out, show(session, revision), cl.json);
  return 0;
}

int run_graph(const CommandLine& cl, Session& session, Io& io) {
  no_arguments(cl);
  const std::string dot = render_dot(session);
  const std::string output = cl.value("output");
  if (output.empty()) {
    io.out << dot;
    return 0;
  }
  const bool svg = output.size() > 4 && output.compare(output.size() - 4, 4, ".svg") == 0;
  if (svg) {
    write_svg(dot, output);
  } else {
    std::ofstream file(output, std::ios::binary);
    file << dot;
    file.close();
    if (!file) throw Error(ExitCode::config, "cannot write " + output, "check the path");
  }
  io.err << "Wrote " << output << (svg ? " (SVG, by Graphviz dot)" : " (DOT)") << "\n";
  return 0;
}

// Exit code when check finds problems: 65, the code of graph and revision problems.
constexpr int kCheckProblems = static_cast<int>(ExitCode::data);

int run_check(const CommandLine& cl, Session& session, Io& io) {
  no_arguments(cl);
  const CheckResult result = check(session);
  print_check(io.out, result, cl.json);
  return result.problems.empty() ? 0 : kCheckProblems;
}

}  // namespace

MIGCTL_APP_COMMAND({"branches",
                    "branches [-v]",
                    "show branch points and branch labels with their heads",
                    {},
                    run_branches});
MIGCTL_APP_COMMAND({"show", "show REV", "show one revision in detail", {}, run_show});
MIGCTL_APP_COMMAND({"graph",
                    "graph [--output FILE]",
                    "the revision graph as Graphviz DOT (FILE.svg: rendered by dot)",
                    {{"output", "o", "write to FILE (.svg renders with Graphviz dot)", "FILE"}},
                    run_graph});
MIGCTL_APP_COMMAND({"check",
                    "check",
                    "check the graph and the database; exit 65 when problems are found",
                    {},
                    run_check});

}  // namespace migctl::app

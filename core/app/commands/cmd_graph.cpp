// graph: the revision graph as Graphviz DOT, a rendered picture, or JSON data.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include "command_table.hpp"
#include "commands/graph.hpp"
#include "json_document.hpp"
#include "migctl/error.hpp"
#include "output.hpp"

namespace migctl::app {
namespace {

Poco::JSON::Array::Ptr string_array(const std::vector<std::string>& items) {
  Poco::JSON::Array::Ptr a = new Poco::JSON::Array;
  for (const auto& s : items) a->add(s);
  return a;
}

void print_graph_json(std::ostream& out, const GraphResult& g, const std::string& output,
                      const std::string& format) {
  Poco::JSON::Object::Ptr doc = json_document();
  doc->set("database_read", g.database_read);
  if (g.database_read) doc->set("current", string_array(g.current));
  Poco::JSON::Array::Ptr nodes = new Poco::JSON::Array;
  for (const auto& n : g.nodes) {
    Poco::JSON::Object::Ptr j = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    j->set("id", n.id);
    j->set("set", n.set);
    j->set("message", n.message);
    j->set("branch_labels", string_array(n.branch_labels));
    j->set("head", n.head);
    j->set("merge", n.merge);
    if (g.database_read) {
      j->set("applied", n.applied);
      j->set("current", n.current);
    }
    nodes->add(j);
  }
  doc->set("nodes", nodes);
  Poco::JSON::Array::Ptr edges = new Poco::JSON::Array;
  for (const auto& e : g.edges) {
    Poco::JSON::Object::Ptr j = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    j->set("from", e.from);
    j->set("to", e.to);
    j->set("kind", e.kind);
    edges->add(j);
  }
  doc->set("edges", edges);
  if (!output.empty()) {
    doc->set("output", output);
    doc->set("format", format);
  }
  print_json(out, doc);
}

int run_graph(const CommandLine& cl, Session& session, Io& io) {
  no_arguments(cl);
  const GraphResult g = graph(session);
  const std::string output = cl.value("output");
  std::string format;
  if (!output.empty()) format = write_graph(render_dot(g), output);
  if (cl.json) {
    print_graph_json(io.out, g, output, format);
  } else if (output.empty()) {
    io.out << render_dot(g);
  }
  if (!output.empty())
    io.err << "Wrote " << output << " (" << format
           << (format == "dot" ? ", Graphviz DOT text)" : ", rendered by Graphviz dot)") << "\n";
  return 0;
}

}  // namespace

MIGCTL_APP_COMMAND(
    {"graph",
     "graph [--output FILE]",
     "draw the revision graph as DOT, or any format Graphviz renders (svg, png, pdf)",
     {{"output", "o", "write to FILE, in the format its extension names", "FILE"}},
     run_graph,
     "Prints the revision graph as Graphviz DOT: one cluster per migration set, parent\n"
     "edges solid, depends_on edges dashed, heads with a double border, merge points as\n"
     "hexagons, and a legend. When a database URL is set, applied revisions are filled\n"
     "blue and the version rows get a thick border (reads only, no lock).\n"
     "\n"
     "--output FILE writes FILE in the format its extension names: .dot and .gv as DOT\n"
     "text, anything else through Graphviz (`dot -T<extension>`: svg, png, pdf, jpg...);\n"
     "an extension dot does not know is refused (64) with the list. --json prints the\n"
     "nodes and edges as data instead of DOT.\n",
     {{"migctl graph --output graph.svg", "an SVG picture"},
      {"migctl graph --output graph.png", "a PNG picture"},
      {"migctl graph | dot -Tpdf > graph.pdf", "DOT text into your own Graphviz call"},
      {"migctl graph --json", "nodes and edges for other tools"}}});
}  // namespace migctl::app

#include "revision/target.hpp"

#include <limits>

#include "migctl/error.hpp"

namespace migctl {
namespace {

[[noreturn]] void usage(const std::string& message, std::string hint) {
  throw Error(ExitCode::usage, message, std::move(hint));
}

bool all_digits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text)
    if (c < '0' || c > '9') return false;
  return true;
}

// "+N" / "-N" -> signed N. Usage error for anything else.
int parse_steps(std::string_view text, std::string_view whole) {
  const std::string_view digits = text.substr(1);
  if (!all_digits(digits))
    usage("'" + std::string(whole) + "' is not a relative target",
          "relative targets are +N (upgrade) or -N (downgrade), N a whole number");
  long long count = 0;
  for (char c : digits) {
    count = count * 10 + (c - '0');
    if (count > std::numeric_limits<int>::max())
      usage("step count '" + std::string(whole) + "' is out of range",
            "relative targets move at most " + std::to_string(std::numeric_limits<int>::max()) +
                " revisions");
  }
  if (count == 0)
    usage("'" + std::string(whole) + "' moves no revision",
          "relative targets are +N or -N with N of at least 1");
  return static_cast<int>(text.front() == '-' ? -count : count);
}

// Grammar shared by both commands; each command then refuses what makes no sense for it.
Target parse(std::string_view text, const std::string& command) {
  Target target;
  if (text.empty())
    usage("empty " + command + " target",
          "give head, heads, base, +N, -N, a revision id, an id prefix or a branch label");
  if (text == "head") {
    target.kind = Target::Kind::head;
  } else if (text == "heads") {
    target.kind = Target::Kind::heads;
  } else if (text == "base") {
    target.kind = Target::Kind::base;
  } else if (text.front() == '+' || text.front() == '-') {
    target.kind = Target::Kind::relative;
    target.steps = parse_steps(text, text);
  } else if (const auto at = text.rfind('@'); at != std::string_view::npos) {
    const std::string_view label = text.substr(0, at);
    const std::string_view symbol = text.substr(at + 1);
    if (label.empty() || label.find('@') != std::string_view::npos ||
        !(symbol == "head" || symbol == "base" ||
          (!symbol.empty() && (symbol.front() == '+' || symbol.front() == '-'))))
      usage("unsupported target '" + std::string(text) + "'",
            "branch targets have the form <label>@head, <label>@base, <label>@+N or <label>@-N");
    if (symbol == "head") {
      target.kind = Target::Kind::revision;
      target.revision = std::string(text);
    } else if (symbol == "base") {
      target.kind = Target::Kind::base;
      target.branch = std::string(label);
    } else {
      target.kind = Target::Kind::relative;
      target.branch = std::string(label);
      target.steps = parse_steps(symbol, text);
    }
  } else {
    // Digits without a sign are an id ("001"); "<id>+N" is resolved by the map.
    target.kind = Target::Kind::revision;
    target.revision = std::string(text);
  }
  return target;
}

}  // namespace

Target parse_upgrade_target(std::string_view text) {
  Target target = parse(text, "upgrade");
  if (target.kind == Target::Kind::relative && target.steps < 0)
    usage("upgrade cannot go down: '" + std::string(text) + "' is a downgrade",
          "use `migctl downgrade " + std::string(text) + "`");
  if (target.kind == Target::Kind::base)
    usage("upgrade cannot go to " + std::string(text) + ": base is below every revision it names",
          "use `migctl downgrade " + std::string(text) + "` to revert those revisions");
  return target;
}

Target parse_downgrade_target(std::string_view text) {
  Target target = parse(text, "downgrade");
  if (target.kind == Target::Kind::relative && target.steps > 0)
    usage("downgrade cannot go up: '" + std::string(text) + "' is an upgrade",
          "use `migctl upgrade " + std::string(text) + "`");
  if (target.kind == Target::Kind::head || target.kind == Target::Kind::heads)
    usage("downgrade to " + std::string(text) +
              " makes no sense: a downgrade reverts revisions above its target, and nothing "
              "is above " +
              std::string(text),
          "use `migctl downgrade -1` to revert the latest revision, or name a revision");
  return target;
}

}  // namespace migctl

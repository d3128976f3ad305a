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

bool word(std::string_view text) {
  for (char c : text)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'))
      return false;
  return true;
}

// "+N" / "-N" (digits already checked) -> signed N, refusing what does not fit an int.
int parse_count(std::string_view signed_digits, std::string_view whole) {
  long long count = 0;
  for (char c : signed_digits.substr(1)) {
    count = count * 10 + (c - '0');
    if (count > std::numeric_limits<int>::max())
      usage("step count in '" + std::string(whole) + "' is out of range",
            "relative targets move at most " + std::to_string(std::numeric_limits<int>::max()) +
                " revisions");
  }
  return static_cast<int>(signed_digits.front() == '-' ? -count : count);
}

}  // namespace

Target parse_target(std::string_view text) {
  Target target;
  if (text.empty())
    usage("empty target",
          "give head, heads, base, +N, -N, a revision id, an id prefix or a branch label");
  const auto at = text.find('@');
  if (at != std::string_view::npos) {
    if (at == 0 || at + 1 == text.size() || text.find('@', at + 1) != std::string_view::npos)
      usage("'" + std::string(text) + "' is not a target",
            "branch targets are <branch>@head, <branch>@heads, <branch>@base, <branch>@+N, "
            "<branch>@-N or <branch>@<revision>");
    target.branch = std::string(text.substr(0, at));
  }
  const std::string_view rest = at == std::string_view::npos ? text : text.substr(at + 1);

  // Relative: [<rev>]+N or [<rev>]-N.
  const auto sign = rest.find_last_of("+-");
  if (sign != std::string_view::npos) {
    const std::string_view digits = rest.substr(sign + 1);
    const std::string_view from = rest.substr(0, sign);
    if (all_digits(digits) && word(from)) {
      target.kind = Target::Kind::relative;
      target.revision = std::string(from);
      target.steps = parse_count(rest.substr(sign), text);
      if (target.steps == 0 && from.empty())
        usage("'" + std::string(text) + "' moves no revision",
              "relative targets are +N or -N with N of at least 1");
      return target;
    }
    // "-abc", "-", "+": nothing else starts with a sign (ids cannot).
    if (sign == 0)
      usage("'" + std::string(text) + "' is not a relative target",
            "relative targets are +N (upgrade) or -N (downgrade), N a whole number, "
            "optionally after a revision or <branch>@");
  }
  if (rest == "head") {
    target.kind = Target::Kind::head;
  } else if (rest == "heads") {
    target.kind = Target::Kind::heads;
  } else if (rest == "base") {
    target.kind = Target::Kind::base;
  } else {
    target.kind = Target::Kind::revision;
    target.revision = std::string(rest);
  }
  return target;
}

Target parse_upgrade_target(std::string_view text) {
  Target target = parse_target(text);
  if (target.kind == Target::Kind::relative && target.steps < 0 && target.revision.empty())
    usage("upgrade cannot go down: '" + std::string(text) + "' is a downgrade",
          "use `migctl downgrade " + std::string(text) + "`");
  if (target.kind == Target::Kind::base)
    usage("upgrade cannot go to " + std::string(text) + ": base is below every revision it names",
          "use `migctl downgrade " + std::string(text) + "` to revert those revisions");
  return target;
}

Target parse_downgrade_target(std::string_view text) {
  Target target = parse_target(text);
  if (target.kind == Target::Kind::relative && target.steps > 0 && target.revision.empty())
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

// libFuzzer harness for targets and ranges as users type them (core/src/revision/target.cpp,
// range.cpp, RevisionMap::resolve), on a small graph with two branches, labels and a merge.
// Contract checked: any text either works or throws migctl::Error (usage or revision
// error) — never another exception (std::stoi's, say), a crash or undefined behaviour.
// The input is split at its first newline: the text, then the version rows (comma
// separated) that "current" and relative endpoints use.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "migctl/error.hpp"
#include "revision/plan.hpp"
#include "revision/range.hpp"
#include "revision/revision_map.hpp"
#include "revision/target.hpp"

namespace {

migctl::Revision rev(std::string id, std::vector<std::string> down,
                     std::vector<std::string> labels = {}) {
  migctl::Revision r;
  r.source = "versions/" + id + ".cpp";
  r.id = std::move(id);
  r.down_revisions = std::move(down);
  r.branch_labels = std::move(labels);
  r.upgrade = {"SELECT 1"};
  r.downgrade = {"SELECT 1"};
  return r;
}

const migctl::RevisionMap& graph() {
  static const migctl::RevisionMap map(
      {rev("001", {}, {"core"}), rev("002", {"001"}), rev("a1", {"002"}, {"feature"}),
       rev("a2", {"a1"}), rev("b1", {"002"}), rev("m1", {"a2", "b1"}), rev("003", {"m1"})});
  return map;
}

template <class F>
void expect_only_migctl_errors(F&& f) {
  try {
    f();
  } catch (const migctl::Error&) {
  } catch (...) {
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto newline = input.find('\n');
  const std::string text(input.substr(0, newline));
  std::vector<std::string> rows;
  if (newline != std::string_view::npos) {
    std::string_view rest = input.substr(newline + 1);
    while (!rest.empty()) {
      const auto comma = rest.find(',');
      rows.emplace_back(rest.substr(0, comma));
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  const migctl::RevisionMap& map = graph();
  expect_only_migctl_errors(
      [&] { migctl::plan_upgrade(map, rows, migctl::parse_upgrade_target(text)); });
  expect_only_migctl_errors(
      [&] { migctl::plan_downgrade(map, rows, migctl::parse_downgrade_target(text)); });
  expect_only_migctl_errors([&] { map.resolve(text); });
  expect_only_migctl_errors(
      [&] { migctl::revisions_in_range(map, migctl::parse_range(text), rows); });
  return 0;
}

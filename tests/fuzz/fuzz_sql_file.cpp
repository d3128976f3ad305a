// libFuzzer harness for the SQL-file readers' content parsing (core/src/sqlfiles/): dbmate
// sections, migctl headers, Flyway placeholders and sqlx's no-transaction line, on one
// file held in memory. The first input byte picks the format, the rest is the file.
// Contract checked: a file either reads or throws migctl::Error(ExitCode::data) — no other
// exception, no crash, no undefined behaviour — and every script a revision holds starts
// exactly at the line the revision says (upgrade_line / downgrade_line) of the file.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "migctl/error.hpp"
#include "sqlfiles/format_readers.hpp"

namespace {

using namespace migctl;
using namespace migctl::sqlfiles;

// Where 1-based line `number` starts in `text`; npos past the end.
std::size_t line_start(std::string_view text, int number) {
  std::size_t at = 0;
  for (int line = 1; line < number; ++line) {
    at = text.find('\n', at);
    if (at == std::string_view::npos) return at;
    ++at;
  }
  return at;
}

void check_script(std::string_view text, const std::vector<std::string>& scripts, int line) {
  if (scripts.empty() || line <= 0) return;
  const std::size_t at = line_start(text, line);
  if (at == std::string_view::npos || text.substr(at, scripts[0].size()) != scripts[0])
    std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  DirEntry entry;
  entry.text.assign(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::vector<Revision> (*read)(const Entries&) = nullptr;
  switch (data[0] % 4) {
    case 0:
      entry.name = "20240101000000_fuzz.sql";
      entry.kind = EntryKind::dbmate;
      read = &read_dbmate;
      break;
    case 1:
      entry.name = "fuzz_file.sql";  // a header with `id: fuzz` matches the name
      entry.kind = EntryKind::migctl;
      read = &read_migctl;
      break;
    case 2:
      entry.name = "V1_2__fuzz.sql";
      entry.kind = EntryKind::flyway_versioned;
      read = &read_flyway;
      break;
    default:
      entry.name = "1_fuzz.sql";
      entry.kind = EntryKind::sqlx_simple;
      read = &read_golang_migrate;
      break;
  }
  entry.path = "fuzz/" + entry.name;
  try {
    for (const Revision& r : read({&entry})) {
      if (r.id.empty() || r.id.size() > 32) std::abort();
      check_script(entry.text, r.upgrade, r.upgrade_line);
      check_script(entry.text, r.downgrade, r.downgrade_line);
    }
  } catch (const Error& e) {
    if (e.code() != ExitCode::data) std::abort();
  }
  return 0;
}

// bench_revisions.so: the benchmark's generated migration set.
//
// Its entry builds MIGCTL_BENCH_REVISIONS revisions (default 1000) in the graph shape
// MIGCTL_BENCH_SHAPE (linear, the default, or branchy). Ids, parents and SQL text are
// exactly what bench/generate.py writes for Alembic and psql: change both or neither.
//
//   linear   revision i has parent i-1.
//   branchy  blocks of ten: offset 0 continues from the previous block's last revision,
//            offsets 1-4 and 5-8 are two branches from it, offset 9 merges their tips.
#include <migctl/error.hpp>
#include <migctl/plugin.hpp>

#include <cstdlib>
#include <string>
#include <vector>

namespace {

// "<prefix>NNNNNN": six digits, zero-padded. Built by hand: this runs once per revision and
// the plugin should cost what a compiled plugin's string literals would, not printf's.
std::string numbered(const char* prefix, std::size_t prefix_size, long i) {
  std::string out(prefix, prefix_size);
  out.resize(prefix_size + 6);
  for (std::size_t k = out.size(); k > prefix_size; --k, i /= 10) {
    out[k - 1] = static_cast<char>('0' + i % 10);
  }
  return out;
}

std::string revision_id(long i) {
  return numbered("r", 1, i);
}

std::vector<long> parents(long i, bool branchy) {
  if (!branchy) return i > 1 ? std::vector<long>{i - 1} : std::vector<long>{};
  const long start = i - (i - 1) % 10;
  const long offset = i - start;
  if (offset == 0) return i > 1 ? std::vector<long>{i - 1} : std::vector<long>{};
  if (offset == 1 || offset == 5) return {start};
  if (offset == 9) return {i - 5, i - 1};
  return {i - 1};
}

long revision_count() {
  const char* text = std::getenv("MIGCTL_BENCH_REVISIONS");
  if (!text || !*text) return 1000;
  char* end = nullptr;
  const long n = std::strtol(text, &end, 10);
  if (*end != '\0' || n < 1 || n > 999999) {
    throw migctl::Error(
        migctl::ExitCode::config,
        "MIGCTL_BENCH_REVISIONS='" + std::string(text) + "' is not a number of revisions",
        "use a whole number from 1 to 999999");
  }
  return n;
}

bool branchy_shape() {
  const char* text = std::getenv("MIGCTL_BENCH_SHAPE");
  const std::string shape = text ? text : "";
  if (shape.empty() || shape == "linear") return false;
  if (shape == "branchy") return true;
  throw migctl::Error(migctl::ExitCode::config,
                      "MIGCTL_BENCH_SHAPE='" + shape + "' is not a graph shape",
                      "use linear or branchy");
}

migctl::Revision make_revision(long i, bool branchy) {
  migctl::Revision r;
  r.id = revision_id(i);
  for (long p : parents(i, branchy)) r.down_revisions.push_back(revision_id(p));
  r.message = "bench revision " + std::to_string(i);
  const std::string table = numbered("bench_", 6, i);
  std::string create_table;
  create_table.reserve(80);
  create_table.append("CREATE TABLE ")
      .append(table)
      .append(" (id bigint PRIMARY KEY, name text NOT NULL)");
  std::string create_index;
  create_index.reserve(64);
  create_index.append("CREATE INDEX ")
      .append(table)
      .append("_name_idx ON ")
      .append(table)
      .append(" (name)");
  r.upgrade = {std::move(create_table), std::move(create_index)};
  r.downgrade = {"DROP INDEX " + table + "_name_idx", "DROP TABLE " + table};
  r.source = "bench/plugin/bench_revisions.cpp";
  return r;
}

void register_bench(migctl::Registrar& registrar) {
  const long n = revision_count();
  const bool branchy = branchy_shape();
  migctl::MigrationSet set;
  set.name = "bench";
  set.description = "generated benchmark revisions";
  set.revisions.reserve(static_cast<std::size_t>(n));
  for (long i = 1; i <= n; ++i) set.revisions.push_back(make_revision(i, branchy));
  registrar.add_migration_set(std::move(set));
}

}  // namespace

MIGCTL_PLUGIN(register_bench)

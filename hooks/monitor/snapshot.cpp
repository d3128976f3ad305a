#include "snapshot.hpp"

namespace migctl::monitor {
namespace {

std::int64_t as_int(const Value& v) {
  return v ? std::stoll(*v) : 0;
}

bool same(const TableSize& a, const TableSize& b) {
  return a.total == b.total && a.heap == b.heap && a.index == b.index && a.rows == b.rows;
}

}  // namespace

Snapshot take_snapshot(Connection& conn) {
  Snapshot s;
  ResultSet db = conn.query("SELECT pg_database_size(current_database())::text");
  s.database_size = db.rows.empty() ? 0 : as_int(db.rows[0][0]);
  ResultSet tables = conn.query(
      "SELECT n.nspname || '.' || c.relname, pg_total_relation_size(c.oid)::text,"
      " pg_relation_size(c.oid)::text, pg_indexes_size(c.oid)::text,"
      " CASE WHEN c.reltuples >= 0 THEN c.reltuples::bigint::text END"
      " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
      " WHERE c.relkind IN ('r', 'p', 'm')"
      " AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
      " AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%'");
  for (const auto& row : tables.rows) {
    TableSize t;
    t.total = as_int(row[1]);
    t.heap = as_int(row[2]);
    t.index = as_int(row[3]);
    if (row[4]) t.rows = std::stoll(*row[4]);
    s.tables[row[0].value_or("?")] = t;
  }
  return s;
}

const char* to_string(Change change) {
  switch (change) {
    case Change::added:
      return "added";
    case Change::dropped:
      return "dropped";
    case Change::changed:
      return "changed";
    case Change::unchanged:
      return "unchanged";
  }
  return "?";
}

std::vector<TableChange> compare(const Snapshot& before, const Snapshot& after) {
  std::map<std::string, TableChange> all;
  for (const auto& [name, size] : before.tables) {
    auto& c = all[name];
    c.name = name;
    c.before = size;
    c.change = Change::dropped;
  }
  for (const auto& [name, size] : after.tables) {
    auto& c = all[name];
    c.name = name;
    c.after = size;
    c.change = !c.before               ? Change::added
               : same(*c.before, size) ? Change::unchanged
                                       : Change::changed;
  }
  std::vector<TableChange> out;
  for (auto& [name, c] : all) out.push_back(std::move(c));
  return out;
}

}  // namespace migctl::monitor

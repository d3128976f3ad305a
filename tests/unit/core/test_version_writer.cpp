// VersionWriter: which statements a version-row change becomes, in which order, for any
// dialect. A recording dialect names each call, so the tests see the writer's decisions
// (update or delete+insert, purge first, audit rows last), not one database's SQL.
#include <boost/test/unit_test.hpp>

#include "context/version_writer.hpp"
#include "migctl/error.hpp"

namespace {

class RecordingDialect final : public migctl::Dialect {
 public:
  using Statement = migctl::SqlStatement;
  std::string quote_identifier(const std::string& s) const override { return "[" + s + "]"; }
  std::string quote_literal(const std::string& s) const override { return "<" + s + ">"; }
  std::vector<migctl::ScriptStatement> parse_script(std::string_view s) const override {
    return {{std::string(s), 1}};
  }
  std::string canonical_script(std::string_view s) const override { return std::string(s); }
  std::vector<std::string> create_version_table(const std::string& t) const override {
    return {"create version " + t};
  }
  std::string select_versions(const std::string& t) const override { return "select " + t; }
  Statement insert_version(const std::string& t, const std::string& r) const override {
    return {"insert " + t + " " + r, true};
  }
  Statement update_version(const std::string& t, const std::string& from,
                           const std::string& to) const override {
    return {"update " + t + " " + from + "->" + to, true};
  }
  Statement delete_version(const std::string& t, const std::string& r) const override {
    return {"delete " + t + " " + r, true};
  }
  Statement delete_all_versions(const std::string& t) const override {
    return {"delete all " + t, false};
  }
  std::vector<std::string> create_audit_table(const std::string& t) const override {
    return {"create audit " + t};
  }
  std::string insert_audit_row(const std::string& t, const migctl::AuditRow& row) const override {
    return "audit " + t + " " + row.revision + " " + row.direction + " " + row.versions_before +
           "->" + row.versions_after;
  }
  std::string select_audit_rows(const std::string&, const migctl::AuditFilter&) const override {
    return {};
  }
  std::string select_recorded_checksums(const std::string&) const override { return {}; }
  bool is_missing_table(const migctl::DatabaseError&) const override { return false; }
  bool is_missing_column(const migctl::DatabaseError&) const override { return false; }
  std::string begin_transaction() const override { return "begin"; }
  std::string commit_transaction() const override { return "commit"; }
  std::string apply_script_hint() const override { return {}; }
};

std::vector<std::string> texts(const std::vector<migctl::SqlStatement>& statements) {
  std::vector<std::string> out;
  for (const auto& s : statements) out.push_back(s.sql);
  return out;
}

using Texts = std::vector<std::string>;

}  // namespace

BOOST_AUTO_TEST_SUITE(version_writer)

BOOST_AUTO_TEST_CASE(one_row_out_and_one_in_is_an_update_then_the_audit_row) {
  const RecordingDialect d;
  const migctl::VersionWriter w(d, "v", "h");
  const migctl::VersionChange change{{"a"}, {"b"}};
  const migctl::AuditRow row = migctl::make_audit_row("b", "upgrade", change, {}, true);
  BOOST_TEST(texts(w.write(change, {row})) == (Texts{"update v a->b", "audit h b upgrade a->b"}));
  BOOST_TEST(w.write(change, {}).at(0).expect_one_row);
}

BOOST_AUTO_TEST_CASE(merges_and_branch_points_delete_then_insert) {
  const RecordingDialect d;
  const migctl::VersionWriter w(d, "v", "h");
  // A merge: two rows out, one in.
  BOOST_TEST(texts(w.write({{"a", "b"}, {"m"}}, {})) ==
             (Texts{"delete v a", "delete v b", "insert v m"}));
  // A branch point's downgrade: one row out, two in, rows that stay are untouched.
  BOOST_TEST(texts(w.write({{"x", "c"}, {"x", "a", "b"}}, {})) ==
             (Texts{"delete v c", "insert v a", "insert v b"}));
  // From base and to base.
  BOOST_TEST(texts(w.write({{}, {"a"}}, {})) == (Texts{"insert v a"}));
  BOOST_TEST(texts(w.write({{"a"}, {}}, {})) == (Texts{"delete v a"}));
}

BOOST_AUTO_TEST_CASE(purge_deletes_every_row_first_then_inserts_all_after) {
  const RecordingDialect d;
  const migctl::VersionWriter w(d, "v", "h");
  const auto statements = w.write({{"a"}, {"b"}, /*purge=*/true}, {});
  BOOST_TEST(texts(statements) == (Texts{"delete all v", "insert v b"}));
  BOOST_TEST(!statements.at(0).expect_one_row);
}

BOOST_AUTO_TEST_CASE(a_failure_row_keeps_the_rows_before) {
  const migctl::AuditRow row =
      migctl::make_audit_row("b", "upgrade", {{"a"}, {"b", "c"}}, {"me", "box", "1.0"}, false);
  BOOST_TEST(row.versions_before == "a");
  BOOST_TEST(row.versions_after == "a");
  BOOST_TEST(!row.success);
  BOOST_TEST(row.os_user == "me");
  BOOST_TEST(migctl::make_audit_row("b", "upgrade", {{"a"}, {"b", "c"}}, {}, true).versions_after ==
             "b,c");
}

BOOST_AUTO_TEST_CASE(table_names_must_be_plain_identifiers) {
  const RecordingDialect d;
  BOOST_CHECK_THROW(migctl::VersionWriter(d, "bad name", "h"), migctl::Error);
  BOOST_CHECK_THROW(migctl::VersionWriter(d, "v", "h;drop"), migctl::Error);
  const migctl::VersionWriter w(d, "v", "h");
  BOOST_TEST(w.create_tables() == (Texts{"create version v", "create audit h"}));
}

BOOST_AUTO_TEST_SUITE_END()

// PgDialect's statements as text: what the version-row writer and `log` get to run or print.
// That they run on a real server is the integration suites' part (every CLI test migrates
// through them).
#include <boost/test/unit_test.hpp>

#include "migctl/error.hpp"
#include "pg_dialect.hpp"
#include "text_contains.hpp"

namespace {

using migctl_test::contains;

}  // namespace

BOOST_AUTO_TEST_SUITE(pg_dialect)

BOOST_AUTO_TEST_CASE(version_row_changes_embed_quoted_literals_and_expect_one_row) {
  const migctl::pg::PgDialect d;
  const auto update = d.update_version("alembic_version", "00'1", "002");
  BOOST_TEST(update.sql ==
             "UPDATE \"alembic_version\" SET version_num = '002' WHERE version_num = '00''1'");
  BOOST_TEST(update.expect_one_row);
  BOOST_TEST(d.insert_version("v", "a").expect_one_row);
  BOOST_TEST(d.delete_version("v", "a").sql == "DELETE FROM \"v\" WHERE version_num = 'a'");
  BOOST_TEST(d.delete_version("v", "a").expect_one_row);
  BOOST_TEST(!d.delete_all_versions("v").expect_one_row, "purge deletes any number of rows");
  // The constraint keeps Alembic's name.
  BOOST_TEST(contains(d.create_version_table("alembic_version").at(0),
                      "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)"));
}

BOOST_AUTO_TEST_CASE(audit_rows_use_the_given_times_or_the_servers_clock) {
  const migctl::pg::PgDialect d;
  migctl::AuditRow row;
  row.revision = "001";
  row.direction = "upgrade";
  row.versions_after = "001";
  row.success = true;
  const std::string offline = d.insert_audit_row("migctl_history", row);
  BOOST_TEST(contains(offline, "now(), clock_timestamp(), 1000 * extract("), offline);
  BOOST_TEST(contains(offline, ", NULL, "), "an empty checksum is NULL: " << offline);
  row.started_at = "2026-01-02T03:04:05.000001Z";
  row.finished_at = "2026-01-02T03:04:05.250001Z";
  row.duration_ms = 250.0004;
  row.error = "boom";
  const std::string online = d.insert_audit_row("migctl_history", row);
  BOOST_TEST(!contains(online, "now()"), online);
  BOOST_TEST(contains(online,
                      "'2026-01-02T03:04:05.000001Z', '2026-01-02T03:04:05.250001Z', "
                      "250.000, true, 'boom'"),
             online);
}

BOOST_AUTO_TEST_CASE(audit_filters_match_revision_prefixes_literally) {
  const migctl::pg::PgDialect d;
  migctl::AuditFilter filter;
  filter.revision = "a_1%";
  filter.since = "2026-01-01T00:00:00.000000Z";
  filter.limit = 3;
  const std::string sql = d.select_audit_rows("migctl_history", filter);
  BOOST_TEST(contains(sql, "revision LIKE E'a\\\\_1\\\\%%'"), sql);
  BOOST_TEST(contains(sql, "started_at >= '2026-01-01T00:00:00.000000Z'::timestamptz"), sql);
  BOOST_TEST(!contains(sql, "started_at <"), sql);
  BOOST_TEST(contains(sql, "ORDER BY \"migctl_history\".id DESC LIMIT 3"), sql);
}

BOOST_AUTO_TEST_CASE(missing_tables_and_columns_are_told_by_sqlstate) {
  const migctl::pg::PgDialect d;
  const migctl::DatabaseError table(migctl::ExitCode::migration_failed, "x", "42P01");
  const migctl::DatabaseError column(migctl::ExitCode::migration_failed, "x", "42703");
  BOOST_TEST(d.is_missing_table(table));
  BOOST_TEST(!d.is_missing_table(column));
  BOOST_TEST(d.is_missing_column(column));
  BOOST_TEST(!d.is_missing_column(table));
}

BOOST_AUTO_TEST_CASE(scripts_split_with_postgresqls_parser) {
  const migctl::pg::PgDialect d;
  const auto parts = d.split_statements("SELECT ';'; DO $$ BEGIN NULL; END $$;\n-- x\n");
  BOOST_TEST(parts.size() == 2u);
  BOOST_CHECK_THROW(d.split_statements("SELECT 'open"), migctl::ScriptError);
}

BOOST_AUTO_TEST_SUITE_END()

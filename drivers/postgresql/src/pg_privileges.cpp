// PgConnection::check_privileges: doctor's "database_privileges" check on PostgreSQL.
#include "pg_connection.hpp"

namespace migctl::pg {
namespace {

bool truthy(const Value& v) {
  return v && *v == "t";
}

CheckResult finding(CheckStatus status, std::string message, std::string fix = {},
                    ExitCode code = ExitCode::ok) {
  return {"database_privileges", status, std::move(message), std::move(fix), code};
}

}  // namespace

CheckResult PgConnection::check_privileges(const std::string& version_table) {
  ResultSet r = query(
      "SELECT current_user, current_schema(), "
      "coalesce(has_schema_privilege(current_schema(), 'CREATE'), false), "
      "coalesce(has_schema_privilege(current_schema(), 'USAGE'), false), "
      "has_database_privilege(current_database(), 'TEMP'), "
      "(SELECT rolsuper FROM pg_roles WHERE rolname = current_user), "
      "CASE WHEN to_regclass(quote_ident($1)) IS NULL THEN NULL ELSE "
      "has_table_privilege(to_regclass(quote_ident($1)), 'SELECT,INSERT,UPDATE,DELETE') END, "
      "(SELECT count(*) FROM pg_tables t WHERE t.schemaname = current_schema() "
      " AND NOT pg_has_role(current_user, t.tableowner, 'USAGE'))",
      {version_table});
  const auto& row = r.rows.at(0);
  const std::string user = row[0].value_or("?");
  if (!row[1]) {
    return finding(CheckStatus::error, "no schema in the search_path of " + user + " exists",
                   "create one (CREATE SCHEMA ...) or set search_path for the user",
                   ExitCode::permission);
  }
  const std::string schema = *row[1];
  if (truthy(row[5])) {
    return finding(CheckStatus::ok, user +
                                        " is a superuser (may do everything; a dedicated "
                                        "owner role is safer in production)");
  }
  if (!truthy(row[2]) || !truthy(row[3])) {
    return finding(CheckStatus::error,
                   user + " may not create tables in schema " + schema +
                       " (PostgreSQL 15 no longer grants CREATE on public to everyone)",
                   "as the database owner: GRANT USAGE, CREATE ON SCHEMA " + schema + " TO " +
                       user + "; or make " + user + " the owner of the database",
                   ExitCode::permission);
  }
  if (row[6] && *row[6] != "t") {
    return finding(CheckStatus::error,
                   user + " may not read and write the version table " + version_table,
                   "GRANT SELECT, INSERT, UPDATE, DELETE ON " + version_table + " TO " + user +
                       ", or run as the role that owns it",
                   ExitCode::permission);
  }
  const std::string foreign = row[7].value_or("0");
  if (foreign != "0") {
    return finding(CheckStatus::warning,
                   user + " may create tables in " + schema + ", but " + foreign +
                       " table(s) there belong to roles it is not a member of: revisions that "
                       "ALTER or DROP them will fail",
                   "run migctl as the owning role, or GRANT that role to " + user);
  }
  return finding(CheckStatus::ok, user + " may create tables in schema " + schema);
}

}  // namespace migctl::pg

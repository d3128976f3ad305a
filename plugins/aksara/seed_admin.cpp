#include "seed_admin.hpp"

#include <string>

namespace aksara {
namespace {

constexpr const char* kUsername = "admin";
constexpr const char* kEmail = "admin@aksara.local";

// Adds the admin's profile unless it has one; true when a row was inserted.
bool ensure_profile(migctl::Connection& conn, const std::string& user_id) {
  auto inserted = conn.query(
      "INSERT INTO user_profile (user_id, full_name, display_name) "
      "VALUES ($1::integer, 'Administrator', 'admin') "
      "ON CONFLICT (user_id) DO NOTHING RETURNING id",
      {user_id});
  return !inserted.rows.empty();
}

migctl::SeedResult seed_admin(migctl::SeedContext& ctx) {
  migctl::Connection& conn = ctx.connection;
  // Locks the row if it exists, so a concurrent writer cannot delete it meanwhile (the
  // migration lock already keeps other seeds out).
  auto existing = conn.query(R"sql(SELECT id FROM "user" WHERE username = $1 FOR UPDATE)sql",
                             {std::string(kUsername)});
  if (!existing.rows.empty() && existing.rows[0][0]) {
    const std::string id = *existing.rows[0][0];
    if (ensure_profile(conn, id)) {
      return {true, "user admin (id " + id + ") exists; added its missing profile"};
    }
    return {false, "user admin (id " + id + ") exists, nothing changed"};
  }

  const std::string hash = ctx.hash_password(ctx.admin_password);
  auto created = conn.query(
      R"sql(INSERT INTO "user" (username, email, hashed_password, is_active, is_superuser)
            VALUES ($1, $2, $3, true, true)
            ON CONFLICT (username) DO NOTHING RETURNING id)sql",
      {std::string(kUsername), std::string(kEmail), hash});
  if (created.rows.empty() || !created.rows[0][0]) {
    return {false, "user admin exists, nothing changed"};
  }
  const std::string id = *created.rows[0][0];
  ensure_profile(conn, id);
  return {true, "created user admin (id " + id + ", " + kEmail + ", superuser) with its profile"};
}

}  // namespace

migctl::SeedStep admin_seed() {
  return {"admin", "001", "the admin user (superuser) and its profile", &seed_admin};
}

}  // namespace aksara

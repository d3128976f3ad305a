#include "seed_admin.hpp"

#include <string>

#include "password_hash.hpp"

namespace aksara {
namespace {

constexpr const char* kUsername = "admin";
constexpr const char* kEmail = "admin@aksara.ai";

// Ids are what the backend's uuid4().hex makes: a random (version 4) UUID as 32 lowercase
// hex digits. Dates are "now" as a timestamp without time zone, like the backend's naive
// datetimes; LOCALTIMESTAMP is the transaction's start, so every row of the step shares it.
constexpr const char* kNewId = "replace(gen_random_uuid()::text, '-', '')";

// Adds the admin's profile unless it has one; true when a row was inserted. The unique
// index ix_user_profile_id_user makes the conflict target.
bool ensure_profile(migctl::Connection& conn, const std::string& user_id) {
  auto inserted = conn.query(
      std::string("INSERT INTO user_profile (id, id_user, nama_lengkap, email, tipe_akun, role, "
                  "deleted, created_by, created_date, updated_by, updated_date) VALUES (") +
          kNewId +
          ", $1, 'Administrator', $2, 'ADMIN', 'SUPER_ADMIN', false, 'system', "
          "LOCALTIMESTAMP, 'system', LOCALTIMESTAMP) "
          "ON CONFLICT (id_user) DO NOTHING RETURNING id",
      {user_id, std::string(kEmail)});
  return !inserted.rows.empty();
}

migctl::SeedResult seed_admin(migctl::SeedContext& ctx) {
  migctl::Connection& conn = ctx.connection;
  // Locks the row if it exists, so a concurrent writer cannot delete it meanwhile (the
  // migration lock already keeps other seeds out).
  auto existing =
      conn.query(R"sql(SELECT id, deleted FROM "user" WHERE username = $1 FOR UPDATE)sql",
                 {std::string(kUsername)});
  if (!existing.rows.empty() && existing.rows[0][0]) {
    const std::string id = *existing.rows[0][0];
    const bool deleted = existing.rows[0][1] && *existing.rows[0][1] == "t";
    const std::string who = "user admin (id " + id + (deleted ? ", soft-deleted" : "") + ")";
    if (ensure_profile(conn, id)) return {true, who + " exists; added its missing profile"};
    return {false, who + " exists, nothing changed"};
  }

  const std::string hash = bcrypt_hash(ctx.password);
  auto created = conn.query(
      std::string(R"sql(INSERT INTO "user" (id, username, password, is_active, deleted,
                    created_by, created_date, updated_by, updated_date) VALUES ()sql") +
          kNewId + R"sql(, $1, $2, true, false, 'system', LOCALTIMESTAMP, 'system', LOCALTIMESTAMP)
            ON CONFLICT (username) DO NOTHING RETURNING id)sql",
      {std::string(kUsername), hash});
  if (created.rows.empty() || !created.rows[0][0]) {
    return {false, "user admin exists, nothing changed"};
  }
  const std::string id = *created.rows[0][0];
  ensure_profile(conn, id);
  return {true, "created user admin (id " + id + ", " + kEmail +
                    ", SUPER_ADMIN) with its profile; password stored as bcrypt"};
}

}  // namespace

migctl::SeedStep admin_seed() {
  return {"admin", "001_initial", "the admin user (SUPER_ADMIN) and its profile", &seed_admin};
}

migctl::SeedPolicy admin_seed_policy() {
  migctl::SeedPolicy policy;
  policy.password_setting = "SEED_ADMIN_PASSWORD";
  policy.development_default = "admin123";  // the backend's own seed script's
  policy.min_production_length = 12;
  policy.account = "the admin user";
  policy.password_name = "the admin password";
  return policy;
}

}  // namespace aksara

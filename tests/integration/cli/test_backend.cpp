// The Aksara backend's own statements on a database migctl built and seeded: registration,
// login (the select with the profile join, then passlib's bcrypt check of the stored hash,
// as the backend's CryptContext(schemes=["bcrypt"]) does it), refresh tokens (store, look
// up, revoke) and soft delete. Each statement names the columns the backend's models use,
// so a column that is missing, renamed or of another type fails here.
#include <boost/test/unit_test.hpp>

#include "harness.hpp"
#include "stdin_runner.hpp"

using namespace migctl::test;

namespace {

const std::string kAdminPassword = "Adm1n-backend-check-pw";  // must never be printed
const std::string kUserPassword = "rahasia-pengguna-42";

// uuid4().hex, as the backend makes ids.
const std::string kUserId = "6f1c0d2a9b8e4c7fa3d5e1b2c4f6a8d0";
const std::string kProfileId = "0d9e8c7b6a5f4e3d8c1b0a9f8e7d6c5b";
const std::string kTokenId = "b7e6d5c4a3b24c1d9e8f7a6b5c4d3e2f";
// A refresh token as the backend issues it (a JWT), stored as it is.
const std::string kToken =
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI2ZjFjMGQyYTliOGU0YzdmYTNkNWUxYjJjNGY2YThkMCIs"
    "InR5cGUiOiJyZWZyZXNoIiwiZXhwIjoxOTAwMDAwMDAwfQ.kX3pQ9v0tq3N8cYk1mJ2b4uVh7w5Zr6sLdEaFgHiJoA";

// passlib's bcrypt hash of `password`, as the backend stores it on registration.
std::string passlib_hash(const std::string& password) {
  RunResult r = run_python(R"py(
import os
from passlib.context import CryptContext
print(CryptContext(schemes=["bcrypt"], deprecated="auto").hash(os.environ["PW"]), end="")
)py",
                           {{"PW", password}});
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.out);
  return r.out;
}

struct Seeded {
  TestDatabase db;
  Seeded() {
    BOOST_TEST_REQUIRE(run_migctl(aksara({"upgrade"}), db.url()).exit_code == 0);
    RunResult seed =
        run_migctl(aksara({"seed"}), db.url(), {{"SEED_ADMIN_PASSWORD", kAdminPassword}});
    check_no_password(seed, "seed", {kAdminPassword});
    BOOST_TEST_REQUIRE(seed.exit_code == 0, seed.all());
  }

  // The login query: the user by username, not soft-deleted, with its profile.
  Rows login(const std::string& username) {
    return db.probe().query(
        R"(SELECT u.id, u.username, u.password, u.is_active, p.nama_lengkap, p.email,
                  p.tipe_akun, p.role
           FROM "user" u JOIN user_profile p ON p.id_user = u.id
           WHERE u.username = ')" +
        username + "' AND u.deleted = false");
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(backend, Seeded)

BOOST_AUTO_TEST_CASE(the_seeded_admin_logs_in) {
  Rows admin = login("admin");
  BOOST_TEST_REQUIRE(admin.size() == 1u);
  BOOST_TEST(admin[0][3] == "t");
  BOOST_TEST(admin[0][4] == "Administrator");
  BOOST_TEST(admin[0][5] == "admin@aksara.ai");
  BOOST_TEST(admin[0][6] == "ADMIN");
  BOOST_TEST(admin[0][7] == "SUPER_ADMIN");
  RunResult ok = verify_with_bcrypt(kAdminPassword, admin[0][2]);
  BOOST_TEST(ok.exit_code == 0, ok.out);
  BOOST_TEST(verify_with_bcrypt("admin123", admin[0][2]).exit_code == 1);
}

BOOST_AUTO_TEST_CASE(registration_login_refresh_tokens_and_soft_delete) {
  auto& p = db.probe();
  // Registration: SQLAlchemy inserts every column of the model, with the model's Python-side
  // values for what the form does not give (deleted false, updated_by = created_by).
  const std::string hash = passlib_hash(kUserPassword);
  p.exec(R"(INSERT INTO "user" (id, username, password, is_active, deleted, created_by,
                                created_date, updated_by, updated_date)
            VALUES (')" +
         kUserId + "', 'siti', '" + hash +
         "', true, false, 'siti', '2026-11-30 02:00:00', 'siti', NULL)");
  p.exec(R"(INSERT INTO user_profile (id, id_user, nama_lengkap, email, tipe_akun, role, deleted,
                                      created_by, created_date, updated_by, updated_date)
            VALUES (')" +
         kProfileId + "', '" + kUserId +
         "', 'Siti Rahma', 'siti@example.id', 'USER', 'USER', false, 'siti', "
         "'2026-11-30 02:00:00', 'siti', NULL)");
  // The same username again: the unique index refuses it.
  BOOST_CHECK_THROW(p.exec(R"(INSERT INTO "user" (id, username, password, is_active, deleted,
                                created_by, updated_by) VALUES ('x', 'siti', 'h', true, false,
                                's', 's'))"),
                    std::runtime_error);

  Rows user = login("siti");
  BOOST_TEST_REQUIRE(user.size() == 1u);
  BOOST_TEST(user[0][0] == kUserId);
  BOOST_TEST(user[0][4] == "Siti Rahma");
  BOOST_TEST(verify_with_bcrypt(kUserPassword, user[0][2]).exit_code == 0);

  // Refresh token: stored as issued, looked up by token, revoked with is_revoked.
  p.exec(
      "INSERT INTO refresh_tokens (id, token, user_id, expires_at, is_revoked, created_date,"
      " updated_date) VALUES ('" +
      kTokenId + "', '" + kToken + "', '" + kUserId +
      "', '2026-12-07 02:00:00', false, '2026-11-30 02:00:00', NULL)");
  const std::string lookup =
      "SELECT id, user_id, expires_at::text, is_revoked FROM refresh_tokens WHERE token = '" +
      kToken + "'";
  Rows token = p.query(lookup);
  BOOST_TEST_REQUIRE(token.size() == 1u);
  BOOST_TEST(token[0] == (std::vector<std::string>{kTokenId, kUserId, "2026-12-07 02:00:00", "f"}),
             boost::test_tools::per_element());
  BOOST_TEST(p.scalar("WITH r AS (UPDATE refresh_tokens SET is_revoked = true, updated_date = "
                      "'2026-11-30 03:00:00' WHERE token = '" +
                      kToken + "' RETURNING 1) SELECT count(*) FROM r") == "1");
  BOOST_TEST(p.query(lookup)[0][3] == "t");
  // A user's tokens are found by user_id (logout everywhere).
  BOOST_TEST(p.scalar("SELECT count(*) FROM refresh_tokens WHERE user_id = '" + kUserId + "'") ==
             "1");

  // Soft delete: the rows stay, login no longer finds the user.
  p.exec(R"(UPDATE "user" SET deleted = true, updated_by = 'admin',
            updated_date = '2026-11-30 04:00:00' WHERE id = ')" +
         kUserId + "'");
  p.exec("UPDATE user_profile SET deleted = true WHERE id_user = '" + kUserId + "'");
  BOOST_TEST(login("siti").empty());
  BOOST_TEST(p.scalar(R"(SELECT count(*) FROM "user" WHERE id = ')" + kUserId + "'") == "1");
  BOOST_TEST(login("admin").size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()

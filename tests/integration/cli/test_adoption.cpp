// Taking over a database that Alembic migrated, tested with Alembic itself (Debian's
// python3-alembic): the test writes an Alembic project whose two revisions create the
// Aksara tables with the backend's revision ids, as the backend's own Alembic history
// does, runs `alembic upgrade head` on a fresh database, and then:
//   - every migctl command works on it (current, history, check, doctor, upgrade,
//     downgrade -1, upgrade), and Alembic still reads and migrates what migctl left;
//   - the schema migctl builds is the schema Alembic builds, compared in the catalogs.
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "harness.hpp"
#include "text_contains.hpp"

using namespace migctl::test;
namespace fs = std::filesystem;

namespace {

const std::map<std::string, std::string> kGoodEnv{
    {"JWT_SECRET", "0123456789abcdef0123456789abcdef-adoption"}, {"JWT_ALGORITHM", "HS256"}};

// env.py: the URL comes from the environment (DATABASE_CONN, as the backend's .env names
// it), never from alembic.ini or the command line.
const char* kEnvPy = R"py(import os

from alembic import context
from sqlalchemy import create_engine

engine = create_engine(os.environ["DATABASE_CONN"])
with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=None)
    with context.begin_transaction():
        context.run_migrations()
)py";

// The backend's two revisions, written as Alembic's autogenerate writes them for its
// SQLModel models: unnamed primary and foreign keys (PostgreSQL names them), op.f() index
// names, String() without a length, DateTime() without a time zone.
const char* kInitialPy = R"py("""Initial migration - create user tables

Revision ID: 001_initial
Revises:
Create Date: 2025-09-10 10:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "001_initial"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "user",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("username", sa.String(), nullable=False),
        sa.Column("password", sa.String(), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.String(), nullable=False),
        sa.Column("created_date", sa.DateTime(), nullable=True),
        sa.Column("updated_by", sa.String(), nullable=False),
        sa.Column("updated_date", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_user_id"), "user", ["id"], unique=False)
    op.create_index(op.f("ix_user_username"), "user", ["username"], unique=True)
    op.create_table(
        "user_profile",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("id_user", sa.String(), nullable=False),
        sa.Column("nama_lengkap", sa.String(), nullable=False),
        sa.Column("email", sa.String(), nullable=False),
        sa.Column("tipe_akun", sa.String(), nullable=False),
        sa.Column("role", sa.String(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.String(), nullable=False),
        sa.Column("created_date", sa.DateTime(), nullable=True),
        sa.Column("updated_by", sa.String(), nullable=False),
        sa.Column("updated_date", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["id_user"], ["user.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_user_profile_id"), "user_profile", ["id"], unique=False)
    op.create_index(op.f("ix_user_profile_id_user"), "user_profile", ["id_user"], unique=True)


def downgrade():
    op.drop_index(op.f("ix_user_profile_id_user"), table_name="user_profile")
    op.drop_index(op.f("ix_user_profile_id"), table_name="user_profile")
    op.drop_table("user_profile")
    op.drop_index(op.f("ix_user_username"), table_name="user")
    op.drop_index(op.f("ix_user_id"), table_name="user")
    op.drop_table("user")
)py";

const char* kRefreshTokensPy = R"py("""Add refresh tokens table

Revision ID: 002_refresh_tokens
Revises: 001_initial
Create Date: 2025-09-10 10:05:00

"""
from alembic import op
import sqlalchemy as sa

revision = "002_refresh_tokens"
down_revision = "001_initial"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "refresh_tokens",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("token", sa.Text(), nullable=False),
        sa.Column("user_id", sa.String(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("is_revoked", sa.Boolean(), nullable=False),
        sa.Column("created_date", sa.DateTime(), nullable=True),
        sa.Column("updated_date", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_refresh_tokens_id"), "refresh_tokens", ["id"], unique=False)
    op.create_index(op.f("ix_refresh_tokens_token"), "refresh_tokens", ["token"], unique=True)
    op.create_index(op.f("ix_refresh_tokens_user_id"), "refresh_tokens", ["user_id"], unique=False)


def downgrade():
    op.drop_index(op.f("ix_refresh_tokens_user_id"), table_name="refresh_tokens")
    op.drop_index(op.f("ix_refresh_tokens_token"), table_name="refresh_tokens")
    op.drop_index(op.f("ix_refresh_tokens_id"), table_name="refresh_tokens")
    op.drop_table("refresh_tokens")
)py";

// Writes the Alembic project into a fresh directory; returns its alembic.ini.
std::string write_alembic_project() {
  const fs::path root = scratch_dir();
  fs::create_directories(root / "versions");
  std::ofstream(root / "alembic.ini") << "[alembic]\nscript_location = " << root.string() << "\n";
  std::ofstream(root / "env.py") << kEnvPy;
  std::ofstream(root / "versions" / "001_initial.py") << kInitialPy;
  std::ofstream(root / "versions" / "002_refresh_tokens.py") << kRefreshTokensPy;
  return (root / "alembic.ini").string();
}

// `python3 -m alembic -c INI args...` with DATABASE_CONN in its environment only.
RunResult alembic(const std::string& ini, const std::vector<std::string>& args,
                  const std::string& url) {
  std::vector<std::string> argv{"-m", "alembic", "-c", ini};
  argv.insert(argv.end(), args.begin(), args.end());
  Poco::Process::Env env{{"DATABASE_CONN", url}};
  Poco::Pipe out_pipe, err_pipe;
  Poco::ProcessHandle handle =
      Poco::Process::launch("/usr/bin/python3", argv, nullptr, &out_pipe, &err_pipe, env);
  RunResult result;
  std::thread err_reader([&] {
    Poco::PipeInputStream s(err_pipe);
    std::ostringstream o;
    o << s.rdbuf();
    result.err = o.str();
  });
  Poco::PipeInputStream s(out_pipe);
  std::ostringstream o;
  o << s.rdbuf();
  result.out = o.str();
  err_reader.join();
  result.exit_code = handle.wait();
  return result;
}

using migctl_test::contains;

// The schema as the catalogs describe it, everything but migctl's own audit table: each
// query's rows, labelled, so a difference names the catalog it is in.
std::map<std::string, Rows> catalog(TestDatabase& db) {
  const std::string not_audit = " NOT LIKE 'migctl\\_history%'";
  std::map<std::string, Rows> out;
  auto& p = db.probe();
  out["relations"] = p.query(
      "SELECT relname, relkind::text, relpersistence::text FROM pg_class WHERE relnamespace = "
      "'public'::regnamespace AND relname" +
      not_audit + " ORDER BY 1");
  out["columns (information_schema)"] = p.query(
      "SELECT table_name, ordinal_position, column_name, data_type, "
      "coalesce(character_maximum_length::text, '-'), coalesce(datetime_precision::text, '-'), "
      "is_nullable, coalesce(column_default, '-'), is_identity, is_generated "
      "FROM information_schema.columns WHERE table_schema = 'public' AND table_name" +
      not_audit + " ORDER BY 1, 2");
  out["columns (pg_attribute)"] = p.query(
      "SELECT c.relname, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod), "
      "a.attnotnull, coalesce(pg_get_expr(d.adbin, d.adrelid), '-'), a.attidentity, "
      "a.attgenerated FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
      "LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
      "WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' AND a.attnum > 0 "
      "AND NOT a.attisdropped AND c.relname" +
      not_audit + " ORDER BY 1, 2");
  out["constraints"] = p.query(
      "SELECT conrelid::regclass::text, conname, contype::text, pg_get_constraintdef(oid), "
      "confupdtype::text, confdeltype::text, condeferrable FROM pg_constraint "
      "WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text" +
      not_audit + " ORDER BY 1, 2");
  out["indexes"] = p.query(
      "SELECT t.relname, i.relname, pg_get_indexdef(x.indexrelid), x.indisunique, "
      "x.indisprimary FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
      "JOIN pg_class t ON t.oid = x.indrelid WHERE t.relnamespace = 'public'::regnamespace "
      "AND t.relname" +
      not_audit + " ORDER BY 1, 2");
  return out;
}

void check_same_catalog(const std::map<std::string, Rows>& expected,
                        const std::map<std::string, Rows>& actual) {
  for (const auto& [what, rows] : expected) {
    BOOST_TEST_CONTEXT(what) {
      BOOST_TEST_REQUIRE(actual.count(what) == 1u);
      const Rows& other = actual.at(what);
      BOOST_TEST(rows.size() == other.size());
      for (std::size_t i = 0; i < std::min(rows.size(), other.size()); ++i)
        BOOST_TEST(rows[i] == other[i], boost::test_tools::per_element());
    }
  }
}

struct AlembicDatabase {
  TestDatabase db;
  std::string ini = write_alembic_project();
  AlembicDatabase() {
    RunResult r = alembic(ini, {"upgrade", "head"}, db.url());
    check_no_password(r, "alembic upgrade head");
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
    BOOST_TEST_REQUIRE(db.version_rows() == std::vector<std::string>{"002_refresh_tokens"});
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(adoption, AlembicDatabase)

BOOST_AUTO_TEST_CASE(migctl_takes_over_an_alembic_database_and_alembic_still_reads_it) {
  BOOST_TEST(db.probe().scalar("SELECT to_regclass('migctl_history') IS NULL") == "t");

  RunResult r = run_migctl(aksara({"current"}), db.url());
  BOOST_TEST(r.exit_code == 0, r.all());
  BOOST_TEST(r.out == "002_refresh_tokens (head)\n", r.out);

  r = run_migctl(aksara({"history"}), db.url());
  BOOST_TEST(r.exit_code == 0, r.all());
  BOOST_TEST(contains(r.out, "001_initial -> 002_refresh_tokens (head), Add refresh tokens table"),
             r.out);
  BOOST_TEST(contains(r.out, "<base> -> 001_initial"), r.out);

  r = run_migctl(aksara({"check"}), db.url());
  BOOST_TEST(r.exit_code == 0, r.all());

  r = run_migctl(aksara({"doctor"}), db.url(), kGoodEnv);
  BOOST_TEST(r.exit_code == 0, r.all());
  BOOST_TEST(contains(r.out, "Healthy (dev): 0 errors, 0 warnings."), r.out);

  r = run_migctl(aksara({"upgrade"}), db.url());
  BOOST_TEST(r.exit_code == 0, r.all());
  BOOST_TEST(contains(r.out, "Already at head (002_refresh_tokens)"), r.out);
  BOOST_TEST(db.version_rows() == std::vector<std::string>{"002_refresh_tokens"});

  const auto alembic_built = catalog(db);
  r = run_migctl(aksara({"downgrade", "-1"}), db.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(db.version_rows() == std::vector<std::string>{"001_initial"});
  BOOST_TEST(db.probe().scalar("SELECT to_regclass('refresh_tokens') IS NULL") == "t");
  r = run_migctl(aksara({"upgrade"}), db.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  // The full id, never a prefix Alembic would have to resolve.
  BOOST_TEST(db.version_rows() == std::vector<std::string>{"002_refresh_tokens"});
  check_same_catalog(alembic_built, catalog(db));

  // Alembic reads what migctl left, and can migrate it: its downgrade drops migctl's
  // indexes and table by the names it expects.
  r = alembic(ini, {"current"}, db.url());
  BOOST_TEST(r.exit_code == 0, r.all());
  BOOST_TEST(r.out == "002_refresh_tokens (head)\n", r.all());
  r = alembic(ini, {"upgrade", "head"}, db.url());
  BOOST_TEST(r.exit_code == 0, r.all());
  BOOST_TEST(db.version_rows() == std::vector<std::string>{"002_refresh_tokens"});
  r = alembic(ini, {"downgrade", "-1"}, db.url());
  BOOST_TEST(r.exit_code == 0, r.all());
  BOOST_TEST(db.version_rows() == std::vector<std::string>{"001_initial"});
  r = alembic(ini, {"upgrade", "head"}, db.url());
  BOOST_TEST(r.exit_code == 0, r.all());
  r = run_migctl(aksara({"current"}), db.url());
  BOOST_TEST(r.out == "002_refresh_tokens (head)\n", r.out);
}

BOOST_AUTO_TEST_CASE(migctl_builds_the_schema_alembic_builds) {
  TestDatabase built;
  RunResult r = run_migctl(aksara({"upgrade"}), built.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  const auto expected = catalog(db);
  // Not vacuous: 3 tables with 27 columns, their keys and indexes, and alembic_version.
  BOOST_TEST(expected.at("columns (pg_attribute)").size() == 28u);
  BOOST_TEST(expected.at("constraints").size() == 6u);
  BOOST_TEST(expected.at("indexes").size() == 11u);
  check_same_catalog(expected, catalog(built));

  // Both downgrades remove everything they created, down to the version table.
  r = run_migctl(aksara({"downgrade", "base"}), built.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  r = alembic(ini, {"downgrade", "base"}, db.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  const auto empty = catalog(db);
  BOOST_TEST(empty.at("relations").size() == 2u);  // alembic_version and its key
  check_same_catalog(empty, catalog(built));
}

BOOST_AUTO_TEST_CASE(alembic_reads_a_database_migctl_built) {
  TestDatabase built;
  // A prefix on the command line is resolved: the row holds the full id, which Alembic
  // (resolving rows by prefix itself) could otherwise mistake for another revision.
  BOOST_TEST_REQUIRE(run_migctl(aksara({"upgrade", "001"}), built.url()).exit_code == 0);
  BOOST_TEST(built.version_rows() == std::vector<std::string>{"001_initial"});
  RunResult r = alembic(ini, {"current"}, built.url());
  BOOST_TEST(r.exit_code == 0, r.all());
  BOOST_TEST(r.out == "001_initial\n", r.all());
  r = alembic(ini, {"upgrade", "head"}, built.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  r = run_migctl(aksara({"current"}), built.url());
  BOOST_TEST(r.out == "002_refresh_tokens (head)\n", r.out);
  r = run_migctl(aksara({"check"}), built.url());
  BOOST_TEST(r.exit_code == 0, r.all());
}

BOOST_AUTO_TEST_SUITE_END()

// 001_initial — the backend's first Alembic revision: "user" and user_profile, exactly as
// the backend's user models and its Alembic history create them.
//
// Written as SQLAlchemy emits it for those models, so a database built here and one built
// by the backend's Alembic are identical in the catalogs: varchar without a length,
// timestamp without time zone, no server defaults (the backend fills every value, ids are
// uuid4().hex strings), and PostgreSQL's default constraint names, spelled out.
// "user" is a reserved word: quoted everywhere (unquoted, `user` is the session user).
#include <migctl/declare_revision.hpp>

MIGCTL_REVISION(initial) {
  migctl::Revision r;
  r.id = "001_initial";
  r.message = "Initial migration - create user tables";
  r.create_date = "2025-09-10 10:00:00";
  r.upgrade = {R"sql(
CREATE TABLE "user" (
    id           varchar   NOT NULL,
    username     varchar   NOT NULL,
    password     varchar   NOT NULL,
    is_active    boolean   NOT NULL,
    deleted      boolean   NOT NULL,
    created_by   varchar   NOT NULL,
    created_date timestamp without time zone,
    updated_by   varchar   NOT NULL,
    updated_date timestamp without time zone,
    CONSTRAINT user_pkey PRIMARY KEY (id)
);
CREATE INDEX ix_user_id ON "user" (id);
CREATE UNIQUE INDEX ix_user_username ON "user" (username);

CREATE TABLE user_profile (
    id           varchar   NOT NULL,
    id_user      varchar   NOT NULL,
    nama_lengkap varchar   NOT NULL,
    email        varchar   NOT NULL,
    tipe_akun    varchar   NOT NULL,
    role         varchar   NOT NULL,
    deleted      boolean   NOT NULL,
    created_by   varchar   NOT NULL,
    created_date timestamp without time zone,
    updated_by   varchar   NOT NULL,
    updated_date timestamp without time zone,
    CONSTRAINT user_profile_pkey PRIMARY KEY (id),
    CONSTRAINT user_profile_id_user_fkey FOREIGN KEY (id_user) REFERENCES "user" (id)
);
CREATE INDEX ix_user_profile_id ON user_profile (id);
-- Unique: one profile per user.
CREATE UNIQUE INDEX ix_user_profile_id_user ON user_profile (id_user);
)sql"};
  r.downgrade = {R"sql(
DROP INDEX ix_user_profile_id_user;
DROP INDEX ix_user_profile_id;
DROP TABLE user_profile;
DROP INDEX ix_user_username;
DROP INDEX ix_user_id;
DROP TABLE "user";
)sql"};
  return r;
}

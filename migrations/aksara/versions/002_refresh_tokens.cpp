// 002_refresh_tokens — the backend's refresh tokens (its refresh-token model): each
// issued token is stored as it is, looked up by `token` and revoked with `is_revoked`.
//
// Same conventions as 001_initial: SQLAlchemy's output for the model, PostgreSQL's default
// constraint names, no server defaults, no ON DELETE action (a user is soft-deleted, never
// removed, so its tokens stay).
#include <migctl/declare_revision.hpp>

MIGCTL_REVISION(refresh_tokens) {
  migctl::Revision r;
  r.id = "002_refresh_tokens";
  r.down_revisions = {"001_initial"};
  r.message = "Add refresh tokens table";
  r.create_date = "2025-09-10 10:05:00";
  r.upgrade = {R"sql(
CREATE TABLE refresh_tokens (
    id           varchar   NOT NULL,
    token        text      NOT NULL,
    user_id      varchar   NOT NULL,
    expires_at   timestamp without time zone NOT NULL,
    is_revoked   boolean   NOT NULL,
    created_date timestamp without time zone,
    updated_date timestamp without time zone,
    CONSTRAINT refresh_tokens_pkey PRIMARY KEY (id),
    CONSTRAINT refresh_tokens_user_id_fkey FOREIGN KEY (user_id) REFERENCES "user" (id)
);
CREATE INDEX ix_refresh_tokens_id ON refresh_tokens (id);
CREATE UNIQUE INDEX ix_refresh_tokens_token ON refresh_tokens (token);
CREATE INDEX ix_refresh_tokens_user_id ON refresh_tokens (user_id);
)sql"};
  r.downgrade = {R"sql(
DROP INDEX ix_refresh_tokens_user_id;
DROP INDEX ix_refresh_tokens_token;
DROP INDEX ix_refresh_tokens_id;
DROP TABLE refresh_tokens;
)sql"};
  return r;
}

// 9e5b3f7a1c22 — Notification preferences: per-user channel switches.
#include <migctl/declare_revision.hpp>

MIGCTL_REVISION(notification_preferences) {
  migctl::Revision r;
  r.id = "9e5b3f7a1c22";
  r.down_revisions = {"4c1a9e2b7d10"};
  r.message = "Notification preferences";
  r.create_date = "2026-11-24T06:10:00Z";
  r.upgrade = {R"sql(
CREATE TABLE notification_preference (
    user_id        varchar     NOT NULL,
    email_enabled  boolean     NOT NULL DEFAULT true,
    push_enabled   boolean     NOT NULL DEFAULT true,
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_notification_preference PRIMARY KEY (user_id),
    CONSTRAINT fk_notification_preference_user_id_user FOREIGN KEY (user_id)
        REFERENCES "user" (id) ON DELETE CASCADE
);
)sql"};
  r.downgrade = {R"sql(
DROP TABLE notification_preference;
)sql"};
  return r;
}

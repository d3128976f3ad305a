CREATE TABLE task (
    id          serial       PRIMARY KEY,
    title       varchar      NOT NULL,
    done        boolean      NOT NULL DEFAULT false,
    due_on      date,
    updated_at  timestamp    NOT NULL DEFAULT now()
);
SELECT diesel_manage_updated_at('task');

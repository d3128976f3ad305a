CREATE INDEX CONCURRENTLY ix_task_due_on ON task (due_on) WHERE NOT done;

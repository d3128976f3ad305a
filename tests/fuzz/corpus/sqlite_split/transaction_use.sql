PRAGMA foreign_keys = OFF;
CREATE TABLE b (x);
/* c */ VACUUM; -- v
BEGIN;
ROLLBACK TO a;
SELECT 1 -- t
SELECT 1 -- note
/* c; */ SELECT "a;b" -- x
CREATE TABLE t (id int); INSERT INTO t VALUES (1);
-- c
SELECT 'a;b', "x;y";

CREATE FUNCTION add_one(i int) RETURNS int LANGUAGE sql
BEGIN ATOMIC
  SELECT i + 1;
  SELECT i + 2;
END;
SELECT add_one(1) -- trailing

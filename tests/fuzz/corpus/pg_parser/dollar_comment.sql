CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql;
/* a /* nested */ ; */ SELECT E'\';', $1;
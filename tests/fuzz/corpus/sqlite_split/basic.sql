CREATE TABLE a (x text DEFAULT ';');
INSERT INTO a VALUES ('it''s');

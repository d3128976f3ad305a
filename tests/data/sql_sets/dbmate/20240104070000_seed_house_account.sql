-- migrate:up
INSERT INTO customer (email) VALUES ('house@example.com');

-- migrate:down
DELETE FROM customer WHERE email = 'house@example.com';

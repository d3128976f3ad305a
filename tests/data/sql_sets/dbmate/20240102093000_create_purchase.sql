-- migrate:up
CREATE TABLE purchase (
    id           bigserial     PRIMARY KEY,
    customer_id  bigint        NOT NULL REFERENCES customer (id),
    total_cents  integer       NOT NULL CHECK (total_cents >= 0),
    placed_at    timestamptz   NOT NULL DEFAULT now()
);

CREATE VIEW customer_total AS
    SELECT customer.id, customer.email, coalesce(sum(purchase.total_cents), 0) AS total_cents
    FROM customer LEFT JOIN purchase ON purchase.customer_id = customer.id
    GROUP BY customer.id, customer.email;

-- migrate:down
DROP VIEW customer_total;
DROP TABLE purchase;

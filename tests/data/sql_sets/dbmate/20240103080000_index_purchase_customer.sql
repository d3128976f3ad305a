-- An index built without locking writes out: PostgreSQL refuses CONCURRENTLY inside a
-- transaction block, hence transaction:false.
-- migrate:up transaction:false
CREATE INDEX CONCURRENTLY ix_purchase_customer_id ON purchase (customer_id);

-- migrate:down transaction:false
DROP INDEX CONCURRENTLY ix_purchase_customer_id;

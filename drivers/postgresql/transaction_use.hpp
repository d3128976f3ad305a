// What a PostgreSQL statement asks of the transaction around it, read from its parse node
// (libpg_query's JSON, parse_tree_json.hpp).
//
// `refuses`: the statements PostgreSQL 15 refuses inside a transaction block
// (PreventInTransactionBlock): CREATE/DROP INDEX CONCURRENTLY, REINDEX ... CONCURRENTLY,
// REINDEX SCHEMA/SYSTEM/DATABASE, VACUUM (not a plain ANALYZE), CREATE/DROP DATABASE,
// ALTER DATABASE ... SET TABLESPACE, CREATE/DROP TABLESPACE, ALTER SYSTEM, CLUSTER without a
// table, DISCARD ALL, ALTER TABLE ... DETACH PARTITION ... CONCURRENTLY, CREATE
// SUBSCRIPTION that creates a slot, DROP SUBSCRIPTION (whether it drops a slot is in the
// catalog, not the statement: assumed so), ALTER SUBSCRIPTION ... REFRESH and its SET/ADD/
// DROP PUBLICATION with refresh, COMMIT/ROLLBACK PREPARED. (ALTER TYPE ... ADD VALUE runs in
// a transaction since PostgreSQL 12: `needs`.)
// `neutral`: SET, RESET, SHOW. `needs`: everything else, SAVEPOINT and RELEASE included.
#pragma once

#include <string_view>

#include "migctl/script_statement.hpp"
#include "parse_tree_json.hpp"

namespace migctl::pg {

// `statement`: a RawStmt's "stmt" ({"IndexStmt":{...}}).
TransactionUse transaction_use(const JsonView& statement);

// For BEGIN, START TRANSACTION, COMMIT/END, ROLLBACK/ABORT and PREPARE TRANSACTION: the
// reason migctl refuses the script (it opens and commits each revision's transaction
// itself; such a statement would end it early or nest). Empty for any other statement.
std::string_view own_transaction_control(const JsonView& statement);

}  // namespace migctl::pg

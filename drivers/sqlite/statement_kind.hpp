// What a SQLite statement asks of a transaction, from its leading keywords. SQLite exposes
// no parse tree; its grammar starts every statement with its verb, so the first keywords
// tell the few statements that matter:
// - `refuses`: VACUUM (SQLite refuses it inside a transaction); PRAGMA foreign_keys = ...
//   (a silent no-op inside a transaction: the rebuild it was meant to protect would run with
//   the old setting) and PRAGMA journal_mode = ... (changing it fails inside one).
// - `needs`: everything else (no statement is neutral: even a PRAGMA read may be followed by
//   a write the script expects to be atomic with it).
// The text given starts at the statement's first token (statement_split.hpp).
#pragma once

#include <string_view>

#include "migctl/script_statement.hpp"

namespace migctl::sqlite {

TransactionUse transaction_use(std::string_view statement);

// Whether the statement opens or ends a transaction (BEGIN, COMMIT, END, ROLLBACK without
// TO): migctl opens and commits each revision's transaction itself.
bool controls_transaction(std::string_view statement);

}  // namespace migctl::sqlite

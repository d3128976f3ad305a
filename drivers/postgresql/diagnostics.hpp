// Turning libpq's error text into migctl errors. Pure functions (no connection needed), so
// they are unit-tested with captured libpq messages.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "conninfo.hpp"
#include "migctl/error.hpp"

namespace migctl::pg {

// Who we tried to reach, for messages: parameters first, then what libpq would use (PG*
// environment variables, the OS user name).
struct ConnectTarget {
  std::string server;    // "db.example.com:5432", "[::1]:5432", "/run/pg/.s.PGSQL.5432"
  std::string database;  // as libpq defaults it: the user name when the URL names none
  std::string user;
};
ConnectTarget connect_target(const Params& params);

// Classifies a failed connection from libpq's PQerrorMessage text (Poco's "Connection Error: "
// prefix allowed). libpq exposes no SQLSTATE for connection failures, so the text decides:
// - authentication failures (bad password, no password, pg_hba.conf rejection, unknown role)
//   -> ExitCode::permission, SQLSTATE 28P01 or 28000; no CONNECT privilege -> permission, 42501;
// - "database ... does not exist" -> ExitCode::config, 3D000: the server answered and the
//   credentials were accepted, so DATABASE_CONN names the wrong database;
// - invalid connection options and SSL mode mismatches -> ExitCode::config, 08001;
// - everything else (refused, unknown host, timeout, server starting up or out of connection
//   slots) -> ExitCode::unavailable, 08001 / 08006 / 57P03 / 53300.
// The message names the server, database and user as relevant; every text is scrubbed of
// `secrets`.
DatabaseError connect_error(const std::string& libpq_text, const ConnectTarget& target,
                            const std::vector<std::string>& secrets);

// libpq's multi-line connection error as one line: per-address prefixes ("connection to server
// at ... failed: "), "FATAL:" markers, libpq's own "Is the server running" advice and repeated
// lines removed.
std::string clean_connect_text(const std::string& libpq_text);

// A server error as libpq formats it with PQERRORS_VERBOSE ("ERROR:  23503: message\nDETAIL:
// ...\nLOCATION: ..."), as Poco passes it on for failed BEGIN/COMMIT/ROLLBACK.
struct ServerError {
  std::string sqlstate;  // empty when the text carries none
  std::string message;   // primary message, then "DETAIL: ..." and "HINT: ..." lines
};
ServerError parse_verbose_error(const std::string& text);

// Whether a failure means the session is gone, so nothing more can be done on this connection
// and its transaction (and any session-level lock) was ended by the server: libpq reports the
// connection as bad (`connection_bad`, from PQstatus), or the server's SQLSTATE says so —
// class 08 (connection exception), 57P01 admin_shutdown (pg_terminate_backend, a fast
// shutdown), 57P02 crash_shutdown, 57P03 cannot_connect_now, 57P05 idle_session_timeout, or
// 25P03 idle_in_transaction_session_timeout. 57014 (statement timeout, query canceled) is
// not: the session survives it.
bool is_connection_loss(const std::string& sqlstate, bool connection_bad);

// " (line 3, column 7)" for a 1-based character position (PG_DIAG_STATEMENT_POSITION, counted
// in characters, not bytes) in `statement`; empty when the position is out of range.
std::string position_suffix(std::string_view statement, int position);

}  // namespace migctl::pg

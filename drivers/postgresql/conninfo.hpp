// DATABASE_CONN (a postgresql:// URL) -> libpq connection parameters, and the secrets in it.
//
// Pure functions: libpq is used only for its parser (PQconninfoParse) and its keyword table
// (PQconndefaults); nothing here opens a connection.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace migctl::pg {

using Params = std::map<std::string, std::string>;  // libpq keyword -> value

// The parameters a postgresql:// or postgres:// URL names (scheme matched case-insensitively),
// percent-decoded by libpq: user, password, host (IPv6 without brackets, or a socket directory
// from ?host=/path), port, dbname and every query parameter. Parts the URL leaves out are
// absent (libpq's defaults and PG* environment variables then apply).
// Throws DatabaseError(ExitCode::config, empty SQLSTATE) for anything else: another scheme,
// bad percent-encoding, an unknown query parameter, a port that is not 1..65535, an invalid
// sslmode, a host containing '@' (an unencoded '@' in the password). The message says what is
// wrong and which form is expected; it never contains the password, nor any part of the URL
// that could be a fragment of it.
Params uri_to_params(const std::string& url);

// A libpq conninfo value, always quoted: 'it\'s' (backslash and quote escaped).
std::string conninfo_quote(const std::string& value);

// "key='value' key2='value2'": a conninfo string libpq's PQconnectdb accepts as is.
std::string params_to_conninfo(const Params& params);

// What Poco 1.11's PostgreSQL connector can carry. It splits its connection string on every
// ' ' (even inside quotes) and passes each "key=value" through to libpq verbatim, so a
// quoted value survives unless it contains a space. Values with a space go to libpq through
// its environment variable instead (PGPASSWORD, PGAPPNAME, ... from PQconndefaults), which
// libpq reads only for keywords absent from the string.
struct PocoConnectSpec {
  std::string connection_string;           // for Poco::Data::Session
  std::map<std::string, std::string> env;  // variable -> value, to set around the connect
};

// Throws DatabaseError(ExitCode::config) when a value with a space belongs to a keyword that
// has no environment variable (the message names the keyword, never the value).
PocoConnectSpec poco_connect_spec(const Params& params);

// Everything that must be scrubbed from text shown to users: the password decoded, as written
// in the URL (percent-encoded) and as conninfo-quoted, likewise for password-like query
// parameters (sslpassword). Works on malformed URLs too (then best effort, erring towards
// hiding more). Never throws.
std::vector<std::string> url_secrets(const std::string& url, const Params& params = {});

// Replaces each non-empty secret in `text` by "***", longest first.
std::string scrub(std::string text, const std::vector<std::string>& secrets);

}  // namespace migctl::pg

// DATABASE_CONN as libpq reads it: the one parser of a postgresql:// URL in migctl.
//
// PQconninfoParse is the single source of truth. Everything that shows, scrubs or passes on
// the URL works from its parsed keyword/value list, never from the text: the driver connects
// with it, the redacted form is rendered from it, the secrets to scrub are its password
// values, and pg_dump/pg_restore get a URL rendered from it without the password. So what is
// hidden is exactly what libpq would send as a password, however the URL is spelled ('#' is
// an ordinary character to libpq; the userinfo ends at the first '@' before any '/').
//
// Plain functions of a string, no I/O (fuzzing entry points): the core reaches them through
// its scheme-neutral redaction registry (core/src/config/database_url.hpp), the executable
// registers them for postgresql:// and postgres://.
#pragma once

#include <string>
#include <vector>

#include "conninfo.hpp"

namespace migctl::pg {

struct ParsedUrl {
  std::string scheme;  // "postgresql" or "postgres", lower-cased
  Params values;       // libpq keyword -> value, percent-decoded; only what the URL sets
  Params written;      // the same values as written in the URL (percent-encoding kept)
  bool password_in_userinfo = false;  // the password came from "user:password@"
};

// Parses a postgresql:// or postgres:// URL (scheme matched case-insensitively).
// Throws DatabaseError(ExitCode::config, empty SQLSTATE) for anything libpq refuses (bad
// percent-encoding, an unknown query parameter, an unclosed IPv6 bracket...) and for what
// libpq accepts but is a misspelt URL: a host or database name holding an unencoded '@'
// (an '@' or '/' in the password that should have been encoded), a port that is not
// 1..65535, an invalid sslmode. The message says what is wrong and which form is expected;
// it never contains any part of the URL that could be a fragment of a password.
ParsedUrl parse_url(const std::string& url);

// parse_url(url).values.
Params uri_to_params(const std::string& url);

// The URL rebuilt from the parsed values: scheme://[user[:***]@][hosts][/dbname][?k=v&...],
// each password-like value (libpq marks them with dispchar '*': password, sslpassword)
// as "***", other values percent-encoded where the URL syntax needs it, query parameters
// in libpq's keyword order. A userinfo password stays in the userinfo, a query one in the
// query. Never throws: what parse_url refuses gives "<unparseable URL>".
std::string redact_url(const std::string& url);

// Every spelling of every password-like value: decoded, as written, conninfo-quoted; for a
// URL parse_url refuses, every reading libpq could have (the text after "://" as a whole,
// the userinfo password up to the first and to the last '@'...), erring towards hiding more.
// Empty when the URL has no password. Never throws.
std::vector<std::string> url_secrets(const std::string& url);

// DATABASE_CONN split for a client program (pg_dump, pg_restore): `dbname_arg` is the URL
// rendered without its password-like values (for --dbname=...), `password` the decoded
// password ("" if none), for PGPASSWORD. Throws like parse_url.
struct ClientUrl {
  std::string dbname_arg;
  std::string password;
};
ClientUrl client_url(const std::string& url);

}  // namespace migctl::pg

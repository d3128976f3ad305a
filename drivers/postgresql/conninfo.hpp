// libpq connection parameters -> what libpq and Poco's connector accept; scrubbing secrets
// from text. (Reading DATABASE_CONN into parameters is pg_url.hpp's job.)
//
// Pure functions: libpq is used only for its keyword table (PQconndefaults); nothing here
// opens a connection.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace migctl::pg {

using Params = std::map<std::string, std::string>;  // libpq keyword -> value

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

// Replaces each non-empty secret in `text` by "***", longest first.
std::string scrub(std::string text, const std::vector<std::string>& secrets);

}  // namespace migctl::pg

// DATABASE_CONN handling that does not depend on the driver: scheme extraction and
// password redaction. Converting the URL to what a database library wants is the
// driver's job.
//
// How a URL is taken apart (deliberately lenient, so that redaction hides more rather than
// less, and so that libpq forms such as multi-host "h1:5432,h2:5433" still count as URLs):
//   scheme "://" [userinfo "@"] hosts [/path] [?query] [#fragment]
// - userinfo is everything before the last '@' that comes before the first '/' after
//   "://", and only if it contains ':' (a user without a password has nothing to hide).
//   So '@', ':', '?' and '#' may appear unencoded in a password; '/' must be encoded (libpq
//   requires that too).
// - password-like query parameters are those whose (decoded, case-insensitive) name
//   contains "pass": password, sslpassword, passfile, passwd.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace migctl {

// Lower-cased scheme of a URL ("postgresql" for "PostgreSQL://..."). Throws
// Error(ExitCode::config) when the text has no "scheme://" prefix, with a message that
// shows the expected form and never echoes the text itself (it may hold a password).
std::string url_scheme(std::string_view url);

// The URL with its password replaced by "***" ("postgresql://u:***@h/db"), query
// parameters named password/passfile-like kept but their values hidden too. Everything
// else is kept byte for byte (no re-encoding). An empty password stays empty. Never
// throws: text without a valid "scheme://" prefix is returned as "<unparseable URL>".
std::string redact_url(std::string_view url);

// The secrets in a URL, for scrubbing free text: the password decoded and, when different,
// as written (percent-encoded); likewise the value of every query parameter whose name
// contains "password". Empty when there are none. A password whose percent-encoding is
// invalid is returned as written only. Never throws.
std::vector<std::string> url_secrets(std::string_view url);

// Replaces every occurrence of each non-empty secret in `text` with "***" (longest secrets
// first, so a secret that contains another is hidden whole).
std::string scrub(std::string text, const std::vector<std::string>& secrets);

}  // namespace migctl

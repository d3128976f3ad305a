// DATABASE_CONN handling that does not depend on the driver: scheme extraction and
// password redaction. Converting the URL to what a database library wants is the
// driver's job.
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
// parameters named password/passfile-like kept but their values hidden too. Never throws:
// text that cannot be parsed is returned as "<unparseable URL>".
std::string redact_url(std::string_view url);

// The secrets in a URL, decoded and as written (percent-encoded), for scrubbing free text.
// Empty when the URL has no password.
std::vector<std::string> url_secrets(std::string_view url);

// Replaces every occurrence of each secret (non-empty) in `text` with "***".
std::string scrub(std::string text, const std::vector<std::string>& secrets);

}  // namespace migctl

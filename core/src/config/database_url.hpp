// DATABASE_CONN handling that does not depend on the database: the scheme, and the
// fallback redaction for a URL no driver reads.
//
// The core knows no URL grammar. The driver chosen by the scheme reads its own URLs
// (Driver::redact_url, Driver::url_secrets; the Session asks it); these functions serve
// when there is none (no driver for the scheme, or it does not load): they hide everything
// after "scheme://".
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace migctl {

// Lower-cased scheme of a URL ("postgresql" for "PostgreSQL://..."). Throws
// Error(ExitCode::config) when the text has no "scheme://" prefix, with a message that
// shows the expected form and never echoes the text itself (it may hold a password).
std::string url_scheme(std::string_view url);

// "<scheme>://***" (nothing after the scheme is shown); without a "scheme://" prefix
// "<unparseable URL>". Never throws.
std::string redact_url(std::string_view url);

// Everything after "://"; text without a scheme: none (nothing quotes it: url_scheme
// refuses it without echoing). Never throws.
std::vector<std::string> url_secrets(std::string_view url);

// Replaces every occurrence of each non-empty secret in `text` with "***" (longest secrets
// first, so a secret that contains another is hidden whole).
std::string scrub(std::string text, const std::vector<std::string>& secrets);

}  // namespace migctl

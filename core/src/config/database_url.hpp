// DATABASE_CONN handling that does not depend on the database: the scheme, and redaction
// through the grammar registered for it.
//
// The core knows no URL grammar. Whoever knows one (the executable, for postgresql:// with
// libpq's parser, drivers/postgresql/pg_url.hpp) registers it for its schemes; redaction and
// the secrets to scrub then come from that single parser, so what is hidden is exactly what
// the database library reads as a password. A scheme nobody registered is hidden whole.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace migctl {

// How one family of URLs is shown and scrubbed. Both functions must never throw.
struct UrlGrammar {
  // The URL with every password replaced by "***"; "<unparseable URL>" for text it refuses.
  std::function<std::string(const std::string&)> redact;
  // Every spelling of every password in the URL, for scrubbing free text; for text it
  // refuses, every plausible reading (hide more rather than less).
  std::function<std::vector<std::string>(const std::string&)> secrets;
};

// Registers `grammar` for `scheme` (case-insensitive), replacing any earlier one. Call at
// start-up, before any redaction (not synchronized).
void register_url_grammar(const std::string& scheme, UrlGrammar grammar);

// Lower-cased scheme of a URL ("postgresql" for "PostgreSQL://..."). Throws
// Error(ExitCode::config) when the text has no "scheme://" prefix, with a message that
// shows the expected form and never echoes the text itself (it may hold a password).
std::string url_scheme(std::string_view url);

// The registered grammar's redaction. Without a "scheme://" prefix: "<unparseable URL>";
// a scheme without a grammar: "<scheme>://***" (nothing after the scheme is shown). Never
// throws.
std::string redact_url(std::string_view url);

// The registered grammar's secrets. A scheme without a grammar: everything after "://";
// text without a scheme: none (nothing quotes it: url_scheme refuses it without echoing).
// Never throws.
std::vector<std::string> url_secrets(std::string_view url);

// Replaces every occurrence of each non-empty secret in `text` with "***" (longest secrets
// first, so a secret that contains another is hidden whole).
std::string scrub(std::string text, const std::vector<std::string>& secrets);

}  // namespace migctl

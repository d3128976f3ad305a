// Reading DATABASE_CONN for SQLite: SQLAlchemy's URL forms, and nothing else.
//
//   sqlite:///relative/path.db     relative to the current directory
//   sqlite:////absolute/path.db    an absolute path
//   ...?timeout=30                 busy timeout in seconds (pysqlite's parameter name)
//
// A URL with a host or user (`sqlite://host/x.db`), an empty path (`sqlite://`,
// `sqlite:///`, SQLAlchemy's in-memory database), `:memory:`, a fragment, a NUL byte or an
// unknown query parameter is refused as a configuration error (exit 78), naming what is
// wrong and the form to use: a migration of a database that vanishes at exit, or of a file
// other than the one meant, helps no one. Percent-escapes in the path are decoded.
// Pure functions (no file is touched), unit-tested.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace migctl::sqlite {

struct SqliteUrl {
  std::string path;                    // decoded, as written (relative or absolute)
  std::optional<int> timeout_seconds;  // ?timeout=N: how long to wait for another writer
};

// Throws migctl::Error(ExitCode::config).
SqliteUrl parse_url(const std::string& url);

// `url` for printing. SQLite URLs hold no password, so a URL parse_url accepts comes back as
// written; the value of a query parameter it does not know (it may be anything, a secret
// included) is shown as ***; a URL it cannot read becomes "sqlite://***". Never throws.
std::string redact_url(const std::string& url);

// What in `url` may be a secret, for scrubbing free text: nothing in a URL parse_url
// accepts; in one it refuses, the value of every query parameter but timeout and the
// userinfo of an authority, each as written and decoded. Never throws.
std::vector<std::string> url_secrets(const std::string& url);

}  // namespace migctl::sqlite

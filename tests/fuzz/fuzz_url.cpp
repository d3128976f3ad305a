// libFuzzer harness for DATABASE_CONN as libpq reads it (drivers/postgresql/pg_url.cpp).
// Contracts checked, for any text:
// - parse_url and client_url either work or throw migctl::Error; redact_url and url_secrets
//   never throw;
// - when parse_url accepts the URL, its redacted form is a URL parse_url accepts too, with
//   the same keywords and values, except that every password-like value reads "***": what
//   is shown is exactly what libpq would use, minus the secrets;
// - a non-empty password libpq would send is among url_secrets, so every printer scrubs it.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "migctl/error.hpp"
#include "pg_url.hpp"

namespace {

bool password_like(const std::string& keyword) {
  return keyword == "password" || keyword == "sslpassword";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string url(reinterpret_cast<const char*>(data), size);
  using namespace migctl::pg;

  const std::string redacted = redact_url(url);
  const auto secrets = url_secrets(url);
  try {
    client_url(url);
  } catch (const migctl::Error&) {
  }

  ParsedUrl parsed;
  try {
    parsed = parse_url(url);
  } catch (const migctl::Error&) {
    return 0;
  }

  ParsedUrl shown;
  try {
    shown = parse_url(redacted);
  } catch (const migctl::Error&) {
    std::abort();  // the redacted form of an accepted URL must read back
  }
  for (const auto& [keyword, value] : parsed.values) {
    const auto it = shown.values.find(keyword);
    if (password_like(keyword)) {
      if (!value.empty() && (it == shown.values.end() || it->second != "***")) std::abort();
      if (!value.empty() && std::find(secrets.begin(), secrets.end(), value) == secrets.end())
        std::abort();
    } else if (it == shown.values.end() || it->second != value) {
      std::abort();
    }
  }
  return 0;
}

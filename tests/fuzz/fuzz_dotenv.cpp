// libFuzzer harness for the .env parser (core/src/config/dotenv.cpp).
// Contract checked: any input either parses or throws migctl::Error(ExitCode::config) — no
// other exception, no crash, no undefined behaviour (ASan/UBSan) — and every parsed key is
// a valid key. A config error never quotes a value: when the marker S3CR3T appears in the
// input only right after '=', the message must not contain it.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <regex>
#include <string>
#include <string_view>

#include "config/dotenv.hpp"

namespace {
bool valid_key(const std::string& key) {
  static const std::regex pattern("[A-Za-z_][A-Za-z0-9_.]*");
  return std::regex_match(key, pattern);
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    for (const auto& [key, value] : migctl::parse_dotenv(text, "fuzz.env")) {
      if (!valid_key(key)) std::abort();
    }
  } catch (const migctl::Error& e) {
    if (e.code() != migctl::ExitCode::config) std::abort();
    // A value marker ("S3CR3T" right after "=") must never reach the message. Only inputs
    // where every marker follows an '=' count: elsewhere it could be part of a key.
    const std::string message = e.what();
    bool only_values = text.find("S3CR3T") != std::string_view::npos;
    for (auto at = text.find("S3CR3T"); at != std::string_view::npos;
         at = text.find("S3CR3T", at + 1))
      only_values = only_values && at > 0 && text[at - 1] == '=';
    if (only_values && message.find("S3CR3T") != std::string::npos) std::abort();
  }
  return 0;
}

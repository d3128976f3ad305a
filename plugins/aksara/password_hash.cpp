#include "password_hash.hpp"

#include <crypt.h>
#include <migctl/error.hpp>

#include <cerrno>
#include <cstring>
#include <memory>

namespace aksara {
namespace {

// libxcrypt's scratch area, wiped when done: it held the password.
struct ScratchArea {
  crypt_data data{};
  ~ScratchArea() { explicit_bzero(&data, sizeof data); }
};

std::string errno_text(int error) {
  return std::string(std::strerror(error)) + " (errno " + std::to_string(error) + ")";
}

// The password as libxcrypt takes it: a C string.
std::string checked_phrase(std::string_view password) {
  if (password.find('\0') != std::string_view::npos) {
    throw migctl::Error(migctl::ExitCode::config, "the admin password contains a NUL byte",
                        "choose a password without control characters");
  }
  if (password.size() > kBcryptMaxPasswordBytes) {
    throw migctl::Error(migctl::ExitCode::config,
                        "the admin password is " + std::to_string(password.size()) +
                            " bytes long; bcrypt, the backend's password hash, uses at most " +
                            std::to_string(kBcryptMaxPasswordBytes),
                        "choose a password of at most 72 bytes (UTF-8)");
  }
  return std::string(password);
}

}  // namespace

std::string bcrypt_hash(std::string_view password, unsigned cost) {
  std::string phrase = checked_phrase(password);
  char setting[CRYPT_GENSALT_OUTPUT_SIZE];
  errno = 0;
  if (!crypt_gensalt_rn("$2b$", cost, nullptr, 0, setting, sizeof setting)) {
    const int error = errno;
    explicit_bzero(phrase.data(), phrase.size());
    throw migctl::Error(migctl::ExitCode::internal,
                        "libxcrypt could not make a bcrypt salt (cost " + std::to_string(cost) +
                            "): " + errno_text(error),
                        "check that the operating system's random generator works");
  }
  auto scratch = std::make_unique<ScratchArea>();
  errno = 0;
  const char* hashed = crypt_rn(phrase.c_str(), setting, &scratch->data, sizeof scratch->data);
  const int error = errno;
  explicit_bzero(phrase.data(), phrase.size());
  // crypt_rn returns a null pointer on failure; a result starting with '*' is an invalid
  // hash, never a usable one.
  if (!hashed || hashed[0] == '*') {
    throw migctl::Error(migctl::ExitCode::internal,
                        "libxcrypt could not compute the bcrypt hash: " + errno_text(error),
                        "this libxcrypt may lack bcrypt; Debian's libcrypt1 has it");
  }
  return hashed;
}

}  // namespace aksara

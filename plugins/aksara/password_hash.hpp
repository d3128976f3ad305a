// The Aksara backend's password hash: bcrypt as passlib writes and verifies it, made by
// libxcrypt (Debian libcrypt-dev), never by code of our own.
//
// The backend checks passwords with passlib's CryptContext(schemes=["bcrypt"]), which
// accepts only bcrypt hashes: `$2b$<cost>$` + 22 characters of salt + 31 of checksum, in
// bcrypt's own base64 alphabet (`./A-Za-z0-9`), 60 characters in all. Cost 12 is passlib's
// default, so hashes the seed stores look like the ones the backend makes on registration.
#pragma once

#include <string>
#include <string_view>

namespace aksara {

inline constexpr unsigned kBcryptCost = 12;
// bcrypt reads at most 72 bytes of a password; longer ones are refused rather than
// silently cut (newer Python bcrypt releases refuse them when verifying).
inline constexpr std::size_t kBcryptMaxPasswordBytes = 72;

// A new `$2b$<cost>$...` hash of `password` (its UTF-8 bytes) with 16 random salt bytes
// from the operating system (libxcrypt's crypt_gensalt_rn with no caller-supplied bytes).
// Throws migctl::Error: ExitCode::config when the password is longer than
// kBcryptMaxPasswordBytes or contains a NUL byte; ExitCode::internal when libxcrypt fails
// (the message names the errno, never the password). Nothing is ever hashed with a weaker
// fallback.
std::string bcrypt_hash(std::string_view password, unsigned cost = kBcryptCost);

}  // namespace aksara

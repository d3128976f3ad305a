// Password hashing for seeded users: PBKDF2-HMAC-SHA256 (OpenSSL libcrypto) stored in
// passlib's `pbkdf2_sha256` format, so the Python backend verifies it with passlib as it is:
//
//   $pbkdf2-sha256$<rounds>$<salt>$<checksum>
//
// rounds in decimal (no leading zeros); salt (16 random bytes) and checksum (the 32-byte
// derived key) in passlib's "adapted base64": standard base64 with '+' written '.' and no
// '=' padding. docs/seed-and-secrets.md describes the format.
#pragma once

#include <string>
#include <string_view>

namespace migctl::crypto {

// OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256; ~0.23 s on the development machine.
inline constexpr unsigned kDefaultPbkdf2Rounds = 600000;
inline constexpr std::size_t kSaltBytes = 16;

// PBKDF2-HMAC-SHA256 of `password` with `salt`, `rounds` iterations, `length` bytes of
// output (raw bytes). Throws Error(ExitCode::internal) if OpenSSL fails or rounds is 0.
std::string pbkdf2_hmac_sha256(std::string_view password, std::string_view salt, unsigned rounds,
                               std::size_t length = 32);

// `length` bytes from OpenSSL's CSPRNG (RAND_bytes). Throws Error(ExitCode::internal) when
// the generator reports failure: a salt is never made from a weaker source.
std::string random_bytes(std::size_t length);

// passlib's adapted base64 (ab64). ab64_decode throws Error(ExitCode::data) on a
// character outside the alphabet or an impossible length.
std::string ab64_encode(std::string_view bytes);
std::string ab64_decode(std::string_view text);

// A new hash of `password` with a fresh random salt.
std::string hash_password(std::string_view password, unsigned rounds = kDefaultPbkdf2Rounds);

// The hash with a given salt: deterministic, for known-answer tests.
std::string hash_password_with_salt(std::string_view password, std::string_view salt,
                                    unsigned rounds);

// True when `hash` is a well-formed pbkdf2_sha256 hash of `password` (constant-time
// comparison of the checksum). A malformed hash is false, never an exception.
bool verify_password(std::string_view password, std::string_view hash);

}  // namespace migctl::crypto

#include "crypto/password_hash.hpp"

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <climits>
#include <vector>

#include "migctl/error.hpp"

namespace migctl::crypto {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789./";
constexpr std::string_view kPrefix = "$pbkdf2-sha256$";

std::string openssl_error() {
  unsigned long code = ERR_get_error();
  if (code == 0) return "no OpenSSL error detail";
  char buf[256];
  ERR_error_string_n(code, buf, sizeof buf);
  return buf;
}

int ab64_value(char c) {
  for (int i = 0; i < 64; ++i)
    if (kAlphabet[i] == c) return i;
  return -1;
}

// Splits "$pbkdf2-sha256$rounds$salt$checksum"; false when the shape is wrong.
bool parse(std::string_view hash, unsigned& rounds, std::string& salt, std::string& checksum) {
  if (hash.substr(0, kPrefix.size()) != kPrefix) return false;
  std::string_view rest = hash.substr(kPrefix.size());
  std::size_t d1 = rest.find('$');
  if (d1 == std::string_view::npos) return false;
  std::size_t d2 = rest.find('$', d1 + 1);
  if (d2 == std::string_view::npos || rest.find('$', d2 + 1) != std::string_view::npos)
    return false;
  std::string_view r = rest.substr(0, d1);
  if (r.empty() || r.size() > 10 || (r.size() > 1 && r[0] == '0')) return false;
  unsigned long long value = 0;
  for (char c : r) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + static_cast<unsigned>(c - '0');
  }
  if (value == 0 || value > INT_MAX) return false;  // OpenSSL takes an int
  rounds = static_cast<unsigned>(value);
  try {
    salt = ab64_decode(rest.substr(d1 + 1, d2 - d1 - 1));
    checksum = ab64_decode(rest.substr(d2 + 1));
  } catch (const Error&) {
    return false;
  }
  return !checksum.empty();
}

}  // namespace

std::string pbkdf2_hmac_sha256(std::string_view password, std::string_view salt, unsigned rounds,
                               std::size_t length) {
  if (rounds == 0 || rounds > INT_MAX || length == 0 || length > INT_MAX) {
    throw Error(ExitCode::internal, "PBKDF2 called with 0 rounds or an impossible length");
  }
  std::string out(length, '\0');
  if (PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                        reinterpret_cast<const unsigned char*>(salt.data()),
                        static_cast<int>(salt.size()), static_cast<int>(rounds), EVP_sha256(),
                        static_cast<int>(length),
                        reinterpret_cast<unsigned char*>(out.data())) != 1) {
    throw Error(ExitCode::internal, "OpenSSL PBKDF2-HMAC-SHA256 failed: " + openssl_error());
  }
  return out;
}

std::string random_bytes(std::size_t length) {
  std::string out(length, '\0');
  if (length > INT_MAX ||
      RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(length)) != 1) {
    throw Error(
        ExitCode::internal,
        "the system's random generator failed (OpenSSL RAND_bytes: " + openssl_error() + ")",
        "no password hash was made; check that /dev/urandom or getrandom() works");
  }
  return out;
}

std::string ab64_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() * 4 + 2) / 3);
  std::size_t i = 0;
  auto at = [&](std::size_t k) { return static_cast<unsigned char>(bytes[k]); };
  for (; i + 3 <= bytes.size(); i += 3) {
    unsigned v = (at(i) << 16) | (at(i + 1) << 8) | at(i + 2);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  std::size_t left = bytes.size() - i;
  if (left == 1) {
    unsigned v = at(i) << 16;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
  } else if (left == 2) {
    unsigned v = (at(i) << 16) | (at(i + 1) << 8);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
  }
  return out;
}

std::string ab64_decode(std::string_view text) {
  if (text.size() % 4 == 1) {
    throw Error(ExitCode::data, "adapted base64 text has an impossible length");
  }
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (char c : text) {
    int v = ab64_value(c);
    if (v < 0)
      throw Error(ExitCode::data, "adapted base64 text has a character outside a-zA-Z0-9./");
    buffer = (buffer << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xff);
    }
  }
  return out;
}

std::string hash_password_with_salt(std::string_view password, std::string_view salt,
                                    unsigned rounds) {
  return std::string(kPrefix) + std::to_string(rounds) + "$" + ab64_encode(salt) + "$" +
         ab64_encode(pbkdf2_hmac_sha256(password, salt, rounds));
}

std::string hash_password(std::string_view password, unsigned rounds) {
  return hash_password_with_salt(password, random_bytes(kSaltBytes), rounds);
}

bool verify_password(std::string_view password, std::string_view hash) {
  unsigned rounds = 0;
  std::string salt, checksum;
  if (!parse(hash, rounds, salt, checksum)) return false;
  std::string actual = pbkdf2_hmac_sha256(password, salt, rounds, checksum.size());
  return CRYPTO_memcmp(actual.data(), checksum.data(), checksum.size()) == 0;
}

}  // namespace migctl::crypto

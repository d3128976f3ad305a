// PBKDF2-HMAC-SHA256 and passlib's pbkdf2_sha256 format, against known answers: RFC 7914
// section 11 vectors, hashes computed offline with Python's hashlib.pbkdf2_hmac, and the
// example hash from passlib's own documentation.
#include <boost/test/unit_test.hpp>
#include <set>

#include "crypto/password_hash.hpp"
#include "migctl/error.hpp"

using namespace migctl::crypto;

namespace {

std::string hex(const std::string& bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

std::string bytes_0_to_15() {
  std::string s;
  for (int i = 0; i < 16; ++i) s += static_cast<char>(i);
  return s;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(password_hash)

BOOST_AUTO_TEST_CASE(pbkdf2_matches_rfc7914_vectors) {
  BOOST_TEST(hex(pbkdf2_hmac_sha256("passwd", "salt", 1, 64)) ==
             "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
             "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783");
  BOOST_TEST(hex(pbkdf2_hmac_sha256("Password", "NaCl", 80000, 64)) ==
             "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56"
             "a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d");
}

BOOST_AUTO_TEST_CASE(pbkdf2_matches_hashlib) {
  // hashlib.pbkdf2_hmac('sha256', b'password', b'salt', c, 32)
  BOOST_TEST(hex(pbkdf2_hmac_sha256("password", "salt", 1)) ==
             "120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b");
  BOOST_TEST(hex(pbkdf2_hmac_sha256("password", "salt", 4096)) ==
             "c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a");
}

BOOST_AUTO_TEST_CASE(ab64_is_base64_with_dot_and_no_padding) {
  BOOST_TEST(ab64_encode("") == "");
  BOOST_TEST(ab64_encode("f") == "Zg");
  BOOST_TEST(ab64_encode("fo") == "Zm8");
  BOOST_TEST(ab64_encode("foo") == "Zm9v");
  BOOST_TEST(ab64_encode("foob") == "Zm9vYg");
  BOOST_TEST(ab64_encode("fooba") == "Zm9vYmE");
  BOOST_TEST(ab64_encode("foobar") == "Zm9vYmFy");
  BOOST_TEST(ab64_encode("\xfb\xff\xbf") == "././");  // '+' becomes '.'
  for (std::string s : {"", "f", "fo", "foo", "foob", "fooba", "foobar", "\xfb\xff\xbf"}) {
    BOOST_TEST(ab64_decode(ab64_encode(s)) == s);
  }
  BOOST_CHECK_THROW(ab64_decode("Zm9v+"), migctl::Error);  // '+' is not in the alphabet
  BOOST_CHECK_THROW(ab64_decode("Zm9vY"), migctl::Error);  // 5 characters cannot be
}

BOOST_AUTO_TEST_CASE(hash_with_salt_matches_hashlib_in_passlib_format) {
  BOOST_TEST(hash_password_with_salt("admin123", bytes_0_to_15(), 1000) ==
             "$pbkdf2-sha256$1000$AAECAwQFBgcICQoLDA0ODw$"
             "tzK2P1lIsJv8KKWG6Jtvk9M0R3D5mmsyRop6.rUhjTk");
  // UTF-8 passwords are hashed as their bytes, as passlib does.
  BOOST_TEST(
      hash_password_with_salt("p\xc3\xa4ssw\xc3\xb6rd\xe2\x82\xac", "saltysaltysalty!", 29000) ==
      "$pbkdf2-sha256$29000$c2FsdHlzYWx0eXNhbHR5IQ$"
      "6GUhFYQQwrrU3c7t0D.yQPy9Xt3FEAs1uHdcDFIpCPY");
  const std::string salt("\xff\xfe\xfb\xfa\x00\x01\x3e\x3f\xbe\xbf\x80\x7f\xf8\x0f\xf0\x00", 16);
  BOOST_TEST(hash_password_with_salt("correct horse battery staple", salt, 600000) ==
             "$pbkdf2-sha256$600000$//77.gABPj..v4B/.A/wAA$"
             "1jl7LI3Knjy6ibRQoftDPrcY6gON0atvyIQ5NuKbhLI");
}

BOOST_AUTO_TEST_CASE(verifies_passlibs_documented_example) {
  const std::string passlib_example =
      "$pbkdf2-sha256$6400$0ZrzXitFSGltTQnBWOsdAw$Y11AchqV4b0sUisdZd0Xr97KWoymNE0LNNrnEgY4H9M";
  BOOST_TEST(verify_password("password", passlib_example));
  BOOST_TEST(!verify_password("Password", passlib_example));
}

BOOST_AUTO_TEST_CASE(new_hashes_use_600000_rounds_and_a_fresh_16_byte_salt) {
  std::string a = hash_password("s3cret-admin-pw");
  std::string b = hash_password("s3cret-admin-pw");
  BOOST_TEST(a.rfind("$pbkdf2-sha256$600000$", 0) == 0u);
  BOOST_TEST(a != b);  // different salts
  BOOST_TEST(verify_password("s3cret-admin-pw", a));
  BOOST_TEST(verify_password("s3cret-admin-pw", b));
  BOOST_TEST(!verify_password("s3cret-admin-pW", a));
  // $pbkdf2-sha256$600000$<22 chars: 16 bytes>$<43 chars: 32 bytes>
  auto salt_begin = a.find('$', 16) + 1;
  auto salt_end = a.find('$', salt_begin);
  BOOST_TEST(salt_end - salt_begin == 22u);
  BOOST_TEST(a.size() - salt_end - 1 == 43u);
  BOOST_TEST(ab64_decode(a.substr(salt_begin, salt_end - salt_begin)).size() == kSaltBytes);
}

BOOST_AUTO_TEST_CASE(random_bytes_are_not_repeated) {
  std::set<std::string> seen;
  for (int i = 0; i < 64; ++i) seen.insert(random_bytes(16));
  BOOST_TEST(seen.size() == 64u);
  BOOST_TEST(random_bytes(16).size() == 16u);
}

BOOST_AUTO_TEST_CASE(malformed_hashes_do_not_verify) {
  const std::string good = hash_password_with_salt("pw", "0123456789abcdef", 10);
  BOOST_TEST(verify_password("pw", good));
  for (std::string bad : {
           std::string(""),
           std::string("pw"),
           std::string("$pbkdf2-sha1$10$MDEyMzQ1Njc4OWFiY2RlZg$x"),
           std::string("$pbkdf2-sha256$010$") + good.substr(good.find('$', 17) + 1),
           std::string("$pbkdf2-sha256$0$MDEyMzQ1Njc4OWFiY2RlZg$") +
               good.substr(good.rfind('$') + 1),
           std::string("$pbkdf2-sha256$9999999999$MDEyMzQ1Njc4OWFiY2RlZg$abcd"),
           std::string("$pbkdf2-sha256$10$MDEy+zQ1Njc4OWFiY2RlZg$") +
               good.substr(good.rfind('$') + 1),
           std::string("$pbkdf2-sha256$10$MDEyMzQ1Njc4OWFiY2RlZg$"),
           good + "$extra",
       }) {
    BOOST_TEST(!verify_password("pw", bad), bad);
  }
}

BOOST_AUTO_TEST_SUITE_END()

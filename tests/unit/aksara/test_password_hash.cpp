// The Aksara plugin's bcrypt (libxcrypt): the stored format passlib's bcrypt reads, fresh
// salt per hash, and refusals for what bcrypt cannot hash faithfully. The hash is verified
// by independent implementations in the integration tests (Python's bcrypt and passlib).
#include <crypt.h>
#include <migctl/error.hpp>

#include <boost/test/unit_test.hpp>
#include <regex>
#include <string>

#include "password_hash.hpp"

using aksara::bcrypt_hash;

BOOST_AUTO_TEST_SUITE(aksara_password_hash)

BOOST_AUTO_TEST_CASE(writes_2b_cost_12_in_bcrypts_alphabet) {
  const std::string hash = bcrypt_hash("admin123");
  BOOST_TEST(std::regex_match(hash, std::regex(R"(\$2b\$12\$[./A-Za-z0-9]{53})")), hash);
  BOOST_TEST(hash.find("admin123") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_lower_cost_is_written_as_two_digits) {
  BOOST_TEST(bcrypt_hash("pw", 4).rfind("$2b$04$", 0) == 0u);
}

BOOST_AUTO_TEST_CASE(each_hash_has_its_own_salt_and_rehashes_to_itself) {
  const std::string a = bcrypt_hash("s3cret-admin-pw", 4);
  const std::string b = bcrypt_hash("s3cret-admin-pw", 4);
  BOOST_TEST(a != b);
  BOOST_TEST(a.substr(0, 29) != b.substr(0, 29));  // "$2b$04$" + 22 salt characters
  // bcrypt is deterministic given the salt: hashing again with the stored hash as the
  // setting gives it back for the right password only.
  crypt_data data{};
  BOOST_TEST(std::string(crypt_rn("s3cret-admin-pw", a.c_str(), &data, sizeof data)) == a);
  BOOST_TEST(std::string(crypt_rn("s3cret-admin-pX", a.c_str(), &data, sizeof data)) != a);
}

BOOST_AUTO_TEST_CASE(refuses_passwords_bcrypt_would_cut_or_misread) {
  const std::string at_limit(72, 'x');
  BOOST_TEST(bcrypt_hash(at_limit, 4).size() == 60u);
  try {
    bcrypt_hash(at_limit + "y", 4);
    BOOST_ERROR("accepted a 73-byte password");
  } catch (const migctl::Error& e) {
    BOOST_TEST(static_cast<int>(e.code()) == 78);
    BOOST_TEST(std::string(e.what()).find("73 bytes") != std::string::npos, e.what());
    BOOST_TEST(std::string(e.what()).find("xxxx") == std::string::npos);
  }
  BOOST_CHECK_THROW(bcrypt_hash(std::string("ab\0cd", 5), 4), migctl::Error);
}

BOOST_AUTO_TEST_SUITE_END()

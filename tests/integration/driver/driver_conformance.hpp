// The shared driver test suite (golang-migrate's dktesting is the model): every driver must
// pass it against a real server. It reports through Boost.Test assertions, so call it from a
// test case.
//
// Needs a URL of the form scheme://user:password@host:port/database whose server checks
// passwords over TCP. SQL is PostgreSQL's dialect ($n placeholders, SQLSTATE codes, DO
// blocks, to_regclass); a driver for another database would bring its own statements.
// Everything it creates lives in a schema unique to the run, dropped at the end.
#pragma once

#include <boost/test/unit_test.hpp>
#include <optional>
#include <ostream>
#include <string>

#include "migctl/driver.hpp"

// Lets BOOST_TEST print migctl::Value operands: "text" or NULL.
template <>
struct boost::test_tools::tt_detail::print_log_value<std::optional<std::string>> {
  void operator()(std::ostream& out, const std::optional<std::string>& value) const {
    if (value) {
      out << '"' << *value << '"';
    } else {
      out << "NULL";
    }
  }
};

namespace migctl::conformance {

void run_driver_conformance(Driver& driver, const std::string& url);

// URL helpers for tests, for URLs of the form above.
std::string percent_encode(const std::string& text);
// The URL with its user info replaced by `user`:`password` (both encoded here).
std::string with_credentials(const std::string& url, const std::string& user,
                             const std::string& password);
// The URL's user name, decoded.
std::string url_user(const std::string& url);
// The URL with host and port replaced.
std::string with_host_port(const std::string& url, const std::string& host, int port);

}  // namespace migctl::conformance

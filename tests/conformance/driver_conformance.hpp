// The driver conformance suite: what every driver must do, checked through the SDK only.
//
// Modelled on golang-migrate's dktesting: one suite, run by each driver against its real
// database (PostgreSQL on a server, SQLite on a file), each as its own ctest entry. It
// knows no database: its own SQL is the portable core (CREATE TABLE, INSERT, UPDATE,
// DELETE, SELECT, DROP TABLE, `$n` parameters), everything else comes from the driver's
// Dialect, and it tells a missing table from other errors through the dialect too. It
// reports through Boost.Test assertions, so call it from a test case.
#pragma once

#include <boost/test/unit_test.hpp>
#include <functional>
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

struct Target {
  Driver* driver = nullptr;
  // A URL of the driver's whose database the suite may create tables in; every table it
  // creates is named conformance_<pid>_... and dropped again.
  std::string url;
  // Makes `holder`, which holds the migration lock of version table `table`, lose it
  // behind the lock's back (PostgreSQL: pg_advisory_unlock_all(); SQLite: the lock file
  // removed), so that verify() must notice. Empty: the check is skipped.
  std::function<void(Connection& holder, const std::string& table)> lose_lock;
};

void run_driver_conformance(const Target& target);

}  // namespace migctl::conformance

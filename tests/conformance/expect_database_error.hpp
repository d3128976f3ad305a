// A Boost.Test helper for driver tests: the driver must fail with migctl::DatabaseError.
#pragma once

#include <boost/test/unit_test.hpp>
#include <exception>
#include <optional>

#include "migctl/error.hpp"

namespace migctl::conformance {

// Runs `action`, which must throw migctl::DatabaseError; anything else (a library's own
// exception type included) fails the test.
template <class Action>
std::optional<DatabaseError> expect_database_error(const char* what, Action action) {
  try {
    action();
    BOOST_ERROR(what << ": no exception");
  } catch (const DatabaseError& e) {
    return e;
  } catch (const std::exception& e) {
    BOOST_ERROR(what << ": not a migctl::DatabaseError: " << e.what());
  } catch (...) {
    BOOST_ERROR(what << ": a non-standard exception escaped the driver");
  }
  return std::nullopt;
}

}  // namespace migctl::conformance

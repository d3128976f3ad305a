#define BOOST_TEST_MODULE migctl_unit_tests
#include <boost/test/unit_test.hpp>

// MIGCTL_MIGRATIONS_DIR: colon-separated like PATH, from .env or the environment.
#include <boost/test/unit_test.hpp>

#include <unistd.h>
#include <filesystem>
#include <fstream>

#include "config/settings.hpp"

using migctl::resolve_settings;
using migctl::split_dir_list;
using Dirs = std::vector<std::string>;

BOOST_AUTO_TEST_SUITE(migrations_dir_setting)

BOOST_AUTO_TEST_CASE(split_on_colons_like_path) {
  BOOST_TEST(split_dir_list("db/migrations") == Dirs{"db/migrations"});
  BOOST_TEST(split_dir_list("db/a:billing=db/b") == (Dirs{"db/a", "billing=db/b"}));
  BOOST_TEST(split_dir_list(" db/a : db/b ::") == (Dirs{"db/a", "db/b"}));
  BOOST_TEST(split_dir_list("").empty());
  BOOST_TEST(split_dir_list(":").empty());
}

BOOST_AUTO_TEST_CASE(the_environment_wins_over_dotenv_and_flags_over_both) {
  const auto env_file = std::filesystem::temp_directory_path() /
                        ("migctl_migrations_dir_" + std::to_string(::getpid()) + ".env");
  std::ofstream(env_file) << "MIGCTL_MIGRATIONS_DIR=db/from_dotenv\n"
                             "MIGCTL_MIGRATIONS_FORMAT=dbmate\n";
  auto settings = resolve_settings({}, env_file.string(), true, {}, {});
  BOOST_TEST(settings.get_or(migctl::kMigrationsDir, "") == "db/from_dotenv");
  BOOST_TEST(settings.get_or(migctl::kMigrationsFormat, "") == "dbmate");
  settings = resolve_settings({}, env_file.string(), true, {{"MIGCTL_MIGRATIONS_DIR", "db/a:db/b"}},
                              {{"MIGCTL_MIGRATIONS_FORMAT", "flyway"}});
  BOOST_TEST(split_dir_list(settings.get_or(migctl::kMigrationsDir, "")) == (Dirs{"db/a", "db/b"}));
  BOOST_TEST(settings.get_or(migctl::kMigrationsFormat, "") == "flyway");
  std::filesystem::remove(env_file);
}

BOOST_AUTO_TEST_SUITE_END()

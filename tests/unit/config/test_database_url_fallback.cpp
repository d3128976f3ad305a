// DATABASE_URL as the fallback name of DATABASE_CONN, with the documented precedence:
// flags > environment DATABASE_CONN > environment DATABASE_URL > .env DATABASE_CONN >
// .env DATABASE_URL.
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>

#include "config/settings.hpp"

using migctl::resolve_settings;
using migctl::Settings;
using migctl::SettingSource;

namespace {

struct EnvFile {
  std::filesystem::path path;
  explicit EnvFile(const std::string& content) {
    static int counter = 0;
    path = std::filesystem::temp_directory_path() / ("migctl_dburl_" + std::to_string(::getpid()) +
                                                     "_" + std::to_string(++counter) + ".env");
    std::ofstream(path) << content;
  }
  ~EnvFile() { std::filesystem::remove(path); }
};

std::string conn(const Settings& s) {
  return s.get_or("DATABASE_CONN", "<unset>");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(database_url_fallback)

BOOST_AUTO_TEST_CASE(database_url_alone_is_used_with_its_source) {
  Settings s = resolve_settings({}, "", false, {{"DATABASE_URL", "postgresql://u@h/env_url"}}, {});
  BOOST_TEST(conn(s) == "postgresql://u@h/env_url");
  BOOST_TEST(s.source("DATABASE_CONN")->kind == SettingSource::environment);
  BOOST_TEST(migctl::describe(*s.source("DATABASE_CONN")) == "environment (DATABASE_URL)");
}

BOOST_AUTO_TEST_CASE(database_conn_wins_in_the_same_layer) {
  Settings env = resolve_settings(
      {}, "", false,
      {{"DATABASE_URL", "postgresql://u@h/url"}, {"DATABASE_CONN", "postgresql://u@h/conn"}}, {});
  BOOST_TEST(conn(env) == "postgresql://u@h/conn");

  EnvFile file("DATABASE_URL=postgresql://u@h/url\nDATABASE_CONN=postgresql://u@h/conn\n");
  Settings dotenv = resolve_settings({}, file.path.string(), true, {}, {});
  BOOST_TEST(conn(dotenv) == "postgresql://u@h/conn");
  BOOST_TEST(dotenv.source("DATABASE_CONN")->kind == SettingSource::dotenv);
}

BOOST_AUTO_TEST_CASE(environment_database_url_beats_dotenv_database_conn) {
  EnvFile file("DATABASE_CONN=postgresql://u@h/dotenv_conn\n");
  Settings s = resolve_settings({}, file.path.string(), true,
                                {{"DATABASE_URL", "postgresql://u@h/env_url"}}, {});
  BOOST_TEST(conn(s) == "postgresql://u@h/env_url");
  BOOST_TEST(s.source("DATABASE_CONN")->kind == SettingSource::environment);
}

BOOST_AUTO_TEST_CASE(dotenv_database_url_does_not_beat_environment_database_conn) {
  EnvFile file("DATABASE_URL=postgresql://u@h/dotenv_url\n");
  Settings s = resolve_settings({}, file.path.string(), true,
                                {{"DATABASE_CONN", "postgresql://u@h/env_conn"}}, {});
  BOOST_TEST(conn(s) == "postgresql://u@h/env_conn");
}

BOOST_AUTO_TEST_CASE(an_empty_database_conn_counts_as_unset) {
  Settings s = resolve_settings(
      {}, "", false, {{"DATABASE_CONN", ""}, {"DATABASE_URL", "postgresql://u@h/url"}}, {});
  BOOST_TEST(conn(s) == "postgresql://u@h/url");
  // And an empty DATABASE_URL changes nothing.
  Settings none = resolve_settings({}, "", false, {{"DATABASE_URL", ""}}, {});
  BOOST_TEST(conn(none) == "<unset>");
}

BOOST_AUTO_TEST_CASE(a_flag_beats_both) {
  Settings s = resolve_settings({}, "", false, {{"DATABASE_URL", "postgresql://u@h/url"}},
                                {{"DATABASE_CONN", "postgresql://u@h/flag"}});
  BOOST_TEST(conn(s) == "postgresql://u@h/flag");
}

BOOST_AUTO_TEST_SUITE_END()

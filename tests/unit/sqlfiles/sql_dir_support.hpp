// Helpers of the SQL-file set tests: scratch directories of migration files, the errors
// read_sql_dir throws, and the sample sets in tests/data/sql_sets/.
#pragma once

#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>

#include "migctl/error.hpp"
#include "sqlfiles/sql_dir.hpp"
#include "text_contains.hpp"

namespace migctl {
inline std::ostream& operator<<(std::ostream& out, SqlFormat format) {
  return out << sql_format_name(format);
}
}  // namespace migctl

namespace migctl::test {

using migctl_test::contains;

// A fresh directory removed at the end of the test.
struct ScratchDir {
  std::filesystem::path path;
  ScratchDir() {
    static int counter = 0;
    path = std::filesystem::temp_directory_path() /
           ("migctl_sqlfiles_" + std::to_string(::getpid()) + "_" + std::to_string(++counter)) /
           "migrations";
    std::filesystem::create_directories(path);
  }
  ~ScratchDir() { std::filesystem::remove_all(path.parent_path()); }
  // Writes `name` (subdirectories created) and returns its path.
  std::filesystem::path write(const std::string& name, const std::string& content) const {
    const auto file = path / name;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << content;
    return file;
  }
  SqlDir read(std::optional<SqlFormat> format = std::nullopt) const {
    return read_sql_dir(SqlDirSpec{path, "", format});
  }
};

struct Thrown {
  int code = 0;
  std::string message;
  std::string hint;
};

inline Thrown thrown_by(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return {static_cast<int>(e.code()), e.what(), e.hint()};
  }
  BOOST_FAIL("expected a migctl::Error");
  return {};
}

inline std::filesystem::path sample_set(const std::string& format) {
  return std::filesystem::path(MIGCTL_SQL_SETS_DIR) / format;
}

inline const Revision& revision(const SqlDir& dir, const std::string& id) {
  for (const auto& r : dir.set.revisions)
    if (r.id == id) return r;
  BOOST_FAIL("no revision " + id + " in " + dir.set.name);
  return dir.set.revisions.front();
}

inline std::vector<std::string> ids(const SqlDir& dir) {
  std::vector<std::string> out;
  for (const auto& r : dir.set.revisions) out.push_back(r.id);
  return out;
}

using Ids = std::vector<std::string>;

}  // namespace migctl::test

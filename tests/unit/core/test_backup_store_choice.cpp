// `backups` / `restore` pick the backup store registered for the current driver
// (commands/backups.hpp), and with none say which driver lacks one and what is loaded.
#include <boost/test/unit_test.hpp>

#include "commands/backups.hpp"

using namespace migctl;

namespace {

class FakeStore : public BackupStore {
 public:
  FakeStore(std::string name, std::vector<std::string> databases)
      : name_(std::move(name)), databases_(std::move(databases)) {}
  std::string name() const override { return name_; }
  std::vector<std::string> databases() const override { return databases_; }
  std::string location(const BackupStoreContext&) const override { return "nowhere"; }
  std::vector<BackupInfo> list(const BackupStoreContext&) override { return {}; }
  BackupInfo find(const BackupStoreContext&, const std::string&) override { return {}; }
  RestoreOutcome restore(const BackupStoreContext&, const BackupInfo&, Connection&) override {
    return {};
  }

 private:
  std::string name_;
  std::vector<std::string> databases_;
};

LoadedBackupStore loaded(std::string name, std::vector<std::string> databases) {
  return {std::make_shared<FakeStore>(std::move(name), std::move(databases)), "fake.so"};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(backup_store_choice)

BOOST_AUTO_TEST_CASE(the_store_for_the_driver_is_chosen) {
  const std::vector<LoadedBackupStore> stores{loaded("sqlite_copy", {"sqlite"}),
                                              loaded("pg_dump_backup", {"postgresql"})};
  BOOST_TEST(backup_store_for(stores, "postgresql").name() == "pg_dump_backup");
  BOOST_TEST(backup_store_for(stores, "sqlite").name() == "sqlite_copy");
}

BOOST_AUTO_TEST_CASE(no_store_for_the_driver_is_a_config_error_naming_it) {
  const std::vector<LoadedBackupStore> stores{loaded("pg_dump_backup", {"postgresql"})};
  try {
    backup_store_for(stores, "sqlite");
    BOOST_FAIL("no error");
  } catch (const Error& e) {
    BOOST_TEST(static_cast<int>(e.code()) == 78);
    BOOST_TEST(std::string(e.what()) ==
               "no loaded plugin provides backups for sqlite databases (pg_dump_backup backs up "
               "postgresql)");
  }
  try {
    backup_store_for({}, "postgresql");
    BOOST_FAIL("no error");
  } catch (const Error& e) {
    BOOST_TEST(std::string(e.what()) ==
               "no loaded plugin provides backups for postgresql databases");
    BOOST_TEST(e.hint().find("MIGCTL_HOOK_PATH") != std::string::npos);
  }
}

BOOST_AUTO_TEST_SUITE_END()

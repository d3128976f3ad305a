// Version of migctl and of the plugin SDK.
//
// The SDK version is what the loader compares before it calls a plugin's entry: a plugin
// built against another major version is refused; a plugin built against a newer minor
// version than the host is refused too (it may call registrar methods the host lacks).
#pragma once

#define MIGCTL_VERSION_STRING "0.1.0"
#define MIGCTL_SDK_VERSION_MAJOR 2
// 2.0: the driver owns its database's SQL (Driver::dialect, Connection::migration_lock,
// Connection::check_privileges; Connection::execute returns the changed row count), and
// product rules move to their plugins: MigrationSet::seed_policy / settings / checks
// (migctl/config_check.hpp), SeedContext::password (was admin_password), Hook::databases,
// BackupStore and Registrar::add_backup_store (migctl/backup_store.hpp).
// 2.1: Dialect::parse_script (the database's own parser: statements, lines, what each asks
// of a transaction; migctl/script_statement.hpp) and Dialect::canonical_script (checksums
// that ignore formatting) replace the virtual split_statements; Revision::upgrade_line /
// downgrade_line; audit rows of direction "repair". Changes Dialect's and Revision's layout.
#define MIGCTL_SDK_VERSION_MINOR 1
// Plugins built against an older minor version than this are refused too (a minor version
// that changes a type crossing the boundary raises it).
#define MIGCTL_SDK_OLDEST_COMPATIBLE_MINOR 1

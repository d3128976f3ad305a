// The pg_dump_backup plugin's BackupStore (migctl/backup_store.hpp): `migctl backups` lists
// the verified dumps the hook wrote, `migctl restore` puts one back with pg_restore.
//
// Location: --dir, else MIGCTL_HOOK_PG_DUMP_BACKUP_DIR, else ./backups (the hook's default).
// Restore: pg_restore --clean --if-exists --single-transaction --exit-on-error --no-owner,
// so it either fully succeeds or changes nothing; the password reaches pg_restore in its
// environment only (PGPASSWORD). PostgreSQL only.
#pragma once

#include <memory>
#include <migctl/backup_store.hpp>

namespace pg_dump_backup {

std::unique_ptr<migctl::BackupStore> make_dump_store();

}  // namespace pg_dump_backup

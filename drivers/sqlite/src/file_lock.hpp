// The migration lock of an SQLite database: an exclusive flock(2) on a file next to it.
//
// SQLite has no advisory locks, and its own file locks last one transaction at most. The
// migration lock is an exclusive flock(2) on `<database>-migctl.lock` (the database's
// canonical path, symlinks resolved, plus "-migctl.lock"), held through a file descriptor
// of the migrating process:
// - The kernel releases a flock when the last descriptor of the open file closes, which it
//   does itself when the process dies (kill -9 included): a crashed run leaves no stale
//   lock and nothing to clean up. The descriptor is close-on-exec, so no child process
//   (a hook's pg_dump, say) inherits the lock and keeps it past migctl's death.
// - The file's content describes the holder (pid, host, user, since when) for the waiting
//   run's message; it is emptied on release. The file itself stays (as SQLite's journal
//   may): deleting it would let a waiting run lock the deleted file while a third creates
//   and locks a new one.
// - try_acquire() checks, after locking, that the path still names the file it locked (the
//   same device and inode), and retries otherwise; verify() checks the same before each
//   commit, so removing or replacing the lock file under a run stops it (exit 75) instead of
//   letting a second run in.
// Limits: flock(2) is local to one machine's kernel. On NFS, Linux maps it to a POSIX lock
// on the server (NFSv4, or NFSv3 with lockd): it works when every run uses the same kind
// of mount, and does not when `nolock` or `local_lock` is set. SQLite's own documentation
// warns against network filesystems for the database itself for the same reason. Hard
// links to the database are different paths, and so different lock files.
#pragma once

#include <sys/types.h>

#include <string>

#include "migctl/migration_lock.hpp"

namespace migctl::sqlite {

class FileMigrationLock final : public MigrationLock {
 public:
  // `lock_path`: the lock file; created (0644, umask applied) on the first try_acquire().
  explicit FileMigrationLock(std::string lock_path);
  ~FileMigrationLock() override;

  FileMigrationLock(const FileMigrationLock&) = delete;
  FileMigrationLock& operator=(const FileMigrationLock&) = delete;

  // Throws Error(ExitCode::permission) when the lock file cannot be opened at all, and
  // Error(ExitCode::config) when the filesystem refuses locks (ENOLCK: NFS without a lock
  // service).
  bool try_acquire() override;
  std::string describe_holder() noexcept override;
  void verify() override;
  void release() noexcept override;

  const std::string& path() const { return path_; }

 private:
  std::string path_;
  int fd_ = -1;
  bool writable_ = false;
  dev_t device_ = 0;
  ino_t inode_ = 0;
};

}  // namespace migctl::sqlite

// The Aksara seed (the backend's `python seed.py`): the `admin` user and its profile.
#pragma once

#include <migctl/seed.hpp>

namespace aksara {

// Seed step "admin": needs revision 001_initial ("user", user_profile). Writes the rows the
// backend's seed writes, in the step's one transaction:
//   "user":        id (uuid4 hex), username admin, password (bcrypt of the password the
//                  core resolved by admin_seed_policy(), see password_hash.hpp), is_active true,
//                  deleted false, created_by/updated_by 'system', created_date/updated_date now
//   user_profile:  id (uuid4 hex), id_user, nama_lengkap Administrator, email
//                  admin@aksara.ai, tipe_akun ADMIN, role SUPER_ADMIN, deleted false,
//                  created_by/updated_by 'system', dates now
// Idempotent: an existing admin is never modified (its password is not reset); a missing
// profile is added; otherwise the result says nothing changed.
migctl::SeedStep admin_seed();

// Where the admin's password comes from: SEED_ADMIN_PASSWORD (or --password-stdin); in dev
// and staging the backend seed script's default admin123 with a warning; in production
// never the default and at least 12 characters.
migctl::SeedPolicy admin_seed_policy();

}  // namespace aksara

// The Aksara seed (the backend's `python seed.py`): the `admin` user and its profile.
#pragma once

#include <migctl/seed.hpp>

namespace aksara {

// Seed step "admin": needs revision 001 ("user", user_profile). Creates user `admin`
// (admin@aksara.local, active, superuser) with the password the core resolved, hashed by
// the core, and its user_profile row, in the step's one transaction. Idempotent: an
// existing admin is never modified (its password is not reset); a missing profile is
// added; otherwise the result says nothing changed.
migctl::SeedStep admin_seed();

}  // namespace aksara

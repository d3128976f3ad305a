// The Aksara backend's settings, as `migctl doctor` checks them (migctl/config_check.hpp):
// the JWT signing secret under both names the backend's world uses, and the algorithm.
// Findings are warnings in dev and staging and errors (exit 78) in production.
#pragma once

#include <migctl/config_check.hpp>
#include <vector>

namespace aksara {

// JWT_SECRET (what the backend's code reads), JWT_SECRET_KEY (the name its migration guide
// uses), JWT_ALGORITHM, and the backend's other secrets migctl has no use for but must
// never echo (MONGO_URI, RECAPTCHA_SECRET_KEY).
std::vector<migctl::DeclaredSetting> settings();

// Checks named JWT_SECRET, JWT_SECRET_KEY and JWT_ALGORITHM:
//   JWT_SECRET      must be set; when only JWT_SECRET_KEY is, the fix says to copy it.
//   JWT_SECRET, JWT_SECRET_KEY  each one that is set: not the .env template's placeholder
//                   (your_secret_key_here), at least 32 bytes.
//   JWT_ALGORITHM   set, and one of PyJWT's algorithm names (case-sensitive).
std::vector<migctl::ConfigCheck> env_checks();

}  // namespace aksara

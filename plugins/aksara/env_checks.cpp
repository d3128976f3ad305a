#include "env_checks.hpp"

#include <set>
#include <string>

namespace aksara {
namespace {

using migctl::CheckResult;
using migctl::CheckStatus;
using migctl::ConfigCheckContext;
using migctl::ExitCode;

constexpr const char* kJwtSecret = "JWT_SECRET";         // what the backend reads
constexpr const char* kJwtSecretKey = "JWT_SECRET_KEY";  // the name its migration guide uses
constexpr const char* kJwtAlgorithm = "JWT_ALGORITHM";
constexpr const char* kJwtPlaceholder = "your_secret_key_here";
constexpr std::size_t kMinJwtSecretBytes = 32;

// PyJWT's algorithms (the backend signs with PyJWT / python-jose); case-sensitive there.
const std::set<std::string>& known_jwt_algorithms() {
  static const std::set<std::string> names{"HS256", "HS384", "HS512",  "RS256", "RS384",
                                           "RS512", "ES256", "ES256K", "ES384", "ES512",
                                           "PS256", "PS384", "PS512",  "EdDSA"};
  return names;
}

CheckResult ok(const std::string& name, std::string message) {
  return {name, CheckStatus::ok, std::move(message), {}, ExitCode::ok};
}

// A finding: a warning in dev and staging, an error in production.
CheckResult finding(const ConfigCheckContext& ctx, const std::string& name,
                    const std::string& message, std::string fix) {
  return {name, ctx.production() ? CheckStatus::error : CheckStatus::warning,
          message + (ctx.production() ? " (an error in production)" : ""), std::move(fix),
          ExitCode::config};
}

// A JWT signing secret that is set: not the .env template's placeholder, at least 32 bytes.
CheckResult check_secret_value(const ConfigCheckContext& ctx, const std::string& name) {
  const std::string secret = *ctx.get(name);
  const std::string from = ctx.source(name);
  if (secret == kJwtPlaceholder) {
    return finding(ctx, name, name + " is still the .env template's placeholder (" + from + ")",
                   "replace it with at least 32 random bytes, e.g. `openssl rand -hex 32`; "
                   "anyone who knows the placeholder can forge tokens");
  }
  if (secret.size() < kMinJwtSecretBytes) {
    return finding(ctx, name,
                   name + " is " + std::to_string(secret.size()) +
                       " bytes long, shorter than 32 (" + from + ")",
                   "use at least 32 random bytes, e.g. `openssl rand -hex 32`");
  }
  return ok(name, std::to_string(secret.size()) + " bytes (" + from + ")");
}

CheckResult check_jwt_secret(const ConfigCheckContext& ctx) {
  if (ctx.has(kJwtSecret)) return check_secret_value(ctx, kJwtSecret);
  if (ctx.has(kJwtSecretKey)) {
    return finding(ctx, kJwtSecret,
                   std::string("JWT_SECRET is not set, only JWT_SECRET_KEY (") +
                       ctx.source(kJwtSecretKey) +
                       "); the Aksara backend signs tokens with JWT_SECRET",
                   "add JWT_SECRET to the .env, with the same value as JWT_SECRET_KEY");
  }
  return finding(ctx, kJwtSecret, "JWT_SECRET is not set (nor JWT_SECRET_KEY)",
                 "set JWT_SECRET to at least 32 random bytes, e.g. `openssl rand -hex 32`");
}

CheckResult check_jwt_secret_key(const ConfigCheckContext& ctx) {
  if (ctx.has(kJwtSecretKey)) return check_secret_value(ctx, kJwtSecretKey);
  return ok(kJwtSecretKey, "not set (the backend reads JWT_SECRET)");
}

CheckResult check_jwt_algorithm(const ConfigCheckContext& ctx) {
  if (!ctx.has(kJwtAlgorithm)) {
    return finding(ctx, kJwtAlgorithm, "JWT_ALGORITHM is not set",
                   "set JWT_ALGORITHM=HS256 (as the Aksara .env does)");
  }
  const std::string algorithm = *ctx.get(kJwtAlgorithm);
  if (!known_jwt_algorithms().count(algorithm)) {
    std::string names;
    for (const auto& n : known_jwt_algorithms()) names += (names.empty() ? "" : ", ") + n;
    return finding(
        ctx, kJwtAlgorithm,
        "JWT_ALGORITHM '" + algorithm + "' is not a known JWT algorithm (" +
            ctx.source(kJwtAlgorithm) + ")",
        "use one of " + names + " (names are case-sensitive; HS256 is the Aksara default)");
  }
  return ok(kJwtAlgorithm, algorithm + " (" + ctx.source(kJwtAlgorithm) + ")");
}

}  // namespace

std::vector<migctl::DeclaredSetting> settings() {
  return {{kJwtSecret, true},
          {kJwtSecretKey, true},
          {kJwtAlgorithm, false},
          // The backend's other secrets: accepted without comment, never echoed.
          {"MONGO_URI", true},
          {"RECAPTCHA_SECRET_KEY", true}};
}

std::vector<migctl::ConfigCheck> env_checks() {
  return {{kJwtSecret, &check_jwt_secret},
          {kJwtSecretKey, &check_jwt_secret_key},
          {kJwtAlgorithm, &check_jwt_algorithm}};
}

}  // namespace aksara

// Reading a hook's own settings (HookContext::config: MIGCTL_HOOK_<NAME>_<KEY>, keyed by
// lower-case <key>), with errors that name the setting as the user writes it.
#pragma once

#include <cctype>
#include <map>
#include <string>

#include "migctl/error.hpp"
#include "migctl/hook.hpp"

namespace migctl::hookcfg {

// The production default of both shipped hooks: on for every command that writes the
// schema or the version table, when ENVIRONMENT is production.
inline bool production_write(const HookContext& context) {
  return context.environment == "production" &&
         (context.command == "upgrade" || context.command == "downgrade" ||
          context.command == "stamp");
}

// "pg_dump_backup", "dir" -> "MIGCTL_HOOK_PG_DUMP_BACKUP_DIR"
inline std::string setting_name(const std::string& hook, const std::string& key) {
  std::string out = "MIGCTL_HOOK_";
  for (char c : hook + "_" + key)
    out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

inline std::string get(const std::map<std::string, std::string>& config, const std::string& key,
                       const std::string& fallback) {
  auto it = config.find(key);
  return it == config.end() || it->second.empty() ? fallback : it->second;
}

// A whole number >= `min`; unset or empty gives `fallback`.
inline long long get_int(const std::map<std::string, std::string>& config, const std::string& hook,
                         const std::string& key, long long fallback, long long min = 0) {
  std::string text = get(config, key, "");
  if (text.empty()) return fallback;
  std::size_t used = 0;
  long long value = 0;
  try {
    value = std::stoll(text, &used);
  } catch (...) {
    used = 0;
  }
  if (used != text.size() || value < min) {
    throw Error(ExitCode::config,
                setting_name(hook, key) + " must be a whole number of at least " +
                    std::to_string(min) + ", got '" + text + "'",
                "fix it in .env or the environment");
  }
  return value;
}

inline bool get_bool(const std::map<std::string, std::string>& config, const std::string& hook,
                     const std::string& key, bool fallback) {
  std::string text = get(config, key, "");
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (text.empty()) return fallback;
  if (text == "1" || text == "true" || text == "yes" || text == "on") return true;
  if (text == "0" || text == "false" || text == "no" || text == "off") return false;
  throw Error(
      ExitCode::config,
      setting_name(hook, key) + " must be on or off (1/0, true/false, yes/no), got '" + text + "'",
      "fix it in .env or the environment");
}

}  // namespace migctl::hookcfg

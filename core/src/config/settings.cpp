#include "config/settings.hpp"

#include <Poco/String.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <limits>

#include "config/dotenv.hpp"
#include "migctl/error.hpp"

namespace migctl {
namespace {

[[noreturn]] void bad_value(const std::string& key, const std::string& value,
                            const SettingSource& source, const std::string& expected) {
  throw Error(ExitCode::config,
              key + "=\"" + value + "\" (from " + describe(source) + ") is not " + expected);
}

// DATABASE_URL stands in for DATABASE_CONN when DATABASE_CONN is unset or empty, or comes
// from a lower layer (.env) than DATABASE_URL (the environment).
void use_database_url(Settings& settings) {
  const auto url = settings.get(kDatabaseUrl);
  if (!url || url->empty()) return;
  const auto url_source = *settings.source(kDatabaseUrl);
  const auto conn = settings.get(kDatabaseConn);
  if (conn && !conn->empty() && settings.source(kDatabaseConn)->kind >= url_source.kind) return;
  settings.set(kDatabaseConn, *url, {url_source.kind, url_source.origin + " (DATABASE_URL)"});
}

}  // namespace

const std::vector<std::string>& known_setting_keys() {
  static const std::vector<std::string> keys = {
      kDatabaseConn, kDatabaseUrl, kEnvironment, kPluginPath, kDriverPath,    kLockTimeout,
      kVersionTable, kPlugins,     kHooks,       kHookPath,   kMigrationsDir, kMigrationsFormat};
  return keys;
}

std::string describe(const SettingSource& source) {
  switch (source.kind) {
    case SettingSource::default_value:
      return "default";
    case SettingSource::dotenv:
      return ".env file " + source.origin;
    case SettingSource::environment:
      return source.origin.empty() ? "environment" : source.origin;
    case SettingSource::flag:
      return "command line";
  }
  return source.origin;
}

void Settings::set(const std::string& key, const std::string& value, SettingSource source) {
  entries_[key] = Entry{value, std::move(source)};
}

std::optional<std::string> Settings::get(const std::string& key) const {
  auto it = entries_.find(key);
  if (it == entries_.end()) return std::nullopt;
  return it->second.value;
}

std::string Settings::get_or(const std::string& key, const std::string& fallback) const {
  return get(key).value_or(fallback);
}

std::optional<SettingSource> Settings::source(const std::string& key) const {
  auto it = entries_.find(key);
  if (it == entries_.end()) return std::nullopt;
  return it->second.source;
}

std::optional<Settings::Declared> Settings::declared(const std::string& key) const {
  auto it = entries_.find(key);
  if (it != entries_.end() && it->second.source.kind >= SettingSource::environment)
    return Declared{it->second.value, it->second.source};
  auto env = other_environment_.find(key);
  if (env != other_environment_.end())
    return Declared{env->second, {SettingSource::environment, "environment"}};
  if (it != entries_.end()) return Declared{it->second.value, it->second.source};
  return std::nullopt;
}

std::vector<std::string> Settings::keys() const {
  std::vector<std::string> out;
  for (const auto& entry : entries_) out.push_back(entry.first);
  return out;
}

int Settings::get_int(const std::string& key, int fallback) const {
  auto it = entries_.find(key);
  if (it == entries_.end()) return fallback;
  const std::string text = Poco::trim(it->second.value);
  if (text.empty()) return fallback;
  errno = 0;
  char* end = nullptr;
  long parsed = std::strtol(text.c_str(), &end, 10);
  // strtol skips leading whitespace and accepts "+"; only digits with an optional '-' pass.
  bool digits = text.find_first_not_of("-0123456789") == std::string::npos;
  if (!digits || *end != '\0' || errno == ERANGE || parsed < std::numeric_limits<int>::min() ||
      parsed > std::numeric_limits<int>::max()) {
    bad_value(key, it->second.value, it->second.source, "an integer");
  }
  return static_cast<int>(parsed);
}

bool Settings::get_bool(const std::string& key, bool fallback) const {
  auto it = entries_.find(key);
  if (it == entries_.end()) return fallback;
  const std::string text = Poco::toLower(Poco::trim(it->second.value));
  if (text.empty()) return fallback;
  if (text == "1" || text == "true" || text == "yes" || text == "on") return true;
  if (text == "0" || text == "false" || text == "no" || text == "off") return false;
  bad_value(key, it->second.value, it->second.source,
            "a boolean (1/0, true/false, yes/no, on/off)");
}

Settings resolve_settings(const std::map<std::string, std::string>& defaults,
                          const std::string& env_file, bool env_file_required,
                          const std::map<std::string, std::string>& environment,
                          const std::map<std::string, std::string>& flags) {
  Settings settings;
  for (const auto& [key, value] : defaults) {
    settings.set(key, value, {SettingSource::default_value, "default"});
  }
  if (!env_file.empty()) {
    std::error_code ec;
    // When existence cannot be determined, reading the file reports why.
    bool missing = !std::filesystem::exists(env_file, ec) && !ec;
    if (missing && env_file_required) {
      throw Error(ExitCode::config, "env file " + env_file + " does not exist");
    }
    if (!missing) {
      for (const auto& [key, value] : load_dotenv_file(env_file)) {
        settings.set(key, value, {SettingSource::dotenv, env_file});
      }
    }
  }
  const auto& known = known_setting_keys();
  for (const auto& [key, value] : environment) {
    // Every MIGCTL_ key is migctl's own (hooks read MIGCTL_HOOK_<NAME>_<KEY>).
    bool wanted = defaults.count(key) > 0 || key.rfind("MIGCTL_", 0) == 0 ||
                  std::find(known.begin(), known.end(), key) != known.end();
    if (wanted)
      settings.set(key, value, {SettingSource::environment, "environment"});
    else
      settings.other_environment_[key] = value;
  }
  for (const auto& [key, value] : flags) {
    settings.set(key, value, {SettingSource::flag, "command line"});
  }
  use_database_url(settings);
  return settings;
}

std::map<std::string, std::string> process_environment() {
  std::map<std::string, std::string> out;
  for (char** entry = environ; entry && *entry; ++entry) {
    std::string text(*entry);
    std::size_t eq = text.find('=');
    if (eq != std::string::npos) out.emplace(text.substr(0, eq), text.substr(eq + 1));
  }
  return out;
}

std::string normalize_environment(const std::string& value) {
  const std::string v = Poco::toLower(Poco::trim(value));
  if (v == "dev" || v == "development" || v == "local") return "dev";
  if (v == "staging" || v == "stage") return "staging";
  if (v == "prod" || v == "production") return "production";
  throw Error(ExitCode::config,
              "ENVIRONMENT=\"" + value +
                  "\" is not a known environment; accepted: dev (or development, local), "
                  "staging (or stage), production (or prod)");
}

std::vector<std::string> split_dir_list(const std::string& value) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= value.size()) {
    std::size_t end = value.find(':', start);
    if (end == std::string::npos) end = value.size();
    std::string item = Poco::trim(value.substr(start, end - start));
    if (!item.empty()) out.push_back(std::move(item));
    start = end + 1;
  }
  return out;
}

}  // namespace migctl

#include "json_document.hpp"

#include "migctl/error.hpp"

namespace migctl::app {

Poco::JSON::Object::Ptr json_document() {
  Poco::JSON::Object::Ptr o = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  o->set("format_version", kJsonFormatVersion);
  return o;
}

void print_json(std::ostream& out, const Poco::JSON::Object::Ptr& document) {
  document->stringify(out, 2);
  out << "\n";
}

std::string exit_code_name(int code) {
  switch (static_cast<ExitCode>(code)) {
    case ExitCode::ok:
      return "ok";
    case ExitCode::migration_failed:
      return "migration_failed";
    case ExitCode::hook_failed:
      return "hook_failed";
    case ExitCode::usage:
      return "usage";
    case ExitCode::data:
      return "data";
    case ExitCode::unavailable:
      return "unavailable";
    case ExitCode::internal:
      return "internal";
    case ExitCode::temporary:
      return "temporary";
    case ExitCode::permission:
      return "permission";
    case ExitCode::config:
      return "config";
  }
  return "exit_" + std::to_string(code);
}

Poco::JSON::Object::Ptr json_error(int exit_code, const std::string& message,
                                   const std::string& hint, const std::string& sqlstate,
                                   const std::string& statement) {
  Poco::JSON::Object::Ptr error = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  error->set("code", exit_code_name(exit_code));
  error->set("exit_code", exit_code);
  error->set("message", message);
  error->set("hint", hint);
  if (!sqlstate.empty()) error->set("sqlstate", sqlstate);
  if (!statement.empty()) error->set("statement", statement);
  Poco::JSON::Object::Ptr document = json_document();
  document->set("error", error);
  return document;
}

}  // namespace migctl::app

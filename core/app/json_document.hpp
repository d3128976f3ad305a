// The envelope of every JSON document migctl prints on stdout.
//
// Each document is one object whose first key is "format_version". The version goes up
// when a field is removed or changes meaning; new fields may appear without a change, so
// readers ignore keys they do not know. Errors are documents too (json_error).
#pragma once

#include <Poco/JSON/Object.h>

#include <ostream>
#include <string>

namespace migctl::app {

inline constexpr int kJsonFormatVersion = 1;

// An empty document: keys keep their insertion order, "format_version" first.
Poco::JSON::Object::Ptr json_document();

// Writes `document` indented, followed by a newline.
void print_json(std::ostream& out, const Poco::JSON::Object::Ptr& document);

// The name of an exit code in error documents ("usage", "data", "unavailable"...); codes
// without a name read "exit_<n>", so a new exit code never breaks the document.
std::string exit_code_name(int code);

// {"format_version": 1, "error": {"code", "exit_code", "message", "hint"[, "sqlstate",
// "statement"]}}. The caller scrubs secrets from the texts first.
Poco::JSON::Object::Ptr json_error(int exit_code, const std::string& message,
                                   const std::string& hint, const std::string& sqlstate = {},
                                   const std::string& statement = {});

}  // namespace migctl::app

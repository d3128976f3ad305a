#include "transaction_use.hpp"

#include <algorithm>
#include <cctype>
#include <string>

namespace migctl::pg {
namespace {

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// A boolean option as PostgreSQL reads it (defGetBoolean): no value is true; otherwise
// true/false/on/off (any case), 1/0 or a boolean constant.
bool option_value(const JsonView& def_elem_body) {
  const JsonView arg = def_elem_body.member("arg");
  if (arg.empty()) return true;
  const std::string_view type = arg.node_type();
  const JsonView body = arg.node_body();
  if (type == "Integer") return body.member("ival").integer() != 0;
  if (type == "Boolean") return body.member("boolval").is_true();
  // `on`/`off` unquoted are type names to the grammar (def_arg), read as their text.
  if (type == "String" || type == "TypeName") {
    std::string_view text = body.member("sval").string();
    if (type == "TypeName") {
      const auto names = body.member("names").items();
      if (names.size() == 1) text = names.front().member("String").member("sval").string();
    }
    return !(equals_ignoring_case(text, "false") || equals_ignoring_case(text, "off"));
  }
  return true;
}

// Whether the DefElem list `options` holds `name`, and its value (`absent` if not there).
bool option(const JsonView& options, std::string_view name, bool absent) {
  bool value = absent;
  for (const JsonView& item : options.items()) {
    const JsonView def_elem = item.member("DefElem");
    if (def_elem.member("defname").string() == name) value = option_value(def_elem);
  }
  return value;
}

bool refuses(std::string_view type, const JsonView& body) {
  if (type == "IndexStmt" || type == "DropStmt") return body.member("concurrent").is_true();
  if (type == "ReindexStmt") {
    const std::string_view kind = body.member("kind").string();
    return kind == "REINDEX_OBJECT_SCHEMA" || kind == "REINDEX_OBJECT_SYSTEM" ||
           kind == "REINDEX_OBJECT_DATABASE" ||
           option(body.member("params"), "concurrently", false);
  }
  if (type == "VacuumStmt") return body.member("is_vacuumcmd").is_true();  // not ANALYZE
  if (type == "CreatedbStmt" || type == "DropdbStmt" || type == "CreateTableSpaceStmt" ||
      type == "DropTableSpaceStmt" || type == "AlterSystemStmt" || type == "DropSubscriptionStmt") {
    return true;
  }
  if (type == "AlterDatabaseStmt") {
    for (const JsonView& item : body.member("options").items()) {
      if (item.member("DefElem").member("defname").string() == "tablespace") return true;
    }
    return false;
  }
  if (type == "CreateSubscriptionStmt") {
    // create_slot defaults to connect, which defaults to true.
    const JsonView options = body.member("options");
    return option(options, "create_slot", option(options, "connect", true));
  }
  if (type == "AlterSubscriptionStmt") {
    const std::string_view kind = body.member("kind").string();
    if (kind == "ALTER_SUBSCRIPTION_REFRESH") return true;
    const bool changes_publications = kind == "ALTER_SUBSCRIPTION_SET_PUBLICATION" ||
                                      kind == "ALTER_SUBSCRIPTION_ADD_PUBLICATION" ||
                                      kind == "ALTER_SUBSCRIPTION_DROP_PUBLICATION";
    return changes_publications && option(body.member("options"), "refresh", true);
  }
  if (type == "ClusterStmt") return body.member("relation").empty();  // every table
  if (type == "DiscardStmt") return body.member("target").string() == "DISCARD_ALL";
  if (type == "AlterTableStmt") {
    for (const JsonView& item : body.member("cmds").items()) {
      const JsonView command = item.member("AlterTableCmd");
      if (command.member("subtype").string() == "AT_DetachPartition" &&
          command.member("def").member("PartitionCmd").member("concurrent").is_true()) {
        return true;
      }
    }
    return false;
  }
  if (type == "TransactionStmt") {
    const std::string_view kind = body.member("kind").string();
    return kind == "TRANS_STMT_COMMIT_PREPARED" || kind == "TRANS_STMT_ROLLBACK_PREPARED";
  }
  return false;
}

}  // namespace

TransactionUse transaction_use(const JsonView& statement) {
  const std::string_view type = statement.node_type();
  if (type == "VariableSetStmt" || type == "VariableShowStmt") return TransactionUse::neutral;
  return refuses(type, statement.node_body()) ? TransactionUse::refuses : TransactionUse::needs;
}

std::string_view own_transaction_control(const JsonView& statement) {
  if (statement.node_type() != "TransactionStmt") return {};
  const std::string_view kind = statement.node_body().member("kind").string();
  if (kind == "TRANS_STMT_BEGIN" || kind == "TRANS_STMT_START") {
    return "the script opens a transaction of its own";
  }
  if (kind == "TRANS_STMT_COMMIT" || kind == "TRANS_STMT_ROLLBACK" ||
      kind == "TRANS_STMT_PREPARE") {
    return "the script ends a transaction of its own";
  }
  return {};
}

}  // namespace migctl::pg

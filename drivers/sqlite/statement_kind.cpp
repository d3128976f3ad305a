#include "statement_kind.hpp"

#include <cctype>
#include <string>
#include <vector>

namespace migctl::sqlite {
namespace {

bool is_sqlite_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

// SQLite's identifier characters (bytes >= 0x80 included).
bool is_word_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  return std::isalnum(u) || c == '_' || c == '$' || u >= 0x80;
}

// The first `count` words of `statement`, lowercased, stopping at the first character that
// is neither a word character nor whitespace (a quote, '=', '(', a comment ...).
std::vector<std::string> leading_words(std::string_view statement, std::size_t count) {
  std::vector<std::string> words;
  std::size_t at = 0;
  while (words.size() < count) {
    while (at < statement.size() && is_sqlite_space(statement[at])) ++at;
    std::string word;
    while (at < statement.size() && is_word_char(statement[at])) {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(statement[at++])));
    }
    if (word.empty()) break;
    words.push_back(std::move(word));
  }
  return words;
}

// PRAGMA [schema.]name followed by '=' or '(': a setting being changed. Returns the name.
std::string pragma_being_set(std::string_view statement) {
  std::size_t at = 6;  // after "PRAGMA"
  while (at < statement.size() && is_sqlite_space(statement[at])) ++at;
  std::string name;
  while (at < statement.size() && (is_word_char(statement[at]) || statement[at] == '.')) {
    const char c = statement[at++];
    name = c == '.' ? std::string()
                    : name + static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  while (at < statement.size() && is_sqlite_space(statement[at])) ++at;
  const bool sets = at < statement.size() && (statement[at] == '=' || statement[at] == '(');
  return sets ? name : std::string();
}

}  // namespace

TransactionUse transaction_use(std::string_view statement) {
  const auto words = leading_words(statement, 1);
  if (words.empty()) return TransactionUse::needs;
  if (words[0] == "vacuum") return TransactionUse::refuses;
  if (words[0] == "pragma") {
    const std::string name = pragma_being_set(statement);
    if (name == "foreign_keys" || name == "journal_mode") return TransactionUse::refuses;
  }
  return TransactionUse::needs;
}

bool controls_transaction(std::string_view statement) {
  const auto words = leading_words(statement, 3);
  if (words.empty()) return false;
  const std::string& verb = words[0];
  if (verb == "begin" || verb == "commit" || verb == "end") return true;
  if (verb != "rollback") return false;
  // ROLLBACK [TRANSACTION] TO [SAVEPOINT] name: a savepoint, inside migctl's transaction.
  const std::size_t to = words.size() > 1 && words[1] == "transaction" ? 2 : 1;
  return !(words.size() > to && words[to] == "to");
}

}  // namespace migctl::sqlite

#include "pg_parser.hpp"

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

#include <algorithm>
#include <cstdint>

#include "parse_tree_json.hpp"
#include "transaction_use.hpp"

namespace migctl::pg {
namespace {

struct Position {
  std::size_t line = 1;
  std::size_t column = 1;
};

// Bytes of the character starting with `lead`, as PostgreSQL counts UTF-8 (pg_utf_mblen):
// its cursor positions are characters, not bytes.
std::size_t character_bytes(unsigned char lead) {
  if ((lead & 0xe0) == 0xc0) return 2;
  if ((lead & 0xf0) == 0xe0) return 3;
  if ((lead & 0xf8) == 0xf0) return 4;
  return 1;
}

// Line and column (1-based, in characters) of the byte at `offset`, counting from `from`
// (which is at `start`).
Position advance(std::string_view script, std::size_t from, Position start, std::size_t offset) {
  Position at = start;
  for (std::size_t i = from; i < offset && i < script.size(); i += character_bytes(script[i])) {
    if (script[i] == '\n') {
      ++at.line;
      at.column = 1;
    } else {
      ++at.column;
    }
  }
  return at;
}

// The byte offset of libpg_query's cursor position (1-based characters; 0: none).
std::size_t byte_of_cursor(std::string_view script, int cursor) {
  std::size_t offset = 0;
  for (int i = 1; i < cursor && offset < script.size(); ++i) {
    offset += character_bytes(script[offset]);
  }
  return std::min(offset, script.size());
}

// libpg_query reads a C string: a NUL byte would end the script early.
std::string c_string(std::string_view script) {
  const std::size_t nul = script.find('\0');
  if (nul != std::string_view::npos) {
    const Position at = advance(script, 0, {}, nul);
    throw ScriptError(at.line, at.column, "the script holds a NUL byte");
  }
  return std::string(script);
}

// pg_query_parse's JSON tree, or ScriptError with its message and cursor position.
class ParseTree {
 public:
  ParseTree(std::string_view script, const std::string& text)
      : result_(pg_query_parse(text.c_str())) {
    if (result_.error == nullptr) return;
    const std::string message = result_.error->message ? result_.error->message : "syntax error";
    const int cursor = result_.error->cursorpos;
    pg_query_free_parse_result(result_);
    if (cursor <= 0) throw ScriptError(0, 0, message);
    const Position at = advance(script, 0, {}, byte_of_cursor(script, cursor));
    throw ScriptError(at.line, at.column, message);
  }
  ~ParseTree() { pg_query_free_parse_result(result_); }
  ParseTree(const ParseTree&) = delete;
  ParseTree& operator=(const ParseTree&) = delete;

  std::string_view json() const { return result_.parse_tree; }

 private:
  PgQueryParseResult result_;
};

// PostgreSQL's whitespace (scan.l's `space`: no vertical tab).
bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

// The offset of the first token in [at, end): a statement's text after the previous ';'
// starts with whitespace and comments only (the grammar put the statement there), so
// skipping them needs no knowledge of strings. Comments nest, as in scan.l.
std::size_t first_token(std::string_view script, std::size_t at, std::size_t end) {
  while (at < end) {
    if (is_space(script[at])) {
      ++at;
    } else if (script.compare(at, 2, "--") == 0) {
      at = std::min(end, script.find_first_of("\r\n", at));
    } else if (script.compare(at, 2, "/*") == 0) {
      int depth = 0;
      do {
        if (script.compare(at, 2, "/*") == 0) {
          ++depth;
          at += 2;
        } else if (script.compare(at, 2, "*/") == 0) {
          --depth;
          at += 2;
        } else {
          ++at;
        }
      } while (depth > 0 && at < end);
    } else {
      break;
    }
  }
  return std::min(at, end);
}

// Whether `body` (a statement from its first token on, up to its ';' or the end) may end
// in a comment. After its trailing whitespace, it ends either with a token or with a
// comment: a block comment ends in "*/", a line comment runs to the end of the last line.
// Neither there means no comment at the end, whatever the text holds before.
bool may_end_in_comment(std::string_view body) {
  while (!body.empty() && is_space(body.back())) body.remove_suffix(1);
  if (body.size() >= 2 && body.substr(body.size() - 2) == "*/") return true;
  const std::size_t line_start = body.find_last_of("\r\n");
  const std::string_view last_line =
      line_start == std::string_view::npos ? body : body.substr(line_start + 1);
  return last_line.find("--") != std::string_view::npos;
}

// The length of `body` up to the end of its last token, by libpg_query's scanner (a
// comment marker may be inside a string): its tokens come as a protobuf-c message.
std::size_t last_token_end(std::string_view body) {
  const std::string text(body);
  std::size_t last = 0;
  PgQueryScanResult scan = pg_query_scan(text.c_str());
  if (scan.error == nullptr) {
    PgQuery__ScanResult* result = pg_query__scan_result__unpack(
        nullptr, scan.pbuf.len, reinterpret_cast<const std::uint8_t*>(scan.pbuf.data));
    if (result != nullptr) {
      for (std::size_t i = 0; i < result->n_tokens; ++i) {
        const PgQuery__ScanToken* token = result->tokens[i];
        if (token->token != PG_QUERY__TOKEN__SQL_COMMENT &&
            token->token != PG_QUERY__TOKEN__C_COMMENT) {
          last = std::max(last, static_cast<std::size_t>(token->end));
        }
      }
      pg_query__scan_result__free_unpacked(result, nullptr);
    }
  }
  pg_query_free_scan_result(scan);
  if (last == 0 || last > body.size()) last = body.size();  // unreachable for parsed text
  return last;
}

}  // namespace

std::vector<ScriptStatement> parse_statements(std::string_view script) {
  const std::string text = c_string(script);
  const ParseTree tree(script, text);
  std::vector<ScriptStatement> out;
  std::size_t counted = 0;  // lines counted up to here
  Position counted_at;
  for (const JsonView& raw : JsonView(tree.json()).member("stmts").items()) {
    JsonView statement, location_value, length_value;
    raw.for_each_member([&](std::string_view key, const JsonView& value) {
      if (key == "stmt") statement = value;
      if (key == "stmt_location") location_value = value;
      if (key == "stmt_len") length_value = value;
    });
    const auto location = static_cast<std::size_t>(location_value.integer());
    const long length = length_value.integer();  // 0: up to the end
    const std::size_t end =
        length > 0 ? std::min(script.size(), location + static_cast<std::size_t>(length))
                   : script.size();
    const std::size_t start = first_token(script, std::min(location, end), end);
    const std::string_view body = script.substr(start, end - start);
    std::size_t last = end;
    if (may_end_in_comment(body)) {
      last = start + last_token_end(body);
    } else {
      while (last > start && is_space(script[last - 1])) --last;
    }
    counted_at = advance(script, counted, counted_at, start);
    counted = start;

    const std::string_view own_transaction = own_transaction_control(statement);
    if (!own_transaction.empty()) {
      const std::string_view keyword =
          script.substr(start, std::min(last, script.find_first_of(" \t\r\n\f(;", start)) - start);
      throw ScriptError(
          counted_at.line, counted_at.column,
          std::string(keyword) + ": " + std::string(own_transaction) +
              "; migctl opens and commits each revision's transaction itself (and runs a "
              "revision outside one when it is declared non-transactional or holds only "
              "statements PostgreSQL refuses in a transaction): remove BEGIN, COMMIT and "
              "ROLLBACK from the script");
    }
    out.push_back({std::string(script.substr(start, last - start)), counted_at.line,
                   transaction_use(statement)});
  }
  return out;
}

std::string canonical_tree(std::string_view script) {
  const std::string text = c_string(script);
  const ParseTree tree(script, text);
  return without_positions(tree.json());
}

}  // namespace migctl::pg

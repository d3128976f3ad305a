#include "stub_dialect.hpp"

#include <cctype>
#include <cstdio>

#include "stub_language.hpp"

namespace migctl::stub {

std::string StubDialect::quote_identifier(const std::string& identifier) const {
  return quote_name(identifier);
}

std::string StubDialect::quote_literal(const std::string& value) const {
  return stub::quote_literal(value);
}

namespace {

struct Piece {
  std::string sql;       // trimmed of whitespace, comments kept
  std::size_t line = 1;  // of its first character that is neither whitespace nor comment
};

// Splits on ';' outside quotes and -- comments, counting lines. An unterminated quote is a
// ScriptError at the quote's line and column.
std::vector<Piece> split_stub(std::string_view script) {
  std::vector<Piece> out;
  std::string current;
  std::size_t start_line = 0;  // 0: nothing but whitespace and comments yet
  auto flush = [&] {
    std::size_t b = 0, e = current.size();
    while (b < e && std::isspace(static_cast<unsigned char>(current[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(current[e - 1]))) --e;
    if (start_line) out.push_back({current.substr(b, e - b), start_line});
    current.clear();
    start_line = 0;
  };
  std::size_t line = 1, line_start = 0;
  for (std::size_t i = 0; i < script.size(); ++i) {
    const char c = script[i];
    if (c == ';') {
      flush();
    } else if (c == '\'' || c == '"') {
      if (!start_line) start_line = line;
      const std::size_t quote_line = line, quote_column = i - line_start + 1;
      current += c;
      bool closed = false;
      while (++i < script.size()) {
        current += script[i];
        if (script[i] == '\n') {
          ++line;
          line_start = i + 1;
        }
        if (script[i] == c) {
          if (i + 1 < script.size() && script[i + 1] == c) {
            current += script[++i];
            continue;
          }
          closed = true;
          break;
        }
      }
      if (!closed) {
        throw ScriptError(
            quote_line, quote_column,
            std::string("unterminated ") + (c == '\'' ? "quoted string" : "quoted name"));
      }
    } else if (c == '-' && i + 1 < script.size() && script[i + 1] == '-') {
      while (i < script.size() && script[i] != '\n') current += script[i++];
      if (i < script.size()) {
        current += '\n';
        ++line;
        line_start = i + 1;
      }
    } else {
      if (c == '\n') {
        ++line;
        line_start = i + 1;
      } else if (!start_line && !std::isspace(static_cast<unsigned char>(c))) {
        start_line = line;
      }
      current += c;
    }
  }
  flush();
  return out;
}

// What a statement asks of a transaction, from its first word (stub_language.hpp).
TransactionUse transaction_use(const std::string& sql) {
  const auto tokens = tokenize(sql);
  if (!tokens || tokens->empty()) return TransactionUse::needs;
  const Token& first = tokens->front();
  if (is_keyword(first, "CONCURRENTLY")) return TransactionUse::refuses;
  if (is_keyword(first, "SET") || is_keyword(first, "RESET") || is_keyword(first, "SHOW"))
    return TransactionUse::neutral;
  return TransactionUse::needs;
}

// A statement without its comments, every run of whitespace outside quotes one space.
std::string canonical(const std::string& sql) {
  std::string out;
  bool space = false;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (c == '\'' || c == '"') {
      if (space && !out.empty()) out += ' ';
      space = false;
      out += c;
      while (++i < sql.size()) {  // the splitter saw every quote closed
        out += sql[i];
        if (sql[i] == c) {
          if (i + 1 < sql.size() && sql[i + 1] == c) {
            out += sql[++i];
            continue;
          }
          break;
        }
      }
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      while (i + 1 < sql.size() && sql[i + 1] != '\n') ++i;
      space = true;
    } else if (std::isspace(static_cast<unsigned char>(c))) {
      space = true;
    } else {
      if (space && !out.empty()) out += ' ';
      space = false;
      out += c;
    }
  }
  return out;
}

}  // namespace

std::vector<ScriptStatement> StubDialect::parse_script(std::string_view script) const {
  std::vector<ScriptStatement> out;
  for (auto& piece : split_stub(script)) {
    const TransactionUse use = transaction_use(piece.sql);
    out.push_back({std::move(piece.sql), piece.line, use});
  }
  return out;
}

std::string StubDialect::canonical_script(std::string_view script) const {
  std::string out;
  for (const auto& piece : split_stub(script)) out += canonical(piece.sql) + ";\n";
  return out;
}

std::vector<std::string> StubDialect::create_version_table(const std::string& table) const {
  return {"CREATE VERSION TABLE " + quote_name(table)};
}

std::string StubDialect::select_versions(const std::string& table) const {
  return "SELECT VERSIONS " + quote_name(table);
}

SqlStatement StubDialect::insert_version(const std::string& table,
                                         const std::string& revision) const {
  return {"INSERT VERSION " + quote_name(table) + " " + stub::quote_literal(revision), true};
}

SqlStatement StubDialect::update_version(const std::string& table, const std::string& from,
                                         const std::string& to) const {
  return {"UPDATE VERSION " + quote_name(table) + " " + stub::quote_literal(from) + " " +
              stub::quote_literal(to),
          true};
}

SqlStatement StubDialect::delete_version(const std::string& table,
                                         const std::string& revision) const {
  return {"DELETE VERSION " + quote_name(table) + " " + stub::quote_literal(revision), true};
}

SqlStatement StubDialect::delete_all_versions(const std::string& table) const {
  return {"DELETE VERSIONS " + quote_name(table), false};
}

std::vector<std::string> StubDialect::create_audit_table(const std::string& table) const {
  return {"CREATE AUDIT TABLE " + quote_name(table)};
}

std::string StubDialect::insert_audit_row(const std::string& table, const AuditRow& row) const {
  auto text = [](const std::string& v) { return stub::quote_literal(v); };
  auto optional = [](const std::string& v) { return v.empty() ? "NULL" : stub::quote_literal(v); };
  char ms[64];
  std::snprintf(ms, sizeof ms, "%.3f", row.duration_ms);
  return "INSERT AUDIT " + quote_name(table) + " revision=" + text(row.revision) +
         " direction=" + text(row.direction) + " checksum=" + optional(row.checksum) +
         " started_at=" + optional(row.started_at) + " finished_at=" + optional(row.finished_at) +
         " duration_ms=" + ms + " success=" + (row.success ? "true" : "false") +
         " error=" + optional(row.error) + " failing_statement=" + optional(row.failing_statement) +
         " versions_before=" + text(row.versions_before) +
         " versions_after=" + text(row.versions_after) + " os_user=" + text(row.os_user) +
         " host=" + text(row.host) + " migctl_version=" + text(row.migctl_version);
}

std::string StubDialect::select_audit_rows(const std::string& table,
                                           const AuditFilter& filter) const {
  std::string sql = "SELECT AUDIT " + quote_name(table);
  if (!filter.revision.empty()) sql += " revision=" + stub::quote_literal(filter.revision);
  if (!filter.since.empty()) sql += " since=" + stub::quote_literal(filter.since);
  if (!filter.until.empty()) sql += " until=" + stub::quote_literal(filter.until);
  if (filter.limit) sql += " limit=" + std::to_string(filter.limit);
  return sql;
}

std::string StubDialect::select_recorded_checksums(const std::string& table) const {
  return "SELECT CHECKSUMS " + quote_name(table);
}

bool StubDialect::is_missing_table(const DatabaseError& error) const {
  return error.sqlstate() == "42P01";
}

bool StubDialect::is_missing_column(const DatabaseError& error) const {
  return error.sqlstate() == "42703";
}

std::string StubDialect::apply_script_hint() const {
  return "a stub database exists only inside a test process: nothing applies this script";
}

}  // namespace migctl::stub

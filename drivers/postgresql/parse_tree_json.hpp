// Reading the JSON parse tree libpg_query writes (pg_query_parse), in place.
//
// Why not Poco::JSON: a typical migration script's tree (1.8 KB for a CREATE TABLE, an
// index and an insert) takes Poco 65 µs to parse, more than the whole budget for loading
// and checksumming one file (1000 files in 50 ms). The parser only ever reads a few members
// of each statement's top node and copies the rest, which these views do on the text as
// libpg_query wrote it: no allocation, no re-serialisation (so the canonical text is
// exactly libpg_query's, byte for byte).
//
// The input is libpg_query's output, not user text: well-formed JSON, no whitespace. A
// malformed tree (a libpg_query bug) throws migctl::Error(ExitCode::internal).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace migctl::pg {

// One JSON value inside libpg_query's output; empty() for a member that is absent
// (libpg_query leaves out false, 0, empty lists and NULL).
class JsonView {
 public:
  JsonView() = default;
  // `text` is exactly one value (libpg_query's whole tree).
  explicit JsonView(std::string_view text) noexcept : text_(text) {}

  bool empty() const noexcept { return text_.empty(); }
  std::string_view text() const noexcept { return text_; }

  // An object's member, or an empty view (also for a non-object).
  JsonView member(std::string_view key) const;
  // A node object's one member ({"IndexStmt":{...}}): its key ("IndexStmt") and value.
  std::string_view node_type() const;
  JsonView node_body() const;
  // An array's elements (none for a non-array).
  std::vector<JsonView> items() const;
  // Calls f(key, value) for each member of an object, in order, in one pass.
  template <typename F>
  void for_each_member(F&& f) const {
    for (std::size_t at = 1; at < text_.size() && text_[at] == '"';) {
      Member m = member_at(at);
      f(m.key, exact(m.value));
      at = m.next;
    }
  }

  bool is_true() const noexcept { return text_ == "true"; }
  // A string's text between its quotes, escapes left as written (enum names, option
  // names and relation names are compared with it); empty for a non-string.
  std::string_view string() const noexcept;
  // An integer member's value; `absent` when empty (libpg_query omits zeros).
  long integer(long absent = 0) const;

 private:
  struct Member {
    std::string_view key;
    std::string_view value;
    std::size_t next;  // where the next member's key starts (or the closing brace)
  };
  // A view of exactly `text` (its extent already known).
  static JsonView exact(std::string_view text) noexcept {
    JsonView view;
    view.text_ = text;
    return view;
  }
  Member member_at(std::size_t at) const;

  std::string_view text_;
};

// The tree without source positions: every numeric "location", "stmt_location" and
// "stmt_len" member, and the top-level "version", removed; everything else as libpg_query
// wrote it. (CREATE TABLESPACE's "location" is a directory, a string: it stays.)
std::string without_positions(std::string_view tree);

}  // namespace migctl::pg

// Reading migration files and walking their lines: what every format's reader shares.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace migctl::sqlfiles {

// The whole file, without a leading UTF-8 byte order mark. Throws Error(ExitCode::data) naming the
// file and the system's reason (permission denied, a dangling symbolic link...) when it cannot be
// read.
std::string read_text_file(const std::filesystem::path& path);

// One line of a text: its 1-based number, where it starts in the text, and its content
// without the line break ("\n" or "\r\n").
struct TextLine {
  int number;
  std::size_t offset;
  std::string_view text;
};

// Calls `visit` for each line in order until it returns false.
void for_each_line(std::string_view text, const std::function<bool(const TextLine&)>& visit);

// True when the script holds nothing but whitespace and `--` comment lines: a section
// that does nothing (an empty downgrade marks a revision irreversible).
bool is_blank_script(std::string_view script);

// The script as a revision holds it: empty when blank, else the one script.
std::vector<std::string> script_list(std::string_view script);

std::string_view trim(std::string_view text);

// A file name's title or description as a message: '_' becomes a space.
std::string title_to_message(std::string_view title);

// Strict true/false for header and option values; nullopt for anything else.
std::optional<bool> parse_flag(std::string_view value);

}  // namespace migctl::sqlfiles

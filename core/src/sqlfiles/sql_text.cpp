#include "sqlfiles/sql_text.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "migctl/error.hpp"

namespace migctl::sqlfiles {

// open/read rather than a stream: errno says why a file cannot be read, and a thousand
// small files read this way take a few milliseconds.
std::string read_text_file(const std::filesystem::path& path) {
  auto fail = [&path](int err) -> Error {
    return Error(ExitCode::data,
                 "cannot read migration file " + path.string() + ": " + std::strerror(err),
                 "make it readable by the user running migctl, or move it out of the directory");
  };
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw fail(errno);
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    const int err = S_ISDIR(st.st_mode) ? EISDIR : errno ? errno : EINVAL;
    ::close(fd);
    throw fail(err);
  }
  std::string text(static_cast<std::size_t>(st.st_size), '\0');
  std::size_t done = 0;
  for (;;) {
    if (done == text.size()) text.resize(text.size() + 4096);
    const ssize_t n = ::read(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int err = errno;
      ::close(fd);
      throw fail(err);
    }
    if (n == 0) break;
    done += static_cast<std::size_t>(n);
    // A regular file that has given its size has nothing more: no read for the end.
    if (done == static_cast<std::size_t>(st.st_size)) break;
  }
  ::close(fd);
  text.resize(done);
  // A UTF-8 byte order mark (some Windows editors write one) is not SQL and would hide a
  // marker on the first line; the lines stay the same without it.
  if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.erase(0, 3);
  return text;
}

void for_each_line(std::string_view text, const std::function<bool(const TextLine&)>& visit) {
  std::size_t start = 0;
  int number = 1;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    const std::size_t next = end == std::string_view::npos ? text.size() : end + 1;
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!visit(TextLine{number, start, line})) return;
    start = next;
    ++number;
  }
}

bool is_blank_script(std::string_view script) {
  bool blank = true;
  for_each_line(script, [&blank](const TextLine& line) {
    const std::string_view t = trim(line.text);
    blank = t.empty() || t.substr(0, 2) == "--";
    return blank;
  });
  return blank;
}

std::vector<std::string> script_list(std::string_view script) {
  if (is_blank_script(script)) return {};
  return {std::string(script)};
}

std::string_view trim(std::string_view text) {
  const char* space = " \t\r\n\f\v";
  const std::size_t first = text.find_first_not_of(space);
  if (first == std::string_view::npos) return {};
  const std::size_t last = text.find_last_not_of(space);
  return text.substr(first, last - first + 1);
}

std::string title_to_message(std::string_view title) {
  std::string out(title);
  for (char& c : out)
    if (c == '_') c = ' ';
  return std::string(trim(out));
}

std::optional<bool> parse_flag(std::string_view value) {
  if (value == "true") return true;
  if (value == "false") return false;
  return std::nullopt;
}

}  // namespace migctl::sqlfiles

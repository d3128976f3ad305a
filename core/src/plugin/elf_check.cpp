#include "plugin/elf_check.hpp"

#include <elf.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace migctl {
namespace {

// Closes the descriptor on every path.
struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

bool read_at(int fd, void* buffer, std::size_t size, std::uint64_t offset) {
  auto* out = static_cast<char*>(buffer);
  while (size > 0) {
    const ssize_t n = ::pread(fd, out, size, static_cast<off_t>(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    out += n;
    size -= static_cast<std::size_t>(n);
    offset += static_cast<std::uint64_t>(n);
  }
  return true;
}

// offset + count * entry <= size, without overflow.
bool table_fits(std::uint64_t offset, std::uint64_t count, std::uint64_t entry,
                std::uint64_t size) {
  if (offset > size) return false;
  return entry == 0 || count <= (size - offset) / entry;
}

std::string truncated(const std::string& what, std::uint64_t end, std::uint64_t size) {
  return "is truncated or damaged: its " + what + " ends at byte " + std::to_string(end) +
         " but the file has " + std::to_string(size) + " bytes";
}

template <typename Ehdr, typename Phdr, typename Shdr>
std::string check(int fd, std::uint64_t size) {
  Ehdr eh;
  if (size < sizeof eh || !read_at(fd, &eh, sizeof eh, 0)) {
    return truncated("ELF header", sizeof eh, size);
  }
  if (eh.e_type != ET_DYN)
    return "is not a shared library (ELF type " + std::to_string(eh.e_type) + ")";
  if (eh.e_ehsize != sizeof eh) return "has a damaged ELF header (header size)";
  if (eh.e_phnum == 0) return "has no program headers, so it cannot be loaded";
  if (eh.e_phentsize != sizeof(Phdr)) return "has a damaged ELF header (program header size)";
  if (!table_fits(eh.e_phoff, eh.e_phnum, sizeof(Phdr), size)) {
    return truncated(
        "program header table",
        static_cast<std::uint64_t>(eh.e_phoff) + std::uint64_t{eh.e_phnum} * sizeof(Phdr), size);
  }
  if (eh.e_shoff != 0) {
    if (eh.e_shentsize != sizeof(Shdr)) return "has a damaged ELF header (section header size)";
    // e_shnum 0 with a table means the count is in the first entry: at least that one.
    const std::uint64_t count = eh.e_shnum == 0 ? 1 : eh.e_shnum;
    if (!table_fits(eh.e_shoff, count, sizeof(Shdr), size)) {
      return truncated("section header table",
                       static_cast<std::uint64_t>(eh.e_shoff) + count * sizeof(Shdr), size);
    }
  }
  std::vector<Phdr> headers(eh.e_phnum);
  if (!read_at(fd, headers.data(), headers.size() * sizeof(Phdr), eh.e_phoff)) {
    return "cannot be read: " + std::string(std::strerror(errno ? errno : EIO));
  }
  for (std::size_t i = 0; i < headers.size(); ++i) {
    const Phdr& ph = headers[i];
    if (ph.p_filesz == 0) continue;
    if (!table_fits(ph.p_offset, 1, ph.p_filesz, size)) {
      const std::string kind = ph.p_type == PT_LOAD ? "loadable segment" : "segment";
      return truncated(kind + " " + std::to_string(i),
                       static_cast<std::uint64_t>(ph.p_offset) + ph.p_filesz, size);
    }
  }
  return "";
}

}  // namespace

std::string elf_file_problem(const std::filesystem::path& file) {
  Fd fd{::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK)};
  if (fd.fd < 0) return "cannot be opened: " + std::string(std::strerror(errno));
  struct stat st {};
  if (::fstat(fd.fd, &st) != 0) return "cannot be read: " + std::string(std::strerror(errno));
  if (!S_ISREG(st.st_mode)) return "is not a regular file";
  const auto size = static_cast<std::uint64_t>(st.st_size);
  unsigned char ident[EI_NIDENT] = {};
  if (size < EI_NIDENT || !read_at(fd.fd, ident, EI_NIDENT, 0)) {
    return size >= SELFMAG && std::memcmp(ident, ELFMAG, SELFMAG) == 0
               ? truncated("ELF identification", EI_NIDENT, size)
               : "is not a shared library (no ELF header)";
  }
  if (std::memcmp(ident, ELFMAG, SELFMAG) != 0) return "is not a shared library (no ELF header)";
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  constexpr unsigned char kNativeData = ELFDATA2LSB;
#else
  constexpr unsigned char kNativeData = ELFDATA2MSB;
#endif
  constexpr unsigned char kNativeClass = sizeof(void*) == 8 ? ELFCLASS64 : ELFCLASS32;
  if (ident[EI_CLASS] != ELFCLASS32 && ident[EI_CLASS] != ELFCLASS64) {
    return "has a damaged ELF header (unknown class " + std::to_string(ident[EI_CLASS]) + ")";
  }
  if (ident[EI_CLASS] != kNativeClass) {
    return std::string("is a ") + (ident[EI_CLASS] == ELFCLASS64 ? "64" : "32") +
           "-bit library; this migctl is " + (kNativeClass == ELFCLASS64 ? "64" : "32") + "-bit";
  }
  if (ident[EI_DATA] != kNativeData) return "is built for a machine of the other byte order";
  return kNativeClass == ELFCLASS64 ? check<Elf64_Ehdr, Elf64_Phdr, Elf64_Shdr>(fd.fd, size)
                                    : check<Elf32_Ehdr, Elf32_Phdr, Elf32_Shdr>(fd.fd, size);
}

}  // namespace migctl

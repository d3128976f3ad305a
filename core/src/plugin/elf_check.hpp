// Checks that a plugin file is a whole ELF shared object before it is given to dlopen.
//
// dlopen maps the file's segments; a segment that ends past the end of the file (a copy cut
// short, a full disk) is mapped anyway and the first touch of the missing pages kills the
// process with SIGBUS. So the loader first reads the headers and checks, with <elf.h>'s
// structures: the ELF header (magic, class and byte order of this machine, ET_DYN, header
// entry sizes), that the program and section header tables lie inside the file, and that
// every segment's file range (p_offset + p_filesz) does.
#pragma once

#include <filesystem>
#include <string>

namespace migctl {

// "" when `file` passes; otherwise why not, in words for an error message ("is truncated:
// ..."), without the file name. Reads only the headers (pread, no mapping).
std::string elf_file_problem(const std::filesystem::path& file);

}  // namespace migctl

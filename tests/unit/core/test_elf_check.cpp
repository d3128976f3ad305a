// The whole-file check run before dlopen, on truncations and corruptions of real plugins.
#include <elf.h>
#include <unistd.h>
#include <boost/test/unit_test.hpp>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

#include "plugin/elf_check.hpp"

namespace fs = std::filesystem;

namespace {

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

fs::path write_temp(const std::string& bytes, const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("migctl_elf_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  fs::path p = dir / name;
  std::ofstream(p, std::ios::binary)
      .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return p;
}

const fs::path kBuiltPlugins[] = {fs::path(MIGCTL_TEST_PLUGIN_DIR) / "aksara.so",
                                  fs::path(MIGCTL_TEST_DRIVER_DIR) / "postgresql.so"};

}  // namespace

BOOST_AUTO_TEST_SUITE(elf_check)

BOOST_AUTO_TEST_CASE(whole_plugins_pass) {
  for (const auto& p : kBuiltPlugins) BOOST_TEST(migctl::elf_file_problem(p).empty(), p);
}

// Every cut point a partial copy could leave, on a grid plus the last bytes.
BOOST_AUTO_TEST_CASE(every_truncation_is_reported) {
  for (const auto& plugin : kBuiltPlugins) {
    const std::string whole = read_all(plugin);
    BOOST_TEST_REQUIRE(whole.size() > 8192u);
    std::vector<std::size_t> cuts{
        0, 3, 4, 16, 63, 64, 65, 200, whole.size() - 1, whole.size() - 64, whole.size() - 65};
    for (std::size_t cut = 512; cut < whole.size(); cut += whole.size() / 97) cuts.push_back(cut);
    for (std::size_t cut : cuts) {
      fs::path p = write_temp(whole.substr(0, cut), "cut.so");
      const std::string problem = migctl::elf_file_problem(p);
      BOOST_TEST(!problem.empty(), plugin.filename() << " cut at " << cut << " passed");
    }
  }
  fs::remove_all(fs::temp_directory_path() / ("migctl_elf_" + std::to_string(::getpid())));
}

BOOST_AUTO_TEST_CASE(damaged_headers_are_reported) {
  const std::string whole = read_all(kBuiltPlugins[0]);
  Elf64_Ehdr eh;
  std::memcpy(&eh, whole.data(), sizeof eh);

  auto with_header = [&](const Elf64_Ehdr& h) {
    std::string bytes = whole;
    std::memcpy(bytes.data(), &h, sizeof h);
    return migctl::elf_file_problem(write_temp(bytes, "damaged.so"));
  };
  Elf64_Ehdr h = eh;
  h.e_phoff = whole.size();  // program headers past the end
  BOOST_TEST(with_header(h).find("program header") != std::string::npos, with_header(h));
  h = eh;
  h.e_shoff = whole.size() - 10;  // section headers past the end
  BOOST_TEST(with_header(h).find("section header") != std::string::npos, with_header(h));
  h = eh;
  h.e_phentsize = 7;
  BOOST_TEST(!with_header(h).empty());
  h = eh;
  h.e_type = ET_EXEC;
  BOOST_TEST(with_header(h).find("not a shared library") != std::string::npos, with_header(h));
  h = eh;
  h.e_ident[EI_CLASS] = 9;
  BOOST_TEST(!with_header(h).empty());

  // A PT_LOAD segment whose file range ends past the end of the file.
  std::string bytes = whole;
  bool moved = false;
  for (int i = 0; i < eh.e_phnum && !moved; ++i) {
    Elf64_Phdr ph;
    const std::size_t at = eh.e_phoff + static_cast<std::size_t>(i) * eh.e_phentsize;
    std::memcpy(&ph, bytes.data() + at, sizeof ph);
    if (ph.p_type != PT_LOAD) continue;
    ph.p_filesz = whole.size();
    ph.p_offset = 4096;
    std::memcpy(bytes.data() + at, &ph, sizeof ph);
    moved = true;
  }
  BOOST_TEST_REQUIRE(moved);
  std::string problem = migctl::elf_file_problem(write_temp(bytes, "segment.so"));
  BOOST_TEST(problem.find("segment") != std::string::npos, problem);
  fs::remove_all(fs::temp_directory_path() / ("migctl_elf_" + std::to_string(::getpid())));
}

BOOST_AUTO_TEST_SUITE_END()

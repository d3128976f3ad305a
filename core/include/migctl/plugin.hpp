// The entry point every migctl plugin exports, and the ABI descriptor checked before it.
//
// A plugin source file ends with exactly one
//
//   MIGCTL_PLUGIN(my_entry)      // void my_entry(migctl::Registrar&);
//
// which exports two symbols through Boost.DLL:
// - `migctl_plugin_abi`: a plain struct describing how the plugin was built. The loader
//   reads it before running any plugin code and refuses a plugin whose SDK major version,
//   C++ library ABI or debug mode differ from the host's, saying what differs.
// - `migctl_plugin_entry`: the function the loader calls with its registrar.
//
// Exceptions thrown by the entry are caught by the loader and reported with the plugin's
// file name.
#pragma once

#include <boost/config.hpp>
#include <boost/dll/alias.hpp>
#include <cstdint>

#include "migctl/registrar.hpp"
#include "migctl/version.hpp"

namespace migctl {

constexpr std::uint32_t kAbiMagic = 0x6d696763;  // "migc"

// Layout is frozen: fields are only ever appended.
struct AbiDescriptor {
  std::uint32_t magic;
  std::uint32_t sdk_major;
  std::uint32_t sdk_minor;
  std::uint32_t cxx11_abi;      // _GLIBCXX_USE_CXX11_ABI: std::string layout
  std::uint32_t glibcxx_debug;  // _GLIBCXX_DEBUG changes container layouts
  std::uint32_t compiler_major;
  const char* compiler;  // human-readable, e.g. "GCC 12.2.0"
  const char* migctl_version;
};

using PluginEntry = void(Registrar&);

#if defined(_GLIBCXX_USE_CXX11_ABI)
#define MIGCTL_DETAIL_CXX11_ABI _GLIBCXX_USE_CXX11_ABI
#else
#define MIGCTL_DETAIL_CXX11_ABI 0
#endif
#if defined(_GLIBCXX_DEBUG)
#define MIGCTL_DETAIL_GLIBCXX_DEBUG 1
#else
#define MIGCTL_DETAIL_GLIBCXX_DEBUG 0
#endif
#if defined(__clang__)
#define MIGCTL_DETAIL_COMPILER "Clang " __clang_version__
#define MIGCTL_DETAIL_COMPILER_MAJOR __clang_major__
#elif defined(__GNUC__)
#define MIGCTL_DETAIL_COMPILER "GCC " __VERSION__
#define MIGCTL_DETAIL_COMPILER_MAJOR __GNUC__
#else
#define MIGCTL_DETAIL_COMPILER "unknown compiler"
#define MIGCTL_DETAIL_COMPILER_MAJOR 0
#endif

// The descriptor of the code being compiled now: the host's own in migctl, the plugin's
// in a plugin.
inline constexpr AbiDescriptor this_build_abi() {
  return AbiDescriptor{kAbiMagic,
                       MIGCTL_SDK_VERSION_MAJOR,
                       MIGCTL_SDK_VERSION_MINOR,
                       MIGCTL_DETAIL_CXX11_ABI,
                       MIGCTL_DETAIL_GLIBCXX_DEBUG,
                       MIGCTL_DETAIL_COMPILER_MAJOR,
                       MIGCTL_DETAIL_COMPILER,
                       MIGCTL_VERSION_STRING};
}

}  // namespace migctl

#define MIGCTL_PLUGIN(entry_function)                                        \
  namespace migctl_plugin_detail {                                           \
  const ::migctl::AbiDescriptor abi_descriptor = ::migctl::this_build_abi(); \
  }                                                                          \
  BOOST_DLL_ALIAS(migctl_plugin_detail::abi_descriptor, migctl_plugin_abi)   \
  BOOST_DLL_ALIAS(entry_function, migctl_plugin_entry)

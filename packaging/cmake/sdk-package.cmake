# The plugin kit as an installed package (component "dev", the migctl-dev .deb):
#   <datadir>/cmake/migctl/  migctlConfig.cmake, its version file, the exported migctl::sdk
#                            target and migctl_add_plugin() (migctl-plugin.cmake)
#   <datadir>/pkgconfig/     migctl.pc
# (in share/: the SDK is header-only, the same for every architecture)
#   <datadir>/migctl/templates/  what `migctl create` / `migctl merge` write revisions from
# The headers themselves are installed by core/CMakeLists.txt.
include(CMakePackageConfigHelpers)

set(MIGCTL_BOOST_MIN_VERSION 1.74)
set(MIGCTL_CMAKE_SUBDIR "${CMAKE_INSTALL_DATADIR}/cmake/migctl")

# The SDK version plugins built with these headers declare (core/include/migctl/version.hpp).
file(STRINGS "${PROJECT_SOURCE_DIR}/core/include/migctl/version.hpp" _migctl_sdk_lines
  REGEX "^#define MIGCTL_SDK_VERSION_(MAJOR|MINOR) ")
string(REGEX REPLACE ".*MAJOR ([0-9]+).*" "\\1" _migctl_sdk_major "${_migctl_sdk_lines}")
string(REGEX REPLACE ".*MINOR ([0-9]+).*" "\\1" _migctl_sdk_minor "${_migctl_sdk_lines}")
set(MIGCTL_SDK_VERSION "${_migctl_sdk_major}.${_migctl_sdk_minor}")

# What an installed consumer of migctl::sdk needs beyond the include directory: plugins
# export only their entry (the SDK's own types are marked visible in export.hpp). In this
# tree the in-tree migctl_add_plugin() sets visibility per target instead, so the host's
# own libraries keep the defaults.
set_target_properties(migctl_sdk PROPERTIES EXPORT_NAME sdk)
target_compile_features(migctl_sdk INTERFACE cxx_std_17)
target_compile_definitions(migctl_sdk INTERFACE BOOST_DLL_USE_STD_FS)
target_compile_options(migctl_sdk INTERFACE
  "$<INSTALL_INTERFACE:-fvisibility=hidden;-fvisibility-inlines-hidden>")

install(TARGETS migctl_sdk EXPORT migctlTargets COMPONENT dev)
install(EXPORT migctlTargets NAMESPACE migctl:: DESTINATION "${MIGCTL_CMAKE_SUBDIR}"
  COMPONENT dev)

configure_package_config_file("${CMAKE_CURRENT_LIST_DIR}/migctlConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/packaging/migctlConfig.cmake"
  INSTALL_DESTINATION "${MIGCTL_CMAKE_SUBDIR}"
  PATH_VARS CMAKE_INSTALL_INCLUDEDIR MIGCTL_PLUGIN_SUBDIR MIGCTL_HOOK_SUBDIR
    MIGCTL_DRIVER_SUBDIR MIGCTL_TEMPLATE_SUBDIR)
# 0.x: a new minor version may change the SDK, so only the same minor version matches.
write_basic_package_version_file("${PROJECT_BINARY_DIR}/packaging/migctlConfigVersion.cmake"
  VERSION "${PROJECT_VERSION}" COMPATIBILITY SameMinorVersion ARCH_INDEPENDENT)
install(FILES
  "${PROJECT_BINARY_DIR}/packaging/migctlConfig.cmake"
  "${PROJECT_BINARY_DIR}/packaging/migctlConfigVersion.cmake"
  "${CMAKE_CURRENT_LIST_DIR}/migctl-plugin.cmake"
  DESTINATION "${MIGCTL_CMAKE_SUBDIR}" COMPONENT dev)

# pkg-config: relocatable (prefix from the .pc file's own location), so a tree installed
# with `cmake --install --prefix DIR` works where it lands.
file(RELATIVE_PATH MIGCTL_PC_TO_PREFIX "/prefix/${CMAKE_INSTALL_DATADIR}/pkgconfig" "/prefix")
configure_file("${CMAKE_CURRENT_LIST_DIR}/migctl.pc.in" "${PROJECT_BINARY_DIR}/packaging/migctl.pc"
  @ONLY)
install(FILES "${PROJECT_BINARY_DIR}/packaging/migctl.pc"
  DESTINATION "${CMAKE_INSTALL_DATADIR}/pkgconfig" COMPONENT dev)

# Templates: installed, and copied into the build tree at the same relative place, so a
# built migctl finds them like an installed one (<bin>/../share/migctl/templates).
file(GLOB MIGCTL_TEMPLATES CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/migrations/templates/*.in")
foreach(template ${MIGCTL_TEMPLATES})
  get_filename_component(template_name "${template}" NAME)
  configure_file("${template}" "${PROJECT_BINARY_DIR}/${MIGCTL_TEMPLATE_SUBDIR}/${template_name}"
    COPYONLY)
endforeach()
install(FILES ${MIGCTL_TEMPLATES} DESTINATION "${MIGCTL_TEMPLATE_SUBDIR}" COMPONENT dev)

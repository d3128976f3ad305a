# migctl_add_plugin(<name> [DESTINATION <dir>] <source>...)
#
# Builds the migctl plugin <name>.so (no "lib" prefix, so `migctl --plugin <name>.so`
# finds it by bare name in MIGCTL_PLUGIN_PATH) from <source>..., one of which ends with
# MIGCTL_PLUGIN(entry). The plugin exports only its entry symbols and links with
# --no-undefined, so a missing symbol fails the build instead of the load. DESTINATION
# adds an install rule (e.g. ${MIGCTL_PLUGIN_DIR}, or a directory you then name in
# MIGCTL_PLUGIN_PATH). Everything else is a normal MODULE target: add sources, include
# directories or libraries to it as usual.
function(migctl_add_plugin name)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "" "DESTINATION" "")
  if(NOT ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "migctl_add_plugin(${name}): no source files")
  endif()
  add_library(${name} MODULE ${ARG_UNPARSED_ARGUMENTS})
  set_target_properties(${name} PROPERTIES
    PREFIX ""
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  target_link_libraries(${name} PRIVATE migctl::sdk)
  target_link_options(${name} PRIVATE -Wl,--no-undefined)
  if(ARG_DESTINATION)
    install(TARGETS ${name} LIBRARY DESTINATION "${ARG_DESTINATION}")
  endif()
endfunction()

# Debian packages with CPack (`packaging/package.sh`), split as Debian does:
#   migctl          component tool:   bin/migctl, drivers, hooks, migctl(1), completion
#   migctl-dev      component dev:    SDK headers, CMake package, migctl.pc, templates
#   migctl-<set>    component <set>:  each shipped migration set (MIGCTL_SHIPPED_SETS)
# plus a -dbgsym package (.ddeb) for each package with ELF files: the .deb files hold
# stripped binaries, the debug symbols go to /usr/lib/debug/.build-id/ in the .ddeb.
# Every package carries the DEP-5 copyright and the gzipped changelog.Debian.

set(MIGCTL_DEB_MAINTAINER "migctl maintainers <maintainers@users.noreply.b-seed-9919c517.example>"
  CACHE STRING "Maintainer field of the Debian packages")

# The changelog's newest entry names the package version: "migctl (0.1.0-1) ...".
set(_migctl_changelog "${PROJECT_SOURCE_DIR}/packaging/debian/changelog")
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${_migctl_changelog}")
file(STRINGS "${_migctl_changelog}" _migctl_changelog_head LIMIT_COUNT 1)
if(NOT _migctl_changelog_head MATCHES "^migctl \\(([^-)]+)-([^)]+)\\)")
  message(FATAL_ERROR "${_migctl_changelog}: the first line must read `migctl (VERSION-REVISION) ...`")
endif()
if(NOT CMAKE_MATCH_1 STREQUAL PROJECT_VERSION)
  message(FATAL_ERROR "${_migctl_changelog} is at ${CMAKE_MATCH_1} but the project is at "
    "${PROJECT_VERSION}: add a changelog entry for ${PROJECT_VERSION}")
endif()
set(MIGCTL_DEB_REVISION "${CMAKE_MATCH_2}")
set(MIGCTL_DEB_VERSION "${PROJECT_VERSION}-${MIGCTL_DEB_REVISION}")

# Documentation files every package carries, built once (gzip -n: reproducible).
set(_migctl_docs "${PROJECT_BINARY_DIR}/packaging/doc")
file(MAKE_DIRECTORY "${_migctl_docs}")
execute_process(COMMAND gzip -9n -c "${_migctl_changelog}"
  OUTPUT_FILE "${_migctl_docs}/changelog.Debian.gz" COMMAND_ERROR_IS_FATAL ANY)

# migctl(1), generated from the built binary's `--help` and `help COMMAND`, the same text
# the command line prints (packaging/gen-manpage.sh).
set(_migctl_man "${PROJECT_BINARY_DIR}/packaging/man/migctl.1.gz")
add_custom_command(OUTPUT "${_migctl_man}"
  COMMAND "${PROJECT_SOURCE_DIR}/packaging/gen-manpage.sh" "$<TARGET_FILE:migctl>"
    "${_migctl_changelog}" "${_migctl_man}"
  DEPENDS migctl "${PROJECT_SOURCE_DIR}/packaging/gen-manpage.sh" "${_migctl_changelog}"
  COMMENT "Generating migctl(1) from migctl --help" VERBATIM)
add_custom_target(migctl_manpage ALL DEPENDS "${_migctl_man}")
install(FILES "${_migctl_man}" DESTINATION "${CMAKE_INSTALL_MANDIR}/man1" COMPONENT tool)

install(FILES "${PROJECT_SOURCE_DIR}/packaging/completion/migctl.bash"
  DESTINATION "${CMAKE_INSTALL_DATADIR}/bash-completion/completions" RENAME migctl
  COMPONENT tool)
install(FILES "${PROJECT_SOURCE_DIR}/packaging/completion/_migctl"
  DESTINATION "${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions" COMPONENT tool)

set(_migctl_components tool dev ${MIGCTL_SHIPPED_SETS})
foreach(component ${_migctl_components})
  if(component STREQUAL "tool")
    set(package migctl)
  else()
    set(package migctl-${component})
  endif()
  string(TOUPPER "${component}" upper)
  set(CPACK_DEBIAN_${upper}_PACKAGE_NAME ${package})
  install(FILES "${PROJECT_SOURCE_DIR}/packaging/debian/copyright"
    "${_migctl_docs}/changelog.Debian.gz"
    DESTINATION "${CMAKE_INSTALL_DATADIR}/doc/${package}" COMPONENT ${component})
  install(FILES "${PROJECT_SOURCE_DIR}/packaging/debian/lintian-overrides"
    DESTINATION "${CMAKE_INSTALL_DATADIR}/lintian/overrides" RENAME ${package}
    COMPONENT ${component})
endforeach()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME migctl)
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_CONTACT "${MIGCTL_DEB_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${MIGCTL_DEB_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_RELEASE "${MIGCTL_DEB_REVISION}")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL ${_migctl_components})
set(CPACK_PACKAGE_DIRECTORY "${PROJECT_BINARY_DIR}/packages")

# The first line of a description is the synopsis, the rest the extended description.
set(CPACK_DEBIAN_TOOL_DESCRIPTION "database migration runner with Alembic's model
migctl applies and reverts database schema revisions kept as a graph, as
Alembic does (upgrade, downgrade, current, history, heads, branches, the
alembic_version table), with Flyway's safety: a migration lock, checksums
of applied revisions, and an audit table of every step.
.
Revisions come from migration-set plugins loaded at run time. This package
holds the migctl command, its PostgreSQL and SQLite drivers, the
pg_dump_backup and monitor hooks, the manual page and bash and zsh
completion.")
set(CPACK_DEBIAN_TOOL_PACKAGE_SECTION database)
set(CPACK_DEBIAN_TOOL_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_TOOL_PACKAGE_SUGGESTS "postgresql-client, graphviz")
set(CPACK_DEBIAN_TOOL_DEBUGINFO_PACKAGE ON)

set(CPACK_DEBIAN_DEV_DESCRIPTION "plugin SDK for the migctl migration runner
Headers, CMake package (find_package(migctl) giving migctl::sdk and
migctl_add_plugin()), pkg-config file and revision templates for building
migctl plugins: migration sets, database drivers and hooks.
.
A plugin is a shared object compiled against these headers; migctl loads
it with --plugin and checks its SDK version and C++ ABI before running it.")
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS "migctl (= ${MIGCTL_DEB_VERSION}), libboost-dev (>= ${MIGCTL_BOOST_MIN_VERSION})")
set(CPACK_DEBIAN_DEV_PACKAGE_SUGGESTS "cmake (>= 3.20), pkgconf")

set(CPACK_DEBIAN_AKSARA_DESCRIPTION "Aksara schema revisions for migctl
The migration set of the Aksara backend as a migctl plugin (aksara.so):
the user and user profile tables, refresh tokens, and the seed step that
creates the administrator account.
.
Apply it with: migctl --plugin aksara.so upgrade")
set(CPACK_DEBIAN_AKSARA_PACKAGE_SECTION database)

foreach(set_name ${MIGCTL_SHIPPED_SETS})
  string(TOUPPER "${set_name}" upper)
  set(CPACK_DEBIAN_${upper}_PACKAGE_DEPENDS "migctl (= ${MIGCTL_DEB_VERSION})")
  set(CPACK_DEBIAN_${upper}_PACKAGE_SHLIBDEPS ON)
  set(CPACK_DEBIAN_${upper}_DEBUGINFO_PACKAGE ON)
  if(NOT CPACK_DEBIAN_${upper}_DESCRIPTION)
    message(FATAL_ERROR "packaging/cmake/deb.cmake: no description for migctl-${set_name}")
  endif()
endforeach()

include(CPack)

// Version of migctl and of the plugin SDK.
//
// The SDK version is what the loader compares before it calls a plugin's entry: a plugin
// built against another major version is refused; a plugin built against a newer minor
// version than the host is refused too (it may call registrar methods the host lacks).
#pragma once

#define MIGCTL_VERSION_STRING "0.1.0"
#define MIGCTL_SDK_VERSION_MAJOR 1
// 1.1: MigrationSet::seeds. 1.2: SeedContext::hash_password removed (a plugin hashes with
// its own application's scheme).
#define MIGCTL_SDK_VERSION_MINOR 2
// Plugins built against an older minor version than this are refused too: SDK 1.1 grew
// MigrationSet (seeds) and SDK 1.2 shrank SeedContext, both of which cross the boundary,
// so a 1.1 plugin would read a SeedContext of the wrong layout.
#define MIGCTL_SDK_OLDEST_COMPATIBLE_MINOR 2

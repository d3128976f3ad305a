// Symbol visibility for SDK types shared between migctl and its plugins.
//
// Plugins build with -fvisibility=hidden; SDK classes keep default visibility so their
// type_info matches across the boundary and a plugin's migctl::Error is caught as one.
#pragma once

#define MIGCTL_SDK_API __attribute__((visibility("default")))

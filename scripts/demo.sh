#!/bin/sh
# The main job in one command: build libmmsim, boot a simulated arm64
# machine, allocate pages, and print the kernel's own reports.
set -e
cd "$(dirname "$0")/.."
./scripts/deps.sh
[ -f build/build.ninja ] || meson setup build
ninja -C build >/dev/null
exec ./build/tools/mmsim run examples/scenarios/demo.mms

#!/bin/sh
# The main job in one command: build libmmsim, boot a simulated arm64
# machine, allocate pages, and print the kernel's own reports.
set -e
cd "$(dirname "$0")/.."
./scripts/deps.sh
if [ ! -f build/build.ninja ]; then
	meson setup build >build-setup.log 2>&1 ||
		{ cat build-setup.log; exit 1; }
fi
ninja -C build >build.log 2>&1 || { cat build.log; exit 1; }
exec ./build/tools/mmsim run examples/scenarios/demo.mms

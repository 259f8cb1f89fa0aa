#!/bin/sh
# Build and run the whole test suite: unit, scenario, stress, abi,
# examples and qemu (the MMU checked against QEMU's ARM64 model), then the
# same suites under Valgrind (memcheck), QEMU's excepted.
set -e
cd "$(dirname "$0")/.."
./scripts/deps.sh
[ -f build/build.ninja ] || meson setup build
ninja -C build
meson test -C build --print-errorlogs --num-processes 2
# Memcheck: the test programs under the valgrind setup, and the mmsim
# tool inside each golden scenario (the runner itself is a shell script)
meson test -C build --setup=valgrind --print-errorlogs --num-processes 2 \
	--no-suite bench --no-suite abi --no-suite scenario --no-suite memcheck \
	--no-suite qemu
MMSIM_SCENARIO_MEMCHECK=1 meson test -C build --print-errorlogs \
	--num-processes 2 --suite scenario

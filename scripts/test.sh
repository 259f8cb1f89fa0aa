#!/bin/sh
# Build and run the whole test suite: unit, scenario, stress, abi and
# examples, then the same suites under Valgrind (memcheck).
set -e
cd "$(dirname "$0")/.."
./scripts/deps.sh
[ -f build/build.ninja ] || meson setup build
ninja -C build
meson test -C build --print-errorlogs --num-processes 2
meson test -C build --setup=valgrind --print-errorlogs --num-processes 2 \
	--no-suite bench --no-suite abi

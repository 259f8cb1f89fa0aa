#!/bin/sh
# Install the Debian 12 packages libmmsim needs to build, test and
# benchmark, when any is missing.  Run as root (or with sudo available).
set -e
pkgs="meson ninja-build pkg-config gcc libcmocka-dev libunwind-dev valgrind libjemalloc-dev libmimalloc-dev libgoogle-perftools-dev qemu-system-arm gcc-aarch64-linux-gnu"
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "installing:$missing"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO=sudo
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null

#!/bin/sh
# SPDX-License-Identifier: MIT
#
# check-memcheck.sh VALGRIND PROGRAM SUPP - the Valgrind integration works:
# each mistake of tests/valgrind/misuse-kmalloc.c in simulated kernel
# memory is reported by Memcheck with the program's own line, and a
# correct run is clean.
valgrind=$1
prog=$2
supp=$3
fail=0

run() {	# run CASE EXPECTED-PATTERN
	out=$("$valgrind" --error-exitcode=99 --suppressions="$supp" "$prog" "$1" 2>&1)
	status=$?
	if [ -z "$2" ]; then
		if [ $status -ne 0 ]; then
			echo "case $1: Memcheck was not quiet (status $status):"
			echo "$out"
			fail=1
		fi
		return
	fi
	if [ $status -ne 99 ] || ! printf '%s\n' "$out" | grep -q "$2" ||
	   ! printf '%s\n' "$out" | grep -q "misuse-kmalloc.c"; then
		echo "case $1: expected a Memcheck report matching '$2' at the program's line, got (status $status):"
		echo "$out"
		fail=1
	else
		echo "case $1: reported: $(printf '%s\n' "$out" | grep -m1 "$2" | sed 's/^==[0-9]*== //')"
	fi
}

run none ""
run uaf "Invalid write of size 1"
run overflow "Invalid write of size 1"
run uninit "Conditional jump or move depends on uninitialised value"
run page-uaf "Invalid write of size 1"
exit $fail

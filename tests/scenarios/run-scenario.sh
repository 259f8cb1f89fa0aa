#!/bin/bash
# SPDX-License-Identifier: MIT
#
# run-scenario.sh MMSIM FILE.mms [shell] - one golden scenario test.
#
# Runs `MMSIM run FILE.mms` (or, with `shell`, `MMSIM shell < FILE.mms`)
# and compares, next to FILE.mms:
#   FILE.out     the expected standard output (required; may be empty)
#   FILE.err     the expected standard error (compared only if present)
#   FILE.status  the expected exit status (default 0)
# Prints a unified diff of every mismatch and exits 1 on any, else 0.
# With MMSIM_SCENARIO_MEMCHECK=1 the tool runs under Valgrind's Memcheck
# (scripts/test.sh does this); a memory error or leak fails the test.
# To bless new output after checking it by hand:
#   MMSIM run FILE.mms > FILE.out 2> FILE.err; echo $? > FILE.status
# (and delete FILE.status when it says 0).
set -u

if [ $# -lt 2 ] || [ $# -gt 3 ] || [ "${3:-run}" != run -a "${3:-}" != shell ]; then
	echo "usage: $0 MMSIM FILE.mms [shell]" >&2
	exit 99
fi
mmsim=$1
script=$2
mode=${3:-run}
base=${script%.mms}

tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT

memcheck=
if [ "${MMSIM_SCENARIO_MEMCHECK:-0}" = 1 ]; then
	memcheck="valgrind -q --error-exitcode=99 --leak-check=full
		  --errors-for-leak-kinds=definite,indirect
		  --suppressions=$(dirname "$0")/../valgrind.supp"
fi
if [ "$mode" = shell ]; then
	$memcheck "$mmsim" shell <"$script" >"$tmp/out" 2>"$tmp/err"
else
	$memcheck "$mmsim" run "$script" >"$tmp/out" 2>"$tmp/err"
fi
status=$?

expected_status=0
if [ -f "$base.status" ]; then
	expected_status=$(tr -d ' \n' <"$base.status")
fi

fail=0
if [ ! -f "$base.out" ]; then
	echo "missing $base.out" >&2
	fail=1
elif ! diff -u "$base.out" "$tmp/out"; then
	echo "FAIL: standard output differs (- expected, + got)"
	fail=1
fi
if [ -f "$base.err" ]; then
	if ! diff -u "$base.err" "$tmp/err"; then
		echo "FAIL: standard error differs (- expected, + got)"
		fail=1
	fi
elif [ -s "$tmp/err" ]; then
	echo "(standard error, not compared:)"
	cat "$tmp/err"
fi
if [ "$status" != "$expected_status" ]; then
	echo "FAIL: exit status $status, expected $expected_status"
	fail=1
fi
exit $fail

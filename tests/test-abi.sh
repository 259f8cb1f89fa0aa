#!/bin/sh
# The library exports only the public API: every dynamic symbol it
# defines starts with mmsim_ (DESIGN.md 3.2).
lib="$1"
[ -f "$lib" ] || { echo "no library at $lib"; exit 1; }
syms=$(nm -D --defined-only "$lib" | awk '{ sub(/@.*/, "", $3); print $3 }')
[ -n "$syms" ] || { echo "no exported symbols at all"; exit 1; }
bad=$(printf '%s\n' "$syms" | grep -v '^mmsim_' | grep -v '^MMSIM_0$')
if [ -n "$bad" ]; then
	echo "symbols outside the mmsim_ prefix:"
	printf '%s\n' "$bad"
	exit 1
fi
# and the API entry points of DESIGN.md section 6 are there
for s in mmsim_boot mmsim_strerror mmsim_shutdown mmsim_cpu_enter mmsim_show \
	 mmsim_alloc_pages mmsim___free_pages; do
	printf '%s\n' "$syms" | grep -qx "$s" || { echo "missing $s"; exit 1; }
done
echo "$(printf '%s\n' "$syms" | wc -l) symbols, all mmsim_"

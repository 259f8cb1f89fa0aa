#!/bin/sh
# SPDX-License-Identifier: MIT
#
# Regenerate docs/kernel-mapping.md from the "Mirrors:" tags in src/.
#
#	docs/gen-kernel-mapping.sh            (from anywhere in the tree)
#	docs/gen-kernel-mapping.sh --check    exit 1 if the file is stale
#	docs/gen-kernel-mapping.sh --rev REV  read src/ as of git revision
#	                                      REV (e.g. HEAD, a release tag)
#	                                      instead of the working tree
#
# A function that models a kernel function says so in the comment above
# it (STYLE.md, habit 5):
#
#	/*
#	 * Mirrors: mm/page_alloc.c:__free_one_page().  Simplified: ...
#	 */
#	static void __free_one_page(struct page *page, ...)
#
# For each tag this script records the kernel file and function, the
# libmmsim function the comment stands above (or, for a tag inside a
# function body, the function around it), where it is, and the rest of
# the comment's first sentences as a note.  Output: one Markdown table
# per kernel file, sorted, so that a reader of mm/page_alloc.c finds
# every counterpart at once.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
out="$top/docs/kernel-mapping.md"
check=0
rev=""
while [ $# -gt 0 ]; do
	case "$1" in
	--check) check=1 ;;
	--rev) rev=${2:?"--rev needs a git revision"}; shift ;;
	*) echo "usage: $0 [--check] [--rev REV]" >&2; exit 2 ;;
	esac
	shift
done

tmp=$(mktemp)
rows=$(mktemp)
tree=""
trap 'rm -f "$tmp" "$rows"; [ -z "$tree" ] || rm -rf "$tree"' EXIT
if [ -n "$rev" ]; then
	tree=$(mktemp -d)
	git -C "$top" archive "$rev" src | tar -x -C "$tree"
	cd "$tree"
else
	cd "$top"
fi

# One row per tag, tab-separated:
#   kernel_file  kernel_func  our_func  our_file:line  note
find src -name '*.[ch]' | LC_ALL=C sort | while read -r f; do
	awk -v file="$f" '
	function flush_tag(fn) {
		if (!pending)
			return
		note = tag_note
		gsub(/[ \t]+/, " ", note)
		sub(/^[ .,:;]+/, "", note)
		sub(/[ ]+$/, "", note)
		gsub(/\|/, "\\|", note)
		if (length(note) > 160)
			note = substr(note, 1, 157) "..."
		printf "%s\t%s\t%s\t%s:%d\t%s\n", kfile, kfunc, fn, file,
		       tag_line, note
		pending = 0
	}
	# the name of a function or macro defined on this line, or ""
	function defined_name(s,    t) {
		if (s ~ /^#[ \t]*define[ \t]+[A-Za-z_][A-Za-z0-9_]*\(/) {
			t = s
			sub(/^#[ \t]*define[ \t]+/, "", t)
			sub(/\(.*/, "", t)
			return t
		}
		if (s !~ /^[A-Za-z_]/ || s ~ /;[ \t]*$/ || s ~ /^(typedef|struct [A-Za-z_0-9]+ *\{|enum|union|extern)/)
			return ""
		if (s !~ /[A-Za-z_][A-Za-z0-9_]*[ \t]*\(/)
			return ""
		t = s
		sub(/\(.*/, "", t)
		sub(/.*[^A-Za-z0-9_]/, "", t)
		if (t ~ /^(if|for|while|switch|return|sizeof|BUILD_BUG_ON|DEFINE_[A-Z_]*|EXPORT[A-Z_]*)$/)
			return ""
		return t
	}
	BEGIN { depth = 0; pending = 0; in_note = 0; current = "" }
	{
		line = $0
		if (match(line, /Mirrors:[ \t]*[A-Za-z0-9_.\/-]+:[A-Za-z0-9_]+(\(\))?/)) {
			flush_tag(depth > 0 ? current : "?")
			ref = substr(line, RSTART, RLENGTH)
			sub(/^Mirrors:[ \t]*/, "", ref)
			kfile = ref; sub(/:.*/, "", kfile)
			kfunc = ref; sub(/^[^:]*:/, "", kfunc)
			tag_note = substr(line, RSTART + RLENGTH)
			sub(/\*\/.*/, "", tag_note)
			tag_line = NR
			pending = 1
			in_note = line !~ /\*\//
			# inside a body the tag describes the enclosing
			# function: record it once the note is complete
			inside = depth > 0
			if (inside && !in_note)
				flush_tag(current)
			next
		}
		if (pending && in_note) {
			if (line ~ /\*\//) {
				t = line; sub(/\*\/.*/, "", t); sub(/^[ \t]*\*?/, "", t)
				tag_note = tag_note " " t
				in_note = 0
			} else if (line ~ /^[ \t]*\*[ \t]*$/) {
				in_note = 2	# paragraph break: stop the note
			} else if (in_note == 1) {
				t = line; sub(/^[ \t]*\*?/, "", t)
				tag_note = tag_note " " t
			}
			if (in_note == 2 && line ~ /\*\//)
				in_note = 0
			if (!in_note && inside)
				flush_tag(current)
			next
		}
		if (depth == 0) {
			name = defined_name(line)
			if (name != "") {
				current = name
				if (pending && !inside)
					flush_tag(name)
			}
		}
		# brace depth, ignoring braces in strings and char literals
		t = line
		gsub(/"([^"\\]|\\.)*"/, "", t)
		gsub(/\047([^\047\\]|\\.)*\047/, "", t)
		sub(/\/\/.*/, "", t)
		n = gsub(/\{/, "{", t); depth += n
		n = gsub(/\}/, "}", t); depth -= n
		if (depth < 0)
			depth = 0
	}
	END { flush_tag("?") }
	' "$f"
done | LC_ALL=C sort -t "$(printf '\t')" -k1,1 -k2,2 -k4,4 >"$rows"

total=$(wc -l <"$rows" | tr -d ' ')
nfiles=$(cut -f1 "$rows" | LC_ALL=C sort -u | wc -l | tr -d ' ')

{
	cat <<'EOF'
# Kernel mapping

Which Linux function each libmmsim function mirrors, collected from the
`Mirrors: <kernel file>:<function>()` tags in `src/` (STYLE.md, habit 5).
Read the kernel file (Linux 6.18, `torvalds/linux`) beside ours; the
note says where ours simplifies.

**Generated** by `docs/gen-kernel-mapping.sh`: do not edit by hand.
Add or fix a tag in the source, then run the script again.
EOF
	if [ -n "$rev" ]; then
		printf '\n%s tags, %s kernel files, from `src/` at commit %s.\n' \
			"$total" "$nfiles" "$(git -C "$top" rev-parse --short "$rev")"
	else
		printf '\n%s tags, %s kernel files.\n' "$total" "$nfiles"
	fi
	prev=""
	while IFS="$(printf '\t')" read -r kfile kfunc ours where note; do
		if [ "$kfile" != "$prev" ]; then
			printf '\n## `%s`\n\n' "$kfile"
			printf '| kernel | libmmsim | where | note |\n'
			printf '|---|---|---|---|\n'
			prev=$kfile
		fi
		if [ "$ours" = "${kfunc%()}" ]; then
			same="same name"
		else
			same="\`$ours()\`"
		fi
		printf '| `%s` | %s | `%s` | %s |\n' "$kfunc" "$same" "$where" "$note"
	done <"$rows"
} >"$tmp"

if [ "$check" = 1 ]; then
	if ! cmp -s "$tmp" "$out"; then
		echo "docs/kernel-mapping.md is stale: run docs/gen-kernel-mapping.sh" >&2
		exit 1
	fi
	exit 0
fi
cp "$tmp" "$out"
echo "wrote $out: $total tags, $nfiles kernel files"

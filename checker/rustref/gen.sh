#!/bin/sh
# Regenerates the Rust reference output the course quotes: for each example
# in src/, rustc's layout of its futures (-Zprint-type-sizes), the lowering
# of its async fns (-Zunpretty=hir), and what size_of_val says when it runs.
#
#   sh checker/rustref/gen.sh [OUTDIR]     (OUTDIR defaults to checker/rustref/out)
#
# Needs rustc (no cargo). RUSTC_BOOTSTRAP=1 unlocks the -Z flags on a stable
# toolchain. The figures are those of a 64-bit target.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/out}
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export RUSTC_BOOTSTRAP=1

for src in "$here"/src/*.rs; do
	name=$(basename "$src" .rs)
	[ "$name" = common ] && continue

	rustc --edition 2021 -Zprint-type-sizes -o "$tmp/$name" "$src" >"$tmp/$name.sizes"
	{
		echo "# rustc $(rustc --version | cut -d' ' -f2) -Zprint-type-sizes, src/$name.rs (only the course's types)"
		# Keep each type's block when the type is one of ours: the futures of
		# the async fns, the examples' own structs, and what std's join!
		# builds around them (its async block and its MaybeDones).
		awk '
			/^print-type-size type: / {
				keep = ($0 ~ /^print-type-size type: `({async fn body of|{async block@|std::future::join::MaybeDone<|common::YieldOnce<|YieldOnce8`|Response`)/)
			}
			keep
		' "$tmp/$name.sizes"
	} >"$out/$name.sizes.txt"

	{
		echo "# rustc $(rustc --version | cut -d' ' -f2) -Zunpretty=hir, src/$name.rs (only the async fns)"
		rustc --edition 2021 -Zunpretty=hir "$src" | awk '
			/^async fn / { keep = 1 }
			/^[^ ]/ && !/^async fn / && !/^ *}/ { keep = 0 }
			keep
		'
	} >"$out/$name.hir.txt"

	{
		echo "# what src/$name.rs prints when it runs"
		"$tmp/$name" | grep '^size_of_val'
	} >"$out/$name.run.txt"
done

#!/bin/sh
# layers.sh [SRC] - fails when a lower layer of the source tree includes a
# higher one (docs/DESIGN.md, "Layers"). A file may include headers of its own
# folder and of folders on lower layers only; folders on one layer do not
# include each other. Usage: sh scripts/layers.sh src
set -u
SRC=${1:-src}

# The layer of a folder under SRC ("" for src/jipyo.c, the top); unknown
# folders are an error, so that a new one gets a place in the picture.
layer() {
	case "$1" in
	base) echo 0 ;;
	rule) echo 1 ;;
	model | ledger) echo 2 ;;
	pkg | store) echo 3 ;;
	check | cover) echo 4 ;;
	render) echo 5 ;;
	web) echo 6 ;;
	cmd) echo 7 ;;
	.) echo 8 ;;
	*) echo "" ;;
	esac
}

bad=0
for f in $(cd "$SRC" && find . -name '*.[ch]' | sed 's|^\./||' | sort); do
	dir=$(dirname "$f")
	own=$(layer "$dir")
	if [ -z "$own" ]; then
		echo "$SRC/$f: folder \"$dir\" has no layer (add it to scripts/layers.sh and docs/DESIGN.md)"
		bad=$((bad + 1))
		continue
	fi
	# "dir/file.h" names another folder; a bare "file.h" is the file's own
	for inc in $(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\/[^"]*\)".*/\1/p' "$SRC/$f"); do
		to=${inc%%/*}
		[ "$to" = "$dir" ] && continue
		lower=$(layer "$to")
		if [ -z "$lower" ] || [ "$lower" -ge "$own" ]; then
			n=$(grep -n "#[[:space:]]*include[[:space:]]*\"$inc\"" "$SRC/$f" | head -1 | cut -d: -f1)
			echo "$SRC/$f:$n: $dir (layer $own) includes $inc (layer ${lower:-none}): dependencies point down only"
			bad=$((bad + 1))
		fi
	done
done
[ "$bad" -eq 0 ]

#!/bin/sh
# The crash test: `import` into a new and into an existing database, and
# `export` over an older package, killed with SIGKILL just before and just
# after each of their fsync, rename, unlink and link calls (shim.c). After
# each kill: the database (or folder) holds the old content or the new,
# never a mix; `check` prints what it prints after a clean import; the
# next command leaves no temporary file. JIPYO names the binary, SHIM the
# shim library.
set -u
J=$(realpath "${JIPYO:-build/jipyo}")
SHIM=$(realpath "${SHIM:-build/crash-shim.so}")
SEED=data/seoul-econ-2022
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
pass=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }
killed_at() { # n, when, command...: runs it under the shim
	n=$1; when=$2; shift 2
	CRASH_AT=$n CRASH_WHEN=$when LD_PRELOAD="$SHIM" "$@" >/dev/null 2>&1
}
calls() { # command...: how many calls the shim counts
	CRASH_COUNT="$T/count" LD_PRELOAD="$SHIM" "$@" >/dev/null 2>&1
	cat "$T/count"
}
nothing_else() { # folder, allowed names (a grep pattern), what
	left=$(ls -A "$1" | grep -v "$2")
	if [ -z "$left" ]; then ok; else bad "$3 left $left"; fi
}

# the old content: the seed without its last narrative row
cp -r "$SEED" "$T/old"
sed -i '$d' "$T/old/texts.csv"
for v in old new; do
	pkg=$SEED
	[ $v = old ] && pkg=$T/old
	"$J" import "$pkg" --db "$T/$v.db" 2>/dev/null || bad "the $v package does not import"
	"$J" check --db "$T/$v.db" >"$T/$v.check" 2>&1
	"$J" export --db "$T/$v.db" "$T/$v.pkg" || bad "the $v package does not export"
done

# What the database at $1 holds: old, new or none; anything else is a mix.
holds() {
	if [ ! -e "$1" ]; then echo none; return; fi
	rm -rf "$T/seen"
	if ! "$J" export --db "$1" "$T/seen" 2>"$T/err"; then echo "unreadable: $(head -1 "$T/err")"; return; fi
	if diff -r "$T/seen" "$T/new.pkg" >/dev/null; then echo new
	elif diff -r "$T/seen" "$T/old.pkg" >/dev/null; then echo old
	else echo mix; fi
}

n_new=$(rm -rf "$T/d" && mkdir "$T/d" && calls "$J" import "$SEED" --db "$T/d/x.db")
n_old=$(rm -rf "$T/d" && mkdir "$T/d" && "$J" import "$T/old" --db "$T/d/x.db" 2>/dev/null &&
	calls "$J" import "$SEED" --db "$T/d/x.db")
for into in new existing; do
	last=$n_new
	[ $into = existing ] && last=$n_old
	for when in before after; do
		n=1
		while [ "$n" -le "$last" ]; do
			what="import into a $into database killed $when call $n"
			rm -rf "$T/d" && mkdir "$T/d"
			[ $into = existing ] && "$J" import "$T/old" --db "$T/d/x.db" 2>/dev/null
			killed_at "$n" "$when" "$J" import "$SEED" --db "$T/d/x.db"
			seen=$(holds "$T/d/x.db")
			case "$into:$seen" in
			new:none | new:new | existing:old | existing:new) ok ;;
			*) bad "$what: the database holds $seen" ;;
			esac
			if [ "$seen" = old ] || [ "$seen" = new ]; then
				"$J" check --db "$T/d/x.db" >"$T/check" 2>&1
				if cmp -s "$T/check" "$T/$seen.check"; then ok; else
					bad "$what: check differs from after a clean import"; diff "$T/check" "$T/$seen.check" | head -3; fi
			fi
			"$J" import "$SEED" --db "$T/d/x.db" 2>/dev/null || bad "$what: the next import failed"
			nothing_else "$T/d" '^x\.db\(-image\)\?$' "$what, then an import,"
			n=$((n + 1))
		done
	done
done

# export over an older package: the folder is the old package or the new
rm -rf "$T/e" && mkdir "$T/e" && cp -r "$T/old.pkg" "$T/e/out"
n_exp=$(calls "$J" export --db "$T/new.db" "$T/e/out")
for when in before after; do
	n=1
	while [ "$n" -le "$n_exp" ]; do
		what="export killed $when call $n"
		rm -rf "$T/e" && mkdir "$T/e" && cp -r "$T/old.pkg" "$T/e/out"
		killed_at "$n" "$when" "$J" export --db "$T/new.db" "$T/e/out"
		if diff -r "$T/e/out" "$T/new.pkg" >/dev/null || diff -r "$T/e/out" "$T/old.pkg" >/dev/null; then ok; else
			bad "$what: the folder holds a mix"; fi
		"$J" export --db "$T/new.db" "$T/e/out" 2>/dev/null || bad "$what: the next export failed"
		nothing_else "$T/e" '^out$' "$what, then an export,"
		if diff -r "$T/e/out" "$T/new.pkg" >/dev/null; then ok; else bad "$what: the next export differs"; fi
		n=$((n + 1))
	done
done

echo "crash: $pass passed, $fails failed (imports: $n_new and $n_old calls, export: $n_exp)"
[ "$fails" -eq 0 ]

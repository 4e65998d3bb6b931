#!/usr/bin/env bash
# `jipyo import` of a package against an older build's import of its own
# package and the sqlite3 CLI's `.import` of the same CSV files, interleaved
# (one of each per round), each into a new database; wall and CPU seconds
# of every run, the load average before and after every round.
#
#   bench/import_vs.sh OLD_BINARY OLD_PACKAGE NEW_BINARY NEW_PACKAGE [ROUNDS]
#
# OLD_BINARY is a jipyo built from an older commit (`git worktree add
# /tmp/old COMMIT && make -C /tmp/old all`), OLD_PACKAGE written by that
# commit's bench/gen.py with the same arguments. Databases go to
# bench/out/vs/ and are removed after.
set -euo pipefail
old=$1 oldpkg=$2 new=$3 newpkg=$4 rounds=${5:-3}
out=bench/out/vs
mkdir -p "$out"
csvs=()
for f in "$newpkg"/*.csv; do csvs+=(".import --csv $f $(basename "$f" .csv)"); done
run() { # label command…
	local label=$1
	shift
	rm -f "$out"/t.db "$out"/t.db-* "$out"/t.db.*
	/usr/bin/time -f "$label %e s wall %U s user %S s sys" "$@" >/dev/null 2>"$out/err" ||
		{ cat "$out/err"; exit 1; }
	tail -1 "$out/err"
}
echo "${#csvs[@]} CSV files; rounds: $rounds"
for i in $(seq "$rounds"); do
	echo "round $i, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
	run "new     " "$new" import "$newpkg" --db "$out/t.db"
	run "old     " "$old" import "$oldpkg" --db "$out/t.db"
	run "sqlite3 " sqlite3 "$out/t.db" "${csvs[@]}"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
rm -f "$out"/t.db "$out"/t.db-* "$out"/t.db.* "$out/err"

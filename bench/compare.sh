#!/usr/bin/env bash
# Before/after timing of `import` and `check --db` on one generated package,
# with the sqlite3 CLI loading the same CSVs beside them (hyperfine medians).
#
#   bench/compare.sh BEFORE_BINARY AFTER_BINARY PACKAGE_DIR [RUNS_BEFORE] [RUNS_AFTER]
#
# BEFORE_BINARY is a jipyo built from an older commit (e.g. with
# `git archive <commit> | tar -x -C /tmp/old && make -C /tmp/old build/jipyo`).
# The after binary also runs with JIPYO_THREADS=1 (one core). Results go to
# bench/out/compare/NAME-*.json; the load average is printed before each step:
# on a shared machine, wall time means little without it.
set -euo pipefail
before=$1 after=$2 pkg=$3 rb=${4:-3} ra=${5:-5}
name=$(basename "$pkg")
out=bench/out/compare
db=bench/out/compare/$name
mkdir -p "$out"
load() { echo "== $1 (load average: $(cut -d' ' -f1-3 /proc/loadavg))"; }
hf() { # name runs command [prepare]
	local n=$1 r=$2 cmd=$3 prep=${4:-true} warm=0
	[ "$r" -ge 5 ] && warm=1
	load "$n"
	hyperfine -i --style basic --runs "$r" --warmup "$warm" --prepare "$prep" \
		--export-json "$out/$name-$n.json" "$cmd" | grep -E "Time|Range"
}
rmdb() { echo "rm -f $1 $1-wal $1-shm $1.import-*"; }

# import into a new database each run
hf import-before "$rb" "$before import $pkg --db $db-b.db" "$(rmdb "$db-b.db")"
hf import-after "$ra" "$after import $pkg --db $db-a.db" "$(rmdb "$db-a.db")"
hf import-after-1thread "$rb" "env JIPYO_THREADS=1 $after import $pkg --db $db-a.db" "$(rmdb "$db-a.db")"
# into an existing database (replaced in one transaction)
hf import-after-existing "$rb" "$after import $pkg --db $db-a.db"
# the sqlite3 CLI: facts.csv alone, then every CSV (untyped, unvalidated)
hf sqlite3-facts "$rb" "sqlite3 $db-s.db '.import --csv $pkg/facts.csv facts'" "rm -f $db-s.db"
all=""
for f in "$pkg"/*.csv; do all="$all '.import --csv $f $(basename "$f" .csv)'"; done
hf sqlite3-all "$rb" "sqlite3 $db-s.db $all" "rm -f $db-s.db"
rm -f "$db-s.db"

# check, each binary on the database it imported
rm -f "$db-b.db"* "$db-a.db"*
"$before" import "$pkg" --db "$db-b.db" 2>/dev/null
"$after" import "$pkg" --db "$db-a.db" 2>/dev/null
hf check-before "$rb" "$before check --db $db-b.db > $out/$name-check-before.txt"
hf check-after "$ra" "$after check --db $db-a.db > $out/$name-check-after.txt"
hf check-after-1thread "$rb" "env JIPYO_THREADS=1 $after check --db $db-a.db > /dev/null"
if cmp -s "$out/$name-check-before.txt" "$out/$name-check-after.txt"; then
	echo "check outputs identical ($(tail -1 "$out/$name-check-after.txt"))"
else
	echo "check outputs DIFFER"
fi
rm -f "$db-b.db"* "$db-a.db"*

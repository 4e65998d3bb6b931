#!/usr/bin/env bash
# Jipyo benchmark: generate synthetic packages (bench/gen.py), then time
# `jipyo import`, `jipyo check --db` and `jipyo report --format md -o` on each,
# side by side with baselines that load the same facts.csv into a fresh SQLite
# database (sqlite3 CLI `.import --csv`, and a plain Python csv+sqlite3 loader).
#
#   bench/run.sh                 # everything (see bench/README.md for how long)
#   PACKAGES="x1:1:3:5:5:600:5:600" bench/run.sh     # one small package
#
# PACKAGES is a space-separated list of
#   name:scale:rules_per_block:import_runs:check_runs:check_timeout_s:report_runs:report_timeout_s
# A step with 0 runs is skipped; a run that exceeds its timeout is killed and
# reported as "> timeout". Results: bench/out/results/*.json (hyperfine) and
# bench/out/summary.md (tables, also printed at the end).
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=${OUT:-bench/out}
RES=$OUT/results
J=build/jipyo
DEFAULT_PACKAGES="
x1:1:3:5:5:600:5:600
x10:10:3:5:5:600:5:600
x100:100:3:5:5:600:5:600
x1000:1000:3:5:5:600:5:600
t1m:4762:21:5:5:600:3:600
x10000:10000:3:3:3:600:3:600
"
PACKAGES=${PACKAGES:-$DEFAULT_PACKAGES}

mkdir -p "$RES"
make -s "$J"
# the interpreter itself, not a version-manager shim (pyenv's adds ~0.2 s per start)
PY=$(python3 -c 'import sys; print(sys.executable)')

if ! command -v hyperfine >/dev/null 2>&1; then
	echo "hyperfine not found: apt-get install -y hyperfine (this script needs it)" >&2
	exit 2
fi

# ---- machine ------------------------------------------------------------------
{
	echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
	echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo '?') (working tree may differ)"
	echo "nproc: $(nproc)"
	lscpu | grep -E '^(Architecture|Model name|CPU\(s\)|Thread|Core|Socket|L1d|L2|L3|Hypervisor)' || true
	free -h | sed -n 1,2p
	echo "sqlite3: $(sqlite3 --version)"
	echo "gcc: $(gcc --version | head -1)"
	echo "python3: $("$PY" --version 2>&1) ($PY)"
	echo "hyperfine: $(hyperfine --version)"
	echo "CFLAGS: $(make -s -p -n 2>/dev/null | grep -E '^CFLAGS ' | head -1)"
	echo "loadavg at start: $(cat /proc/loadavg)"
} >"$OUT/machine.txt"
cat "$OUT/machine.txt"

# bench NAME RUNS TIMEOUT PREPARE COMMAND: hyperfine with medians into $RES/NAME.json
bench() {
	local name=$1 runs=$2 timeout=$3 prepare=$4 cmd=$5 warm=0
	[ "$runs" -gt 0 ] || return 0
	[ "$runs" -ge 5 ] && warm=1
	echo "== $name ($runs run(s), timeout ${timeout}s): $cmd"
	hyperfine -i --style basic --runs "$runs" --warmup "$warm" \
		--prepare "$prepare" --export-json "$RES/$name.json" \
		"timeout $timeout $cmd" || true
}

# a package is made again when the generator changes
GEN_ID=$(sha1sum bench/gen.py | cut -c1-12)
for spec in $PACKAGES; do
	IFS=: read -r name scale rpb ir cr ct rr rt <<<"$spec"
	pkg=$OUT/$name
	db=$OUT/$name.db
	echo
	echo "######## $name: scale $scale, $rpb rules per block"
	if [ ! -f "$pkg/.done-$scale-$rpb-$GEN_ID" ]; then
		rm -rf "$pkg"
		start=$(date +%s%N)
		"$PY" bench/gen.py "$pkg" --scale "$scale" --rules-per-block "$rpb" 2>"$RES/$name.gen.txt"
		end=$(date +%s%N)
		echo "gen_seconds=$(awk "BEGIN{print ($end - $start) / 1e9}")" >>"$RES/$name.gen.txt"
		touch "$pkg/.done-$scale-$rpb-$GEN_ID"
	fi
	cat "$RES/$name.gen.txt"
	{
		echo "name=$name scale=$scale rules_per_block=$rpb"
		for f in facts rules units nodes; do
			echo "$f=$(($(wc -l <"$pkg/$f.csv") - 1))"
		done
		echo "facts_csv_bytes=$(stat -c %s "$pkg/facts.csv")"
		echo "package_bytes=$(du -sb "$pkg" | cut -f1)"
	} >"$RES/$name.meta"

	# import into a fresh database
	bench "$name.import" "$ir" 3600 "rm -f $db $db-wal $db-shm" \
		"$J import $pkg --db $db"
	# the database the other steps read
	rm -f "$db" "$db-wal" "$db-shm"
	"$J" import "$pkg" --db "$db"
	echo "db_bytes=$(stat -c %s "$db")" >>"$RES/$name.meta"

	# baselines: the same facts.csv into a fresh database
	b=$OUT/$name.base.db
	bench "$name.base-sqlite3" "$ir" 3600 "rm -f $b" \
		"sqlite3 $b '.import --csv $pkg/facts.csv facts'"
	allcsv=""
	for f in units functions nodes fields texts milestones dimensions members measures facts rules; do
		allcsv="$allcsv '.import --csv $pkg/$f.csv $f'"
	done
	bench "$name.base-sqlite3-all" "$ir" 3600 "rm -f $b" "sqlite3 $b $allcsv"
	bench "$name.base-python" "$ir" 3600 "rm -f $b" "$PY bench/pyload.py $pkg/facts.csv $b"
	rm -f "$b"

	# check and report read the database; exit 1 (errors found) is expected
	# (each run overwrites the check output; its last line counts the findings)
	bench "$name.check" "$cr" "$ct" "true" "$J check --db $db >$RES/$name.check.txt 2>&1"
	[ "$cr" -eq 0 ] || tail -1 "$RES/$name.check.txt"
	bench "$name.report" "$rr" "$rt" "rm -f $OUT/$name.md" \
		"$J report --db $db --format md -o $OUT/$name.md"
done

# The floor of `check`: the facts of FLOOR_FROM (default t1m) under only the 8 shared
# rules (no rule scoped to a table), i.e. loading + validating + linear rule work.
FLOOR_FROM=${FLOOR_FROM:-t1m}
if [ -n "$FLOOR_FROM" ] && [ -d "$OUT/$FLOOR_FROM" ]; then
	fl=$OUT/floor-$FLOOR_FROM
	rm -rf "$fl" "$fl.db" "$fl.db-wal" "$fl.db-shm"
	mkdir -p "$fl"
	for f in "$OUT/$FLOOR_FROM"/*.csv "$OUT/$FLOOR_FROM"/datapackage.json; do
		ln -s "../$FLOOR_FROM/$(basename "$f")" "$fl/"
	done
	rm "$fl/rules.csv"
	head -9 "$OUT/$FLOOR_FROM/rules.csv" >"$fl/rules.csv"
	"$J" import "$fl" --db "$fl.db"
	bench "floor.check" "${FLOOR_RUNS:-3}" 3600 "true" "$J check --db $fl.db >$RES/floor.check.txt 2>&1"
	tail -1 "$RES/floor.check.txt"
fi

"$PY" bench/summarize.py "$RES" | tee "$OUT/summary.md"

# The part of bench/pg/run.sh inside the throw-away cluster ($JIPYO_PG).
set -eu
ms() { date +%s%3N; }
psq() { psql -X -qAt -d "$1" -v ON_ERROR_STOP=1 "$@"; }
base=$(printf '%s' "$JIPYO_PG" | sed 's|:///[^?]*?|:///postgres?|')
for db in bench floor base; do psql -X -q -d "$base" -c "CREATE DATABASE $db" >/dev/null; done
B=$(printf '%s' "$JIPYO_PG" | sed 's|:///[^?]*?|:///bench?|')
F=$(printf '%s' "$JIPYO_PG" | sed 's|:///[^?]*?|:///floor?|')
B0=$(printf '%s' "$JIPYO_PG" | sed 's|:///[^?]*?|:///base?|')
pkgs=$(ls -d "$OUT"/pkgs/gov-* | head -n "$N")
facts=0
for d in $pkgs; do facts=$((facts + $(wc -l <"$d/facts.csv") - 1)); done

# --- the floor: psql \copy of the same CSV files, one session, into the same tables
# (made by one jipyo import, then emptied), the package id and row number as defaults
"$J" import "$(echo "$pkgs" | head -1)" --db "$F" --package x 2>/dev/null
{
	echo "SET search_path TO jipyo; CREATE SEQUENCE rows;"
	for t in units functions nodes fields texts milestones dimensions members measures facts rules uncovered; do
		echo "TRUNCATE \"$t\"; ALTER TABLE \"$t\" ALTER pkg SET DEFAULT current_setting('floor.pkg'),"
		echo " ALTER row_no SET DEFAULT nextval('rows');"
	done
	echo "TRUNCATE history; TRUNCATE packages;"
} | psql -X -q -d "$F" -v ON_ERROR_STOP=1 >/dev/null
# (the schema made first, as for the floor: the timings are of the packages)
"$J" import "$(echo "$pkgs" | head -1)" --db "$B" 2>/dev/null
[ -n "$BASE" ] && "$BASE" import "$(echo "$pkgs" | head -1)" --db "$B0" 2>/dev/null

# --- the floor and jipyo import (every government of a chunk in one command, one
# connection), and BASE's (an earlier build, into a database of its own), in turn
# a ninth of the governments at a time: on a shared machine whose load moves
# within seconds, each gets its share of every moment
rm -f "$OUT"/chunk.*
echo "$pkgs" >"$OUT/pkgs.txt"
split -n l/"${CHUNKS:-9}" "$OUT/pkgs.txt" "$OUT/chunk."
floor=0 pg_import=0 base_import=0
for c in "$OUT"/chunk.??; do
	{
		echo "SET search_path TO jipyo;"
		for d in $(cat "$c"); do
			echo "BEGIN; SET LOCAL floor.pkg = '$(basename "$d")';"
			for f in "$d"/*.csv; do
				t=$(basename "$f" .csv)
				printf '\\copy "%s"(%s) FROM '"'"'%s'"'"' CSV HEADER\n' "$t" "$(head -1 "$f" | sed 's/\([a-z_]*\)/"\1"/g')" "$f"
			done
			echo "COMMIT;"
		done
	} >"$c.sql"
	t0=$(ms)
	psql -X -q -d "$F" -v ON_ERROR_STOP=1 -f "$c.sql" >/dev/null
	t1=$(ms)
	# shellcheck disable=SC2046
	"$J" import $(cat "$c") --db "$B" 2>/dev/null
	t2=$(ms)
	floor=$((floor + t1 - t0)) pg_import=$((pg_import + t2 - t1))
	if [ -n "$BASE" ]; then
		t0=$(ms)
		# shellcheck disable=SC2046
		"$BASE" import $(cat "$c") --db "$B0" 2>/dev/null
		t1=$(ms)
		base_import=$((base_import + t1 - t0))
	fi
done
cat "$OUT"/chunk.??.sql >"$OUT/floor.sql"

# --- one process per government, into one database; one process per file into N files
t0=$(ms)
for d in $pkgs; do "$J" import "$d" --db "$B" 2>/dev/null; done
t1=$(ms)
pg_each=$((t1 - t0))
rm -rf "$OUT/sqlite" && mkdir -p "$OUT/sqlite"
t0=$(ms)
for d in $pkgs; do "$J" import "$d" --db "$OUT/sqlite/$(basename "$d").db" 2>/dev/null; done
t1=$(ms)
sq_import=$((t1 - t0))

# --- the floor as a function: \copy of one folder's CSV files as package $2 into $1
copy_floor() {
	{
		echo "SET search_path TO jipyo; BEGIN; SET LOCAL floor.pkg = '$2';"
		for f in "$1"/*.csv; do
			t=$(basename "$f" .csv)
			printf '\\copy "%s"(%s) FROM '"'"'%s'"'"' CSV HEADER\n' "$t" "$(head -1 "$f" | sed 's/\([a-z_]*\)/"\1"/g')" "$f"
		done
		echo "COMMIT;"
	} >"$OUT/floor1.sql"
	psql -X -q -d "$F" -v ON_ERROR_STOP=1 -f "$OUT/floor1.sql" >/dev/null
}

# --- one package's check: the median of 21 runs on each
median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
one=gov-001
check_ms() { # db args...
	k=0
	while [ $k -lt "${RUNS:-21}" ]; do
		t0=$(ms)
		"$J" check "$@" >/dev/null || true
		t1=$(ms)
		echo $((t1 - t0))
		k=$((k + 1))
	done | median
}
if [ -z "$BASE" ]; then
	pg_check=$(check_ms --db "$B" --package $one)
	sq_check=$(check_ms --db "$OUT/sqlite/$one.db")
else # in turn: this build and BASE, on PostgreSQL and on the same SQLite file
	k=0
	while [ $k -lt 21 ]; do
		for b in "$J" "$BASE"; do
			t0=$(ms)
			"$b" check --db "$B" --package $one >/dev/null || true
			t1=$(ms)
			"$b" check --db "$OUT/sqlite/$one.db" >/dev/null || true
			t2=$(ms)
			echo "$((t1 - t0)) $((t2 - t1))"
		done
		k=$((k + 1))
	done >"$OUT/checks.txt"
	col() { awk -v n="$1" -v c="$2" 'NR % 2 == n {print $c}' "$OUT/checks.txt" | median; }
	pg_check=$(col 1 1) sq_check=$(col 1 2) base_pg_check=$(col 0 1) base_sq_check=$(col 0 2)
fi

# --- across governments: each one's execution rate (expenditure / current budget of
# its top unit) at its latest figures on or before a date
cat >"$OUT/rate.sql" <<'SQL'
SET search_path TO jipyo;
WITH top AS (SELECT pkg, 'unit=' || id AS coords FROM units WHERE parent IS NULL),
latest AS (
	SELECT f.pkg, max(f.period) AS period FROM facts f JOIN top USING (pkg, coords)
	WHERE f.measure = 'expenditure' AND f.kind = 'actual' AND f.period <= '2022-12-31'
	GROUP BY f.pkg)
SELECT f.pkg, latest.period,
	round(100 * sum(f.value::numeric) FILTER (WHERE f.measure = 'expenditure')
		/ nullif(sum(f.value::numeric) FILTER (WHERE f.measure = 'budget_current'), 0), 1)
FROM facts f JOIN top USING (pkg, coords) JOIN latest USING (pkg, period)
WHERE f.measure IN ('expenditure', 'budget_current') AND f.kind = 'actual'
GROUP BY f.pkg, latest.period ORDER BY f.pkg;
SQL
psql -X -q -d "$B" -c "SET search_path TO jipyo" -c "ANALYZE" >/dev/null
psql -X -qAt -d "$B" -f "$OUT/rate.sql" >"$OUT/rates.txt"
q=$(k=0; while [ $k -lt 11 ]; do
	t0=$(ms); psql -X -qAt -d "$B" -f "$OUT/rate.sql" >/dev/null; t1=$(ms); echo $((t1 - t0)); k=$((k + 1))
done | median)

big=""
if [ "${BIG:-0}" -gt 0 ]; then
	G=$OUT/big-$BIG
	bf=$(($(wc -l <"$G/facts.csv") - 1))
	t0=$(ms); copy_floor "$G" big; t1=$(ms); b_floor=$((t1 - t0))
	t0=$(ms); "$J" import "$G" --db "$B" --package big 2>/dev/null; t1=$(ms); b_pg=$((t1 - t0))
	rm -f "$OUT/big.db" "$OUT/big.db-image"
	t0=$(ms); "$J" import "$G" --db "$OUT/big.db" 2>/dev/null; t1=$(ms); b_sq=$((t1 - t0))
	RUNS=5
	b_pgc=$(check_ms --db "$B" --package big)
	b_sqc=$(check_ms --db "$OUT/big.db")
	rm -f "$OUT/big.db-image" # the tables read and validated, as on PostgreSQL
	b_sqt=$(check_ms --db "$OUT/big.db")
	big="
| one government of $bf facts (scale $BIG) | time | |
|---|---|---|
| floor: \`psql \\copy\` of its CSV files | $b_floor ms | |
| \`jipyo import\` into PostgreSQL | $b_pg ms | $(awk "BEGIN{printf \"%.2f×\", $b_floor/$b_pg}") the floor |
| \`jipyo import\` into an SQLite file | $b_sq ms | |
| \`jipyo check\`, PostgreSQL (tables read and validated; median of 5) | $b_pgc ms | $(awk "BEGIN{printf \"%.2f×\", $b_pgc/$b_sqc}") SQLite with its image, $(awk "BEGIN{printf \"%.2f×\", $b_pgc/$b_sqt}") without |
| \`jipyo check\`, SQLite (model image) | $b_sqc ms | |
| \`jipyo check\`, SQLite (image removed: tables read and validated) | $b_sqt ms | |
"
fi

cat <<MD
| $N governments, $facts facts | time | per government |
|---|---|---|
| floor: \`psql \\copy\` of the CSV files, one session a chunk | $floor ms | $(awk "BEGIN{printf \"%.1f\", $floor/$N}") ms |
| \`jipyo import DIR... --db URI\`: a chunk's in one command | $pg_import ms | $(awk "BEGIN{printf \"%.1f\", $pg_import/$N}") ms |
| \`jipyo import DIR --db URI\`: a process per government (again, over the same) | $pg_each ms | $(awk "BEGIN{printf \"%.1f\", $pg_each/$N}") ms |
| \`jipyo import\` into $N SQLite files | $sq_import ms | $(awk "BEGIN{printf \"%.1f\", $sq_import/$N}") ms |
| import speed against the floor | $(awk "BEGIN{printf \"%.2f×\", $floor/$pg_import}") | target ≥ 0.8× |
| \`jipyo check\` of one package, PostgreSQL (median of 21) | $pg_check ms | |
| \`jipyo check\` of one package, SQLite (median of 21) | $sq_check ms | |
| check, PostgreSQL / SQLite | $(awk "BEGIN{printf \"%.2f×\", $pg_check/$sq_check}") | target ≤ 1.5× |
| execution rate of every government (one query, median of 11, psql included) | $q ms | $(wc -l <"$OUT/rates.txt") rows |
MD
[ -n "$BASE" ] && cat <<MD
| BASE: \`jipyo import DIR... --db URI\`, in turn with this build's and the floor | $base_import ms | $(awk "BEGIN{printf \"%.2f×\", $floor/$base_import}") the floor |
| BASE: \`jipyo check\`, PostgreSQL / SQLite, in turn with this build's | $base_pg_check / $base_sq_check ms | $(awk "BEGIN{printf \"%.2f×\", $base_pg_check/$base_sq_check}") |
MD
printf '%s' "$big"
head -3 "$OUT/rates.txt" | sed 's/^/    /'

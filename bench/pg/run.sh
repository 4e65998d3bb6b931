#!/bin/sh
# N synthetic governments of the seed's shape (bench/gen.py --scale 1, a
# different seed each) side by side: imported into one PostgreSQL database
# and into N SQLite files, against `psql \copy` of the same CSV files into
# the same tables as the floor; then one package's check on each store, and
# one query across governments (each one's execution rate as of a date).
# Runs in a throw-away cluster with fsync on (scripts/with-pg.sh --durable).
#   usage: bench/pg/run.sh [N]      (243 by default; prints Markdown)
#   BIG=SCALE: also one package of SCALE × the seed (1000 by default, 0: none)
#   BASE=PATH: an earlier build of jipyo measured in the same run (its import
#   right after this one's, the floor again after both; checks in turn)
set -eu
N=${1:-243}
J=${JIPYO:-build/jipyo}
OUT=${OUT:-bench/out/pg}
mkdir -p "$OUT/pkgs"
make -s -j2 "$J" >/dev/null
i=1
while [ "$i" -le "$N" ]; do
	d=$OUT/pkgs/gov-$(printf %03d "$i")
	if [ ! -f "$d/facts.csv" ]; then # each government its own name
		python3 bench/gen.py "$d" --scale 1 --seed "$i" >/dev/null 2>&1
		sed -i "0,/\"name\": \"[^\"]*\"/s//\"name\": \"$(basename "$d")\"/" "$d/datapackage.json"
	fi
	i=$((i + 1))
done
# one government 1,000 times the seed's size: the same three figures where
# rows, not round trips, take the time (BIG=0 leaves it out)
BIG=${BIG:-1000}
if [ "$BIG" -gt 0 ] && [ ! -f "$OUT/big-$BIG/facts.csv" ]; then
	python3 bench/gen.py "$OUT/big-$BIG" --scale "$BIG" >/dev/null 2>&1
fi
BASE=${BASE:-}
export J OUT N BIG BASE
exec sh scripts/with-pg.sh --durable sh bench/pg/inside.sh

#!/bin/sh
# The ledger benchmark: a national synthetic year (gen.py), imported by
# `jipyo ledger import` (every invariant checked) beside the sqlite3 CLI's
# `.import` of the same CSV and a bare prepared-insert loop into the same
# schema (bare.c), interleaved, ROUNDS rounds; then as-of latency (asof.c)
# and ledger-cli / hledger `balance` on the same first 100,000 transactions
# as a journal, beside `jipyo ledger import` of those 100,000 rows.
#
# usage: bench/ledger/run.sh [N_TRANSACTIONS (2000000)] [ROUNDS (3)]
# Results: bench/out/ledger/results.txt (wall s, user s, sys s, max RSS KiB).
set -eu
N=${1:-2000000}
ROUNDS=${2:-3}
J=build/jipyo
O=bench/out/ledger
D=$O/n$N
mkdir -p "$O"
make -s -j2 build/jipyo build/libjipyo.a
cc -O2 -o build/ledger-bare bench/ledger/bare.c -lsqlite3
cc -std=c11 -D_GNU_SOURCE -Isrc -O2 -o build/ledger-asof bench/ledger/asof.c build/libjipyo.a \
	-lsqlite3 -ljansson -lcsv -lutf8proc -lm -lpthread
[ -f "$D/ledger.csv" ] || python3 bench/ledger/gen.py "$N" "$D" --journal 100000
R=$O/results.txt
{
	echo "# $(date -u +%FT%TZ) N=$N rounds=$ROUNDS $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "# rows: $(($(wc -l <"$D/ledger.csv") - 1)), CSV $(du -m "$D/ledger.csv" | cut -f1) MB"
} >>"$R"
t() { # label, command...: one line "label wall user sys maxrss_kib"
	label=$1; shift
	/usr/bin/time -f "$label %e %U %S %M" -o "$O/time" "$@" >"$O/cmd.out" 2>&1 || { cat "$O/cmd.out"; exit 1; }
	cat "$O/time" | tee -a "$R"
}
fresh() { rm -f "$1" "$1-wal" "$1-shm" "$1-image"; }
for r in $(seq "$ROUNDS"); do
	fresh "$O/j.db"; $J import "$D/pkg" --db "$O/j.db" >/dev/null
	t jipyo-ledger-import $J ledger import "$D/ledger.csv" --db "$O/j.db"
	fresh "$O/b.db"; $J import "$D/pkg" --db "$O/b.db" >/dev/null
	t bare-insert-loop build/ledger-bare "$O/b.db" "$D/ledger.csv"
	fresh "$O/s.db"
	t sqlite3-import sqlite3 "$O/s.db" ".import --csv $D/ledger.csv raw"
done
echo "as-of $(build/ledger-asof "$O/j.db" 2022-08-29 200 | tr '\n' ';')" | tee -a "$R"
# the plain-text accounting peers on the first 100,000 transactions
head -n 100001 "$D/ledger.csv" >"$O/l100k.csv"
for r in $(seq "$ROUNDS"); do
	fresh "$O/k.db"; $J import "$D/pkg" --db "$O/k.db" >/dev/null
	t jipyo-ledger-import-100k $J ledger import "$O/l100k.csv" --db "$O/k.db"
	if command -v ledger >/dev/null; then t ledger-balance-100k ledger -f "$D/journal.ledger" balance; fi
	if command -v hledger >/dev/null; then t hledger-balance-100k hledger -f "$D/journal.ledger" balance; fi
done
fresh "$O/j.db"; fresh "$O/b.db"; fresh "$O/s.db"; fresh "$O/k.db"

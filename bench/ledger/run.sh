#!/bin/sh
# The ledger benchmark: a national synthetic year (gen.py), imported by
# `jipyo ledger import` (every invariant checked) beside the sqlite3 CLI's
# `.import` of the same CSV and a bare prepared-insert loop into the same
# schema (bare.c), interleaved, ROUNDS rounds, with the medians and the
# import's rate against each at the end of results.txt; then as-of latency
# (asof.c)
# and ledger-cli / hledger `balance` on the same first 100,000 transactions
# as a journal, beside `jipyo ledger import` of those 100,000 rows.
#
# --peers: parse-and-balance against the plain-text accounting tools, every
# transaction of an N-transaction year (the journal is gen.py's, one journal
# transaction per ledger row): `jipyo ledger import --dry-run` (parse, every
# invariant, the whole file balanced, nothing written), `ledger -f J bal` and
# `hledger -f J bal` (each prints a balance of every account, ~24,500 of
# them), and the same two limited to the 243 funds (`bal ^Fund`: every
# transaction still parsed and balanced, a short report), interleaved,
# ROUNDS rounds, with `jipyo ledger import` (written) beside them. Installs
# the Debian packages ledger and hledger when they are missing.
#
# usage: bench/ledger/run.sh [N_TRANSACTIONS (2000000)] [ROUNDS (3)]
#        bench/ledger/run.sh --peers [N_TRANSACTIONS (500000)] [ROUNDS (3)]
# Results: bench/out/ledger/results.txt, bench/out/ledger/peers.txt (wall s,
# user s, sys s, max RSS KiB per run; --peers ends with medians and rates).
set -eu
PEERS=0
if [ "${1:-}" = "--peers" ]; then
	PEERS=1
	shift
fi
N=${1:-$([ $PEERS -eq 1 ] && echo 500000 || echo 2000000)}
ROUNDS=${2:-3}
J=build/jipyo
O=bench/out/ledger
D=$O/n$N
mkdir -p "$O"
make -s -j2 build/jipyo build/libjipyo.a
R=$O/results.txt
: >"$O/round.txt"
t() { # label, command...: one line "label wall user sys maxrss_kib"
	label=$1; shift
	/usr/bin/time -f "$label %e %U %S %M" -o "$O/time" "$@" >"$O/cmd.out" 2>&1 || { cat "$O/cmd.out"; exit 1; }
	tee -a "$R" "$O/round.txt" <"$O/time"
}
fresh() { rm -f "$1" "$1-wal" "$1-shm" "$1-image"; }
need() { # a Debian package whose command is its name
	command -v "$1" >/dev/null 2>&1 && return 0
	echo "installing $1"
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO=sudo
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "$1"
}

if [ $PEERS -eq 1 ]; then
	need ledger
	need hledger
	D=$O/peers$N
	[ -f "$D/journal.ledger" ] || python3 bench/ledger/gen.py "$N" "$D" --journal "$N"
	n=$(($(wc -l <"$D/ledger.csv") - 1))
	R=$O/peers-run.txt
	: >"$R"
	head="# $(date -u +%FT%TZ) --peers N=$N: $n transactions ($(du -m "$D/ledger.csv" | cut -f1) MB CSV, $(du -m "$D/journal.ledger" | cut -f1) MB journal), rounds=$ROUNDS, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $(ledger --version | head -1 | cut -d, -f1), $(hledger --version | cut -d, -f1)"
	echo "$head"
	fresh "$O/p.db"; $J import "$D/pkg" --db "$O/p.db" >/dev/null 2>&1
	for r in $(seq "$ROUNDS"); do
		t jipyo-dry-run $J ledger import "$D/ledger.csv" --db "$O/p.db" --dry-run
		t ledger-bal ledger -f "$D/journal.ledger" bal
		t hledger-bal hledger -f "$D/journal.ledger" bal
		t ledger-bal-funds ledger -f "$D/journal.ledger" bal ^Fund
		t hledger-bal-funds hledger -f "$D/journal.ledger" bal ^Fund
		fresh "$O/k.db"; $J import "$D/pkg" --db "$O/k.db" >/dev/null 2>&1
		t jipyo-import $J ledger import "$D/ledger.csv" --db "$O/k.db"
	done
	fresh "$O/p.db"; fresh "$O/k.db"
	# the median of each (wall, CPU = user + sys, RSS), the transactions
	# per second of wall and of CPU time, and how many times ledger's `bal`
	# and `bal ^Fund` times this one's (wall; CPU)
	summary=$(awk -v n="$n" '
		function med(k, what,   i, j, t, a) {
			for (i = 1; i <= c[k]; i++) a[i] = v[k, what, i]
			for (i = 2; i <= c[k]; i++)
				for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
			return a[int((c[k] + 1) / 2)]
		}
		{ i = ++c[$1]; v[$1, "w", i] = $2; v[$1, "c", i] = $3 + $4; v[$1, "m", i] = $5 }
		END {
			split("jipyo-dry-run ledger-bal hledger-bal ledger-bal-funds hledger-bal-funds jipyo-import", names, " ")
			for (i = 1; i <= 6; i++) if (names[i] in c) { k = names[i]; w[k] = med(k, "w"); cp[k] = med(k, "c"); m[k] = med(k, "m") }
			for (i = 1; i <= 6; i++) {
				k = names[i]
				if (!(k in w)) continue
				printf "%-17s wall %6.2f s, CPU %6.2f s, %5d MB; %8.0f tx/s wall, %8.0f tx/s CPU; ledger bal / this %5.1fx wall %5.1fx CPU; ledger bal ^Fund / this %5.1fx wall %5.1fx CPU\n",
					k, w[k], cp[k], m[k] / 1024, n / w[k], n / cp[k], w["ledger-bal"] / w[k], cp["ledger-bal"] / cp[k], w["ledger-bal-funds"] / w[k], cp["ledger-bal-funds"] / cp[k]
			}
		}' "$R")
	{
		echo "$head"
		cat "$R"
		echo "$summary"
		echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
	} >>"$O/peers.txt"
	echo "$summary"
	echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
	exit 0
fi
cc -O2 -o build/ledger-bare bench/ledger/bare.c -lsqlite3
cc -std=c11 -D_GNU_SOURCE -Isrc -O2 -o build/ledger-asof bench/ledger/asof.c build/libjipyo.a \
	-lsqlite3 -ljansson -lcsv -lutf8proc -lmicrohttpd -lsodium -lzip -lxml2 -lxlsxwriter -lpq -lm -lpthread
[ -f "$D/ledger.csv" ] || python3 bench/ledger/gen.py "$N" "$D" --journal 100000
{
	echo "# $(date -u +%FT%TZ) N=$N rounds=$ROUNDS $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "# rows: $(($(wc -l <"$D/ledger.csv") - 1)), CSV $(du -m "$D/ledger.csv" | cut -f1) MB"
} >>"$R"
n=$(($(wc -l <"$D/ledger.csv") - 1))
for r in $(seq "$ROUNDS"); do
	fresh "$O/j.db"; $J import "$D/pkg" --db "$O/j.db" >/dev/null
	t jipyo-ledger-import $J ledger import "$D/ledger.csv" --db "$O/j.db"
	fresh "$O/b.db"; $J import "$D/pkg" --db "$O/b.db" >/dev/null
	t bare-insert-loop build/ledger-bare "$O/b.db" "$D/ledger.csv"
	fresh "$O/s.db"
	t sqlite3-import sqlite3 "$O/s.db" ".import --csv $D/ledger.csv raw"
done
# medians (wall, CPU = user + sys), rows/s, and the import's rate against each
awk -v n="$n" '
	function med(k, what,   i, j, t, a) {
		for (i = 1; i <= c[k]; i++) a[i] = v[k, what, i]
		for (i = 2; i <= c[k]; i++)
			for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
		return a[int((c[k] + 1) / 2)]
	}
	NF == 5 { i = ++c[$1]; v[$1, "w", i] = $2; v[$1, "c", i] = $3 + $4 }
	END {
		split("jipyo-ledger-import bare-insert-loop sqlite3-import", names, " ")
		for (i = 1; i <= 3; i++) if (names[i] in c) { k = names[i]; w[k] = med(k, "w"); cp[k] = med(k, "c") }
		for (i = 1; i <= 3; i++) {
			k = names[i]
			if (!(k in w)) continue
			printf "%-20s median wall %7.2f s (%8.0f rows/s), CPU %7.2f s; import rate / this: %.2fx wall, %.2fx CPU\n",
				k, w[k], n / w[k], cp[k], w[k] / w["jipyo-ledger-import"], cp[k] / cp["jipyo-ledger-import"]
		}
	}' "$O/round.txt" | tee -a "$R"
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$R"
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

#!/bin/sh
# bench/web/write.sh [N] - a web write's latency on the seed: `jipyo serve` on
# a loopback port, N (default 50) PUT /api/facts of one figure one after
# another with the ETag each returns (If-Match), each timed by curl
# (time_total) and by the server's access log; prints the median and p99 of
# both. Every write must answer 200. Loopback only; the server it starts is
# stopped on exit.
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JIPYO=${JIPYO:-$ROOT/build/jipyo}
N=${1:-50}
T=$(mktemp -d "${TMPDIR:-/tmp}/jipyo-bench-write.XXXXXX")
SRV=
cleanup() {
	[ -n "$SRV" ] && kill "$SRV" 2>/dev/null || true
	wait 2>/dev/null || true
	rm -rf "$T"
}
trap cleanup EXIT INT TERM
"$JIPYO" import "$ROOT/data/seoul-econ-2022" --db "$T/seed.db" >/dev/null 2>&1
JIPYO_PASSWORD=bench-pass-123 "$JIPYO" user add editor1 --role editor --unit econ-policy-div --db "$T/seed.db" >/dev/null
JIPYO_ADMIN_PASSWORD=bench-admin-123 "$JIPYO" serve --db "$T/seed.db" --listen 127.0.0.1:0 >"$T/serve.out" 2>"$T/access.log" &
SRV=$!
for i in $(seq 50); do grep -q listening "$T/serve.out" 2>/dev/null && break; sleep 0.1; done
BASE=$(sed -n 's/^listening on \(http:[^ ]*\)\/$/\1/p' "$T/serve.out")
[ -n "$BASE" ] || { echo "bench/web/write: the server did not start" >&2; cat "$T/access.log" >&2; exit 1; }
set -- $(curl -s -i -H 'Content-Type: application/json' -d '{"name":"editor1","password":"bench-pass-123"}' "$BASE/api/session" |
	awk -F'[=;]' '/^Set-Cookie/ {c=$2} /"csrf"/ {match($0, /"csrf":"[0-9a-f]+"/); s=substr($0, RSTART+8, RLENGTH-9)} END {print c, s}')
EDIT=$1 CSRF=$2
KEY='{"measure":"authorized","coords":{"unit":"econ-policy-div","job_class":"total"},"period":"2022-08-29","kind":"actual","table":"staffing"}'
etag=$(curl -s -D - -o /dev/null -b "jipyo_session=$EDIT" "$BASE/api/report" | awk 'tolower($1) == "etag:" {print $2}' | tr -d '\r')
v=34
for i in $(seq "$N"); do
	v=$(( v == 34 ? 35 : 34 ))
	t=$(curl -s -o "$T/w.json" -D "$T/w.h" -w '%{http_code} %{time_total}' -X PUT -b "jipyo_session=$EDIT" \
		-H "X-CSRF-Token: $CSRF" -H "If-Match: $etag" -H 'Content-Type: application/json' \
		-d "{\"key\":$KEY,\"value\":\"$v\",\"reason\":\"bench\"}" "$BASE/api/facts")
	[ "${t%% *}" = 200 ] || { echo "bench/web/write: write $i answered ${t%% *}: $(cat "$T/w.json")" >&2; exit 1; }
	echo "${t#* }" >>"$T/curl.txt"
	etag=$(awk 'tolower($1) == "etag:" {print $2}' "$T/w.h" | tr -d '\r')
done
sleep 0.2
awk '/"PUT \/api\/facts/ {sub(/ms$/, "", $NF); print $NF}' "$T/access.log" >"$T/log.txt"
stats() { # file of seconds or ms, scale -> "median p99"
	sort -g "$1" | awk -v s="$2" '{a[NR] = $1 * s} END {i = int(NR * 0.99 + 0.999); if (i > NR) i = NR;
		m = NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; printf "median %.1f ms, p99 %.1f ms", m, a[i]}'
}
echo "$N writes of a figure (PUT /api/facts, If-Match): curl $(stats "$T/curl.txt" 1000); server $(stats "$T/log.txt" 1)"
echo "image record after: $(sqlite3 "$T/seed.db" 'select count(*) || " record(s), base " || ifnull((select max(revision) from image_base), "-") from image' 2>/dev/null || echo '?')"

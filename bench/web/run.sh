#!/bin/sh
# bench/web/run.sh [SOAK_SECONDS] - `jipyo serve` under wrk beside nginx serving
# the same bytes as static files, in the same run on this machine:
#   1. a cached API read (/api/measures/authorized) and the dashboard (/), wrk
#      -t2 -c64 for READ_S seconds each (default 10), then nginx on a loopback
#      port of its own (config in a temporary folder, started and stopped here)
#      serving those two answers as files;
#      Before them SESSIONS (default 200) sessions are logged in, an office's
#      staff, so that a cost per request that grows with them shows. Each
#      line also gives the server's CPU time per request (user and system,
#      from /proc), which moves less with the machine's load than req/s;
#   2. the server's resident memory with the seed loaded, before and after;
#   3. a soak: SOAK_SECONDS (default 60; 300 for the issue's five minutes) of
#      wrk -c64 on the dashboard and the API while a client writes a figure
#      in a loop with the ETag each write returns; no errors allowed, and the
#      resident memory sampled every 5 s.
# Loopback only; every process it starts is stopped on exit. Results in
# bench/out/web/results.txt.
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JIPYO=${JIPYO:-$ROOT/build/jipyo}
SOAK_S=${1:-60}
READ_S=${READ_S:-10}
SESSIONS=${SESSIONS:-200}
OUT=$ROOT/bench/out/web
mkdir -p "$OUT"
RES=$OUT/results.txt
T=$(mktemp -d "${TMPDIR:-/tmp}/jipyo-bench-web.XXXXXX")
SRV= NGX= WR=
cleanup() {
	[ -n "$WR" ] && kill "$WR" 2>/dev/null || true
	[ -n "$SRV" ] && kill "$SRV" 2>/dev/null || true
	[ -n "$NGX" ] && kill "$NGX" 2>/dev/null || true
	wait 2>/dev/null || true
	rm -rf "$T"
}
trap cleanup EXIT INT TERM
for t in wrk nginx curl; do
	command -v $t >/dev/null 2>&1 || { echo "bench/web: $t missing (apt-get install wrk nginx-light curl)" >&2; exit 1; }
done
[ -x "$JIPYO" ] || make -C "$ROOT" build/jipyo >/dev/null

rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
cpu_ticks() { # pids... -> user+system clock ticks
	for p in "$@"; do awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null; done | awk '{s += $1} END {print s + 0}'
}

"$JIPYO" import "$ROOT/data/seoul-econ-2022" --db "$T/seed.db" >/dev/null 2>&1
JIPYO_PASSWORD=bench-pass-123 "$JIPYO" user add viewer1 --role viewer --db "$T/seed.db" >/dev/null 2>&1 || true
JIPYO_PASSWORD=bench-pass-123 "$JIPYO" user add editor1 --role editor --unit econ-policy-div --db "$T/seed.db" >/dev/null
JIPYO_ADMIN_PASSWORD=bench-admin-123 "$JIPYO" serve --db "$T/seed.db" --listen 127.0.0.1:0 >"$T/serve.out" 2>"$T/access.log" &
SRV=$!
for i in $(seq 50); do grep -q listening "$T/serve.out" 2>/dev/null && break; sleep 0.1; done
BASE=$(sed -n 's/^listening on \(http:[^ ]*\)\/$/\1/p' "$T/serve.out")
[ -n "$BASE" ] || { echo "bench/web: the server did not start" >&2; cat "$T/access.log" >&2; exit 1; }

login() { # name -> "cookie csrf"
	curl -s -i -H 'Content-Type: application/json' -d "{\"name\":\"$1\",\"password\":\"bench-pass-123\"}" "$BASE/api/session" |
		awk -F'[=;]' '/^Set-Cookie/ {c=$2} /"csrf"/ {match($0, /"csrf":"[0-9a-f]+"/); s=substr($0, RSTART+8, RLENGTH-9)} END {print c, s}'
}
i=0
while [ $i -lt "$SESSIONS" ]; do login viewer1 >/dev/null; i=$((i + 1)); done
set -- $(login viewer1); VIEW=$1
set -- $(login editor1); EDIT=$1; CSRF=$2
API=/api/measures/authorized
RSS0=$(rss_kb $SRV)

# nginx with the same bytes
mkdir -p "$T/www/api/measures" "$T/nginx"
chmod 755 "$T" # nginx's workers run as another user
curl -s -b "jipyo_session=$VIEW" "$BASE$API" >"$T/www/api/measures/authorized"
curl -s -b "jipyo_session=$VIEW" "$BASE/" >"$T/www/index.html"
NPORT=$(( 20000 + $$ % 20000 ))
cat >"$T/nginx/nginx.conf" <<CONF
worker_processes 2;
daemon off;
pid $T/nginx/nginx.pid;
error_log $T/nginx/error.log;
events { worker_connections 1024; }
http {
	access_log off;
	client_body_temp_path $T/nginx; proxy_temp_path $T/nginx; fastcgi_temp_path $T/nginx;
	uwsgi_temp_path $T/nginx; scgi_temp_path $T/nginx;
	default_type application/json;
	server { listen 127.0.0.1:$NPORT; root $T/www; index index.html; }
}
CONF
nginx -p "$T/nginx" -c "$T/nginx/nginx.conf" &
NGX=$!
sleep 0.5
NGXW=$(pgrep -P $NGX | tr '\n' ' ')

bench() { # label url pids cookie
	c0=$(cpu_ticks $3)
	wrk -t2 -c64 -d"${READ_S}s" --latency ${4:+-H "Cookie: jipyo_session=$4"} "$2" >"$T/wrk.txt" 2>&1
	c1=$(cpu_ticks $3)
	rps=$(awk '/^Requests\/sec/ {print $2}' "$T/wrk.txt")
	p50=$(awk '$1 == "50%" {print $2}' "$T/wrk.txt")
	p99=$(awk '$1 == "99%" {print $2}' "$T/wrk.txt")
	n=$(awk '/requests in/ {print $1}' "$T/wrk.txt")
	cpu=$(echo "$c0 $c1 ${n:-0} $(getconf CLK_TCK)" | awk '$3 > 0 {printf "%.1f", ($2 - $1) * 1e6 / $4 / $3}')
	bad=$(awk '/Non-2xx/ {print $5 " non-2xx"} /Socket errors/ {print $0}' "$T/wrk.txt")
	printf '| %s | %s | %s | %s | %s | %s |\n' "$1" "$rps" "$p50" "$p99" "${cpu:-?}" "${bad:-0}"
}
{
	echo "# bench/web $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
	echo "wrk -t2 -c64 -d${READ_S}s on loopback; $(nginx -v 2>&1); $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"
	echo "bytes: API $(wc -c <"$T/www/api/measures/authorized") B, dashboard $(wc -c <"$T/www/index.html") B; $SESSIONS sessions logged in"
	echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
	echo
	echo "| what | req/s | p50 | p99 | server CPU µs/req | errors |"
	echo "|---|---|---|---|---|---|"
	bench "jipyo API read ($API)" "$BASE$API" "$SRV" "$VIEW"
	bench "nginx, the same bytes as a file" "http://127.0.0.1:$NPORT/api/measures/authorized" "$NGX $NGXW"
	bench "jipyo dashboard (/)" "$BASE/" "$SRV" "$VIEW"
	bench "nginx, the dashboard's bytes as a file" "http://127.0.0.1:$NPORT/index.html" "$NGX $NGXW"
	echo
	echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "RSS with the seed loaded: $RSS0 kB at start, $(rss_kb $SRV) kB after the reads"
} | tee "$RES"
kill $NGX; wait $NGX 2>/dev/null || true; NGX=

# the soak: reads at 64 connections, a writer in a loop
KEY='{"measure":"authorized","coords":{"unit":"econ-policy-div","job_class":"total"},"period":"2022-08-29","kind":"actual","table":"staffing"}'
writer() {
	etag=$(curl -s -D - -o /dev/null -b "jipyo_session=$EDIT" "$BASE/api/report" | awk 'tolower($1) == "etag:" {print $2}' | tr -d '\r')
	n=0 bad=0 v=34
	while :; do
		v=$(( v == 34 ? 35 : 34 ))
		code=$(curl -s -o "$T/w.json" -D "$T/w.h" -w '%{http_code}' -X PUT -b "jipyo_session=$EDIT" \
			-H "X-CSRF-Token: $CSRF" -H "If-Match: $etag" -H 'Content-Type: application/json' \
			-d "{\"key\":$KEY,\"value\":\"$v\",\"reason\":\"soak\"}" "$BASE/api/facts")
		n=$((n + 1))
		if [ "$code" = 200 ]; then
			etag=$(awk 'tolower($1) == "etag:" {print $2}' "$T/w.h" | tr -d '\r')
		else
			bad=$((bad + 1))
		fi
		echo "$n $bad" >"$T/writes"
		sleep 0.2
	done
}
writer &
WR=$!
wrk -t2 -c64 -d"${SOAK_S}s" --latency -H "Cookie: jipyo_session=$VIEW" -s /dev/stdin "$BASE/" >"$T/soak.txt" 2>&1 <<'LUA' &
local paths = {"/", "/api/measures/authorized", "/api/findings?per_page=20", "/programs/a5-p2"}
local i = 0
request = function()
	i = i + 1
	return wrk.format("GET", paths[i % #paths + 1])
end
LUA
SOAKPID=$!
samples=""
elapsed=0
while kill -0 $SOAKPID 2>/dev/null; do
	samples="$samples $(rss_kb $SRV)"
	sleep 5
	elapsed=$((elapsed + 5))
done
wait $SOAKPID || true
kill $WR; wait $WR 2>/dev/null || true; WR=
{
	echo
	echo "soak ${SOAK_S}s, wrk -c64 over /, $API, /api/findings, a program page, with a writer (PUT /api/facts every 0.2 s with the ETag it got):"
	awk '/^Requests\/sec/ {print "  reads: " $2 " req/s"} $1 == "99%" {print "  p99 " $2} /Non-2xx/ {print "  NON-2XX: " $0} /Socket errors/ {print "  " $0} /requests in/ {print "  " $0}' "$T/soak.txt"
	echo "  writes: $(cut -d' ' -f1 "$T/writes") sent, $(cut -d' ' -f2 "$T/writes") refused or failed"
	echo "  RSS every 5 s (kB):$samples; after: $(rss_kb $SRV)"
	echo "  load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "  history: $(sqlite3 "$T/seed.db" 'select count(*) from history') entries; $("$JIPYO" audit verify --db "$T/seed.db" 2>&1 | head -1)"
} | tee -a "$RES"

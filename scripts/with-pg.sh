#!/bin/sh
# Runs a command beside a throw-away PostgreSQL cluster: initdb in a
# temporary folder, reached only through a Unix socket in that folder
# (listen_addresses='': no network), stopped and removed at the end, also
# when the command fails or is interrupted. The command finds the database
# in JIPYO_PG (a libpq URI), and can stop and start the cluster with
# $JIPYO_PG_CTL stop|start. As root, the cluster runs as the postgres user
# that Debian's package creates. Without PostgreSQL it says so and
# succeeds: those tests are skipped, not failed.
#   usage: scripts/with-pg.sh [--durable] COMMAND...
#   --durable: fsync on (benchmarks); the tests run with fsync off.
set -u
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
fsync=off
if [ "${1:-}" = --durable ]; then fsync=on; shift; fi
if [ ! -x "$PGBIN/initdb" ]; then
	echo "PostgreSQL is not installed ($PGBIN/initdb): its tests are skipped"
	exit 0
fi
dir=$(mktemp -d "${TMPDIR:-/tmp}/jipyo-pg.XXXXXX") || exit 1
chmod 755 "$dir" # the socket's folder: readable by the tests
as=""
if [ "$(id -u)" -eq 0 ]; then
	chown postgres "$dir" || exit 1
	as="runuser -u postgres --"
fi
cleanup() {
	$as "$PGBIN/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1
	rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP
if ! $as "$PGBIN/initdb" -D "$dir/data" -U jipyo --auth=trust -E UTF8 --locale=C.UTF-8 \
	>"$dir/initdb.log" 2>&1; then
	cat "$dir/initdb.log"
	exit 1
fi
opts="-c listen_addresses='' -c unix_socket_directories='$dir' -c fsync=$fsync"
[ "$fsync" = off ] && opts="$opts -c synchronous_commit=off -c full_page_writes=off"
if ! $as "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -o "$opts" -w start >/dev/null; then
	cat "$dir/server.log"
	exit 1
fi
$as "$PGBIN/createdb" -h "$dir" -U jipyo jipyo || exit 1
export JIPYO_PG="postgresql:///jipyo?host=$dir&user=jipyo"
export JIPYO_PG_CTL="$as $PGBIN/pg_ctl -D $dir/data -l $dir/server.log -o \"$opts\" -w"
"$@"

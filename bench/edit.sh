#!/usr/bin/env bash
# Edits at the speed of a server, on one generated package (bench/README.md):
# one fact edited inside a running process (bench/edit.c: EDITS edits of
# random facts, median and p99), one whole `jipyo set` process, and
# `check --db` after those edits (it reads the image and applies the edits).
# The load average is printed before each step: the machine is shared.
#
#   bench/edit.sh PACKAGE_DIR [EDITS]
set -uo pipefail
pkg=$1 edits=${2:-100}
db=bench/out/edit/$(basename "$pkg").db
J=build/jipyo
load() { echo "== $1 (load average: $(cut -d' ' -f1-3 /proc/loadavg))"; }
make -s "$J" build/bench-edit
mkdir -p bench/out/edit
rm -f "$db" "$db-wal" "$db-shm" "$db-image"
load "import"
/usr/bin/time -f "%e s wall, %U s user" "$J" import "$pkg" --db "$db" 2>&1 | tail -1
load "check --db before any edit"
/usr/bin/time -f "%e s wall, %U s user" "$J" check --db "$db" 2>&1 >/dev/null | tail -1
load "$edits edits inside one process"
build/bench-edit "$db" "$edits"
load "check --db after the edits (3 runs)"
for i in 1 2 3; do
	/usr/bin/time -f "%e s wall, %U s user" "$J" check --db "$db" 2>&1 >/dev/null | tail -1
done
JIPYO_TIMING=1 "$J" check --db "$db" 2>&1 >/dev/null | grep -E "image|edits since"
# a fact of the first block, as check prints its `where`
ref='org_unit_count{org_kind=office} @2022-08-29 [org-1]'
load "one whole jipyo set process (3 runs)"
for v in 2 3 4; do
	/usr/bin/time -f "%e s wall, %U s user" "$J" set --db "$db" "$ref" "$v" 2>&1 >/dev/null |
		tail -1
done
load "check --db after them"
/usr/bin/time -f "%e s wall, %U s user" "$J" check --db "$db" 2>&1 >/dev/null | tail -1

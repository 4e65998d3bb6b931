# CLI tests of the PostgreSQL store (sourced by run.sh when JIPYO_TEST_DB_URI
# names a server's database; make pg-test starts one): the seed on both
# backends with the same output, many packages in one database, the package's
# rows found by its keys (EXPLAIN), writers of one package serialised and of
# two not, and a server that goes away during an import.

P=$(pg_db seed)
S="$T/pg-seed.db"
rm -f "$S" "$S-image"
STAFF='authorized{unit=econ-policy-div,job_class=total} @2022-08-29 [staffing]'
psq() { # URI SQL: one value per line
	psql -X -qAt -d "$1" -c "SET search_path TO jipyo" -c "$2"
}

# --- the seed on both backends: the same output -----------------------------------
expect_exit 0 "import the seed into PostgreSQL" "$J" import "$SEED" --db "$P"
expect_grep "imported $SEED into $P: 909 facts" "$T/err" "the import said"
expect_exit 0 "import the seed into SQLite" "$J" import "$SEED" --db "$S"
# the ledger is SQLite-only for now: refused as bad input, not opened as a file
expect_exit 2 "ledger on PostgreSQL refused" "$J" ledger report --db "$P" --as-of 2022-08-29
expect_grep "SQLite file only" "$T/err" "the ledger's refusal says why"
same() { # description, command and arguments after --db
	what=$1
	shift
	"$J" "$@" --db "$S" >"$T/sq.out" 2>"$T/sq.err"
	a=$?
	"$J" "$@" --db "$P" >"$T/pg.out" 2>"$T/pg.err"
	b=$?
	# the database's name is in some messages; the history's times (and so
	# its hashes) are the seconds each command ran in
	for f in "$T/sq.out" "$T/sq.err" "$T/pg.out" "$T/pg.err"; do
		sed -i -e "s|$S|DB|g" -e "s|$P|DB|g" -e 's/20[0-9-]*T[0-9:]*Z/TIME/g' \
			-e 's/20[0-9-]* [0-9:]* UTC/TIME/g' -e 's/last hash [0-9a-f]*/last hash H/' \
			-e 's/"hash":"[0-9a-f]*"/"hash":"H"/' "$f"
	done
	if [ "$a" = "$b" ] && cmp -s "$T/sq.out" "$T/pg.out" && cmp -s "$T/sq.err" "$T/pg.err"; then
		ok
	else
		bad "$what differs between SQLite (exit $a) and PostgreSQL (exit $b)"
		diff "$T/sq.out" "$T/pg.out" | head -5
		diff "$T/sq.err" "$T/pg.err" | head -5
	fi
}
same "check" check
same "check --json" check --json
same "report md" report --format md
same "report html" report --format html
same "coverage" coverage --seed data/sources/000_c617418e5a5c9fdf.txt
same "set a staffing total" set "$STAFF" 34 --by 김담당 --reason "부분의 합"
same "set a milestone" set milestone:meeting/2.status in_progress --by 김담당 --if-revision 2
same "set --add" set --add 'teams{unit=econ-policy-div} @2023-01-01 [org]' 7 --by 김담당
same "set --delete" set --delete 'teams{unit=econ-policy-div} @2023-01-01 [org]' --by 김담당
same "set of a stale revision" set "$STAFF" 30 --if-revision 2
same "set of an unknown reference" set 'nosuch{unit=x} @2022' 3
same "check after edits" check --json
same "log" log
same "log --json" log --json
same "log of one fact" log "$STAFF"
same "audit verify" audit verify
rm -rf "$T/pg-ex" "$T/sq-ex"
"$J" export --db "$P" "$T/pg-ex" 2>/dev/null
"$J" export --db "$S" "$T/sq-ex" 2>/dev/null
if [ -f "$T/pg-ex/facts.csv" ] && diff -r -I '^authorized,unit=econ-policy-div;job_class=total' \
	-I '^[a-z_]*,.*,김담당,20' "$T/sq-ex" "$T/pg-ex" >/dev/null; then ok; else bad "export differs between SQLite and PostgreSQL"; fi
# the hash chain is the same function of the same entries on either backend
q1=$(psq "$P" "select hash from history order by seq limit 1")
if [ "$(sqlite3 "$S" "select hash from history order by seq limit 1" | wc -c)" -eq 65 ] && [ ${#q1} -eq 64 ]; then ok; else bad "no hash in the history"; fi
psq "$P" "update history set reason = 'other' where seq = 2" >/dev/null
expect_exit 1 "audit of a history edited on PostgreSQL" "$J" audit verify --db "$P"
expect_grep "entry 2 (revision 2, .* by 김담당) was edited" "$T/err" "audit names the entry edited on PostgreSQL"

# quotes and backslashes come back as they were through an import and an
# export (COPY's text format escapes backslashes)
rm -rf "$T/odd" "$T/odd-pg" "$T/odd-sq" && cp -r "$SEED" "$T/odd"
sed -i '3s/사업소 : 서울시립과학관/it'"'"'s \\N, a\\b and \\'"'"' "q"/' "$T/odd/texts.csv"
sed -i '3s/,it/,"it/; 3s/"q",/""q""",/' "$T/odd/texts.csv"
O=$(pg_db odd)
expect_exit 0 "import of quotes and backslashes" "$J" import "$T/odd" --db "$O"
"$J" export --db "$O" "$T/odd-pg" 2>/dev/null
if diff -r "$T/odd" "$T/odd-pg" >/dev/null; then ok; else bad "quotes and backslashes changed on PostgreSQL"; diff "$T/odd/texts.csv" "$T/odd-pg/texts.csv" | head -4; fi

# --- a refused import changes nothing ---------------------------------------------
rev0=$(psq "$P" "select revision from packages")
sum0=$(psq "$P" "select printed from facts order by row_no" | cksum)
rm -rf "$T/pg-bad" && cp -r "$SEED" "$T/pg-bad"
sed -i '5s/,\([0-9][0-9]*\),\([^,]*\),/,\1,X\2,/' "$T/pg-bad/facts.csv"
expect_exit 2 "a corrupted package into PostgreSQL" "$J" import "$T/pg-bad" --db "$P"
[ "$(psq "$P" "select revision from packages")" = "$rev0" ] && ok || bad "a refused import changed the revision"
[ "$(psq "$P" "select printed from facts order by row_no" | cksum)" = "$sum0" ] && ok || bad "a refused import changed a fact"

# --- a store of an older or a newer schema ---------------------------------------------
# (a check reads the schema's version, the package and every table in one
# query string: the tables of another version must send it the slow way)
V=$(pg_db ver)
expect_exit 0 "import into a database to age" "$J" import "$SEED" --db "$V"
psq "$V" "DROP TABLE \"tables\"; DROP TABLE finding_status; DROP TABLE users; UPDATE schema_version SET version = 1" >/dev/null
expect_exit 1 "check of a store at schema version 1" "$J" check --db "$V" --package seoul-econ-2022
expect_grep "909 fact" "$T/out" "the store of version 1 checked"
[ "$(psq "$V" "select version from schema_version")" = 3 ] && ok || bad "the store of version 1 was not migrated"
psq "$V" "UPDATE schema_version SET version = 99" >/dev/null
expect_exit 3 "check of a store of a newer schema" "$J" check --db "$V" --package seoul-econ-2022
expect_grep "schema version 99 is newer" "$T/err" "the newer schema said"

# --- many packages in one database -------------------------------------------------
M=$(pg_db many)
for g in gov-a gov-b; do
	expect_exit 0 "import $g" "$J" import "$SEED" --db "$M" --package "$g"
done
expect_exit 2 "check without --package among two" "$J" check --db "$M"
expect_grep "holds 2 packages (gov-a, gov-b): name one with --package ID" "$T/err" "the choices named"
expect_exit 2 "an unknown package" "$J" check --db "$M" --package gov-c
expect_grep "no package gov-c (it holds: gov-a, gov-b)" "$T/err" "an unknown package said"
expect_exit 1 "check one of two" "$J" check --db "$M" --package gov-b
expect_exit 1 "an edit of one package" "$J" set --db "$M" --package gov-a "$STAFF" 34
expect_exit 0 "log of the other" "$J" log --db "$M" --package gov-b
if grep -q "^r2" "$T/out"; then bad "an edit of one package is in another's history"; else ok; fi
[ "$(psq "$M" "select id || '=' || revision from packages order by id" | tr '\n' ' ')" = "gov-a=2 gov-b=1 " ] && ok || bad "each package has its own revision"
expect_exit 0 "audit of one of two" "$J" audit verify --db "$M" --package gov-a
expect_grep "2 history entries, chain intact" "$T/out" "each package has its own chain"
expect_exit 0 "the URI's fragment names the package" "$J" log --db "$M#gov-b"
# an SQLite file holds one package: --package must be its
expect_exit 1 "--package of an SQLite file, its own" "$J" check --db "$S" --package seoul-econ-2022
expect_exit 2 "--package of an SQLite file, another" "$J" check --db "$S" --package gov-a
expect_grep "holds package seoul-econ-2022, not gov-a" "$T/err" "another package of an SQLite file said"

# several folders in one command: each under its descriptor's name, each its own
# transaction, on one connection; a refused one stops the command, those before it stay
for g in north south; do
	rm -rf "$T/$g" && cp -r "$SEED" "$T/$g"
	sed -i "0,/\"name\": \"seoul-econ-2022\"/s//\"name\": \"$g\"/" "$T/$g/datapackage.json"
done
sed -i '5s/,\([0-9][0-9]*\),\([^,]*\),/,\1,X\2,/' "$T/south/facts.csv"
expect_exit 2 "import of two folders, the second refused" "$J" import "$T/north" "$T/south" --db "$M"
expect_grep "imported $T/north" "$T/err" "the first folder imported"
expect_grep "note: $T/south not imported (2 of 2)" "$T/err" "the refused folder named"
[ "$(psq "$M" "select string_agg(id, ' ' order by id) from packages where id in ('north', 'south')")" = north ] && ok || bad "a refused folder left a package"
# (each folder is read while the one before it is written: the first refused,
# the one read meanwhile is dropped)
rev0=$(psq "$M" "select revision from packages where id = 'north'")
expect_exit 2 "import of two folders, the first refused" "$J" import "$T/south" "$T/north" --db "$M"
expect_grep "note: $T/south not imported (1 of 2)" "$T/err" "the refused first folder named"
if grep -q "imported $T/north" "$T/err"; then bad "a folder after a refused one was imported"; else ok; fi
[ "$(psq "$M" "select revision from packages where id = 'north'")" = "$rev0" ] && ok || bad "a folder after a refused one was written"
expect_exit 2 "--package with several folders" "$J" import "$T/north" "$SEED" --db "$M" --package x
expect_exit 0 "import of two folders" "$J" import "$T/north" "$SEED" --db "$M"
expect_exit 0 "the second of them" "$J" log --db "$M" --package seoul-econ-2022

# --- one package's rows are found by its keys, not by reading the others' ------------
for g in 1 2 3 4 5 6 7 8; do "$J" import "$SEED" --db "$M" --package "g$g" 2>/dev/null; done
psq "$M" "analyze" >/dev/null
plan() { psql -X -qAt -d "$M" -c "SET search_path TO jipyo" -c "${2:-select 1}" -c "explain $1" | grep -v '^1$'; }
plan "select line, measure from facts where pkg = 'gov-a' order by row_no" >"$T/plan"
if grep -Eq "Index.* (using|on) facts_pkey" "$T/plan" && ! grep -q "Seq Scan" "$T/plan"; then ok; else bad "one package's facts are not read by its key"; cat "$T/plan"; fi
plan "select 1 from facts where pkg = 'gov-a' and measure = 'authorized' and coords = 'unit=x' and period = '2022' and kind = 'actual' and \"table\" is null" >"$T/plan"
if grep -Eq "Index.* (using|on) facts_pkg_measure" "$T/plan" && ! grep -q "Seq Scan" "$T/plan"; then ok; else bad "a fact is not found by its key"; cat "$T/plan"; fi
# (a history of a few entries is read whole by the planner's choice: without
# sequential scans the plan shows the key serves the query)
plan "select seq from history where pkg = 'gov-a' order by seq desc limit 1" "set enable_seqscan = off" >"$T/plan"
if grep -Eq "Index.* (using|on) history_pkey" "$T/plan" && ! grep -q "Seq Scan" "$T/plan"; then ok; else bad "the history's last entry is not found by its key"; cat "$T/plan"; fi

# --- writers of one package wait for each other, of two do not -----------------------
ms() { date +%s%3N; }
psql -X -q -d "$M" -c "SET search_path TO jipyo" -c "BEGIN" \
	-c "SELECT 1 FROM packages WHERE id = 'gov-b' FOR UPDATE" -c "SELECT pg_sleep(3)" -c "COMMIT" >/dev/null &
lock=$!
sleep 0.5
t0=$(ms)
expect_exit 1 "an edit of another package while one is locked" "$J" set --db "$M" --package g1 "$STAFF" 33
t1=$(ms)
expect_exit 1 "an edit of the locked package" "$J" set --db "$M" --package gov-b "$STAFF" 33
t2=$(ms)
wait $lock
[ $((t1 - t0)) -lt 2000 ] && ok || bad "an edit waited for another package's writer ($((t1 - t0)) ms)"
[ $((t2 - t1)) -ge 1500 ] && ok || bad "an edit did not wait for its package's writer ($((t2 - t1)) ms)"
expect_exit 0 "audit after the wait" "$J" audit verify --db "$M" --package gov-b

# --- users and the web application, per package ---------------------------------------
W=$(pg_db web)
for g in gov-a gov-b; do
	expect_exit 0 "import $g for the web" "$J" import "$SEED" --db "$W" --package "$g"
done
export JIPYO_PASSWORD=user-pass-123
expect_exit 0 "user add on PostgreSQL" "$J" user add planner1 --role planner --db "$W" --package gov-a
expect_exit 0 "an editor of the package's unit" "$J" user add ed1 --role editor --unit econ-policy-div --db "$W" --package gov-a
expect_exit 2 "an editor of a unit the package has not" "$J" user add ed2 --role editor --unit nowhere --db "$W" --package gov-a
expect_grep "no unit 'nowhere' in the package" "$T/err" "the unknown unit named"
expect_exit 2 "a name taken in the package" "$J" user add planner1 --role viewer --db "$W" --package gov-a
expect_grep "user 'planner1' exists" "$T/err" "the name taken said"
unset JIPYO_PASSWORD
expect_exit 0 "user disable on PostgreSQL" "$J" user disable ed1 --db "$W" --package gov-a
expect_exit 0 "user passwd on PostgreSQL" "$J" user passwd ed1 --db "$W" --package gov-a
expect_exit 2 "user passwd of nobody" "$J" user passwd nobody --db "$W" --package gov-a
expect_exit 0 "user list on PostgreSQL" "$J" user list --db "$W" --package gov-a
expect_grep "^planner1 *planner *- *active" "$T/out" "the planner listed"
expect_grep "^ed1 *editor *econ-policy-div *disabled" "$T/out" "the disabled editor listed"
expect_exit 0 "user list of the other package" "$J" user list --db "$W" --package gov-b
[ -s "$T/out" ] && bad "another package's users listed: $(head -1 "$T/out")" || ok
expect_exit 2 "user list without --package among two" "$J" user list --db "$W"
expect_grep "holds 2 packages" "$T/err" "the packages to choose from said"

# `jipyo serve` of one package: started on port 0, stopped with SIGTERM (exit 0)
serve_pg() { # package: started in the background, $srv its pid, $base its address
	rm -f "$T/serve-$1.out"
	JIPYO_ADMIN_PASSWORD=admin-pass-123 "$J" serve --db "$W" --package "$1" \
		--listen 127.0.0.1:0 >"$T/serve-$1.out" 2>"$T/serve-$1.err" &
	srv=$!
	n=0
	until grep -q "^listening on" "$T/serve-$1.out" 2>/dev/null; do
		n=$((n + 1))
		[ $n -gt 300 ] && break
		sleep 0.1
	done
	base=$(sed -n 's|^listening on \(http://127.0.0.1:[0-9]*\)/$|\1|p' "$T/serve-$1.out")
	[ -n "$base" ] && ok || { bad "serve of $1 on PostgreSQL did not start"; head -5 "$T/serve-$1.err"; }
	rm -f "$T/cookies"
	csrf=""
	etag=""
}
stop_pg() {
	kill -TERM "$srv"
	wait "$srv"
	got=$?
	[ "$got" -eq 0 ] && ok || { bad "serve on PostgreSQL: SIGTERM gave exit $got"; tail -5 "$T/serve-$1.err"; }
}
api() { # method path [JSON body]: prints the status; the answer in $T/api.json
	curl -s -m 20 -o "$T/api.json" -D "$T/api.head" -w '%{http_code}' -b "$T/cookies" \
		-c "$T/cookies" -H 'Content-Type: application/json' -H "X-CSRF-Token: $csrf" \
		${etag:+-H "If-Match: $etag"} -X "$1" ${3:+--data-binary "$3"} "$base$2"
}
json() { # python expression of the answer j
	python3 -c "import json, sys; j = json.load(open(sys.argv[1])); print($1)" "$T/api.json"
}
expect_status() { # want, description, api arguments...
	want=$1
	what=$2
	shift 2
	got=$(api "$@")
	[ "$got" = "$want" ] && ok || { bad "$what: HTTP $got, expected $want"; head -c 300 "$T/api.json"; echo; }
	etag=$(sed -n 's/^ETag: *\("[0-9]*"\).*/\1/ip' "$T/api.head" | tr -d '\r')
}
serve_pg gov-a
# planner1 was there: no first admin made in gov-a
if grep -q "first admin" "$T/serve-gov-a.out"; then bad "a first admin made where there were users"; else ok; fi
expect_status 401 "a user of the package, disabled" POST /api/session '{"name":"ed1","password":"user-pass-123"}'
expect_status 201 "log in on PostgreSQL" POST /api/session '{"name":"planner1","password":"user-pass-123"}'
csrf=$(json 'j["csrf"]')
expect_status 200 "the findings on PostgreSQL" GET '/api/findings?per_page=1000&unit=econ-policy-div'
[ "$etag" = '"1"' ] && ok || bad "the findings' ETag: $etag, expected \"1\""
body=$(json 'json.dumps({"rule": [f for f in j["items"] if not f["target"].startswith("authorized")][0]["rule"], "target": [f for f in j["items"] if not f["target"].startswith("authorized")][0]["target"], "status": "acknowledged", "reason": "원문대로 인쇄됨"}, ensure_ascii=False)')
stale_etag='"0"'
got=$(etag=$stale_etag api PUT /api/findings/status "$body")
[ "$got" = 412 ] && ok || bad "a status of a stale revision: HTTP $got, expected 412"
expect_status 200 "a finding acknowledged on PostgreSQL" PUT /api/findings/status "$body"
[ "$etag" = '"2"' ] && ok || bad "a status is one revision: ETag $etag"
expect_status 200 "the acknowledged findings" GET '/api/findings?status=acknowledged'
[ "$(json 'j["total"]')" = 1 ] && ok || bad "the acknowledged finding is not listed"
expect_status 200 "a figure edited on PostgreSQL" PUT /api/facts '{"key":{"measure":"authorized","coords":{"unit":"econ-policy-div","job_class":"total"},"period":"2022-08-29","kind":"actual","table":"staffing"},"value":"34","reason":"부분의 합"}'
[ "$etag" = '"3"' ] && ok || bad "an edit is one revision: ETag $etag"
stop_pg gov-a
expect_exit 0 "log of the package served" "$J" log --db "$W" --package gov-a
expect_grep "finding status .*: acknowledged" "$T/out" "the status in the log"
expect_grep "부분의 합" "$T/out" "the edit's reason in the log"
[ "$(grep -c '^r[0-9]' "$T/out")" -eq 3 ] && ok || bad "the log of the package served: $(grep -c '^r[0-9]' "$T/out") revisions, expected 3"
expect_exit 0 "audit of the package served" "$J" audit verify --db "$W" --package gov-a
expect_grep "3 history entries, chain intact" "$T/out" "the status and the edit chained"
expect_exit 1 "check sees the edit" "$J" check --db "$W" --package gov-a
# the other package of the database: its own users (a first admin), no status of gov-a's
expect_exit 0 "log of the other package" "$J" log --db "$W" --package gov-b
if grep -q "finding status" "$T/out"; then bad "a status of one package in another's history"; else ok; fi
serve_pg gov-b
expect_grep "first admin: log in as 'admin'" "$T/serve-gov-b.out" "the other package's first admin"
expect_status 401 "a user of another package" POST /api/session '{"name":"planner1","password":"user-pass-123"}'
expect_status 201 "the other package's admin" POST /api/session '{"name":"admin","password":"admin-pass-123"}'
expect_status 200 "the other package's findings" GET '/api/findings?status=acknowledged'
[ "$(json 'j["total"]')" = 0 ] && ok || bad "another package's status seen"
stop_pg gov-b
[ "$(psq "$W" "select pkg || ':' || name from users order by id" | tr '\n' ' ')" = "gov-a:planner1 gov-a:ed1 gov-b:admin " ] && ok || bad "users by package: $(psq "$W" "select pkg || ':' || name from users order by id" | tr '\n' ' ')"
# a database made before statuses and users (schema 2) is migrated by the next command
psq "$W" "drop table finding_status; drop table users; update schema_version set version = 2" >/dev/null
expect_exit 0 "user list on a database of schema 2" "$J" user list --db "$W" --package gov-a
[ "$(psq "$W" "select max(version) from schema_version")" = 3 ] && ok || bad "schema 2 not migrated"
[ "$(psq "$W" "select count(*) from finding_status")" = 0 ] && ok || bad "no statuses table after the migration"

# an import waits for its package's writer as well (its lock is in its first
# query string, with the package made when new)
psql -X -q -d "$M" -c "SET search_path TO jipyo" -c "BEGIN" \
	-c "SELECT 1 FROM packages WHERE id = 'g2' FOR UPDATE" -c "SELECT pg_sleep(2)" -c "COMMIT" >/dev/null &
lock=$!
sleep 0.5
t0=$(ms)
expect_exit 0 "an import of the locked package" "$J" import "$SEED" --db "$M" --package g2
t1=$(ms)
wait $lock
[ $((t1 - t0)) -ge 1000 ] && ok || bad "an import did not wait for its package's writer ($((t1 - t0)) ms)"
expect_exit 0 "audit after the import that waited" "$J" audit verify --db "$M" --package g2
expect_grep "2 history entries, chain intact" "$T/out" "the import that waited is one entry after the first"

# --- a write the server refuses half-way changes nothing -------------------------------
# (a constraint refuses the rules' COPY, after the tables before it and before
# the history: the rest of the query string is skipped and rolled back)
psq "$M" "ALTER TABLE rules ADD CONSTRAINT refuse CHECK (pkg NOT IN ('g3', 'doomed')) NOT VALID" >/dev/null
rev0=$(psq "$M" "select revision from packages where id = 'g3'")
n0=$(psq "$M" "select count(*) from facts where pkg = 'g3'")
expect_exit 3 "an import the server refuses, of a package held" "$J" import "$SEED" --db "$M" --package g3
expect_grep "refuse" "$T/err" "the server's refusal said"
[ "$(psq "$M" "select revision from packages where id = 'g3'")" = "$rev0" ] && ok || bad "a refused write changed the revision"
[ "$(psq "$M" "select count(*) from facts where pkg = 'g3'")" = "$n0" ] && ok || bad "a refused write changed the facts"
expect_exit 3 "an import the server refuses, of a new package" "$J" import "$SEED" --db "$M" --package doomed
[ "$(psq "$M" "select count(*) from packages where id = 'doomed'")" = 0 ] && ok || bad "a refused write left a new package"
[ "$(psq "$M" "select count(*) from facts where pkg = 'doomed'")" = 0 ] && ok || bad "a refused write left rows"
psq "$M" "ALTER TABLE rules DROP CONSTRAINT refuse" >/dev/null
expect_exit 0 "the same import once allowed" "$J" import "$SEED" --db "$M" --package g3

# --- a server that goes away during an import ----------------------------------------
# (stops the whole throw-away cluster: the last test of this file)
if [ -n "${JIPYO_PG_CTL:-}" ]; then
	python3 bench/gen.py "$T/pg-big" --scale 400 >/dev/null 2>&1
	expect_exit 0 "import the seed before the big one" "$J" import "$SEED" --db "$M" --package crash
	# The import is held inside its transaction, its rows written and its
	# history entry waiting for a lock that another session holds, so that
	# the server stops before the commit however loaded the machine is
	# (stopping it when a COPY was seen raced the commit on a busy machine).
	psql -X -qAt -d "$M" -c "BEGIN" -c "LOCK TABLE jipyo.history IN EXCLUSIVE MODE" \
		-c "SELECT pg_sleep(120)" >/dev/null 2>&1 &
	holder=$!
	n=0
	until psq "$M" "select 1 from pg_locks where relation = 'jipyo.history'::regclass and mode = 'ExclusiveLock' and granted" 2>/dev/null | grep -q 1; do
		n=$((n + 1))
		[ $n -gt 400 ] && break
		sleep 0.05
	done
	"$J" import "$T/pg-big" --db "$M" --package crash >"$T/crash.out" 2>"$T/crash.err" &
	imp=$!
	n=0 # until the import waits for the history, its facts written
	until psq "$M" "select 1 from pg_stat_activity where wait_event_type = 'Lock' and backend_type = 'client backend'" 2>/dev/null | grep -q 1; do
		n=$((n + 1))
		[ $n -gt 1200 ] && break
		sleep 0.05
	done
	[ "$(psq "$M" "select count(*) from pg_stat_activity where wait_event_type = 'Lock'")" = 1 ] && ok ||
		bad "the import did not wait inside its transaction"
	eval "$JIPYO_PG_CTL -m immediate stop" >/dev/null
	wait $imp
	got=$?
	wait $holder 2>/dev/null
	[ "$got" -eq 3 ] && ok || { bad "an import whose server went away: exit $got, expected 3"; cat "$T/crash.err"; }
	expect_grep "the connection to the server was lost" "$T/crash.err" "the lost server said"
	expect_exit 3 "a command while the server is down" "$J" check --db "$M" --package crash
	expect_grep "cannot connect to the server" "$T/err" "a server that is down said"
	eval "$JIPYO_PG_CTL start" >/dev/null
	expect_exit 0 "the package as it was before the import" "$J" log --db "$M" --package crash
	[ "$(grep -c '^r[0-9]' "$T/out")" -eq 1 ] && ok || bad "a lost import left an entry"
	[ "$(psq "$M" "select count(*) from facts where pkg = 'crash'")" = 909 ] && ok || bad "a lost import left rows"
	expect_exit 1 "check once the server is back" "$J" check --db "$M" --package crash
	expect_exit 0 "the import again once the server is back" "$J" import "$T/pg-big" --db "$M" --package crash
	[ "$(psq "$M" "select count(*) from facts where pkg = 'crash'")" -gt 909 ] && ok || bad "the import again did not write"
fi

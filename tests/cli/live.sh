# CLI tests of the live store: set, log, audit verify (sourced by run.sh,
# whose helpers and $J, $SEED, $T it uses).

STAFF='authorized{unit=econ-policy-div,job_class=total} @2022-08-29 [staffing]'
if [ -n "${JIPYO_TEST_DB_URI:-}" ]; then
	# PostgreSQL: a database of its own, so that its tables hold this test's package only
	L=$(pg_db live)
	q() { psql -X -qAt -d "$L" -c "SET search_path TO jipyo" -c "$1"; }
	revision() { q "select revision from packages"; }
else
	L="$T/live.db"
	rm -f "$L" "$L-image"
	q() { sqlite3 "$L" "$1"; }
	revision() { q "select value from package where key='revision'"; }
fi
"$J" import "$SEED" --db "$L" 2>/dev/null
for c in set log audit; do
	expect_exit 0 "$c --help" "$J" "$c" --help
	expect_grep "usage: jipyo $c" "$T/out" "$c --help"
done

# --- done when: a staffing total corrected to what its parts add up to --------
"$J" check --db "$L" >"$T/before.txt"
expect_grep "^error  *인력현황 표: 정원 (경제정책과·합계) ’22.8.29.  *35  *34  *1$" "$T/before.txt" "the row-sum finding before"
expect_exit 1 "set a staffing total" "$J" set --db "$L" "$STAFF" 34 --by 김담당 --reason "부분의 합"
expect_grep "changed: 인력현황 표: 정원 (경제정책과·합계) ’22.8.29. 35 → 34 (revision 2)" "$T/err" "set says what changed, in words"
if grep -q "^error  *인력현황 표: 정원 (경제정책과·합계)" "$T/out"; then bad "the corrected row still fails its row sum"; else ok; fi
# every other rule reading the figure is evaluated again: the column total now disagrees
expect_grep "^error  *인력현황 표: 정원 (경제정책실·합계) ’22.8.29.  *269  *268  *1$" "$T/out" "the column sum reads the new figure"
expect_grep "the 계 row must equal the sum of the unit rows" "$T/out" "the column sum's message"
expect_exit 1 "check after the edit" "$J" check --db "$L"
if cmp -s "$T/out" "$T/before.txt"; then bad "check after the edit is what it was"; else ok; fi
"$J" check --db "$L" >"$T/after.txt"
# reports mark the entered figure and say who entered it, when, at which revision
NOTE="※ 경제정책과 · 정원·합계 34: 김담당 입력, ’[0-9]*\.[0-9]*\.[0-9]*\., 판 2"
expect_exit 0 "report after the edit" "$J" report --db "$L"
expect_grep "| *34※ |" "$T/out" "the Markdown report marks the entered figure"
expect_grep "^$NOTE\$" "$T/out" "the Markdown report notes who entered it"
expect_exit 0 "HTML report after the edit" "$J" report --db "$L" --format html -o "$T/e.html"
expect_grep "<p class=\"entered\">$NOTE</p>" "$T/e.html" "the HTML report notes the entered figure"
expect_exit 0 "HWPX report after the edit" "$J" report --db "$L" --format hwpx -o "$T/e.hwpx"
unzip -p "$T/e.hwpx" Contents/section0.xml >"$T/e.xml"
expect_grep "$NOTE" "$T/e.xml" "the HWPX report notes the entered figure"
expect_exit 0 "XLSX report after the edit" "$J" report --db "$L" --format xlsx -o "$T/e.xlsx"
unzip -p "$T/e.xlsx" xl/sharedStrings.xml >"$T/e.xml"
expect_grep "$NOTE" "$T/e.xml" "the XLSX report notes the entered figure"
unzip -p "$T/e.xlsx" xl/styles.xml >"$T/e.xml"
expect_grep 'formatCode="#,##0&quot;※&quot;"' "$T/e.xml" "the XLSX cell of the entered figure shows the mark"
rm -f "$T/e.html" "$T/e.hwpx" "$T/e.xlsx" "$T/e.xml"
# the model image (SQLite only: PostgreSQL keeps none) follows an edit of a value
if [ -z "${JIPYO_TEST_DB_URI:-}" ]; then
	# the model image follows an edit of a value: check reads it and applies the edit
	JIPYO_TIMING=1 "$J" check --db "$L" >"$T/out" 2>"$T/err"
	expect_grep "timing: load: edits since the image" "$T/err" "check after set reads the image and the edit"
	if cmp -s "$T/out" "$T/after.txt"; then ok; else bad "check with the image after set differs"; fi
	# a history written outside Jipyo drops the image: that entry is never applied
	cp "$L" "$T/hist.db"
	cp "$L-image" "$T/hist.db-image"
	sqlite3 "$T/hist.db" "UPDATE history SET after = replace(after, '\"34\"', '\"30\"') WHERE revision = 2"
	JIPYO_TIMING=1 "$J" check --db "$T/hist.db" >"$T/out" 2>"$T/err"
	if grep -q "image mapped" "$T/err"; then bad "an image used after the history was changed outside"; else ok; fi
	if cmp -s "$T/out" "$T/after.txt"; then ok; else bad "a changed history entry changed the findings"; fi
	rm -f "$T/hist.db" "$T/hist.db-image"
fi
expect_exit 0 "log" "$J" log --db "$L"
expect_grep "^r2 .* 김담당  changed 인력현황 표: 정원 (경제정책과·합계) ’22.8.29.: 35 → 34" "$T/out" "log shows before and after in words"
expect_grep "  reason: 부분의 합" "$T/out" "log shows the reason"
if head -1 "$T/out" | grep -q '^r2 '; then ok; else bad "log is not newest first"; fi
if grep -q "econ-policy-div" "$T/out"; then bad "log shows ids to people"; else ok; fi
expect_exit 0 "log of one fact" "$J" log --db "$L" "$STAFF"
if [ "$(wc -l <"$T/out")" -eq 2 ]; then ok; else bad "log REF lists other rows"; fi
# the where as check's table prints it names the same fact
expect_exit 0 "log of one fact by its description" "$J" log --db "$L" "인력현황 표: 정원 (경제정책과·합계) ’22.8.29."
if [ "$(wc -l <"$T/out")" -eq 2 ] && grep -q "^r2 " "$T/out"; then ok; else bad "log by description lists other rows"; fi
expect_exit 2 "log of a description no fact has" "$J" log --db "$L" "인력현황 표: 정원 (경제정책과·합계) ’21.8.29."
expect_grep "no figure is described so" "$T/err" "a description no fact has is said"
expect_exit 0 "log --json" "$J" log --db "$L" --json
expect_grep '"key":\["authorized","unit=econ-policy-div;job_class=total","2022-08-29","actual","staffing"\]' "$T/out" "log --json has the key"
expect_exit 0 "audit verify" "$J" audit verify --db "$L"
expect_grep "2 history entries, chain intact" "$T/out" "audit counts the entries"
# export then import gives the same findings; the entered fact keeps its provenance
expect_exit 0 "export after an edit" "$J" export --db "$L" "$T/edited"
expect_grep "^authorized,unit=econ-policy-div;job_class=total,2022-08-29,actual,staffing,34,34,,김담당,20" "$T/edited/facts.csv" "the entered fact exported with its provenance"
expect_grep '"name": "entered_by"' "$T/edited/datapackage.json" "the descriptor declares the provenance"
rm -f "$T/edited.db"
expect_exit 0 "import the edited package" "$J" import "$T/edited" --db "$T/edited.db"
"$J" check --db "$T/edited.db" >"$T/edited.txt"
if cmp -s "$T/after.txt" "$T/edited.txt"; then ok; else bad "export then import changed the findings"; fi
# a package without entered figures is still written byte for byte
expect_exit 0 "export the seed" "$J" export --db "$T/edited.db" "$T/edited2"
if diff -r "$T/edited" "$T/edited2" >/dev/null; then ok; else bad "the edited package did not come back the same"; fi

# --- other rows, added and deleted facts -------------------------------------------
expect_exit 1 "a milestone's status" "$J" set --db "$L" milestone:meeting/2.status in_progress --if-revision 2
expect_grep "보고서 작성 status: done → in_progress (revision 3)" "$T/err" "milestone change said"
expect_exit 1 "a text" "$J" set --db "$L" text:general/status/2.text "사업소 : 과학관"
expect_exit 1 "add a fact" "$J" set --db "$L" --add 'teams{unit=econ-policy-div} @2023-01-01 [org]' 7
expect_exit 1 "delete it" "$J" set --db "$L" --delete 'teams{unit=econ-policy-div} @2023-01-01 [org]'
expect_grep "^deleted: " "$T/err" "delete said"
# an edit a reader cannot apply to the image writes a new one in its transaction
JIPYO_TIMING=1 "$J" check --db "$L" >"$T/out" 2>"$T/err"
if [ -z "${JIPYO_TEST_DB_URI:-}" ]; then
	expect_grep "timing: load: image mapped" "$T/err" "check after a delete reads a new image"
	if grep -q "edits since the image" "$T/err"; then bad "a new image still replays edits"; else ok; fi
fi
cp "$T/out" "$T/img.txt"
rm -rf "$T/img-pkg" "$T/img.db"
"$J" export --db "$L" "$T/img-pkg" 2>/dev/null
"$J" import "$T/img-pkg" --db "$T/img.db" 2>/dev/null
"$J" check --db "$T/img.db" >"$T/out" 2>/dev/null
if cmp -s "$T/out" "$T/img.txt"; then ok; else bad "the image written by an edit gives other findings than an import"; fi
ls "$L"* 2>/dev/null | grep -q tmp- && bad "an edit left a temporary image" || ok
rm -rf "$T/img-pkg" "$T/img.db"
expect_exit 0 "audit after five edits" "$J" audit verify --db "$L"
expect_grep "6 history entries, chain intact" "$T/out" "every change is an entry"
# the same key but for its kind: a REF without kind= then names two facts
expect_exit 1 "add an estimate beside the actual figure" "$J" set --db "$L" --add "$STAFF kind=estimate" 35

# --- bad input: exit 2, nothing written, not even a history entry ------------------
# a fact's description, copied from check's table, as REF: unknown or
# nothing written; known: the same edit as its reference
# (on a copy of the file: SQLite only; the description is resolved from the
# model, the same on either store)
if [ -z "${JIPYO_TEST_DB_URI:-}" ]; then
	cp "$L" "$T/desc.db"
	expect_exit 2 "set by a description no fact has" "$J" set --db "$T/desc.db" "인력현황 표: 정원 (없는과·합계) ’22.8.29." 1
	expect_grep "no figure is described so; copy the where that check prints" "$T/err" "set names the unknown description"
	expect_exit 2 "the same, in Korean" env -u LC_ALL -u LC_MESSAGES LANG=ko_KR.UTF-8 "$J" set --db "$T/desc.db" "인력현황 표: 정원 (없는과·합계) ’22.8.29." 1
	expect_grep "이런 수치가 없습니다; check가 보여 주는 위치를 그대로 쓰십시오$" "$T/err" "set names the unknown description, in Korean"
	if grep -q "described so" "$T/err"; then bad "the Korean message has English glued to it"; else ok; fi
	if [ "$(sqlite3 "$T/desc.db" "SELECT count(*) FROM history")" = "$(sqlite3 "$L" "SELECT count(*) FROM history")" ]; then ok; else bad "an unknown description wrote history"; fi
	expect_exit 1 "set by the description check prints" "$J" set --db "$T/desc.db" "인력현황 표:정원 (경제정책실·합계)  ’22.8.29." 266
	expect_grep "changed: 인력현황 표: 정원 (경제정책실·합계) ’22.8.29. 269 → 266" "$T/err" "set by description changes that fact"
	rm -f "$T/desc.db" "$T/desc.db-image" "$T/desc.db-wal" "$T/desc.db-shm"
fi
n0=$(q "select count(*) from history")
sum0=$(q "select printed from facts order by row_no" | cksum)
expect_exit 2 "an unknown reference" "$J" set --db "$L" 'nosuch{unit=x} @2022' 3
expect_grep "no row of facts has this key" "$T/err" "unknown reference said"
expect_exit 2 "a value not in the measure's unit" "$J" set --db "$L" "$STAFF kind=actual" 43억원
expect_grep 'printed unit "원" is not the measure'"'"'s unit "명"' "$T/err" "unit refused"
expect_exit 2 "not a number" "$J" set --db "$L" "$STAFF kind=actual" 3x4
expect_exit 2 "a duplicated key" "$J" set --db "$L" --add "$STAFF" 3
expect_grep "exists already" "$T/err" "duplicate said"
expect_exit 2 "a date that does not exist" "$J" set --db "$L" milestone:meeting/1.status_as_of 2022-02-30
expect_grep 'milestones.csv:2:6: status_as_of: "2022-02-30" is not a date YYYY-MM-DD' "$T/err" "bad date located as an import does"
expect_exit 2 "a status not listed" "$J" set --db "$L" milestone:meeting/1.status finished
expect_exit 2 "a stale --if-revision" "$J" set --db "$L" "$STAFF kind=actual" 33 --if-revision 2
expect_grep "at revision 7, not 2" "$T/err" "stale revision said"
expect_exit 2 "a REF that matches several rows" "$J" set --db "$L" "$STAFF" 3
expect_grep "matches 2 facts (kinds actual, estimate): add kind=KIND" "$T/err" "several rows said"
expect_exit 2 "a malformed REF" "$J" set --db "$L" 'authorized{unit=x' 3
expect_exit 2 "an unknown field of a milestone" "$J" set --db "$L" milestone:meeting/1.colour red
expect_exit 3 "a PostgreSQL server that cannot be reached" "$J" set --db "postgresql:///x?host=$T/nosocket" "$STAFF" 3
expect_grep "cannot connect to the server" "$T/err" "an unreachable server said"
if [ "$(q "select count(*) from history")" = "$n0" ]; then ok; else bad "bad input wrote a history entry"; fi
if [ "$(q "select printed from facts order by row_no" | cksum)" = "$sum0" ]; then ok; else bad "bad input changed a fact"; fi

# --- a process killed during an edit leaves the previous revision ------------------
expect_exit 137 "killed before the commit" env JIPYO_FAULT=set-before-commit "$J" set --db "$L" "$STAFF kind=actual" 30
[ "$(revision)" = 7 ] && ok || bad "a killed edit changed the revision"
[ "$(q "select printed from facts where measure='authorized' and coords='unit=econ-policy-div;job_class=total' and kind='actual'")" = 34 ] && ok || bad "a killed edit changed the fact"
expect_exit 0 "audit after a killed edit" "$J" audit verify --db "$L"

# --- the history changed by another program -------------------------------------------
# (with the sqlite3 CLI on a copy of the file: SQLite only; tests/cli/pg.sh edits a
# history on PostgreSQL)
if [ -z "${JIPYO_TEST_DB_URI:-}" ]; then
tamper() { # description, SQL, expected message
	cp "$L" "$T/t.db"
	sqlite3 "$T/t.db" "$2"
	expect_exit 1 "audit of a history $1" "$J" audit verify --db "$T/t.db"
	expect_grep "$3" "$T/err" "audit names the entry $1"
}
tamper edited "update history set after = replace(after, '\"34\"', '\"35\"') where seq = 2" \
	"entry 2 (revision 2, .* by 김담당) was edited"
tamper deleted "delete from history where seq = 3" "entry 3 was deleted"
tamper inserted "insert into history select 8, 8, at, by, resource, key, before, after, reason, '$(printf '%064d' 1)', hash from history where seq = 7; update package set value = '8' where key = 'revision'" \
	"entry 8 (revision 8) was inserted"
tamper reordered "update history set seq = -seq where seq in (3, 4); update history set seq = 4 where seq = -3; update history set seq = 3 where seq = -4" \
	"entry 3 (revision 4) was reordered"
tamper "cut short" "delete from history where seq = 7" "the package is at revision 7 but the history ends at revision 6"
fi

# --- another writer between reading the package and writing the edit ----------------
# set takes the revision before it reads the rows, so an edit committed after
# that is seen when it writes (not lost under this one); JIPYO_FAULT=set-after-load
# waits 3 s after the rows are read
env JIPYO_FAULT=set-after-load "$J" set --db "$L" "$STAFF kind=actual" 31 >"$T/slow.out" 2>"$T/slow.err" &
slow=$!
sleep 1
expect_exit 1 "an edit while another is being made" "$J" set --db "$L" "$STAFF kind=actual" 32
wait $slow
got=$?
[ "$got" -eq 2 ] && ok || bad "an edit made on rows changed since: exit $got, expected 2"
expect_grep "the package changed while this edit was made (revision 7, now 8): run it again" "$T/slow.err" "the later edit refused"
[ "$(revision)" = 8 ] && ok || bad "the refused edit changed the revision"
rm -f "$T/t.db" "$L" "$L-image"

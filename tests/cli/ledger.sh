#!/bin/sh
# CLI tests of `jipyo ledger`: the synthetic 2022 ledger of the seed's office
# (scripts/ledger_seed.py) imports, reports and agrees with the printed
# budget table through `jipyo check`; one changed transaction makes the check
# disagree; every kind of bad input is refused with its row and field named
# and nothing written. Sourced by run.sh (uses its J, SEED, T, ok, bad,
# expect_exit, expect_grep).

L=$T/ledger
mkdir -p "$L"
LDB=$L/l.db
python3 scripts/ledger_seed.py "$SEED" >"$L/l22.csv" || bad "the seed ledger generator failed"
"$J" import "$SEED" --db "$LDB" >/dev/null 2>&1 || bad "import of the seed for the ledger"

expect_exit 0 "ledger --help" "$J" ledger --help
expect_grep "usage: jipyo ledger import" "$T/out" "ledger --help lists the subcommands"
expect_exit 2 "ledger without a subcommand" "$J" ledger
expect_exit 2 "ledger import without --db" "$J" ledger import "$L/l22.csv"
expect_exit 2 "ledger report without --as-of" "$J" ledger report --db "$LDB"
expect_exit 2 "ledger report with a bad --as-of" "$J" ledger report --db "$LDB" --as-of 2022-13-01
expect_exit 2 "ledger report with a bad --by" "$J" ledger report --db "$LDB" --as-of 2022-08-29 --by team

# --- import and report ------------------------------------------------------
cp "$LDB" "$L/l0.db"
expect_exit 0 "ledger import --dry-run of the seed ledger" "$J" ledger import "$L/l22.csv" --db "$LDB" --dry-run
expect_grep "checked .*l22.csv: [0-9]* transactions in .* rows/s); nothing written (--dry-run)" "$T/out" "a dry run says its rate and that nothing was written"
if [ "$(sqlite3 "$LDB" "SELECT count(*) FROM ledger_tx") $(sqlite3 "$LDB" "SELECT count(*) FROM ledger_imports")" = "0 0" ] && cmp -s "$LDB" "$L/l0.db"; then ok; else bad "the dry run wrote to the database"; fi
LC_ALL=ko_KR.UTF-8 "$J" ledger import "$L/l22.csv" --db "$LDB" --dry-run >"$T/out" 2>&1
expect_grep "건을 .*초에 검사했습니다 (초당 [0-9]*건); 아무것도 기록하지 않았습니다" "$T/out" "the dry run's line in Korean"
expect_exit 0 "ledger import of the seed ledger" "$J" ledger import "$L/l22.csv" --db "$LDB"
expect_grep "rows/s" "$T/out" "import reports its rate"
expect_exit 0 "ledger report as printed date" "$J" ledger report --db "$LDB" --as-of "’22.8.29."
expect_grep "’22.8.29. 기준" "$T/out" "the report's date as printed"
expect_grep "| 경제정책과 | .* | 134,534 | 108,131 | 101,867 | 80.4 | 75.7 |" "$T/out" "a division row in 백만원 with its rates"
if grep -q "econ-policy-div" "$T/out"; then bad "the report shows a unit id"; else ok; fi
cp "$T/out" "$L/report-md"
expect_exit 0 "ledger report, ISO date" "$J" ledger report --db "$LDB" --as-of 2022-08-29
if cmp -s "$T/out" "$L/report-md"; then ok; else bad "ISO and printed dates give different reports"; fi
expect_exit 0 "ledger report --format csv" "$J" ledger report --db "$LDB" --as-of 2022-08-29 --format csv
if head -c 3 "$T/out" | od -An -tx1 | grep -q "ef bb bf"; then ok; else bad "CSV without a BOM"; fi
expect_grep "경제정책과,.*,134534,108131,101867,80.4,75.7," "$T/out" "CSV row in 백만원"
expect_exit 2 "ledger report --format xlsx without -o" "$J" ledger report --db "$LDB" --as-of 2022-08-29 --format xlsx
expect_grep "xlsx writes a file: give -o FILE" "$T/err" "a workbook needs -o, as report's does"
if [ -s "$T/out" ]; then bad "xlsx without -o wrote to stdout"; else ok; fi
expect_exit 2 "ledger report --format pdf" "$J" ledger report --db "$LDB" --as-of 2022-08-29 --format pdf
expect_grep "md, csv or xlsx" "$T/err" "an unknown --format names the three"
expect_exit 0 "ledger report --help" "$J" ledger report --help
expect_grep "\[--format md|csv|xlsx\]" "$T/out" "the usage line names xlsx"
expect_exit 0 "ledger report --format xlsx -o" "$J" ledger report --db "$LDB" --as-of 2022-08-29 --format xlsx -o "$L/r.xlsx"
if head -c 2 "$L/r.xlsx" | grep -q PK && [ "$(ls -a "$L" | grep -c xlsx)" -eq 1 ]; then ok; else bad "the workbook is a zip, and nothing beside it"; fi
expect_exit 3 "ledger report --format xlsx into a folder that is not there" "$J" ledger report --db "$LDB" --as-of 2022-08-29 --format xlsx -o "$L/none/r.xlsx"
expect_exit 0 "ledger report --by month" "$J" ledger report --db "$LDB" --as-of 2022-08-29 --by month
expect_grep "| ’22.8.29. | " "$T/out" "the last month ends at the as-of day"
expect_exit 0 "ledger report --by line" "$J" ledger report --db "$LDB" --as-of 2022-08-29 --by line
expect_grep "| 경제정책과 · .* · 301-01 |" "$T/out" "lines named by unit and program title"
expect_exit 0 "ledger report at year end" "$J" ledger report --db "$LDB" --as-of 2022-12-31 --by program
expect_grep "| 이월 | 불용 |" "$T/out" "year end adds 이월 and 불용"
expect_exit 0 "ledger report by month at year end" "$J" ledger report --db "$LDB" --as-of 2022-12-31 --by month
if grep -q "불용" "$T/out"; then bad "이월 and 불용 on every month"; else ok; fi
expect_exit 0 "ledger monitor" "$J" ledger monitor --db "$LDB" --as-of 2022-06-30 --target h1:60 --svg "$L/chart.svg"
expect_grep "behind target" "$T/out" "monitor counts the units behind target"
expect_grep "<polyline" "$L/chart.svg" "monitor draws the chart"
# the target in words, never its code
expect_grep "목표: 상반기 60% first half 60%)" "$T/out" "monitor names the h1 target in words"
if grep -q "h1:" "$T/out" "$L/chart.svg"; then bad "monitor prints the target's code"; else ok; fi
expect_grep "목표: 상반기 60% first half 60%" "$L/chart.svg" "the chart names the target in words"
expect_exit 0 "ledger monitor, no target given" "$J" ledger monitor --db "$LDB" --as-of 2022-06-30
expect_grep "목표: 상반기 60% first half 60%)" "$T/out" "the default target in words"
expect_exit 0 "ledger monitor --target h1:62.5" "$J" ledger monitor --db "$LDB" --as-of 2022-06-30 --target h1:62.5
expect_grep "목표: 상반기 62.5% first half 62.5%)" "$T/out" "a target's decimals as given"
expect_exit 0 "ledger monitor --target linear" "$J" ledger monitor --db "$LDB" --as-of 2022-06-30 --target linear --svg "$L/chart2.svg"
expect_grep "목표: 직선 straight line)" "$T/out" "the linear target in words"
expect_grep "목표: 직선 straight line" "$L/chart2.svg" "the chart names the linear target"
if grep -q "linear" "$T/out" "$L/chart2.svg"; then bad "monitor prints \"linear\""; else ok; fi
# the report of a package with a ledger ends with its monitoring as of the
# budget table's day, the same tables as ledger monitor and ledger report
"$J" ledger monitor --db "$LDB" --as-of 2022-08-29 >"$L/mon-0829" 2>&1
"$J" ledger report --db "$LDB" --as-of 2022-08-29 >"$L/rep-0829" 2>&1
expect_exit 0 "report of a package with a ledger" "$J" report --db "$LDB"
missing=0
while IFS= read -r line; do
	[ -n "$line" ] && ! grep -qxF -- "$line" "$T/out" && missing=$((missing + 1))
done <<EOF_LINES
$(cat "$L/mon-0829" "$L/rep-0829")
EOF_LINES
[ "$missing" -eq 0 ] && ok || bad "$missing lines of ledger monitor and ledger report are not in the report"
expect_exit 0 "report --format html of a package with a ledger" "$J" report --db "$LDB" --format html
expect_grep 'id="ledger"' "$T/out" "the HTML report has the ledger's part"
expect_grep "<polyline" "$T/out" "with the monitoring chart"
expect_grep "집행 모니터링 (’22.8.29. 기준, 목표: 상반기 60% first half 60%)" "$T/out" "as of the budget table's day, the target in words"
expect_exit 0 "report of a package without a ledger" "$J" report --db "$L/l0.db"
if grep -q "집행 모니터링" "$T/out"; then bad "a report without a ledger has its part"; else ok; fi
expect_exit 0 "ledger monitor --target prior" "$J" ledger monitor --db "$LDB" --as-of 2022-06-30 --target prior
expect_grep "목표: 전년 실적 last year's curve)" "$T/out" "the prior-year target in words"
if grep -q "prior" "$T/out"; then bad "monitor prints \"prior\""; else ok; fi
expect_exit 2 "ledger monitor with a bad target" "$J" ledger monitor --db "$LDB" --as-of 2022-06-30 --target h1:140

# --- the ledger's figures checked against the printed table -----------------
rm -rf "$L/pkg" && cp -r "$SEED" "$L/pkg"
expect_exit 0 "ledger facts" "$J" ledger facts --db "$LDB" --as-of "’22.8.29." -o "$L/facts"
expect_grep "^budget_current,unit=econ-policy-div,2022-08-29,actual,ledger," "$L/facts" "facts of table ledger"
expect_exit 0 "ledger facts --into a package" "$J" ledger facts --db "$LDB" --as-of 2022-08-29 --into "$L/pkg"
# twice: the facts are replaced and the rules added once
expect_exit 0 "ledger facts --into again" "$J" ledger facts --db "$LDB" --as-of 2022-08-29 --into "$L/pkg"
n=$(grep -c ",ledger,.*,ledger:0$" "$L/pkg/facts.csv"); m=$(grep -c ",ledger,.*,ledger:0$" "$L/facts")
if [ "$n" -eq "$m" ]; then ok; else bad "facts --into twice: $n ledger facts, want $m"; fi
n=$(grep -c "^ledger-" "$L/pkg/rules.csv")
if [ "$n" -eq 3 ]; then ok; else bad "facts --into twice: $n ledger rules, want 3"; fi
rm -f "$L/pkg.db"
"$J" import "$L/pkg" --db "$L/pkg.db" >/dev/null 2>&1 || bad "import of the package with ledger facts"
"$J" check --db "$L/pkg.db" --json >"$L/check" 2>&1
# every division row agrees; only the printed 계 row, whose obligations and
# expenditure are not the sum of the printed rows (p1-budget-col-sum), differs
V='"rule":"ledger-vs-printed","kind":"[a-z]*","severity":"error"'
n=$(grep -c "$V" "$L/check")
m=$(grep -c "$V.*\"where\":\"[a-z_]*{unit=econ-office}" "$L/check")
if [ "$n" -eq 4 ] && [ "$m" -eq 4 ]; then ok; else bad "ledger vs printed: $n findings, $m of them the 계 row (want 4, 4)"; grep ledger-vs "$L/check" | head; fi
if grep -q "ledger-obligations-within\|ledger-expenditure-within" "$L/check"; then bad "the ledger's bounds fail"; else ok; fi
# one payment of 경제정책과 moved past the as-of day: its expenditure disagrees
awk -F, 'BEGIN{OFS=","} !done && $3=="econ-policy-div" && $6=="지출" && $2<"2022-08-29" {$2="2022-09-30"; done=1} {print}' \
	"$L/l22.csv" >"$L/l22-moved.csv"
rm -f "$L/m.db" && "$J" import "$SEED" --db "$L/m.db" >/dev/null 2>&1
expect_exit 0 "import of the changed ledger" "$J" ledger import "$L/l22-moved.csv" --db "$L/m.db"
rm -rf "$L/pkg2" && cp -r "$SEED" "$L/pkg2"
"$J" ledger facts --db "$L/m.db" --as-of 2022-08-29 --into "$L/pkg2"
rm -f "$L/pkg2.db" && "$J" import "$L/pkg2" --db "$L/pkg2.db" >/dev/null 2>&1
"$J" check --db "$L/pkg2.db" --json >"$L/check2" 2>&1
expect_grep "$V.*\"where\":\"expenditure{unit=econ-policy-div}" "$L/check2" "one moved payment is found"

# --- encodings ----------------------------------------------------------------
rm -f "$L/e.db" && "$J" import "$SEED" --db "$L/e.db" >/dev/null 2>&1
iconv -f UTF-8 -t CP949 "$L/l22.csv" >"$L/l22-cp949.csv"
expect_exit 0 "a CP949 ledger, detected" "$J" ledger import "$L/l22-cp949.csv" --db "$L/e.db"
expect_exit 0 "its report" "$J" ledger report --db "$L/e.db" --as-of 2022-08-29
if cmp -s "$T/out" "$L/report-md"; then ok; else bad "the CP949 ledger reports differently"; fi
rm -f "$L/e.db" && "$J" import "$SEED" --db "$L/e.db" >/dev/null 2>&1
expect_exit 2 "a CP949 ledger read as UTF-8" "$J" ledger import "$L/l22-cp949.csv" --db "$L/e.db" --encoding utf-8
expect_grep "not UTF-8" "$T/err" "--encoding utf-8 names the bytes"
# a byte that neither encoding has: its line and field named (the message was
# its own prefix twice, the details lost)
{ head -3 "$L/l22-cp949.csv"; printf '2022,2022-03-02,econ-policy-div,a1-p1,301-01,\377\376,1,,x\n'; } >"$L/l22-bad.csv"
expect_exit 2 "a ledger neither UTF-8 nor CP949" "$J" ledger import "$L/l22-bad.csv" --db "$L/e.db"
expect_grep "l22-bad.csv:4:6.*byte 0xFF is neither UTF-8 nor CP949" "$T/err" "the byte's line and field named"
[ "$(grep -c 'neither UTF-8 nor CP949' "$T/err")" -eq 1 ] && ok || bad "the message says it once"
expect_exit 2 "an unknown --encoding" "$J" ledger import "$L/l22.csv" --db "$L/e.db" --encoding latin1

# --- bad input: the row and field named, nothing written --------------------
# Each case: the seed ledger with one row changed or added; the database
# holds the good ledger already, so "nothing written" is its report unchanged.
"$J" ledger report --db "$LDB" --as-of 2022-12-31 --by line >"$L/before"
n_before=$(sqlite3 "$LDB" "SELECT count(*) FROM ledger_tx")
ledger_bad() { # description, expected "file:row:col: field: …" text, csv file
	# --dry-run first: the same exit and the same error, nothing written
	expect_exit 2 "$1 (--dry-run)" "$J" ledger import "$3" --db "$LDB" --dry-run
	cp "$T/err" "$L/dry-err"
	expect_exit 2 "$1" "$J" ledger import "$3" --db "$LDB"
	expect_grep "$2" "$T/err" "$1 located"
	expect_grep "nothing of .* was written" "$T/err" "$1: says nothing was written"
	if grep -v "nothing of .* was written" "$T/err" | cmp -s - "$L/dry-err"; then ok; else bad "$1: --dry-run said otherwise: $(cat "$L/dry-err")"; fi
	"$J" ledger report --db "$LDB" --as-of 2022-12-31 --by line >"$L/after"
	n_after=$(sqlite3 "$LDB" "SELECT count(*) FROM ledger_tx")
	if cmp -s "$L/before" "$L/after" && [ "$n_before" = "$n_after" ]; then ok; else bad "$1: the database changed"; fi
}
H='year,date,unit,program,line,kind,amount,ref,memo'
good() { # a small good ledger for the next rows: a budget on a new line
	printf '%s\n2022,2022-02-01,econ-policy-div,a1-p1,999-01,본예산,1000000,,\n' "$H"
}
{ good; printf '2022,2022-03-01,,a1-p1,999-01,원인행위,10,X-1,\n'; } >"$L/b1.csv"
ledger_bad "a missing unit" "b1.csv:3:3: unit: no unit" "$L/b1.csv"
{ good; printf '2022,2022-03-01,no-such-div,a1-p1,999-01,원인행위,10,X-1,\n'; } >"$L/b2.csv"
ledger_bad "an unknown unit" "b2.csv:3:3: unit: unknown unit: \"no-such-div\"" "$L/b2.csv"
{ good; printf '2022,2022-03-01,econ-policy-div,a1-p1,999-02,원인행위,10,X-1,\n'; } >"$L/b3.csv"
ledger_bad "an unknown line" "b3.csv:3:5: line: unknown budget line" "$L/b3.csv"
{ good; printf '2022,2022-03-01,econ-policy-div,a1-p1,,원인행위,10,X-1,\n'; } >"$L/b3b.csv"
ledger_bad "a missing line" "b3b.csv:3:5: line: no budget line" "$L/b3b.csv"
{ good; printf '2022,2022-03-01,econ-policy-div,a1-p1,999-01,,10,X-1,\n'; } >"$L/b4b.csv"
ledger_bad "a missing kind" "b4b.csv:3:6: kind: unknown kind: \"\"" "$L/b4b.csv"
{ good; printf '2022,2022-03-01,econ-policy-div,no-such-node,999-01,원인행위,10,X-1,\n'; } >"$L/b4c.csv"
ledger_bad "an unknown program" "b4c.csv:3:4: program: unknown program: \"no-such-node\"" "$L/b4c.csv"
{ good; printf '2022,2022-03-01,econ-policy-div,a1-p1,999-01,선급,10,X-1,\n'; } >"$L/b4.csv"
ledger_bad "an unknown kind" "b4.csv:3:6: kind: unknown kind: \"선급\"" "$L/b4.csv"
{ good; printf '2022,2022-03-01,econ-policy-div,a1-p1,999-01,원인행위,12.5만,X-1,\n'; } >"$L/b5.csv"
ledger_bad "an amount that does not parse" "b5.csv:3:7: amount: not an amount in won" "$L/b5.csv"
{ good; printf '2022,2023-01-05,econ-policy-div,a1-p1,999-01,원인행위,10,X-1,\n'; } >"$L/b6.csv"
ledger_bad "a date outside the fiscal year" "b6.csv:3:2: date: a date outside the fiscal year" "$L/b6.csv"
{ good; printf '2022,2022-03-01,econ-policy-div,a1-p1,999-01,전용,-10,T-1,\n'; } >"$L/b7.csv"
ledger_bad "a transfer with one leg" "b7.csv:3:8: ref: a transfer is two legs (voucher \"T-1\" has 1)" "$L/b7.csv"
{ good; printf '2022,2022-03-01,econ-policy-div,a1-p1,999-01,전용,-10,T-1,\n2022,2022-03-01,econ-policy-div,a1-p1,999-01,전용,20,T-1,\n'; } >"$L/b7b.csv"
ledger_bad "transfer legs that do not balance" "b7b.csv:4:7: amount: the two legs of transfer .* do not balance" "$L/b7b.csv"
ref=$(awk -F, '$8!="" && NR>1 {print $8; exit}' "$L/l22.csv")
{ good; printf '2022,2022-03-01,econ-policy-div,a1-p1,999-01,원인행위,10,%s,\n' "$ref"; } >"$L/b8.csv"
ledger_bad "a voucher already booked" "b8.csv:3:8: ref: voucher already booked: \"$ref\"" "$L/b8.csv"
{ good; printf '2022,2022-03-01,econ-policy-div,a1-p1,999-01,원인행위,10,X-1,\n2022,2022-03-01,econ-policy-div,a1-p1,999-01,원인행위,10,X-1,\n'; } >"$L/b8b.csv"
ledger_bad "a voucher twice in one file" "b8b.csv:4:8: ref: voucher already booked" "$L/b8b.csv"
{ good; printf '2022,2022-03-01,econ-policy-div,a1-p1,999-01,원인행위,100,X-1,\n2022,2022-03-02,econ-policy-div,a1-p1,999-01,지출,101,X-2,\n'; } >"$L/b9.csv"
ledger_bad "an expenditure beyond its obligation" "b9.csv:4:7: amount: expenditure beyond its obligation" "$L/b9.csv"
{ good; printf '2022,2022-03-01,econ-policy-div,a1-p1,999-01,원인행위,1000001,X-1,\n'; } >"$L/b10.csv"
ledger_bad "obligations beyond the budget" "b10.csv:3:7: amount: obligations beyond the current budget" "$L/b10.csv"
{ good; printf '2022,2022-03-01,econ-policy-div,a1-p1,999-01,지출,-5,X-1,\n'; } >"$L/b11.csv"
ledger_bad "a negative expenditure" "b11.csv:3:7: amount: only cancellations, returns and transfer legs are negative" "$L/b11.csv"
{ good; printf '2022,2022-03-01,econ-policy-div,a1-p1,999-01,원인행위,9223372036854775808,X-1,\n'; } >"$L/b12.csv"
ledger_bad "an amount beyond int64" "b12.csv:3:7: amount: not an amount in won" "$L/b12.csv"
# the invariant holds with what is stored: a payment on a stored line past its obligations
line=$(awk -F, 'NR>1 && $6=="원인행위" {print $3","$4","$5; exit}' "$L/l22.csv")
printf '%s\n2022,2022-12-31,%s,지출,900000000000,X-9,\n' "$H" "$line" >"$L/b13.csv"
ledger_bad "an expenditure beyond the stored obligations" "b13.csv:2:7: amount: expenditure beyond its obligation" "$L/b13.csv"
# and a good addition goes in
good >"$L/g.csv"
expect_exit 0 "a good second file" "$J" ledger import "$L/g.csv" --db "$LDB"

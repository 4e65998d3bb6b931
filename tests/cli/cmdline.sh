#!/bin/sh
# CLI tests of the command line itself: options (getopt_long), help, version,
# messages in the locale's language, exit codes, check's filters and terminal
# output, the package as a workbook, and tables in from a spreadsheet.
# JIPYO names the binary; run with LC_ALL=C.UTF-8 (English) as make cli does.
set -u
J=${JIPYO:-build/jipyo}
SEED=data/seoul-econ-2022
PY=/usr/bin/python3
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
pass=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }
expect_exit() { # expected, description, command...
	want=$1; what=$2; shift 2
	"$@" >"$T/out" 2>"$T/err"; got=$?
	if [ "$got" -eq "$want" ]; then ok; else bad "$what: exit $got, expected $want"; head -5 "$T/err"; fi
}
expect_grep() { # pattern file description
	if grep -q -- "$1" "$2"; then ok; else bad "$3: no \"$1\" in output"; head -5 "$2"; fi
}
expect_no_grep() { # pattern file description
	if grep -q -- "$1" "$2"; then bad "$3: \"$1\" in output"; else ok; fi
}
DB="$T/seed.db"
"$J" import "$SEED" --db "$DB" 2>/dev/null

# --- version and help -------------------------------------------------------
expect_exit 0 "--version" "$J" --version
expect_grep '^jipyo [0-9]' "$T/out" "--version names the program's"
expect_grep '^SQLite 3' "$T/out" "--version names SQLite's"
expect_exit 0 "--version --db" "$J" --version --db "$DB"
expect_grep '^data seoul-econ-2022 · rev [0-9a-f]*.*, revision 1$' "$T/out" "--version names the data's revision"
expect_exit 2 "--version of a missing database" "$J" --version --db "$T/none.db"
expect_exit 2 "--version with an unknown option" "$J" --version --bogus
for c in import export check report coverage set log audit table; do
	expect_exit 0 "help $c" "$J" help "$c"
	cp "$T/out" "$T/help"
	expect_grep "^usage: jipyo $c" "$T/help" "help $c: usage"
	expect_grep '^options:' "$T/help" "help $c: options"
	expect_grep '^  -h, --help' "$T/help" "help $c: --help listed"
	expect_grep "^  jipyo $c " "$T/help" "help $c: an example"
	expect_exit 0 "$c --help" "$J" "$c" --help
	if cmp -s "$T/out" "$T/help"; then ok; else bad "$c --help differs from help $c"; fi
done
"$J" help import >"$T/out"
expect_grep '^  --db FILE  *the database' "$T/out" "help import: --db described"
"$J" help check >"$T/out"
for o in db json severity division table; do expect_grep "^  --$o" "$T/out" "help check lists --$o"; done
expect_exit 2 "help of an unknown command" "$J" help frobnicate
expect_grep "^error: unknown command 'frobnicate'$" "$T/err" "unknown command in git's style"
expect_grep '^hint: ' "$T/err" "unknown command: a hint"
expect_exit 0 "help" "$J" help
expect_grep '^  table ' "$T/out" "help lists table"

# --- options through getopt_long ------------------------------------------------
expect_exit 1 "--db=FILE" "$J" check --db="$DB"
expect_exit 1 "a unique prefix (--js)" "$J" check --db "$DB" --js
expect_grep '"exit":1' "$T/out" "--js is --json"
expect_exit 2 "unknown option" "$J" check --bogus --db "$DB"
expect_grep "^error: unknown option '--bogus'$" "$T/err" "unknown option, one line"
expect_grep "^hint: \`jipyo help check\` lists the options" "$T/err" "unknown option: the hint"
if [ "$(wc -l <"$T/err")" -eq 2 ]; then ok; else bad "unknown option: $(wc -l <"$T/err") lines, expected 2"; fi
expect_exit 2 "unknown short option" "$J" report --db "$DB" -x
expect_grep "^error: unknown option '-x'$" "$T/err" "unknown short option named"
expect_exit 2 "an option of another command" "$J" import "$SEED" --db "$T/x.db" --json
expect_grep "^error: unknown option '--json'$" "$T/err" "an option of another command is unknown"
expect_exit 2 "a value missing" "$J" check --db
expect_grep "^error: option --db needs a value$" "$T/err" "a value missing named"
expect_exit 2 "a value for a flag" "$J" check --db "$DB" --json=yes
expect_grep "^error: option --json takes no value$" "$T/err" "a value for a flag named"
expect_exit 2 "an option twice" "$J" check --db="$DB" --db "$DB"
expect_grep "^error: option --db given twice$" "$T/err" "an option twice named"
expect_exit 2 "-- ends the options" "$J" check --db "$DB" -- --json
expect_grep "^error: wrong arguments$" "$T/err" "after --, --json is an argument"
expect_exit 2 "wrong arguments" "$J" import "$SEED"
expect_grep "^usage: jipyo import" "$T/err" "wrong arguments: the usage"
expect_grep "^hint: " "$T/err" "wrong arguments: a hint"
expect_exit 0 "-o FILE" "$J" report --db "$DB" -o "$T/r.md"
expect_exit 0 "-oFILE" "$J" report --db "$DB" "-o$T/r2.md"
if cmp -s "$T/r.md" "$T/r2.md"; then ok; else bad "-oFILE wrote another report"; fi

# --- messages in the locale's language ------------------------------------------
expect_exit 2 "a Korean error" env LC_ALL=ko_KR.UTF-8 "$J" check --bogus
expect_grep "^오류: 알 수 없는 옵션 '--bogus'$" "$T/err" "the error in Korean"
expect_grep "^힌트: " "$T/err" "the hint in Korean"
# a finding's explanation in the locale's language only (it was both, glued)
expect_exit 1 "check in Korean" env LC_ALL=ko_KR.UTF-8 "$J" check --db "$DB"
expect_grep "명시값이 계산값의 1,000배: 단위(천) 착오 의심" "$T/out" "the unit slip explained in Korean"
if grep -q "a unit slip\|day(s) later\|the sum without" "$T/out"; then bad "English explanations in a Korean check"; else ok; fi
expect_exit 1 "check in English" env LC_ALL=C.UTF-8 "$J" check --db "$DB"
expect_grep "the stated figure is 1,000 times the computed one: a unit slip" "$T/out" "the unit slip explained in English"
if grep -q "착오 의심\|일 늦음\|빼면 합계와" "$T/out"; then bad "Korean explanations in an English check"; else ok; fi
expect_exit 2 "LANG alone" env -u LC_ALL -u LC_MESSAGES LANG=ko_KR.UTF-8 "$J" check --bogus
expect_grep "^오류: " "$T/err" "LANG=ko_KR chooses Korean"
expect_exit 2 "LC_ALL before LANG" env LC_ALL=en_US.UTF-8 LANG=ko_KR.UTF-8 "$J" check --bogus
expect_grep "^error: " "$T/err" "LC_ALL=en_US wins over LANG"
expect_exit 2 "LC_MESSAGES before LANG" env -u LC_ALL LC_MESSAGES=ko_KR.UTF-8 LANG=C "$J" check --bogus
expect_grep "^오류: " "$T/err" "LC_MESSAGES=ko_KR wins over LANG=C"
expect_exit 0 "Korean help" env LC_ALL=ko_KR.UTF-8 "$J" help check
expect_grep "^사용법: jipyo check" "$T/out" "help in Korean"
expect_grep "^옵션:" "$T/out" "help's options in Korean"
expect_exit 2 "a Korean format error" env LC_ALL=ko "$J" report --db "$DB" --format doc
expect_grep "^오류: 알 수 없는 형식 'doc'" "$T/err" "a command's message in Korean"
expect_no_grep "unknown format" "$T/err" "no English glued to the Korean"
# validation (model/validate.c) and reading a package (pkg/pkg.c) speak the
# locale's language too, at the same location
rm -rf "$T/kv" && cp -r "$SEED" "$T/kv"
sed -i '3s/,bureau,2,/,bureau,two,/' "$T/kv/units.csv"
expect_exit 2 "a Korean validation error" env LC_ALL=ko_KR.UTF-8 "$J" check "$T/kv"
expect_grep "units.csv:3:4: seq: \"two\"은(는) 정수가 아닙니다$" "$T/err" "validation in Korean, located"
expect_no_grep "is not an integer" "$T/err" "no English beside the Korean validation message"
expect_exit 2 "the same in English" env LC_ALL=C.UTF-8 "$J" check "$T/kv"
expect_grep "units.csv:3:4: seq: \"two\" is not an integer$" "$T/err" "validation in English"
rm -rf "$T/kv" && cp -r "$SEED" "$T/kv"
sed -i '1s/,name_ko,/,name,/' "$T/kv/units.csv"
expect_exit 2 "a Korean package error" env LC_ALL=ko_KR.UTF-8 "$J" check "$T/kv"
expect_grep "units.csv:1:5: 머리행의 5번째 열이 \"name\"입니다. \"name_ko\"여야 합니다$" "$T/err" "a header error in Korean, located"
# the facts' own checks (model/facts.c) under LANG alone: an unknown member,
# a period, at the same file:line:column: field as in English
KO="env -u LC_ALL -u LC_MESSAGES LANG=ko_KR.UTF-8"
rm -rf "$T/kv" && cp -r "$SEED" "$T/kv"
sed -i '2s/org_kind=office/org_kind=nowhere/; 3s/,1기획관,/,1x2기획관,/; 4s/,2022-08-29,/,2022-13,/' "$T/kv/facts.csv"
expect_exit 2 "facts refused in Korean" $KO "$J" check "$T/kv"
expect_grep "facts.csv:2:2: coords: 구성원 \"nowhere\"은(는) 차원 \"org_kind\"에 없습니다$" "$T/err" "an unknown member in Korean, located"
expect_grep "facts.csv:4:3: period: \"2022-13\"은(는) 기간(YYYY, .*)이 아닙니다$" "$T/err" "a bad period in Korean, located"
expect_grep "facts.csv:3:7: printed: \"1x2기획관\"은(는) 인쇄된 수로 읽히지 않습니다: 단위 \"x\" 뒤에 숫자가 있습니다" "$T/err" "a bad number in Korean, located, its reason too"
expect_grep "^오류: 패키지에 문제가 3개 있습니다$" "$T/err" "the count of problems in Korean"
expect_no_grep "unknown member\|is not a period\|not a number\|a unit in the middle\|problems" "$T/err" "no English beside the Korean facts messages"
expect_exit 2 "the facts refused in English" "$J" check "$T/kv"
expect_grep "facts.csv:2:2: coords: unknown member \"nowhere\" of dimension \"org_kind\"$" "$T/err" "an unknown member in English, located"
expect_grep "facts.csv:3:7: printed: \"1x2기획관\" is not a number as printed: digits after the unit \"x\": a unit in the middle$" "$T/err" "a bad number in English, located"
expect_grep "^error: 3 problems in the package$" "$T/err" "the count of problems in English"
# a date as printed (base/kdate.c's reasons), Korean end to end; no ISO date
rm -rf "$T/kv" && cp -r "$SEED" "$T/kv"
sed -i "2s/’22.09.22. (목)/’22.2.30./; 3s/,2022. 9.,/,2022. 13.,/" "$T/kv/milestones.csv"
expect_exit 2 "bad dates in Korean" $KO "$J" check "$T/kv"
expect_grep "milestones.csv:2:4: when: \"’22.2.30.\"은(는) 인쇄된 날짜로 읽히지 않습니다: 2022.2.30.은(는) 달력에 없는 날입니다$" "$T/err" "a day the calendar lacks, in Korean, located"
expect_grep "milestones.csv:3:4: when: \"2022. 13.\"은(는) 인쇄된 날짜로 읽히지 않습니다: 13월은 없습니다 (1~12월)$" "$T/err" "a month past 12, in Korean, located"
expect_no_grep "calendar day\\|is not 1 to 12" "$T/err" "no English beside the Korean date messages"
expect_exit 2 "bad dates in English" "$J" check "$T/kv"
expect_grep "milestones.csv:2:4: when: \"’22.2.30.\" is not a date as printed: 2022.2.30. is not a calendar day$" "$T/err" "a day the calendar lacks, in English, not as an ISO date"
# reading the files (pkg/csv.c): an encoding, a quote, a missing file
rm -rf "$T/kv" && cp -r "$SEED" "$T/kv"
printf 'xkind,%s,Kind,members\n' "$(printf '종류' | iconv -f UTF-8 -t CP949)" >>"$T/kv/dimensions.csv"
n=$(wc -l <"$T/kv/dimensions.csv")
expect_exit 2 "a CP949 cell in Korean" $KO "$J" check "$T/kv"
expect_grep "dimensions.csv:$n:2: name_ko: 바이트 0xC1은(는) UTF-8이 아닌데 파일의 나머지는 UTF-8입니다" "$T/err" "a CP949 cell in Korean, located"
rm -rf "$T/kv" && cp -r "$SEED" "$T/kv"
printf 'unit,seq,text,source\necon-policy-div,1,"unterminated,\n' >"$T/kv/functions.csv"
expect_exit 2 "an open quote in Korean" $KO "$J" check "$T/kv"
expect_grep "functions.csv:2:19: CSV 형식이 잘못되었습니다: 따옴표로 연 칸이 끝나지 않습니다" "$T/err" "an open quote in Korean, where it opens"
rm "$T/kv/units.csv"
expect_exit 2 "a missing file in Korean" $KO "$J" check "$T/kv"
expect_grep "units.csv: 열 수 없습니다: 그런 파일이나 폴더가 없습니다$" "$T/err" "a missing file in Korean, the system's reason too"
expect_no_grep "cannot open\\|No such file" "$T/err" "no English beside the Korean file error"
# opening a database (store/): none there, another file, a server down
expect_exit 2 "no database, in Korean" $KO "$J" check --db "$T/none.db"
expect_grep "^오류: .*none.db: 그런 데이터베이스가 없습니다 (먼저 \`jipyo import DIR --db .*none.db\`를 실행하십시오)$" "$T/err" "no such database in Korean"
: >"$T/empty.db"
expect_exit 2 "not a Jipyo database, in Korean" $KO "$J" check --db "$T/empty.db"
expect_grep "empty.db: 지표 데이터베이스가 아닙니다" "$T/err" "not a Jipyo database in Korean"
expect_exit 3 "a server down, in Korean" $KO "$J" check --db "postgresql:///x?host=$T/nosocket"
expect_grep "^오류: PostgreSQL: 서버에 연결할 수 없습니다: " "$T/err" "a server down in Korean"
expect_no_grep "cannot connect" "$T/err" "a server down: no English beside the Korean"
expect_exit 3 "a server down, in English" "$J" check --db "postgresql:///x?host=$T/nosocket"
expect_grep "^error: PostgreSQL: cannot connect to the server: " "$T/err" "a server down in English"
expect_no_grep "서버" "$T/err" "a server down: no Korean beside the English"
# a rule's expression (rule/expr.c), its reason and where in it
rm -rf "$T/kv" && cp -r "$SEED" "$T/kv"
printf 'x-bad,sum,,"budget_current{unit=econ-office} = sum(budget_current)",,error,메시지,,\n' >>"$T/kv/rules.csv"
n=$(wc -l <"$T/kv/rules.csv")
expect_exit 2 "a malformed rule, in Korean" $KO "$J" check "$T/kv"
expect_grep "rules.csv:$n:4: expr: sum(measure by dimension)에 'by'가 있어야 합니다: \").*\"에서 (식의 [0-9]*번째 글자)$" "$T/err" "a malformed rule in Korean, located"
# the commands' own messages (cmd/)
expect_exit 2 "two folders into an SQLite file, in Korean" $KO "$J" import "$SEED" "$SEED" --db "$T/two.db"
expect_grep "^오류: .*two.db: SQLite 파일에는 패키지가 하나만 들어갑니다" "$T/err" "one package an SQLite file, in Korean"
expect_exit 2 "a bad --if-revision, in Korean" $KO "$J" set --db "$DB" --if-revision x 'authorized' 3
expect_grep "^오류: --if-revision x: 판 번호가 아닙니다$" "$T/err" "a bad --if-revision in Korean"
expect_exit 2 "a bad --if-revision, in English" "$J" set --db "$DB" --if-revision x 'authorized' 3
expect_grep "^error: --if-revision x: not a revision number$" "$T/err" "a bad --if-revision in English"
# a reference's error names the character where it went wrong (it said 0)
expect_exit 2 "a reference with an open brace" "$J" set --db "$DB" 'authorized{unit=x' 3
expect_grep '^error: authorized{unit=x: character 11: "{" without its "}"$' "$T/err" "the open brace's character"
expect_exit 2 "a reference with text after the measure" "$J" set --db "$DB" 'authorized zzz' 3
expect_grep '^error: authorized zzz: character 12: unexpected "zzz"' "$T/err" "the unexpected text's character"
expect_exit 2 "a reference with an open brace, in Korean" $KO "$J" set --db "$DB" 'authorized{unit=x' 3
expect_grep '^오류: authorized{unit=x: 11번째 글자: "{"을(를) 닫는 "}"이(가) 없습니다$' "$T/err" "the open brace in Korean"
printf '예산 1,234백만원\n' >"$T/other.txt"
expect_exit 2 "coverage of a report no row cites, in Korean" $KO "$J" coverage --seed "$T/other.txt" --db "$DB"
expect_grep "other.txt: 패키지의 어느 행도 출처에서 \"other.txt\"을(를) 가리키지 않습니다" "$T/err" "an uncited report in Korean"
expect_exit 2 "a user without a role, in Korean" $KO "$J" user add kim --db "$T/u.db" --role boss
expect_grep "^오류: --role: admin, planner, editor, viewer 중 하나를 지정하십시오$" "$T/err" "a bad role in Korean, one language"

# --- exit codes -------------------------------------------------------------------
expect_exit 2 "bad input" "$J" check "$T/none"
expect_exit 3 "the database fails (not writable)" "$J" import "$SEED" --db /proc/version
expect_exit 3 "a full disk under standard output" sh -c "'$J' --version >/dev/full"
expect_exit 1 "findings at error level" "$J" check --db "$DB"
"$J" check --db "$DB" --json >"$T/out"
if tail -1 "$T/out" | grep -q '^{"exit":1,"errors":[1-9][0-9]*,"warnings":[0-9]*}$'; then ok; else bad "check --json ends with the exit"; tail -1 "$T/out"; fi

# --- check: filters, width, colour -----------------------------------------------
all=$("$J" check --db "$DB" --json | tail -1)
expect_exit 1 "--severity error" "$J" check --db "$DB" --severity error --json
expect_no_grep '"severity":"warning"' "$T/out" "--severity error shows no warning"
expect_grep '"warnings":0}' "$T/out" "--severity error counts no warning"
expect_exit 1 "--severity warning" "$J" check --db "$DB" --severity warning --json
if [ "$(tail -1 "$T/out")" = "$all" ]; then ok; else bad "--severity warning shows all"; fi
expect_exit 2 "--severity of another kind" "$J" check --db "$DB" --severity fatal
expect_grep '^error: --severity "fatal": must be error | warning$' "$T/err" "a bad severity named"
expect_exit 1 "--table staffing" "$J" check --db "$DB" --table staffing --json
if sed '$d' "$T/out" | grep -v '"table":"staffing"' | grep -q .; then bad "--table shows a finding of another table"; else ok; fi
expect_grep '"rule":"p1-staffing-row-sum"' "$T/out" "--table staffing shows its row sums"
expect_exit 0 "--table of no finding" "$J" check --db "$DB" --table no-such-table --json
expect_grep '^{"exit":0,"errors":0,"warnings":0}$' "$T/out" "no finding: exit 0 stated"
expect_exit 1 "--division by id" "$J" check --db "$DB" --division econ-policy-div --json
n_div=$(grep -c '"rule"' "$T/out")
expect_exit 1 "--division by name" "$J" check --db "$DB" --division 경제정책과 --json
if [ "$(grep -c '"rule"' "$T/out")" -eq "$n_div" ] && [ "$n_div" -gt 0 ]; then ok; else bad "--division by name and id differ"; fi
if [ "$n_div" -lt "$("$J" check --db "$DB" --json | grep -c '"rule"')" ]; then ok; else bad "--division shows every finding"; fi
expect_exit 2 "--division of no unit" "$J" check --db "$DB" --division 없는과
"$J" check --db "$DB" >"$T/plain"
expect_no_grep "$(printf '\033')" "$T/plain" "no colour off a terminal"
COLUMNS=200 "$J" check --db "$DB" >"$T/wide"
COLUMNS=60 "$J" check --db "$DB" >"$T/narrow"
w=$(head -1 "$T/narrow" | wc -m); W=$(head -1 "$T/wide" | wc -m)
if [ "$w" -lt "$W" ]; then ok; else bad "COLUMNS=60 is no narrower than 200 ($w, $W)"; fi
if command -v script >/dev/null; then
	script -qc "'$J' check --db '$DB'" /dev/null >"$T/tty" 2>&1
	expect_grep "$(printf '\033')\[31merror" "$T/tty" "colour on a terminal"
	NO_COLOR=1 script -qc "'$J' check --db '$DB'" /dev/null >"$T/tty" 2>&1
	expect_no_grep "$(printf '\033')\[31m" "$T/tty" "NO_COLOR on a terminal"
fi
JIPYO_PROGRESS=1 "$J" check "$SEED" >/dev/null 2>"$T/err"
ok # the line appears after a second only; a quick check has none
expect_no_grep "$(printf '\r')" "$T/err" "no progress line for work under a second"

# --- the package as a workbook ----------------------------------------------------
expect_exit 0 "export --excel writes package.xlsx" "$J" export --db "$DB" "$T/xl" --excel
if [ -f "$T/xl/package.xlsx" ]; then ok; else bad "no package.xlsx"; fi
expect_exit 0 "import the workbook" "$J" import "$T/xl/package.xlsx" --db "$T/xl.db"
expect_exit 0 "export it again" "$J" export --db "$T/xl.db" "$T/xl-back"
if diff -r "$SEED" "$T/xl-back" >"$T/diff"; then ok; else bad "the workbook's package differs"; head "$T/diff"; fi
if [ -x "$PY" ] && "$PY" -c 'import openpyxl' 2>/dev/null; then
	"$PY" -c 'import openpyxl,sys; wb=openpyxl.load_workbook(sys.argv[1]); wb.save(sys.argv[2])' \
		"$T/xl/package.xlsx" "$T/saved.xlsx"
	expect_exit 0 "import a workbook saved back by a spreadsheet" "$J" import "$T/saved.xlsx" --db "$T/saved.db"
	expect_exit 0 "export it" "$J" export --db "$T/saved.db" "$T/saved-back"
	if diff -r "$SEED" "$T/saved-back" >/dev/null; then ok; else bad "a workbook saved back lost something"; fi
	"$PY" - "$T/xl/package.xlsx" "$T/edited.xlsx" <<'PYEOF'
import openpyxl, sys
wb = openpyxl.load_workbook(sys.argv[1])
wb["facts"]["F2"] = "2"
wb.save(sys.argv[2])
PYEOF
	expect_exit 2 "a workbook with a bad cell" "$J" import "$T/edited.xlsx" --db "$T/ed.db"
	expect_grep "edited.xlsx!facts:2:7: printed" "$T/err" "a workbook's bad cell located"
fi
printf 'not a zip' >"$T/fake.xlsx"
expect_exit 2 "a file that is no workbook" "$J" import "$T/fake.xlsx" --db "$T/fake.db"
expect_grep "not an XLSX workbook" "$T/err" "no workbook named"
expect_exit 2 "a file that is no workbook, in Korean" $KO "$J" import "$T/fake.xlsx" --db "$T/fake.db"
expect_grep "fake.xlsx: XLSX 통합문서가 아닙니다 (ZIP 파일이 아님)$" "$T/err" "no workbook, in Korean"
expect_exit 2 "a missing workbook" "$J" import "$T/none.xlsx" --db "$T/fake.db"

# --- tables in from a spreadsheet ---------------------------------------------------
# Another government's budget execution table: a 계 row and a rate column,
# saved as XLSX (openpyxl) and as a CP949 CSV; 특별회계's rate is misprinted.
G="$T/gov"
cp -r "$SEED" "$G"
for f in "$G"/*.csv; do head -1 "$f" >"$f.h" && mv "$f.h" "$f"; done
echo 'account,회계,Account,members' >>"$G/dimensions.csv"
cat >>"$G/measures.csv" <<'CSV'
budget,예산액,Budget,백만원,원,1000000,account,flow,rounded,
spent,집행액,Spent,백만원,원,1000000,account,flow,rounded,
exec_rate,집행률,Execution rate,%,%,1,account,rate,rounded,
CSV
"$J" import "$G" --db "$T/gov.db" 2>/dev/null
cp "$T/gov.db" "$T/gov-csv.db"
printf '구분,예산액,집행액,집행률(%%)\n계,"1,250,000","1,001,000",80.1\n일반회계,"500,000","420,000",84.0\n특별회계,"450,000","351,000",78.9\n기금,"300,000","230,000",76.7\n' |
	iconv -f UTF-8 -t CP949 >"$T/budget.csv"
TI="--measure 예산액=budget --measure 집행액=spent --measure 집행률=exec_rate --period 2023 --table budget"
expect_exit 2 "table import without --measure" "$J" table import "$T/budget.csv" --db "$T/gov.db" --period 2023
expect_exit 2 "table import of an unknown measure" "$J" table import "$T/budget.csv" --db "$T/gov.db" --measure 예산액=nothing --period 2023
expect_grep 'no measure "nothing"' "$T/err" "an unknown measure named"
expect_exit 2 "table import of a header not printed" "$J" table import "$T/budget.csv" --db "$T/gov.db" --measure 세입=budget --period 2023
expect_exit 2 "table import of a bad --measure" "$J" table import "$T/budget.csv" --db "$T/gov.db" --measure budget --period 2023
# shellcheck disable=SC2086
expect_exit 0 "table import of a CP949 CSV, rules proposed" "$J" table import "$T/budget.csv" --db "$T/gov-csv.db" $TI --propose-rules
expect_grep 'wrote 12 facts' "$T/err" "12 cells, 12 facts"
expect_grep '^budget-total-sum,sum,budget;spent,$m{account=total} = sum($m by account),table=budget,error,' "$T/out" "the 계 row's sum proposed"
expect_grep '^budget-exec_rate-ratio,ratio,,exec_rate = spent / budget \* 100,table=budget,error,.*budget.csv!D1$' "$T/out" "the rate's ratio proposed"
"$J" export --db "$T/gov-csv.db" "$T/gov-out" 2>/dev/null
expect_grep '^budget,account=total,2023,actual,budget,1250000,"1,250,000",budget.csv!B2$' "$T/gov-out/facts.csv" "a fact sourced to its cell"
expect_grep '^account,total,,1,계,Total$' "$T/gov-out/members.csv" "the 계 row is the total member"
# the package had no rule, so its export has no rules.csv: the proposal is the
# whole file (header and rows), listed in the descriptor as export lists it
cp "$T/out" "$T/gov-out/rules.csv"
python3 - "$T/gov-out" "$SEED" <<'PY'
import json, sys
out, seed = sys.argv[1], sys.argv[2]
d = json.load(open(out + "/datapackage.json", encoding="utf-8"))
rules = [r for r in json.load(open(seed + "/datapackage.json", encoding="utf-8"))["resources"] if r["name"] == "rules"]
d["resources"] += rules
json.dump(d, open(out + "/datapackage.json", "w", encoding="utf-8"), ensure_ascii=False, indent=2)
PY
expect_exit 0 "the proposed rules accepted" "$J" import "$T/gov-out" --db "$T/gov-csv.db"
expect_exit 1 "the table checks" "$J" check --db "$T/gov-csv.db" --json
expect_grep '"rule":"budget-exec_rate-ratio".*"stated_text":"78.9","computed_text":"78.0"' "$T/out" "the misprinted rate found"
if [ "$(grep -c '"rule"' "$T/out")" -eq 1 ]; then ok; else bad "the budget table: $(grep -c '"rule"' "$T/out") findings, expected 1"; fi
if [ -x "$PY" ] && "$PY" -c 'import openpyxl' 2>/dev/null; then
	"$PY" - "$T/budget.xlsx" <<'PYEOF'
import openpyxl, sys
wb = openpyxl.Workbook(); ws = wb.active; ws.title = "집행현황"
ws.append(["2023년 세출예산 집행현황"]); ws.append(["(단위: 백만원, %)"])
ws.append(["구분", "예산액", "집행액", "집행률(%)"])
for r in [("계", 1250000, 1001000, 80.1), ("일반회계", 500000, 420000, 84.0),
          ("특별회계", 450000, 351000, 78.9), ("기금", 300000, 230000, 76.7)]:
    ws.append(list(r))
for row in ws.iter_rows(min_row=4):
    row[1].number_format = row[2].number_format = "#,##0"
    row[3].number_format = "0.0"
wb.save(sys.argv[1])
PYEOF
	# shellcheck disable=SC2086
	expect_exit 0 "table import of an XLSX, rules proposed" "$J" table import "$T/budget.xlsx" --db "$T/gov.db" $TI --propose-rules --sheet 집행현황
	expect_grep '^budget-exec_rate-ratio,ratio,,exec_rate = spent / budget \* 100,.*budget.xlsx!D3$' "$T/out" "the ratio proposed from the XLSX"
	"$J" export --db "$T/gov.db" "$T/gov-x" 2>/dev/null
	expect_grep '^exec_rate,account=total,2023,actual,budget,80.1,80.1,budget.xlsx!D4$' "$T/gov-x/facts.csv" "a rate as its format shows it"
	expect_grep '^spent,account=account-2,2023,actual,budget,420000,"420,000",budget.xlsx!C5$' "$T/gov-x/facts.csv" "an amount as its format shows it"
	expect_exit 2 "table import of a missing sheet" "$J" table import "$T/budget.xlsx" --db "$T/gov.db" $TI --sheet 없음
	expect_grep "budget.xlsx: no sheet \"없음\"$" "$T/err" "the missing sheet named"
	# shellcheck disable=SC2086
	expect_exit 2 "a missing sheet, in Korean" $KO "$J" table import "$T/budget.xlsx" --db "$T/gov.db" $TI --sheet 없음
	expect_grep "budget.xlsx: 시트 \"없음\"이(가) 없습니다$" "$T/err" "the missing sheet named in Korean"
	# shellcheck disable=SC2086
	expect_exit 0 "table import again: the same facts changed in place" "$J" table import "$T/budget.xlsx" --db "$T/gov.db" $TI
	expect_grep '(0 added, 12 changed' "$T/err" "again: 12 changed"
fi
printf '구분,예산액\n계,12억x\n' >"$T/badnum.csv"
expect_exit 2 "table import of a cell that is no number" "$J" table import "$T/badnum.csv" --db "$T/gov.db" --measure 예산액=budget --period 2023
expect_grep '^error: badnum.csv!B2: budget: "12억x"' "$T/err" "the bad cell located"
# the reason is said once, not emptied (it was "\"12억x\": \"12억x\": ")
expect_grep '^error: badnum.csv!B2: budget: "12억x": printed unit "x" is not the measure'"'"'s unit "백만원"$' "$T/err" "the bad cell's reason"
printf '구분,예산액\n계,"1,23,4"\n' >"$T/badnum.csv"
expect_exit 2 "table import of a cell with a misplaced comma" "$J" table import "$T/badnum.csv" --db "$T/gov.db" --measure 예산액=budget --period 2023
expect_grep '^error: badnum.csv!B2: budget: "1,23,4" is not a number as printed: misplaced comma (groups of three digits expected)$' "$T/err" "a cell that is no number: its reason"
expect_no_grep '"1,23,4": "1,23,4"' "$T/err" "the bad cell named once"
expect_exit 2 "the same in Korean" $KO "$J" table import "$T/badnum.csv" --db "$T/gov.db" --measure 예산액=budget --period 2023
expect_grep '^오류: badnum.csv!B2: budget: "1,23,4"은(는) 인쇄된 수로 읽히지 않습니다: 쉼표의 자리가 맞지 않습니다 (세 자리씩 묶어야 합니다)$' "$T/err" "a cell that is no number in Korean, located"

# --- the catalogue's other commands, in both languages: ledger's arguments,
# users, log (a time as people read it, never ISO), check's table ----------
expect_exit 2 "ledger: a bad --by, in Korean" $KO "$J" ledger report --db "$DB" --as-of 2022-08-29 --by nope
expect_grep '^오류: --by "nope": unit, program, line 또는 month여야 합니다$' "$T/err" "ledger's bad --by in Korean"
expect_exit 2 "ledger: a bad --by" "$J" ledger report --db "$DB" --as-of 2022-08-29 --by nope
expect_grep '^error: --by "nope": must be unit, program, line or month$' "$T/err" "ledger's bad --by in English"
expect_exit 2 "ledger: a day that is none, in Korean" $KO "$J" ledger monitor --db "$DB" --as-of 8월
expect_grep '^오류: --as-of "8월": 날짜가 아닙니다 (2022-08-29 또는 ’22.8.29.)$' "$T/err" "ledger's bad --as-of in Korean"
expect_exit 2 "ledger: an unknown command, in Korean" $KO "$J" ledger bogus
expect_grep "^오류: 알 수 없는 ledger 명령 'bogus'$" "$T/err" "ledger's unknown command in Korean"
expect_exit 2 "ledger: an option twice, in Korean" $KO "$J" ledger import x.csv --db "$DB" --db "$DB"
expect_grep "^오류: 옵션 --db이(가) 두 번 주어졌습니다$" "$T/err" "ledger's option twice in Korean"
expect_exit 2 "ledger: no file, in Korean" $KO "$J" ledger import --db "$DB"
expect_grep "^오류: 원장 파일이(가) 필요합니다$" "$T/err" "ledger's missing file in Korean"
expect_exit 2 "ledger: no file" "$J" ledger import --db "$DB"
expect_grep "^error: missing the ledger file$" "$T/err" "ledger's missing file in English"
expect_exit 2 "user: nobody, in Korean" env JIPYO_PASSWORD=secret-secret $KO "$J" user passwd nobody --db "$DB"
expect_grep "사용자 'nobody'이(가) 없습니다$" "$T/err" "no such user in Korean"
expect_no_grep "no user" "$T/err" "no English beside the Korean user message"
expect_exit 2 "user: nobody" env JIPYO_PASSWORD=secret-secret "$J" user passwd nobody --db "$DB"
expect_grep "no user 'nobody'$" "$T/err" "no such user in English"
expect_no_grep "사용자" "$T/err" "no Korean beside the English user message"
expect_exit 0 "log in Korean, Seoul's time" env TZ=Asia/Seoul $KO "$J" log --db "$DB"
expect_grep "^r1    ’[0-9][0-9]\.[0-9]*\.[0-9]*\. [0-9][0-9]:[0-9][0-9] KST  .*  가져오기 .*: 수치 [0-9]*, 규칙 [0-9]*$" "$T/out" "log's import in Korean, its time as people read it"
expect_no_grep "[0-9]\{4\}-[0-9][0-9]-[0-9][0-9]\|facts\|UTC" "$T/out" "log shows no ISO time, no English"
at=$("$J" log --db "$DB" --json | sed -n 's/.*"at":"\([^"]*\)".*/\1/p' | head -1)
kst=$(TZ=Asia/Seoul date -d "$at" '+’%y.%-m.%-d. %H:%M KST')
expect_grep "^r1    $kst  " "$T/out" "log's time is the entry's, on Seoul's clock"
expect_exit 0 "log in English" env TZ=UTC "$J" log --db "$DB"
expect_grep "^r1    ’[0-9][0-9]\.[0-9]*\.[0-9]*\. [0-9][0-9]:[0-9][0-9] UTC  .*  import .*: [0-9]* facts, [0-9]* rules$" "$T/out" "log's import in English"
expect_no_grep "가져오기" "$T/out" "no Korean glued to the English log"
expect_exit 1 "check's table in Korean" $KO "$J" check --db "$DB"
expect_grep "^심각도  위치  " "$T/out" "check's header in Korean"
expect_grep "^오류 [0-9]*건, 경고 [0-9]*건; 규칙 인스턴스 [0-9]*개를 수치 [0-9]*개에 대해 평가함$" "$T/out" "check's summary in Korean"
expect_no_grep "^severity\|error(s)\|suspect:\|sources:" "$T/out" "no English glued to check's Korean table"
expect_exit 1 "check's table in English" "$J" check --db "$DB"
expect_grep "^severity  where  " "$T/out" "check's header in English"
expect_no_grep "심각도\|의심:\|출처:\|건, 경고" "$T/out" "no Korean glued to check's English table"

echo "cmdline: $pass passed, $fails failed"
[ "$fails" -eq 0 ]

#!/bin/sh
# The report in the office's formats: HWPX read back by an independent
# reader (hwpx.test.mjs), XLSX by openpyxl (xlsx_test.py), and here the
# clean copy and PDF. Run: JIPYO=build/jipyo OUT=build/formats sh tests/formats/run.sh
set -u
JIPYO=${JIPYO:-build/jipyo}
OUT=${OUT:-build/formats}
fail=0
ok() { echo "ok - $1"; }
bad() { echo "not ok - $1"; fail=1; }

mkdir -p "$OUT"
db="$OUT/clean.db"
rm -f "$db" "$db-image"
"$JIPYO" import data/seoul-econ-2022 --db "$db" >/dev/null 2>&1 || bad "import"

for fmt in md html; do
	"$JIPYO" report --db "$db" --format $fmt --clean -o "$OUT/clean.$fmt" || bad "clean $fmt"
	if grep -q '[†‡]' "$OUT/clean.$fmt" || grep -q 'Findings' "$OUT/clean.$fmt"; then
		bad "a clean $fmt has no mark and no findings"
	else
		ok "a clean $fmt has no mark and no findings"
	fi
	grep -q 'seoul-econ-2022 · rev [0-9a-f]\{12\} · 입력 imported ’' "$OUT/clean.$fmt" &&
		ok "a clean $fmt names the data's revision" || bad "a clean $fmt names the data's revision"
	"$JIPYO" report --db "$db" --format $fmt -o "$OUT/marked.$fmt"
	grep -q '†' "$OUT/marked.$fmt" && ok "the $fmt report is marked" || bad "the $fmt report is marked"
done
SOURCE_DATE_EPOCH=1700000000 "$JIPYO" report --db "$db" --clean | grep -q "작성 Printed: ’23.11.1[45]." &&
	ok "the printing date is SOURCE_DATE_EPOCH's" || bad "the printing date is SOURCE_DATE_EPOCH's"

# binary formats need a file
"$JIPYO" report --db "$db" --format xlsx >/dev/null 2>&1
[ $? -eq 2 ] && ok "xlsx without -o is refused" || bad "xlsx without -o is refused"

# PDF: printed by Chromium when there is one; a clear error when not
JIPYO_CHROMIUM=/nonexistent/chromium "$JIPYO" report --db "$db" --format pdf -o "$OUT/none.pdf" 2>"$OUT/err"
rc=$?
if [ $rc -ne 0 ] && [ $rc -ne 2 ] && grep -q 'Chromium' "$OUT/err" && [ ! -e "$OUT/none.pdf" ]; then
	ok "no browser: exit $rc, a clear error"
else
	bad "no browser: exit $rc: $(cat "$OUT/err")"
fi
if command -v chromium >/dev/null 2>&1; then
	"$JIPYO" report --db "$db" --format pdf --clean -o "$OUT/clean.pdf" &&
		head -c 5 "$OUT/clean.pdf" | grep -q '%PDF-' && ok "PDF through Chromium" || bad "PDF through Chromium"
fi
exit $fail

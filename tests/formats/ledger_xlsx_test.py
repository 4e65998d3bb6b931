#!/usr/bin/python3
"""ledger_xlsx_test.py - `jipyo ledger report --format xlsx` read back with
openpyxl (Debian's python3-openpyxl) and compared with the CSV and Markdown
reports of the same day: one sheet; the title and unit line as the Markdown
prints them; the header as printed; every row labelled as the CSV labels it
(names, never ids); every figure a number equal to the CSV's, shown by its
number format as the Markdown shows it (thousands separators, a rate with
one decimal as a percent); a rate without a budget the printed "-"; the
header frozen; the label column as wide as its Korean text. The ledger is the
synthetic one of the seed's office (scripts/ledger_seed.py).

Run: JIPYO=build/jipyo OUT=build/formats /usr/bin/python3 tests/formats/ledger_xlsx_test.py
"""
import csv
import io
import os
import re
import subprocess
import sys
import unicodedata

import openpyxl

JIPYO = os.environ.get("JIPYO", "build/jipyo")
OUT = os.environ.get("OUT", "build/formats")
SEED = "data/seoul-econ-2022"


def run(*args, ok=(0,)):
    p = subprocess.run(list(args), capture_output=True)
    assert p.returncode in ok, f"{' '.join(args)}: exit {p.returncode}: {p.stderr.decode()}"
    return p


def jipyo(*args, ok=(0,)):
    return run(JIPYO, *args, ok=ok)


def width(s):
    """Terminal columns: a Hangul syllable (East Asian wide) counts 2."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def md_table(text):
    """The title, the unit line and the rows of the Markdown table."""
    lines = text.splitlines()
    title = lines[0].removeprefix("## ")
    unit = lines[2]
    rows = [[c.strip() for c in ln.strip("|").split(" | ")] for ln in lines[4:] if ln.startswith("| ")]
    return title, unit, rows[0], rows[2:] if rows[1][0].startswith("---") else rows[1:]


def ids(name):
    with open(os.path.join(SEED, name), encoding="utf-8") as fh:
        return {r["id"] for r in csv.DictReader(fh)}


def check(db, as_of, by, path, known_ids, ws=None):
    """The execution table of `ledger report --format xlsx` written to path,
    or (ws) the sheet another workbook holds of it."""
    extra = ["--by", by] if by else []
    want = list(csv.reader(io.StringIO(jipyo("ledger", "report", "--db", db, "--as-of", as_of,
                                             *extra, "--format", "csv").stdout.decode("utf-8-sig"))))
    title, unit, md_head, md_rows = md_table(
        jipyo("ledger", "report", "--db", db, "--as-of", as_of, *extra).stdout.decode())
    if ws is None:
        jipyo("ledger", "report", "--db", db, "--as-of", as_of, *extra, "--format", "xlsx", "-o", path)
        wb = openpyxl.load_workbook(path)
        assert len(wb.sheetnames) == 1, wb.sheetnames
        ws = wb.worksheets[0]
    assert ws["A1"].value == title, (ws["A1"].value, title)
    assert "’" in title and not re.search(r"\d{4}-\d\d-\d\d", title), title
    assert ws["A2"].value == unit == "(단위: 백만원, %)", ws["A2"].value
    assert ws["A3"].value is None
    head = [c.value for c in ws[4]]
    assert head == want[0] == md_head, (head, want[0], md_head)
    assert ws.freeze_panes == "B5", ws.freeze_panes
    rows = list(ws.iter_rows(min_row=5))
    assert len(rows) == len(want) - 1 == len(md_rows), (len(rows), len(want) - 1, len(md_rows))
    dashes = 0
    for row, csv_row, md_row in zip(rows, want[1:], md_rows):
        label = row[0].value
        assert label == csv_row[0] == md_row[0], (label, csv_row[0], md_row[0])
        for part in label.split(" · "):
            assert part not in known_ids, f"a row labelled by an id: {label}"
        assert not re.search(r"\d{4}-\d\d-\d\d", label), label
        for c, name, text, shown in zip(row[1:], head[1:], csv_row[1:], md_row[1:]):
            where = f"{label} / {name} ({c.coordinate})"
            if text == "-":
                assert c.value == "-" and shown == "-", (where, c.value)
                dashes += 1
                continue
            assert isinstance(c.value, (int, float)) and not isinstance(c.value, bool), (where, c.value)
            if name.startswith("집행률"):
                assert c.number_format == "0.0%", (where, c.number_format)
                assert f"{c.value * 100:.1f}" == text == shown, (where, c.value, text, shown)
                assert abs(c.value * 100 - float(text)) < 1e-9, (where, c.value, text)
            else:
                assert c.number_format == "#,##0", (where, c.number_format)
                assert c.value == int(text), (where, c.value, text)
                assert f"{c.value:,.0f}" == shown, (where, c.value, shown)
    # the columns fit their text (Excel's width is in digits; Hangul ≈ 2)
    a = ws.column_dimensions["A"].width
    longest = max(width(r[0].value) for r in rows)
    assert a >= min(longest, 80) and a >= width(head[0]), (a, longest)
    for k, name in enumerate(head[1:], start=2):
        w = ws.column_dimensions[openpyxl.utils.get_column_letter(k)].width
        assert w >= width(name), (name, w)
    return len(rows), dashes


def check_monitor(ws, db):
    """The monitoring sheet against `ledger monitor`'s Markdown of the
    budget table's day: caption, header, labels, each figure a number shown
    with one decimal as printed, the status, the count under the table."""
    lines = jipyo("ledger", "monitor", "--db", db, "--as-of", "2022-08-29").stdout.decode().splitlines()
    caption = lines[0].removeprefix("## ")
    rows = [[c.strip() for c in ln.strip().strip("|").split("|")] for ln in lines if ln.startswith("| ")]
    head, body = rows[0], rows[1:]
    summary = next(ln for ln in lines if "목표 미달" in ln)
    assert ws["A1"].value == caption, (ws["A1"].value, caption)
    assert [c.value or "" for c in ws[4]] == head, ([c.value for c in ws[4]], head)
    assert ws.freeze_panes == "B5", ws.freeze_panes
    got = list(ws.iter_rows(min_row=5, max_row=4 + len(body)))
    assert len(body) > 5, body
    for row, want in zip(got, body):
        label, rate, target, gap, status = row
        assert label.value == want[0], (label.value, want[0])
        for c, text, fmt in ((rate, want[1], "0.0"), (target, want[2], "0.0"), (gap, want[3], "+0.0;-0.0;0.0")):
            assert isinstance(c.value, (int, float)) and not isinstance(c.value, bool), (want[0], c.value)
            assert c.number_format == fmt, (want[0], c.number_format)
            shown = f"{c.value:+.1f}" if fmt.startswith("+") else f"{c.value:.1f}"
            assert shown == text, (want[0], shown, text)
        assert (status.value or "") == want[4], (want[0], status.value, want[4])
    assert ws.cell(5 + len(body) + 1, 1).value == summary, (ws.cell(5 + len(body) + 1, 1).value, summary)
    return len(body)


def main():
    os.makedirs(OUT, exist_ok=True)
    db = os.path.join(OUT, "ledger-xlsx.db")
    for suffix in ("", "-wal", "-shm", "-image"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    jipyo("import", SEED, "--db", db)
    ledger = os.path.join(OUT, "ledger-2022.csv")
    with open(ledger, "wb") as fh:
        fh.write(run(sys.executable, "scripts/ledger_seed.py", SEED).stdout)
    jipyo("ledger", "import", ledger, "--db", db)
    known_ids = ids("units.csv") | ids("nodes.csv")
    failed = dashes = 0
    # a day as printed and as ISO; every grouping; the year's end (이월,
    # 불용); a year with no lines, whose 계 has no budget and so "-" rates
    for i, (as_of, by) in enumerate((("’22.8.29.", None), ("2022-08-29", "program"),
                                     ("2022-12-31", "line"), ("2022-08-29", "month"),
                                     ("2022-12-31", "unit"), ("2021-12-31", "unit"))):
        name = f"{as_of} by {by or 'unit'}"
        try:
            n, d = check(db, as_of, by, os.path.join(OUT, f"ledger-{i}.xlsx"), known_ids)
            dashes += d
            print(f"ok - ledger xlsx {name}: {n} rows as the CSV and Markdown")
        except AssertionError as e:
            failed += 1
            print(f"not ok - ledger xlsx {name}: {e}")
    if dashes == 0:
        failed += 1
        print("not ok - a rate without a budget was never compared")
    # the report's workbook of a database with a ledger: the monitoring as
    # `ledger monitor` prints it, then the execution sheet as above, both
    # before the findings; a database without a ledger has neither
    try:
        path = os.path.join(OUT, "report-ledger.xlsx")
        jipyo("report", "--db", db, "--format", "xlsx", "-o", path)
        wb = openpyxl.load_workbook(path)
        names = wb.sheetnames
        assert "집행 모니터링" in names and "예산 집행현황" in names, names
        assert names.index("집행 모니터링") + 1 == names.index("예산 집행현황") < names.index("발견사항 Findings"), names
        n_mon = check_monitor(wb["집행 모니터링"], db)
        n, _ = check(db, "2022-08-29", None, None, known_ids, ws=wb["예산 집행현황"])
        bare = os.path.join(OUT, "ledger-none.db")
        for suffix in ("", "-wal", "-shm", "-image"):
            if os.path.exists(bare + suffix):
                os.remove(bare + suffix)
        jipyo("import", SEED, "--db", bare)
        jipyo("report", "--db", bare, "--format", "xlsx", "-o", path)
        names = openpyxl.load_workbook(path).sheetnames
        assert "집행 모니터링" not in names and "예산 집행현황" not in names, names
        print(f"ok - the report's workbook: {n_mon} divisions monitored, {n} rows of execution")
    except AssertionError as e:
        failed += 1
        print(f"not ok - the report's workbook with a ledger: {e}")
    # a workbook is refused without -o, as `report --format xlsx` refuses it
    p = jipyo("ledger", "report", "--db", db, "--as-of", "2022-08-29", "--format", "xlsx", ok=(2,))
    if p.stdout == b"" and b"-o FILE" in p.stderr:
        print("ok - ledger xlsx without -o is refused")
    else:
        failed += 1
        print(f"not ok - ledger xlsx without -o: {p.stdout[:40]!r} {p.stderr!r}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

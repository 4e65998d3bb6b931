#!/usr/bin/python3
"""xlsx_test.py - the report as an Excel workbook, read back with openpyxl
(Debian's python3-openpyxl): every fact a number in the facts sheet and in
its table's sheet, shown by its number format exactly as the report prints
it; the findings sheet as `jipyo check --json` has them; Korean text intact;
sheet names within Excel's rules; --clean without marks or findings.

Run: JIPYO=build/jipyo OUT=build/formats /usr/bin/python3 tests/formats/xlsx_test.py
"""
import collections
import csv
import json
import os
import re
import subprocess
import sys

import openpyxl

JIPYO = os.environ.get("JIPYO", "build/jipyo")
OUT = os.environ.get("OUT", "build/formats")
SEED = "data/seoul-econ-2022"


def jipyo(*args, ok=(0,)):
    p = subprocess.run([JIPYO, *args], capture_output=True, text=True)
    assert p.returncode in ok, f"jipyo {' '.join(args)}: exit {p.returncode}: {p.stderr}"
    return p.stdout


def show(value, fmt):
    """A number as an Excel format of the shapes the workbook uses shows it:
    "prefix"#,##0.00"suffix", with an optional second section for negatives."""
    sections = fmt.split(";")
    if value == 0 and len(sections) == 3:
        return "".join(re.findall(r'"([^"]*)"', sections[2]))
    sec = sections[0]
    sign = ""
    if value < 0:
        if len(sections) > 1:
            sec = sections[1]
        else:
            sign = "-"
        value = -value
    m = re.fullmatch(r'((?:"[^"]*")*)#,##0(?:\.(0+))?((?:"[^"]*")*)', sec)
    assert m, f"unexpected number format {fmt!r}"
    decimals = len(m.group(2) or "")
    lit = lambda s: "".join(re.findall(r'"([^"]*)"', s))
    return f"{lit(m.group(1))}{sign}{value:,.{decimals}f}{lit(m.group(3))}"


def check_names(wb):
    names = wb.sheetnames
    assert len({n.lower() for n in names}) == len(names), "sheet names unique"
    for n in names:
        assert len(n) <= 31 and not re.search(r"[\[\]:*?/\\]", n), f"sheet name {n!r}"


def check_facts(wb, facts, measures):
    ws = wb["수치 Facts"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(facts), f"{len(rows)} fact rows, {len(facts)} facts"
    for row, f in zip(rows, facts):
        measure, name, _members, coords, period, kind, table, value, unit, printed, source = row
        assert measure == f["measure"] and coords == (f["coords"] or None), (row, f)
        assert isinstance(value, (int, float)) and abs(value - float(f["value"])) < 1e-9, (row, f)
        assert printed == f["printed"] and source == f["source"], (row, f)
        assert name == measures[f["measure"]]["name_ko"], (row, f)  # Korean text intact


def sheet_values(ws):
    return sorted(c.value for row in ws.iter_rows(min_row=5) for c in row[1:]
                  if isinstance(c.value, (int, float)))


def check_tables(wb, facts, marked):
    # the printed tables of tables.csv (a passage's figures are in its text)
    with open(os.path.join(SEED, "tables.csv"), encoding="utf-8") as fh:
        listed = {t["id"]: t for t in csv.DictReader(fh) if t["kind"] == "table"}
    by_table = collections.defaultdict(list)
    for f in facts:
        if f["table"] in listed:
            by_table[f["table"]].append(f)
    sheets = [wb[n] for n in wb.sheetnames if n not in ("수치 Facts", "발견사항 Findings")]
    comments = general = 0
    for table, tf in by_table.items():
        # the sheet of the table: named and titled as printed, never by its id
        want = sorted(float(f["value"]) for f in tf)
        ws = next((w for w in sheets if sheet_values(w) == want), None)
        assert ws is not None, f"no sheet holds the figures of {table}"
        assert table not in ws.title, (table, ws.title)
        title, row = ws["A1"].value, listed[table]
        assert (title or "") == row["title"], (table, title)
        if row["title"]:
            assert ws.title == row["title"][:31], (table, ws.title)
        assert ws.cell(4, 1).value == "구분"
        values, shown = [], []
        for row in ws.iter_rows(min_row=5):
            for c in row[1:]:
                if c.value is None:
                    continue
                assert isinstance(c.value, (int, float)), f"{table}!{c.coordinate} is not a number"
                values.append(c.value)
                if c.number_format == "General":
                    general += 1
                else:
                    shown.append(show(c.value, c.number_format))
                if c.comment:
                    comments += 1
                    assert re.match(r"\[\d+\] (오류 error|경고 warning): ", c.comment.text), c.comment.text
                    assert c.fill.fgColor.rgb[-6:] in ("FDE0E0", "FFF0C2"), c.fill.fgColor.rgb
        assert sorted(values) == sorted(float(f["value"]) for f in tf), f"values of {table}"
        # a decimal comma ("80,4", a misprint of the seed) is shown as a point
        printed = collections.Counter(re.sub(r",(\d{1,2}|\d{4,})(?!\d)(?=\D*$)", r".\1", f["printed"]) for f in tf)
        missing = collections.Counter(shown) - printed
        assert not missing, f"{table}: shown but not printed: {dict(missing)}"
    assert general <= len(facts) // 20, f"{general} figures without a printed format"
    if marked:
        assert comments > 0, "cells with findings carry comments"
    else:
        assert comments == 0, "a clean copy has no comment"
    return len(by_table)


def check_findings(wb, db):
    lines = jipyo("check", "--db", db, "--json", ok=(0, 1)).splitlines()
    want = collections.Counter()
    for line in lines:
        f = json.loads(line)
        if "rule" not in f:  # the last line: the exit code and the counts
            continue
        num = lambda k: float(f[k]) if re.fullmatch(r"-?\d+(\.\d+)?", f.get(k) or "") else None
        want[(f["severity"], f["message"], num("stated"), num("computed"), num("delta"))] += 1
    ws = wb["발견사항 Findings"]
    got = collections.Counter()
    owned = 0
    for row in ws.iter_rows(min_row=2, values_only=True):
        _no, sev, division, msg, _en, stated, computed, delta, *_ = row
        got[(sev.split()[1], msg, stated, computed, delta)] += 1
        owned += bool(division)
    assert got == want, f"findings differ: {dict(got - want)} / {dict(want - got)}"
    assert owned >= sum(want.values()) // 2, f"only {owned} findings name a division"
    return sum(want.values())


def main():
    os.makedirs(OUT, exist_ok=True)
    db = os.path.join(OUT, "xlsx.db")
    if os.path.exists(db):
        os.remove(db)
    jipyo("import", SEED, "--db", db)
    with open(os.path.join(SEED, "facts.csv"), encoding="utf-8") as fh:
        facts = list(csv.DictReader(fh))
    with open(os.path.join(SEED, "measures.csv"), encoding="utf-8") as fh:
        measures = {m["id"]: m for m in csv.DictReader(fh)}
    failed = 0
    for clean in (False, True):
        name = "clean" if clean else "marked"
        path = os.path.join(OUT, f"report-{name}.xlsx")
        try:
            jipyo("report", "--db", db, "--format", "xlsx", *(["--clean"] if clean else []), "-o", path)
            wb = openpyxl.load_workbook(path)
            check_names(wb)
            check_facts(wb, facts, measures)
            n_tables = check_tables(wb, facts, not clean)
            if clean:
                assert "발견사항 Findings" not in wb.sheetnames
                n_findings = 0
            else:
                n_findings = check_findings(wb, db)
            print(f"ok - {name}: {len(facts)} facts, {n_tables} tables, {n_findings} findings")
        except AssertionError as e:
            failed += 1
            print(f"not ok - {name}: {e}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""A national synthetic fiscal year for `jipyo ledger` benchmarks.

usage: gen.py N_TRANSACTIONS OUTDIR [--journal N]

Writes OUTDIR/pkg/ (a data package holding only units and program nodes: 243
governments, each an office with 20 divisions of 3 programs) and
OUTDIR/ledger.csv: N transactions of 2022 spread over 2 budget lines per
program (29,160 lines), every invariant of the ledger holding (budget before
obligations, each payment after and within its obligation, transfers in two
balancing legs, some cancellations and returns). With --journal N it also
writes OUTDIR/journal.ledger, the first N transactions as a ledger-cli /
hledger journal (two postings each) for the plain-text accounting peers.
Fixed seed: the same arguments give the same files.
"""
import datetime as dt
import json
import os
import random
import shutil
import sys

GOVS, DIVS, PROGS, LINES = 243, 20, 3, 2
SEED_PKG = os.path.join(os.path.dirname(__file__), "..", "..", "data", "seoul-econ-2022")


def write_package(out):
    pkg = os.path.join(out, "pkg")
    os.makedirs(pkg, exist_ok=True)
    for name in os.listdir(SEED_PKG):
        src = os.path.join(SEED_PKG, name)
        if name.endswith(".csv"):
            with open(src, encoding="utf-8") as f:
                header = f.readline()
            with open(os.path.join(pkg, name), "w", encoding="utf-8") as f:
                f.write(header)
        else:
            shutil.copy(src, pkg)
    with open(os.path.join(pkg, "units.csv"), "a", encoding="utf-8") as f:
        seq = 0
        for g in range(1, GOVS + 1):
            seq += 1
            f.write(f"g{g:03d},,office,{seq},지자체{g:03d},,,bench.txt:1\n")
            for d in range(1, DIVS + 1):
                seq += 1
                f.write(f"g{g:03d}-d{d:02d},g{g:03d},division,{seq},지자체{g:03d} {d}과,,,bench.txt:1\n")
    with open(os.path.join(pkg, "nodes.csv"), "a", encoding="utf-8") as f:
        seq = 0
        for g in range(1, GOVS + 1):
            for d in range(1, DIVS + 1):
                for p in range(1, PROGS + 1):
                    seq += 1
                    f.write(f"g{g:03d}-d{d:02d}-p{p},,program,{seq},,사업 {g}-{d}-{p},,g{g:03d}-d{d:02d},bench.txt:1\n")


def main():
    n = int(sys.argv[1])
    out = sys.argv[2]
    journal_n = int(sys.argv[sys.argv.index("--journal") + 1]) if "--journal" in sys.argv else 0
    os.makedirs(out, exist_ok=True)
    write_package(out)
    rng = random.Random(20)
    days = [(dt.date(2022, 1, 1) + dt.timedelta(days=i)).isoformat() for i in range(365)]
    n_lines = GOVS * DIVS * PROGS * LINES
    per_line = max(6, n // n_lines)
    pairs = (per_line - 4) // 2  # obligation + payment
    written = 0
    jf = open(os.path.join(out, "journal.ledger"), "w", encoding="utf-8") if journal_n else None
    with open(os.path.join(out, "ledger.csv"), "w", encoding="utf-8", buffering=1 << 20) as f:
        f.write("year,date,unit,program,line,kind,amount,ref,memo\n")
        for g in range(1, GOVS + 1):
            v = 0
            for d in range(1, DIVS + 1):
                unit = f"g{g:03d}-d{d:02d}"
                for p in range(1, PROGS + 1):
                    prog = f"{unit}-p{p}"
                    budgets = [rng.randint(100, 50_000) * 1_000_000 for _ in range(LINES)]
                    t = min(budgets) // 100
                    rows = []
                    for li, b in enumerate(budgets):
                        code = f"30{li + 1}-01"
                        rows.append((0, code, "본예산", b, "", "본예산"))
                        rows.append((120, code, "추경", b // 10, "", "추경"))
                        v += 1
                        rows.append((60, code, "전용", -t if li == 0 else t, f"g{g:03d}-T{d:02d}{p}", "전용"))
                        each = b * 9 // 10 // max(1, pairs)
                        obl_days = sorted(rng.randint(9, 350) for _ in range(pairs))
                        for i, od in enumerate(obl_days):
                            v += 1
                            rows.append((od, code, "원인행위", each, f"g{g:03d}-{v:07d}", "계약"))
                            pay = each * 95 // 100
                            v += 1
                            if i >= 10 and i % 50 == 0:
                                rows.append((od, code, "원인행위취소", -(each // 10), f"g{g:03d}-{v:07d}", "감액"))
                                v += 1
                            rows.append((min(364, od + rng.randint(0, 14)), code, "지출", pay, f"g{g:03d}-{v:07d}", "지급"))
                            if i >= 10 and i % 50 == 25:
                                v += 1
                                rows.append((min(364, od + 14), code, "반납", -(pay // 20), f"g{g:03d}-{v:07d}", "반납"))
                    rows.sort(key=lambda r: r[0])
                    buf = []
                    for day, code, kind, amount, ref, memo in rows:
                        buf.append(f"2022,{days[day]},{unit},{prog},{code},{kind},{amount},{ref},{memo}\n")
                        if jf and written < journal_n:
                            jf.write(f"{days[day]} {kind} {ref}\n    Budget:{unit}:{kind}  {amount} KRW\n    Fund:g{g:03d}\n\n")
                        written += 1
                    f.write("".join(buf))
    if jf:
        jf.close()
    json.dump({"transactions": written, "lines": n_lines}, sys.stdout)
    print()


if __name__ == "__main__":
    main()

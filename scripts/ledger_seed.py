#!/usr/bin/env python3
"""Writes a synthetic 2022 budget execution ledger for the seed's office.

Its figures as of 2022-08-29 (예산현액, 원인행위액, 지출액 per division) are
won amounts that round to the division rows printed in the package's budget
table (facts.csv, table=budget, 백만원), with rates that round to the printed
rates, and the office's 예산현액 rounding to the printed 계. Every kind of
transaction occurs (본예산, 이월, 예비비, 추경, 전용 in two legs, 원인행위 and
its cancellation, 지출 and 반납), and the year goes on after the as-of day
(a second 추경, more obligations and expenditure) so that the as-of figures
are not simply the year's totals.

usage: ledger_seed.py [PACKAGE_DIR] > ledger-2022.csv
"""
import csv
import datetime as dt
import random
import sys

PKG = sys.argv[1] if len(sys.argv) > 1 else "data/seoul-econ-2022"
AS_OF = dt.date(2022, 8, 29)
M = 1_000_000


def half_up(x_num, x_den, places):
    """round(x_num / x_den, places) half up, as an exact integer of 10^-places."""
    scale = 10**places
    return (2 * x_num * scale + x_den) // (2 * x_den)


def load():
    printed = {}
    for r in csv.DictReader(open(f"{PKG}/facts.csv", encoding="utf-8")):
        if r["table"] == "budget" and r["period"] == AS_OF.isoformat():
            unit = r["coords"].split("=", 1)[1]
            printed.setdefault(unit, {})[r["measure"]] = r["value"]
    units = {r["id"]: r for r in csv.DictReader(open(f"{PKG}/units.csv", encoding="utf-8"))}
    programs = {}
    for r in csv.DictReader(open(f"{PKG}/nodes.csv", encoding="utf-8")):
        if r["kind"] in ("program", "subprogram") and r["owner"]:
            programs.setdefault(r["owner"], []).append(r["id"])
    return printed, units, programs


def tenths(v):
    return round(float(v) * 10)


def pick_won(rng, p, offset_b):
    """Won amounts for one division that round to its printed row."""
    b_m, o_m, e_m = (int(p[k]) for k in ("budget_current", "obligations", "expenditure"))
    b = b_m * M + offset_b
    for _ in range(100000):
        o = o_m * M + rng.randint(-499_999, 499_999)
        e = e_m * M + rng.randint(-499_999, 499_999)
        if not (e <= o <= b):
            continue
        if half_up(o * 100, b, 1) != tenths(p["obligation_rate"]):
            continue
        if half_up(e * 100, b, 1) != tenths(p["expenditure_rate"]):
            continue
        return b, o, e
    raise SystemExit(f"no won amounts round to the printed row {p}")


def split(rng, total, n):
    """n positive integers summing to total (weights at random)."""
    w = [rng.uniform(1, 3) for _ in range(n)]
    parts = [int(total * x / sum(w)) for x in w]
    parts[0] += total - sum(parts)
    return parts


def day(rng, lo, hi):
    return lo + dt.timedelta(days=rng.randint(0, (hi - lo).days))


def main():
    rng = random.Random(2022)
    printed, units, programs = load()
    divisions = [u for u in printed if units[u]["parent"] and u in units]
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["year", "date", "unit", "program", "line", "kind", "amount", "ref", "memo"])
    rows = []
    seq = [0]

    def voucher():
        seq[0] += 1
        return f"2022-{seq[0]:06d}"

    def row(date, unit, prog, line, kind, amount, ref="", memo=""):
        rows.append((date, unit, prog, line, kind, amount, ref, memo))

    # the office's 예산현액 must round to the printed 계 as well: spread the
    # difference between the 계 and the sum of the printed rows over the rows
    total_printed = int(printed[[u for u in printed if not units[u]["parent"]][0]]["budget_current"])
    gap = total_printed * M - sum(int(printed[u]["budget_current"]) * M for u in divisions)
    gap = max(-499_999 * len(divisions), min(499_999 * len(divisions), gap))
    for n_unit, unit in enumerate(divisions):
        offset = gap // len(divisions) + rng.randint(-20_000, 20_000)
        b, o, e = pick_won(rng, printed[unit], offset)
        progs = (programs.get(unit) or ["general"])[:3]
        lines = [(p, code) for p in progs for code in ("301-01", "307-02")]
        n = len(lines)
        bl, ol = split(rng, b, n), None
        # obligations and expenditure in the same proportions as the budget
        ol = [b_l * o // b for b_l in bl]
        ol[0] += o - sum(ol)
        el = [min(o_l, b_l * e // b) for o_l, b_l in zip(ol, bl)]
        rest = e - sum(el)
        for i in range(n):
            take = min(rest, ol[i] - el[i])
            el[i] += take
            rest -= take
        assert rest == 0 and all(x <= y <= z for x, y, z in zip(el, ol, bl))
        # a transfer (전용) between the first two lines, on the same day
        t = min(bl[0], bl[1]) // 20
        for i, ((prog, code), b_l, o_l, e_l) in enumerate(zip(lines, bl, ol, el)):
            tr = -t if i == 0 else t if i == 1 else 0
            carry = b_l // 25 if i % 2 == 0 else 0
            reserve = b_l // 50 if i == n - 1 else 0
            supp = b_l // 10
            orig = b_l - carry - reserve - supp - tr
            row(dt.date(2022, 1, 1), unit, prog, code, "본예산", orig, memo="2022년 본예산")
            if carry:
                row(dt.date(2022, 1, 3), unit, prog, code, "이월", carry, voucher(), "2021회계연도 명시이월")
            if reserve:
                row(dt.date(2022, 2, 7), unit, prog, code, "예비비", reserve, voucher(), "예비비 배정")
            row(dt.date(2022, 3, 15), unit, prog, code, "추경", supp, memo="제1회 추가경정예산")
            if tr:
                ref = f"2022-T{n_unit:03d}"
                row(dt.date(2022, 3, 16), unit, prog, code, "전용", tr, ref, "세출예산 전용")
            # obligations in chunks, each paid (in part) some days later
            k = rng.randint(3, 6)
            oc, ec = split(rng, o_l, k), []
            left = e_l
            for c in oc:
                ec.append(min(c, left))
                left -= ec[-1]
            assert left == 0
            for j, (oc_j, ec_j) in enumerate(zip(oc, ec)):
                d_o = day(rng, dt.date(2022, 3, 20), dt.date(2022, 8, 10))
                extra = 1_000_000 if j == 0 and oc_j > 0 else 0  # cancelled in part
                row(d_o, unit, prog, code, "원인행위", oc_j + extra, voucher(), f"계약 {j + 1}")
                if extra:
                    row(d_o + dt.timedelta(days=2), unit, prog, code, "원인행위취소", -extra, voucher(), "계약 변경 감액")
                if ec_j:
                    d_e = min(AS_OF, d_o + dt.timedelta(days=rng.randint(3, 15)))
                    back = 500_000 if j == 1 else 0  # paid too much, returned
                    row(d_e, unit, prog, code, "지출", ec_j + back, voucher(), f"대금 지급 {j + 1}")
                    if back:
                        row(d_e, unit, prog, code, "반납", -back, voucher(), "과오지급 반납")
            # the rest of the year: a second 추경, more obligations and payments
            row(dt.date(2022, 10, 11), unit, prog, code, "추경", b_l // 20, memo="제2회 추가경정예산")
            later_o = (b_l + b_l // 20 - o_l) * 8 // 10
            row(day(rng, dt.date(2022, 10, 12), dt.date(2022, 11, 30)), unit, prog, code, "원인행위", later_o, voucher(), "하반기 계약")
            row(dt.date(2022, 12, 20), unit, prog, code, "지출", (o_l - e_l) + later_o * 9 // 10, voucher(), "연말 지급")
    rng.shuffle(rows)  # a ledger export is in no particular order
    rows.sort(key=lambda r: r[0])
    for d, unit, prog, code, kind, amount, ref, memo in rows:
        out.writerow([2022, d.isoformat(), unit, prog, code, kind, amount, ref, memo])


if __name__ == "__main__":
    main()

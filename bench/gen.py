#!/usr/bin/env python3
"""Generate a synthetic Jipyo data package shaped like data/seoul-econ-2022.

    python3 bench/gen.py OUT_DIR --scale N [--rules-per-block K] [--bad-fraction P] [--seed S]

The package is N "offices" (blocks). Every block mirrors the seed report:
15 units (1 office, 2 bureaus, 10 divisions, 1 facility, 1 agency), 29 plan
nodes, 22 functions, 27 texts, 2 milestones and 210 facts in four printed
tables of its own (org-B, staffing-B, staffing-headline-B, budget-B):

  * budget-B: budget_current / obligations / expenditure in 백만원 (rounded,
    printed with thousands commas) and the two execution rates (one decimal)
    for the office total and 11 units;
  * staffing-B: authorized / current by job_class (exact, `-` for zero, the
    합계 column and the 계 row as totals), women, one dispatched_included;
  * staffing-headline-B: the headline 정원 / 현원 / (△gap);
  * org-B: org_unit_count by org_kind and teams per division.

Rules = 8 shared rules (quantified with $m where the seed is, no block named:
row sums, ratios, bounds, the gap) + K rules per block scoped to the block's
tables. K = 3 (default) are the ones that must name the block (the two column
sums, whose total row is the block's office, and the headline equality, which
pins the block's table names), so scale 1 has 8 + 3 = 11 rules like the seed.
K up to 21 adds 18 further per-table rules (bounds, non-negativity, row <=
total, …) that all hold on consistent data; `--rules-per-block 21` gives one
rule per 10 facts (scale 4762 -> 1,000,020 facts, 100,010 rules).

Block 1, and a fraction P (default 0.01) of the other blocks chosen by the
seeded RNG, carry deliberate inconsistencies like the seed's: an office 합계
off by 1-3 (printed the same in the headline), a division's current total
off by one, the budget 계 of budget_current one short (a rounding warning),
the obligations 계 off by hundreds (an error) and one rate printed "80,4".

Output is byte-for-byte reproducible for the same arguments (Python 3 stdlib
only, random.Random(seed)).
"""
import argparse
import json
import os
import random
import sys
from decimal import ROUND_HALF_UP, Decimal

HERE = os.path.dirname(os.path.abspath(__file__))
SEED_PKG = os.path.join(HERE, "..", "data", "seoul-econ-2022")
PERIOD = "2022-08-29"

# ---- the seed's shapes ---------------------------------------------------

# (id, kind, name_ko, name_en, rank)
UNITS = [
    ("econ-office", "office", "경제정책실", "Economic Policy Office", "1․2급"),
    ("jobs-planning-bureau", "bureau", "경제일자리기획관", "Economy and Jobs Planning Bureau", "3급"),
    ("new-industry-bureau", "bureau", "신산업정책관", "New Industry Policy Bureau", "3 ․ 4급"),
    ("econ-policy-div", "division", "경제정책과", "Economic Policy Division", ""),
    ("jobs-policy-div", "division", "일자리정책과", "Jobs Policy Division", ""),
    ("startup-policy-div", "division", "창업정책과", "Startup Policy Division", ""),
    ("beauty-fashion-div", "division", "뷰티패션산업과", "Beauty and Fashion Industry Division", ""),
    ("media-content-div", "division", "미디어콘텐츠산업과", "Media Content Industry Division", ""),
    ("intl-coop-div", "division", "국제협력과", "International Cooperation Division", ""),
    ("campus-town-div", "division", "캠퍼스타운활성화과", "Campus Town Promotion Division", ""),
    ("strategic-industry-div", "division", "전략산업기반과", "Strategic Industry Infrastructure Division", ""),
    ("finance-invest-div", "division", "금융투자과", "Finance and Investment Division", ""),
    ("bio-ai-div", "division", "바이오AI산업과", "Bio and AI Industry Division", ""),
    ("science-museum", "facility", "서울시립과학관", "Seoul Science Center", ""),
    ("sba", "agency", "서울산업진흥원", "Seoul Business Agency", ""),
]
UNIT_LINE = {"econ-office": 10, "jobs-planning-bureau": 22, "new-industry-bureau": 23,
             "science-museum": 25, "sba": 26}
DIVISIONS = [u[0] for u in UNITS if u[1] == "division"]
ROW_UNITS = DIVISIONS + ["science-museum"]  # rows of the staffing and budget tables
JOB_CLASSES = ["general", "fixed-term", "special", "curator"]
ORG_KINDS = [("office", "실"), ("planning-officer", "기획관"), ("policy-officer", "정책관"), ("gwan", "관")]

FUNCTION_TEXTS = [
    "정책 총괄, 기업규제 혁신 및 중소기업 지원, 경제기반조성",
    "R&D 지원, 4차 산업혁명 대응, 거점시설 건립",
    "종합계획 수립 및 운영, 유관기관 협력",
    "성과관리, 제도개선 및 홍보",
]

STRATEGIES = [
    ("코로나 위기극복 민생경제 활력회복", "Overcome the crisis and restore the livelihood economy"),
    ("미래인재양성 민간연계 취업지원강화", "Train future talent and strengthen job support"),
    ("글로벌 투자·창업 생태계 구축", "Build a global investment and startup ecosystem"),
    ("신산업육성 미래성장 동력확보", "Foster new industries and secure growth engines"),
    ("서울산업 생태계 지속성장지원", "Support sustainable growth of the industrial ecosystem"),
]
TASKS = [
    "취업취약계층 고용안전망 강화", "소비진작 판로확대 지원", "중소기업 경영애로 지원",
    "신산업 전문인재 양성", "청년 취업지원 강화", "민간 취업연계 강화",
    "민간주도 스케일업전략 본격화", "서울창업 생태계 저변확장", "글로벌 투자유치 국제협력 강화",
    "신산업 클러스터조성 가속화", "기술 ,기업간 융복합 가속화", "4차산업혁명 시대 대응력강화",
    "뷰티산업 육성 본격화", "뿌리산업 도시형제조업 질적성장 지원", "콘텐츠산업 인프라 구축",
]
AREAS = [
    "기업수요 맞춤형 민간연계 취업지원 강화", "글로벌 경쟁력을 갖춘 투자·창업 생태계 구축",
    "미래 성장동력 확보를 위한 산업클러스터 조성", "K-콘텐츠 지속성장을 위한 기반 강화",
    "민생경제 활력 회복을 위한 지속 지원",
]

MEASURES_CSV = None  # copied from the seed (identical for every scale)
DIMENSIONS_CSV = None
MEMBERS_CSV = None

# Shared rules: (id, kind, measures, expr, scope, severity, ko, en)
SHARED_RULES = [
    ("staffing-row-sum", "sum", "authorized;current", "$m{job_class=total} = sum($m by job_class)", "",
     "error", "인력현황 표의 합계 열은 직종별(일반직·임기제·별정직·학예연구) 인원의 합과 같아야 합니다",
     "In the staffing table the 합계 column must equal the sum of the job-class columns"),
    ("staffing-gap", "diff", "", "staffing_gap = current{job_class=total} - authorized{job_class=total}", "",
     "error", "정원 대비 현원 차이(△)는 현원에서 정원을 뺀 값과 같아야 합니다",
     "The printed gap (△) must equal current minus authorized headcount"),
    ("dispatched-within-current", "bound", "", "dispatched_included <= current{job_class=total}", "",
     "error", "현원에 포함된 교류파견자 수는 해당 부서 현원을 넘을 수 없습니다",
     "Dispatched staff included in the current headcount cannot exceed that headcount"),
    ("women-within-current", "bound", "", "women <= current{job_class=total}", "",
     "warning", "여성 인원은 해당 부서 현원을 넘을 수 없습니다",
     "Women on staff cannot exceed the unit's current headcount"),
    ("obligation-rate", "ratio", "", "obligation_rate = obligations / budget_current * 100", "",
     "error", "집행률(원인행위액)은 원인행위액 ÷ 예산현액 × 100과 같아야 합니다",
     "The obligation execution rate must equal obligations / current budget * 100"),
    ("expenditure-rate", "ratio", "", "expenditure_rate = expenditure / budget_current * 100", "",
     "error", "집행률(지출액)은 지출액 ÷ 예산현액 × 100과 같아야 합니다",
     "The expenditure execution rate must equal expenditure / current budget * 100"),
    ("obligations-within-budget", "bound", "", "obligations <= budget_current", "",
     "error", "원인행위액은 예산현액을 넘을 수 없습니다", "Obligations cannot exceed the current budget"),
    ("expenditure-within-obligations", "bound", "", "expenditure <= obligations", "",
     "error", "지출액은 원인행위액을 넘을 수 없습니다", "Expenditure cannot exceed obligations"),
]

# Per-block rules; {o} is the block's office id, {t} its table suffix.
# (id, kind, measures, expr, scope, severity, ko, en, source line)
BLOCK_RULES = [
    ("staffing-col-sum", "sum", "authorized;current;women", "$m{unit={o}} = sum($m by unit)",
     "table=staffing-{t}", "error", "인력현황 표의 계 행은 각 부서 행의 합과 같아야 합니다",
     "In the staffing table the 계 row must equal the sum of the unit rows", 32),
    ("budget-col-sum", "sum", "budget_current;obligations;expenditure", "$m{unit={o}} = sum($m by unit)",
     "table=budget-{t}", "error", "예산 표의 계 행은 각 부서 행의 합과 같아야 합니다",
     "In the budget table the 계 row must equal the sum of the unit rows", 93),
    ("staffing-headline-equal", "equal", "authorized;current",
     "$m{table=staffing-headline-{t}} = $m{table=staffing-{t}}", "", "error",
     "인력현황 제목의 정원·현원은 표의 계 행과 같아야 합니다",
     "The headline authorized/current headcount must equal the 계 row of the staffing table", 28),
    # ---- optional extras (--rules-per-block > 3), all hold on consistent data
    ("obligation-rate-max", "bound", "", "obligation_rate <= 100", "table=budget-{t}", "error",
     "집행률(원인행위액)은 100%를 넘을 수 없습니다", "The obligation rate cannot exceed 100%", 90),
    ("expenditure-rate-max", "bound", "", "expenditure_rate <= 100", "table=budget-{t}", "error",
     "집행률(지출액)은 100%를 넘을 수 없습니다", "The expenditure rate cannot exceed 100%", 90),
    ("rates-ordered", "bound", "", "expenditure_rate <= obligation_rate", "table=budget-{t}", "error",
     "지출 집행률은 원인행위 집행률을 넘을 수 없습니다",
     "The expenditure rate cannot exceed the obligation rate", 90),
    ("amounts-nonneg", "bound", "budget_current;obligations;expenditure", "$m >= 0", "table=budget-{t}",
     "error", "금액은 음수일 수 없습니다", "Amounts cannot be negative", 90),
    ("rates-nonneg", "bound", "obligation_rate;expenditure_rate", "$m >= 0", "table=budget-{t}",
     "error", "집행률은 음수일 수 없습니다", "Rates cannot be negative", 90),
    ("budget-row-within-total", "bound", "budget_current;obligations;expenditure",
     "$m <= $m{unit={o}}", "table=budget-{t}", "warning", "부서 금액은 계를 넘을 수 없습니다",
     "A unit's amount cannot exceed the total row", 93),
    ("current-within-authorized", "bound", "", "current <= authorized", "table=staffing-{t}", "warning",
     "현원이 정원을 초과합니다", "Current headcount exceeds the authorized headcount", 31),
    ("staffing-nonneg", "bound", "authorized;current;women", "$m >= 0", "table=staffing-{t}", "error",
     "인원은 음수일 수 없습니다", "Headcounts cannot be negative", 31),
    ("staffing-row-within-total", "bound", "authorized;current;women", "$m <= $m{unit={o}}",
     "table=staffing-{t}", "warning", "부서 인원은 계를 넘을 수 없습니다",
     "A unit's headcount cannot exceed the total row", 32),
    ("women-within-authorized", "bound", "", "women <= authorized{job_class=total}",
     "table=staffing-{t}", "warning", "여성 인원은 정원을 넘을 수 없습니다",
     "Women on staff cannot exceed the authorized headcount", 31),
    ("general-within-total", "bound", "authorized;current", "$m{job_class=general} <= $m{job_class=total}",
     "table=staffing-{t}", "error", "일반직 인원은 합계를 넘을 수 없습니다",
     "General-service staff cannot exceed the total", 31),
    ("dispatched-within-authorized", "bound", "", "dispatched_included <= authorized{job_class=total}",
     "table=staffing-{t}", "warning", "교류파견자 수는 정원을 넘을 수 없습니다",
     "Dispatched staff cannot exceed the authorized headcount", 46),
    ("headline-current-within-authorized", "bound", "", "current{job_class=total} <= authorized{job_class=total}",
     "table=staffing-headline-{t}", "warning", "현원이 정원을 초과합니다",
     "Current headcount exceeds the authorized headcount", 28),
    ("gap-nonpositive", "bound", "", "staffing_gap <= 0", "table=staffing-headline-{t}", "warning",
     "현원이 정원보다 많습니다 (△ 없는 차이)", "The gap is positive: more staff than authorized", 28),
    ("gap-within-authorized", "bound", "", "staffing_gap + authorized{job_class=total} >= 0",
     "table=staffing-headline-{t}", "error", "현원은 음수일 수 없습니다 (정원 + 차이 ≥ 0)",
     "Current headcount (authorized + gap) cannot be negative", 28),
    ("teams-min", "bound", "", "teams >= 1", "table=org-{t}", "warning",
     "과에는 팀이 하나 이상 있어야 합니다", "A division has at least one team", 24),
    ("teams-max", "bound", "", "teams <= 10", "table=org-{t}", "warning",
     "팀 수가 10을 넘습니다", "More than ten teams in a division", 24),
    ("one-office", "equal", "", "org_unit_count{org_kind=office} = 1", "table=org-{t}", "error",
     "실은 하나입니다", "An office report covers one office", 16),
]
assert len(BLOCK_RULES) == 21


# What the generated facts need from the seed's catalogue: measure -> (dims, rounding).
NEEDED_MEASURES = {
    "org_unit_count": ("org_kind", "exact"), "teams": ("unit", "exact"),
    "authorized": ("unit;job_class", "exact"), "current": ("unit;job_class", "exact"),
    "women": ("unit", "exact"), "staffing_gap": ("unit", "exact"),
    "dispatched_included": ("unit", "exact"), "budget_current": ("unit", "rounded"),
    "obligations": ("unit", "rounded"), "expenditure": ("unit", "rounded"),
    "obligation_rate": ("unit", "rounded"), "expenditure_rate": ("unit", "rounded"),
}


def check_catalogue():
    import csv
    with open(os.path.join(SEED_PKG, "measures.csv"), encoding="utf-8", newline="") as f:
        measures = {r["id"]: (r["dims"], r["rounding"]) for r in csv.DictReader(f)}
    with open(os.path.join(SEED_PKG, "members.csv"), encoding="utf-8", newline="") as f:
        members = {(r["dimension"], r["id"]) for r in csv.DictReader(f)}
    with open(os.path.join(SEED_PKG, "dimensions.csv"), encoding="utf-8", newline="") as f:
        dims = {r["id"]: r["members_from"] for r in csv.DictReader(f)}
    problems = ["measure %s: seed has %s, need %s" % (m, measures.get(m), want)
                for m, want in NEEDED_MEASURES.items() if measures.get(m) != want]
    problems += ["dimension %s" % d for d, frm in (("unit", "units"), ("job_class", "members"),
                                                  ("org_kind", "members")) if dims.get(d) != frm]
    problems += ["member %s=%s" % k for k in [("job_class", j) for j in ["total"] + JOB_CLASSES]
                 + [("org_kind", k) for k, _ in ORG_KINDS] if k not in members]
    if problems:
        sys.exit("gen.py: the seed's catalogue no longer fits: " + "; ".join(problems))


def csv_field(v):
    v = str(v)
    if any(c in v for c in ',"\n\r'):
        return '"' + v.replace('"', '""') + '"'
    return v


def csv_line(fields):
    return ",".join(csv_field(f) for f in fields) + "\n"


def grouped(n):
    """706246 -> "706,246"; negatives keep their sign."""
    return format(n, ",")


def rate(num, den):
    return (Decimal(num) * 100 / Decimal(den)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


class Writer:
    def __init__(self, path, header):
        self.f = open(path, "w", encoding="utf-8", newline="\n")
        self.buf = [csv_line(header)]
        self.rows = 0

    def row(self, *fields):
        self.buf.append(csv_line(fields))
        self.rows += 1
        if len(self.buf) >= 20000:
            self.flush()

    def flush(self):
        self.f.write("".join(self.buf))
        self.buf = []

    def close(self):
        self.flush()
        self.f.close()


def gen_block(b, rng, bad, w, rules_per_block):
    sfx = "-%d" % b
    src = "%06d_synthetic.txt" % b

    def s(line):
        return "%s:%d" % (src, line)

    uid = {u[0]: u[0] + sfx for u in UNITS}
    office = uid["econ-office"]

    # ---- units, functions -------------------------------------------------
    for seq, (u, kind, ko, en, rank) in enumerate(UNITS, 1):
        line = UNIT_LINE.get(u, 30 + seq)
        name_ko = ko + (str(b) if kind == "office" else "")
        name_en = en + (" %d" % b if kind == "office" else "")
        w["units"].row(uid[u], "" if kind == "office" else office, kind, seq, name_ko, name_en, rank, s(line))
    line = 53
    for u in DIVISIONS + ["science-museum"]:
        for k in (1, 2):
            w["functions"].row(uid[u], k, FUNCTION_TEXTS[(DIVISIONS + ["science-museum"]).index(u) * 2 % 4 + k - 1],
                               s(line))
            line += 1

    # ---- nodes, texts, milestones -----------------------------------------
    nid = lambda n: n + sfx  # noqa: E731
    nw = w["nodes"]
    nw.row(nid("meeting"), "", "section", 1, "", "제314회 시의회 임시회 기획경제위원회 주요업무보고 (%d)" % b,
           "Major business report %d" % b, office, s(2))
    nw.row(nid("general"), "", "section", 2, "Ⅰ", "일반현황", "General status", office, s(14))
    nw.row(nid("vision"), "", "vision", 3, "", "다시 뛰는 글로벌 경제혁신 도시 서울",
           "Seoul, a global city of economic innovation running again", "", s(162))
    nw.row(nid("goal"), nid("vision"), "goal", 1, "", "경제활력의 완전한 회복 및 미래경제로의 도약",
           "Full recovery of economic vitality", "", s(166))
    for i, (ko, en) in enumerate(STRATEGIES, 1):
        nw.row(nid("st%d" % i), nid("goal"), "strategy", i, "", ko, en, "", s(164 + 4 * i))
    for i in range(1, 6):
        for j in range(1, 4):
            owner = uid[DIVISIONS[rng.randrange(len(DIVISIONS))]] if rng.random() < 0.6 else ""
            nw.row(nid("st%d-t%d" % (i, j)), nid("st%d" % i), "task", j, "", TASKS[(i - 1) * 3 + j - 1],
                   "Task %d.%d" % (i, j), owner, s(183 + 6 * i + 30 * (j - 1)))
    for i, ko in enumerate(AREAS, 1):
        nw.row(nid("a%d" % i), "", "area", 3 + i, str(i), ko, "Area %d" % i, "", s(289 + 2 * i))
    tw = w["texts"]
    texts = [
        ("status", 0, "", "조직현황 - 1실‧1기획관‧1정책관‧1관  (’22.8.29. 기준)", 16),
        ("status", 1, "∘", "사업소 : 서울시립과학관", 25),
        ("status", 1, "∘", "출연기관 : 서울산업진흥원", 26),
        ("status", 0, "", None, 28),
        ("note", 3, "1)", "경제정책실 소속 교류파견자 2명 포함", 46),
        ("status", 0, "", "주요기능", 50),
        ("status", 0, "", "예    산 (단위 : 백만원, ’22.8.29. 기준)", 89),
    ]
    wm = w["milestones"]
    wm.row(nid("meeting"), 1, "제314회 시의회 임시회 기획경제위원회 주요업무보고", "’22.09.22. (목)", "done",
           "2022-09-22", "10:00", s(2) + ";" + s(3) + ";" + s(4))
    wm.row(nid("meeting"), 2, "보고서 작성", "2022. 9.", "done", "2022-09-22", "표지의 보고 시기",
           s(8) + ";" + s(10))

    # ---- staffing -----------------------------------------------------------
    auth, cur, women = {}, {}, {}
    for u in ROW_UNITS:
        a = {"general": rng.randint(10, 33),
             "fixed-term": rng.randint(1, 10) if rng.random() < 0.6 else 0,
             "special": 1 if rng.random() < 0.15 else 0,
             "curator": (rng.randint(1, 3) if u == "science-museum" else (1 if rng.random() < 0.1 else 0))}
        c = {k: max(0, v - (rng.randint(0, 2) if rng.random() < 0.4 else 0)) for k, v in a.items()}
        auth[u], cur[u] = a, c
        women[u] = rng.randint(sum(c.values()) // 4, (sum(c.values()) * 3) // 4)
    auth_o = {k: sum(auth[u][k] for u in ROW_UNITS) for k in JOB_CLASSES}
    cur_o = {k: sum(cur[u][k] for u in ROW_UNITS) for k in JOB_CLASSES}
    women_o = sum(women.values())
    # printed 합계 column (may be wrong on purpose)
    tot_auth = {u: sum(auth[u].values()) for u in ROW_UNITS}
    tot_cur = {u: sum(cur[u].values()) for u in ROW_UNITS}
    tot_auth_o, tot_cur_o = sum(auth_o.values()), sum(cur_o.values())
    if bad:
        tot_auth_o += rng.randint(1, 3)
        tot_cur[DIVISIONS[rng.randrange(len(DIVISIONS))]] += 1
    gap = tot_cur_o - tot_auth_o
    texts[3] = ("status", 0, "", "인력현황 - 정원 %d / 현원 %d명 (%s) (’22.8.29. 기준)"
                % (tot_auth_o, tot_cur_o, ("△%d" % -gap) if gap < 0 else str(gap)), 28)
    for seq, (sec, depth, marker, text, line) in enumerate(texts, 1):
        tw.row(nid("general"), sec, seq, depth, marker, text, s(line))
    for i, (ko, _) in enumerate(STRATEGIES, 1):
        tw.row(nid("st%d" % i), "note", 1, 0, "", " / ".join(ko.split(" ")), s(164 + 4 * i))
    for i in range(1, 6):
        for j in range(1, 4):
            tw.row(nid("st%d-t%d" % (i, j)), "note", 1, 1, "•", " / ".join(TASKS[(i - 1) * 3 + j - 1].split(" ")),
                   s(183 + 6 * i + 30 * (j - 1)))

    fw = w["facts"]
    # org
    for k, label in ORG_KINDS:
        fw.row("org_unit_count", "org_kind=" + k, PERIOD, "actual", "org-%d" % b, 1, "1" + label, s(16))
    for u in DIVISIONS:
        n = rng.randint(3, 6)
        fw.row("teams", "unit=" + uid[u], PERIOD, "actual", "org-%d" % b, n, "%d팀" % n, s(24))
    st = "staffing-%d" % b

    def count(v):
        return "-" if v == 0 else grouped(v)

    def staff_row(u, a, c, ta, tc, wn, line):
        cu = "unit=" + uid[u]
        fw.row("authorized", cu + ";job_class=total", PERIOD, "actual", st, ta, count(ta), s(line))
        fw.row("current", cu + ";job_class=total", PERIOD, "actual", st, tc, count(tc), s(line))
        for k in JOB_CLASSES:
            fw.row("authorized", cu + ";job_class=" + k, PERIOD, "actual", st, a[k], count(a[k]), s(line))
            fw.row("current", cu + ";job_class=" + k, PERIOD, "actual", st, c[k], count(c[k]), s(line))
        fw.row("women", cu, PERIOD, "actual", st, wn, count(wn), s(line))

    staff_row("econ-office", auth_o, cur_o, tot_auth_o, tot_cur_o, women_o, 32)
    for i, u in enumerate(ROW_UNITS):
        staff_row(u, auth[u], cur[u], tot_auth[u], tot_cur[u], women[u], 34 + i)
    hl = "staffing-headline-%d" % b
    fw.row("authorized", "unit=%s;job_class=total" % office, PERIOD, "actual", hl, tot_auth_o,
           grouped(tot_auth_o), s(28))
    fw.row("current", "unit=%s;job_class=total" % office, PERIOD, "actual", hl, tot_cur_o,
           grouped(tot_cur_o) + "명", s(28))
    fw.row("staffing_gap", "unit=" + office, PERIOD, "actual", hl, gap,
           ("△" + grouped(-gap)) if gap < 0 else grouped(gap), s(28))
    disp = min(2, cur["econ-policy-div"]["general"])
    fw.row("dispatched_included", "unit=" + uid["econ-policy-div"], PERIOD, "actual", st, disp, "%d명" % disp, s(46))

    # ---- budget ----------------------------------------------------------------
    bt = "budget-%d" % b
    rows = {}
    for u in ROW_UNITS:
        bud = int(round(10 ** rng.uniform(3.3, 5.4)))
        obl = int(round(bud * rng.uniform(0.45, 0.995)))
        exp = int(round(obl * rng.uniform(0.65, 1.0)))
        rows[u] = [bud, obl, exp]
    tot = [sum(rows[u][i] for u in ROW_UNITS) for i in range(3)]
    if bad:
        tot[0] -= 1  # within the rounding interval: a warning
        tot[1] += rng.randint(500, 2000)  # an error
    comma_unit = DIVISIONS[rng.randrange(len(DIVISIONS))] if bad else None

    def budget_row(u, v, line):
        cu = "unit=" + uid[u]
        for m, x in zip(("budget_current", "obligations", "expenditure"), v):
            fw.row(m, cu, PERIOD, "actual", bt, x, grouped(x), s(line))
        for m, x in (("obligation_rate", rate(v[1], v[0])), ("expenditure_rate", rate(v[2], v[0]))):
            p = str(x)
            if u == comma_unit and m == "obligation_rate":
                p = p.replace(".", ",")
            fw.row(m, cu, PERIOD, "actual", bt, str(x), p, s(line))

    budget_row("econ-office", tot, 93)
    for i, u in enumerate(ROW_UNITS):
        budget_row(u, rows[u], 95 + i)

    # ---- rules ------------------------------------------------------------------
    for (rid, kind, measures, expr, scope, sev, ko, en, line) in BLOCK_RULES[:rules_per_block]:
        fmt = lambda x: x.replace("{o}", office).replace("{t}", str(b))  # noqa: E731
        w["rules"].row("%s-%d" % (rid, b), kind, measures, fmt(expr), fmt(scope), sev, ko, en, s(line))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out_dir")
    ap.add_argument("--scale", type=int, default=1, help="number of offices (blocks); 1 ≈ the seed")
    ap.add_argument("--rules-per-block", type=int, default=3,
                    help="rules scoped to each block's tables, 3..21 (default 3: scale 1 has 11 rules)")
    ap.add_argument("--bad-fraction", type=float, default=0.01,
                    help="share of blocks after the first with deliberate inconsistencies (default 0.01)")
    ap.add_argument("--seed", type=int, default=20220922)
    a = ap.parse_args()
    if a.scale < 1 or not 3 <= a.rules_per_block <= len(BLOCK_RULES):
        ap.error("--scale >= 1 and 3 <= --rules-per-block <= %d" % len(BLOCK_RULES))

    os.makedirs(a.out_dir, exist_ok=True)
    with open(os.path.join(SEED_PKG, "datapackage.json"), encoding="utf-8") as f:
        desc = json.load(f)
    desc["name"] = "synthetic-office-x%d" % a.scale
    desc["title"] = "합성 주요업무보고 ×%d (벤치마크용)" % a.scale
    desc["description"] = (
        "bench/gen.py가 만든 합성 데이터: 경제정책실 주요업무보고(’22.09.22.)의 모양을 %d개 실로 늘림. "
        "Synthetic package generated by bench/gen.py (seed %d, scale %d, %d rules per block, bad fraction %g), "
        "shaped like the Seoul Economic Policy Office report; not real figures."
        % (a.scale, a.seed, a.scale, a.rules_per_block, a.bad_fraction))
    desc["sources"] = [{"title": "bench/gen.py --scale %d --seed %d (synthetic)" % (a.scale, a.seed)}]
    with open(os.path.join(a.out_dir, "datapackage.json"), "w", encoding="utf-8", newline="\n") as f:
        f.write(json.dumps(desc, ensure_ascii=False, indent=2) + "\n")

    headers = {}
    for r in desc["resources"]:
        headers[r["name"]] = [fd["name"] for fd in r["schema"]["fields"]]
    w = {name: Writer(os.path.join(a.out_dir, name + ".csv"), headers[name]) for name in headers}
    # Dimensions, members and measures are the seed's catalogue, row for row (so the
    # output depends on the seed's version of these three files; it must still define
    # what the generated facts use, with the same dimensions and rounding).
    for name in ("dimensions", "members", "measures"):
        with open(os.path.join(SEED_PKG, name + ".csv"), encoding="utf-8") as f:
            lines = f.read().splitlines(True)
        assert lines[0] == csv_line(headers[name]), name
        w[name].buf.extend(lines[1:])
        w[name].rows += len(lines) - 1
    check_catalogue()
    for rid, kind, measures, expr, scope, sev, ko, en in SHARED_RULES:
        w["rules"].row(rid, kind, measures, expr, scope, sev, ko, en, "")

    rng = random.Random(a.seed)
    for b in range(1, a.scale + 1):
        bad = b == 1 or rng.random() < a.bad_fraction
        gen_block(b, rng, bad, w, a.rules_per_block)
    counts = {name: wr.rows for name, wr in w.items()}
    for wr in w.values():
        wr.close()
    sys.stderr.write("%s: scale %d: %d facts, %d rules, %d units, %d nodes\n" % (
        a.out_dir, a.scale, counts["facts"], counts["rules"], counts["units"], counts["nodes"]))


if __name__ == "__main__":
    main()

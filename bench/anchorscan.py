#!/usr/bin/env python3
"""Count what `jipyo check` walks: for every rule instance (rule x $m measure), the facts of
its anchor measure (the first reference of the left side). RESULTS.md's cost model.

    python3 bench/anchorscan.py PKG_DIR
"""
import collections
import csv
import re
import sys


def main():
    d = sys.argv[1]
    per_measure = collections.Counter()
    with open(d + "/facts.csv", encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            per_measure[r["measure"]] += 1
    instances = visited = 0
    with open(d + "/rules.csv", encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            for m in r["measures"].split(";") if r["measures"] else [None]:
                expr = r["expr"].replace("$m", m) if m else r["expr"]
                anchor = re.match(r"\s*(?:sum\()?\s*([A-Za-z_][A-Za-z0-9_]*)", expr).group(1)
                instances += 1
                visited += per_measure[anchor]
    print("%s: %d rule instances, %d anchor facts visited" % (d, instances, visited))


if __name__ == "__main__":
    main()

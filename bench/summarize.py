#!/usr/bin/env python3
"""Summarize bench/run.sh results (hyperfine JSON + .meta files) as Markdown.

    python3 bench/summarize.py bench/out/results
"""
import glob
import json
import os
import sys

STEPS = ["import", "base-sqlite3", "base-sqlite3-all", "base-python", "check", "report"]


def load_meta(path):
    meta = {}
    with open(path) as f:
        for line in f:
            for kv in line.split():
                if "=" in kv:
                    k, v = kv.split("=", 1)
                    meta[k] = v
    return meta


def step_result(res, name, step):
    path = os.path.join(res, "%s.%s.json" % (name, step))
    if not os.path.exists(path):
        return None
    try:
        with open(path) as f:
            r = json.load(f)["results"][0]
    except (ValueError, KeyError, IndexError):
        return None  # still running, or hyperfine was interrupted
    codes = r.get("exit_codes") or []
    timeout = None
    cmd = r["command"]
    if cmd.startswith("timeout "):
        timeout = float(cmd.split()[1])
    timed_out = any(c == 124 for c in codes)
    return {"median": r["median"], "min": r["min"], "max": r["max"], "runs": len(r["times"]),
            "cpu": r.get("user", 0) + r.get("system", 0),
            "timed_out": timed_out, "timeout": timeout, "codes": codes}


def fmt_time(s):
    if s is None:
        return "—"
    if s["timed_out"]:
        return "> %.0f s (killed, %d run)" % (s["timeout"], s["runs"])
    m = s["median"]
    t = "%.3f s" % m if m < 10 else "%.1f s" % m
    return "%s (%d)" % (t, s["runs"])


def rate(n, s):
    if s is None or s["timed_out"] or s["median"] <= 0:
        return "—"
    return "{:,.0f}/s".format(n / s["median"])


def main():
    res = sys.argv[1]
    metas = []
    for p in glob.glob(os.path.join(res, "*.meta")):
        m = load_meta(p)
        gen = os.path.join(res, m["name"] + ".gen.txt")
        if os.path.exists(gen):
            for line in open(gen):
                if line.startswith("gen_seconds="):
                    m["gen_seconds"] = float(line.split("=")[1])
        metas.append(m)
    metas.sort(key=lambda m: (int(m["facts"]), m["name"]))

    print("### Packages\n")
    print("| package | scale | rules/block | facts | rules | units | nodes | facts.csv | package | db | gen |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for m in metas:
        print("| %s | %s | %s | %s | %s | %s | %s | %.1f MB | %.1f MB | %s | %s |" % (
            m["name"], m["scale"], m["rules_per_block"], "{:,}".format(int(m["facts"])),
            "{:,}".format(int(m["rules"])), "{:,}".format(int(m["units"])), "{:,}".format(int(m["nodes"])),
            int(m["facts_csv_bytes"]) / 1e6, int(m["package_bytes"]) / 1e6,
            "%.1f MB" % (int(m["db_bytes"]) / 1e6) if "db_bytes" in m else "—",
            "%.1f s" % m["gen_seconds"] if "gen_seconds" in m else "—"))

    print("\n### Medians (runs in parentheses)\n")
    print("| package | facts | rules | jipyo import | import facts/s | sqlite3 .import facts.csv | rows/s "
          "| sqlite3 .import all 11 CSVs | Python csv+sqlite3 (facts) | rows/s | jipyo check --db | jipyo report md |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for m in metas:
        n = int(m["facts"])
        r = {s: step_result(res, m["name"], s) for s in STEPS}
        print("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            m["name"], "{:,}".format(n), "{:,}".format(int(m["rules"])),
            fmt_time(r["import"]), rate(n, r["import"]),
            fmt_time(r["base-sqlite3"]), rate(n, r["base-sqlite3"]),
            fmt_time(r["base-sqlite3-all"]),
            fmt_time(r["base-python"]), rate(n, r["base-python"]),
            fmt_time(r["check"]), fmt_time(r["report"])))

    print("\n### Spread (min … max) and CPU time (user + system, mean over runs)\n")
    print("| package | step | min s | median s | max s | CPU s | runs |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for m in metas:
        for s in STEPS:
            x = step_result(res, m["name"], s)
            if x is None:
                continue
            print("| %s | %s | %.3f | %.3f | %.3f | %.3f | %d%s |" % (
                m["name"], s, x["min"], x["median"], x["max"], x["cpu"], x["runs"],
                " (timed out)" if x["timed_out"] else ""))

    fl = step_result(res, "floor", "check")
    if fl is not None:
        print("\n### check floor: the largest package's facts under the 8 shared rules only\n")
        print("| step | median | min | max | CPU s | runs |")
        print("|---|---:|---:|---:|---:|---:|")
        print("| check --db | %.3f s | %.3f | %.3f | %.3f | %d |" % (fl["median"], fl["min"], fl["max"], fl["cpu"],
                                                                 fl["runs"]))

    print("\n### check output (last line)\n")
    for m in metas + [{"name": "floor"}]:
        p = os.path.join(res, m["name"] + ".check.txt")
        if os.path.exists(p):
            lines = open(p, encoding="utf-8", errors="replace").read().splitlines()
            print("- %s: %s" % (m["name"], lines[-1] if lines else "(empty)"))


if __name__ == "__main__":
    main()

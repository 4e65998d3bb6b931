#!/usr/bin/env python3
"""Phase times of one jipyo command, repeated: median and min of wall and CPU seconds.

    python3 bench/phases.py [-n RUNS] [-t THREADS] -- build/jipyo check --db bench/out/t1m.db

Runs the command RUNS times with JIPYO_TIMING=1 (stdout discarded), reads the
"timing:" lines it prints to stderr, and prints one row per phase plus the
whole run (wall from this script, CPU = user + sys of the child). The load
average before and after is printed too: on a shared machine, wall time is
only meaningful next to it.
"""
import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import time

LINE = re.compile(r"^timing: (.*?)\s+([0-9.]+) s wall\s+([0-9.]+) s cpu$")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", "--runs", type=int, default=3)
    ap.add_argument("-t", "--threads", type=int, default=0, help="JIPYO_THREADS (0: default)")
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.cmd[1:] if a.cmd and a.cmd[0] == "--" else a.cmd
    env = dict(os.environ, JIPYO_TIMING="1")
    if a.threads:
        env["JIPYO_THREADS"] = str(a.threads)
    phases = {}
    order = []
    totals = {"wall": [], "cpu": [], "rss_mb": []}
    print("load average before: %s" % open("/proc/loadavg").read().strip())
    for _ in range(a.runs):
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.monotonic()
        p = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        t1 = time.monotonic()
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        if p.returncode not in (0, 1):
            sys.exit("command failed (%d): %s" % (p.returncode, p.stderr[-2000:]))
        totals["wall"].append(t1 - t0)
        totals["cpu"].append((r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime))
        totals["rss_mb"].append(r1.ru_maxrss / 1024.0)
        for line in p.stderr.splitlines():
            m = LINE.match(line)
            if m:
                name = m.group(1)
                if name not in phases:
                    phases[name] = ([], [])
                    order.append(name)
                phases[name][0].append(float(m.group(2)))
                phases[name][1].append(float(m.group(3)))
    print("load average after:  %s" % open("/proc/loadavg").read().strip())
    print("%d run(s) of: %s%s" % (a.runs, " ".join(cmd), " (JIPYO_THREADS=%d)" % a.threads if a.threads else ""))
    print("| phase | wall median | wall min | cpu median | cpu min |")
    print("|---|---:|---:|---:|---:|")
    for name in order:
        w, c = phases[name]
        print("| %s | %.3f | %.3f | %.3f | %.3f |" % (name, statistics.median(w), min(w), statistics.median(c), min(c)))
    w, c = totals["wall"], totals["cpu"]
    print("| **whole run** | **%.3f** | %.3f | %.3f | %.3f |" % (statistics.median(w), min(w), statistics.median(c), min(c)))
    print("peak RSS (max over runs): %.0f MB" % max(totals["rss_mb"]))


if __name__ == "__main__":
    main()

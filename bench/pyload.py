#!/usr/bin/env python3
"""Baseline: load a facts.csv into a fresh SQLite table with Python's csv and sqlite3.

    python3 bench/pyload.py FACTS_CSV DB

One transaction, executemany, no validation: what a plain script does.
"""
import csv
import os
import sqlite3
import sys


def main():
    src, db = sys.argv[1], sys.argv[2]
    for suffix in ("", "-wal", "-shm", "-journal"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    con = sqlite3.connect(db)
    with open(src, encoding="utf-8", newline="") as f:
        rows = csv.reader(f)
        header = next(rows)
        cols = ", ".join('"%s" TEXT' % h for h in header)
        con.execute("CREATE TABLE facts(%s)" % cols)
        with con:
            con.executemany("INSERT INTO facts VALUES(%s)" % ", ".join("?" * len(header)), rows)
    n = con.execute("SELECT count(*) FROM facts").fetchone()[0]
    con.close()
    sys.stderr.write("%d rows\n" % n)


if __name__ == "__main__":
    main()

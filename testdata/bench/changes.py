#!/usr/bin/python3
"""B1c's second sheet: the register with 1% of its person rows changed.

    /usr/bin/python3 changes.py REGISTER.csv CHANGED.csv SAME.json CHANGED.json

Every hundredth person row (the 100th, 200th …) has its 在住 (present)
cell turned over, 是 to 否 and 否 to 是: the person is the same (household,
name and birth are unchanged), one value changed. Writes the changed
sheet, and for each sheet what a ledger holds after importing it into the
register of the first: households, people and present people (check.py
b1c compares both files with these).
"""
import csv
import json
import sys


def main(src, dst, same, changed):
    with open(src, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    head = rows[0]
    B, U, R, N, PR = (head.index(h) for h in ("楼号", "单元", "室号", "姓名", "在住"))
    addresses = {(r[B], r[U], r[R]) for r in rows[1:] if r[B] or r[R]}
    people = [r for r in rows[1:] if r[N]]
    present = sum(r[PR] == "是" for r in people)
    flipped = 0
    for i, r in enumerate(people, start=1):
        if i % 100 == 0:
            flipped += 1 if r[PR] != "是" else -1
            r[PR] = "否" if r[PR] == "是" else "是"
    with open(dst, "w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    for path, p in ((same, present), (changed, present + flipped)):
        json.dump({"households": len(addresses), "people": len(people), "present": p,
                   "changed": 0 if path == same else len(people) // 100}, open(path, "w"))


if __name__ == "__main__":
    main(*sys.argv[1:])

#!/usr/bin/python3
"""B1c peer: importing a register again into the file peer_import.py made.

    /usr/bin/python3 peer_upsert.py REGISTER.csv PEER.db

What a committee's Python programmer would write to bring the file up to
date with a newer sheet, as vol import does on a ledger that has the
register already: rows read and normalised as peer_import.py reads them
(its read() and people_rows()), people matched by (household, name, birth); a new address
adds a household, a new person is inserted, a person whose values differ
from the sheet's is updated, one the same is left alone, and nobody is
removed (people missing from the sheet are counted, as vol reports them).
The file's households and people are read into dicts first; the changes
go in one transaction. Prints what it did.
"""
import sqlite3
import sys
import uuid

from peer_import import people_rows

FIELDS = ("sex", "phone", "role", "present", "volunteer", "skills", "notes")


def main(src, dst):
    db = sqlite3.connect(dst, isolation_level=None)
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("BEGIN IMMEDIATE")
    households = {(a, b, u, r): i for i, a, b, u, r in db.execute("SELECT id, area, building, unit, room FROM households")}
    people = {}  # (household, name, birth) -> (id, values)
    for row in db.execute("SELECT id, household_id, name, birth, " + ", ".join(FIELDS) + " FROM people"):
        people[(row[1], row[2], row[3])] = (row[0], row[4:])
    hrows, inserts, updates, seen = [], [], [], set()
    for hid, k, person in people_rows(src, households, hrows, seen):
        values = person[2:]
        have = people.get(k)
        if have is None:
            inserts.append((str(uuid.uuid4()), hid) + person)
        elif have[1] != values:
            updates.append(values + (have[0],))
    db.executemany("INSERT INTO households VALUES (?, ?, ?, ?, ?)", hrows)
    db.executemany("INSERT INTO people VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", inserts)
    db.executemany("UPDATE people SET " + ", ".join(f"{f} = ?" for f in FIELDS) + " WHERE id = ?", updates)
    db.execute("COMMIT")
    db.close()
    print(f"{len(hrows)} households added, {len(inserts)} people added, {len(updates)} changed, "
          f"{len(people) - (len(seen) - len(inserts))} missing from the sheet")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

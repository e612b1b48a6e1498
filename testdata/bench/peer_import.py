#!/usr/bin/python3
"""B1a peer: the import a committee's Python programmer would write.

    /usr/bin/python3 peer_import.py REGISTER.csv PEER.db

Reads the register CSV (the sample's columns, one row per person; a row with
only an address registers an empty household) with the standard library's
csv module and loads it into a fresh SQLite file with the standard library's
sqlite3 module: the same logical import as `vol import`, without vol's
journal, provenance or erasure machinery.

- Addresses are normalised as vol does for these sheets: NFKC, spaces out,
  the markers 号楼/栋/幢/座, 单元, 室/号 dropped, leading zeros dropped; the
  canonical text is 3号楼2单元501室.
- Values are normalised: sex to M/F, role to resident/property_staff/
  stranded_worker, yes/no cells to 1/0, birth to YYYY or YYYY-MM (checked),
  phone to its digits, skills as sorted tags joined by 、.
- A person is keyed by (household, name, birth); a second row for the same
  key is an error, like vol's.
- Households and people get random UUID text IDs (vol uses UUIDv7 text).
- One transaction; the tables have the ledger's columns and the same two
  indexes: households UNIQUE (area, building, unit, room) and people
  (household_id). The people index is built after the load, as a careful
  programmer would (vol keeps its indexes in place: its schema exists
  before the import).
"""
import csv
import re
import sqlite3
import sys
import unicodedata
import uuid

SEX = {"男": "M", "m": "M", "male": "M", "女": "F", "f": "F", "female": "F", "": ""}
ROLE = {"": "resident", "居民": "resident", "住户": "resident", "resident": "resident",
        "物业人员": "property_staff", "物业": "property_staff", "property_staff": "property_staff",
        "装修工人": "stranded_worker", "滞留人员": "stranded_worker", "stranded_worker": "stranded_worker"}
YES = {"是": 1, "yes": 1, "y": 1, "1": 1, "√": 1, "true": 1,
       "": 0, "否": 0, "no": 0, "n": 0, "0": 0, "×": 0, "false": 0}
BIRTH = re.compile(r"^(\d{4})(?:[-./年](\d{1,2})月?)?$")
MARKERS = {
    "building": ("号楼", "栋", "幢", "座", "号"),
    "unit": ("单元",),
    "room": ("室", "号"),
}


def norm(s):
    return unicodedata.normalize("NFKC", s).strip().replace(" ", "")


def part(s, kind):
    s = norm(s)
    for m in MARKERS[kind]:
        if s.endswith(m):
            s = s[: -len(m)]
            break
    if s.isdigit():
        s = s.lstrip("0") or "0"
    return s


def read(src):
    """Yields (line, address key or None, person or None) for each row of
    the register, normalised and checked; a person is (name, birth, sex,
    phone, role, present, volunteer, skills, notes)."""
    with open(src, newline="", encoding="utf-8-sig") as f:
        rd = csv.reader(f)
        col = {norm(h): i for i, h in enumerate(next(rd))}
        B, U, R, N, S, BI, PH, PR, RO, V, SK, NO = (col[h] for h in (
            "楼号", "单元", "室号", "姓名", "性别", "出生年月", "联系电话", "在住", "身份", "志愿者", "技能", "备注"))
        for line, row in enumerate(rd, start=2):
            key = None
            if row[B] or row[R]:
                key = ("", part(row[B], "building"), part(row[U], "unit"), part(row[R], "room"))
            name = norm(row[N])
            if not name:
                if key is None:
                    sys.exit(f"line {line}: an empty row")
                yield line, key, None
                continue
            birth = norm(row[BI])
            m = BIRTH.match(birth)
            if birth and not m:
                sys.exit(f"line {line}: birth")
            if m:
                birth = m.group(1) + (f"-{int(m.group(2)):02d}" if m.group(2) else "")
            role = ROLE[norm(row[RO]).lower()]
            if key is None and role != "property_staff":
                sys.exit(f"line {line}: no address")
            phone = re.sub(r"[\s-]", "", norm(row[PH]))
            if phone and not phone.isdigit():
                sys.exit(f"line {line}: phone")
            skills = "、".join(sorted(set(t for t in re.split(r"[、,，;；\s]+", norm(row[SK])) if t)))
            yield line, key, (name, birth, SEX[norm(row[S]).lower()], phone, role,
                              YES[norm(row[PR]).lower()], YES[norm(row[V]).lower()], skills, norm(row[NO]))



def people_rows(src, households, hrows, seen):
    """read()'s people with their household's ID, as (hid, (hid, name,
    birth), person): households maps (area, building, unit, room) to IDs, a
    new address gets a new one (its row appended to hrows); seen collects
    the (household, name, birth) keys, and one met twice stops the import."""
    for line, key, person in read(src):
        hid = None
        if key is not None:
            hid = households.get(key)
            if hid is None:
                hid = households[key] = str(uuid.uuid4())
                hrows.append((hid,) + key)
        if person is None:
            continue
        k = (hid, person[0], person[1])
        if k in seen:
            sys.exit(f"line {line}: the same person twice")
        seen.add(k)
        yield hid, k, person

def main(src, dst):
    db = sqlite3.connect(dst, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("BEGIN")
    db.execute("""CREATE TABLE households (
        id TEXT PRIMARY KEY, area TEXT NOT NULL, building TEXT NOT NULL, unit TEXT NOT NULL, room TEXT NOT NULL,
        UNIQUE (area, building, unit, room)) STRICT""")
    db.execute("""CREATE TABLE people (
        id TEXT PRIMARY KEY, household_id TEXT REFERENCES households (id), name TEXT NOT NULL, birth TEXT NOT NULL,
        sex TEXT NOT NULL, phone TEXT NOT NULL, role TEXT NOT NULL, present INTEGER NOT NULL,
        volunteer INTEGER NOT NULL, skills TEXT NOT NULL, notes TEXT NOT NULL) STRICT""")
    hrows, prows = [], []
    for hid, _, person in people_rows(src, {}, hrows, set()):
        prows.append((str(uuid.uuid4()), hid) + person)
    db.executemany("INSERT INTO households VALUES (?, ?, ?, ?, ?)", hrows)
    db.executemany("INSERT INTO people VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", prows)
    db.execute("CREATE INDEX people_household ON people (household_id)")
    db.execute("COMMIT")
    db.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

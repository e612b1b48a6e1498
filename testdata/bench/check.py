#!/usr/bin/python3
"""Checks that vol and its peer gave the same answer (bench.sh runs these).

    /usr/bin/python3 check.py KIND ARGS...

Prints one line, "ok: …" or "FAIL: …", and exits 0 or 1.

  b1  VOL.db PEER.db RAW.db FIGURES.json   households and people read back
        with the sqlite3 shell from vol's ledger and the Python peer's file,
        rows from the raw .import, against the generator's figures
  b2  VOL.json PEER.csv     tiers (claimants, packs) and the whole ranking,
        tier by tier: the same addresses in the same places with the same
        packs (IDs differ between the two files, so where vol breaks a tie
        by ID the peer may pick another person of the same household: the
        address is what both must agree on)
  b3  VOL.out PEER.out      the same total cost (B3 and B4)
  b5x VOL.xlsx PEER.xlsx    the same sheets with the same number of rows
  b5c VOL.csv PEER.csv      the same header, the same number of rows, the
        same addresses in the same order, the same rows as a multiset (every
        column as written: phones masked alike, birth years, yes/no)
  b6l VOL.txt PEER.txt      the same 20 households: address, present,
        present size, listed
  b6s VOL.json PEER.json [FIGURES.json]   the same figures, and the
        generator's when given
  b1c VOL.db PEER.db EXPECT.json   after a re-import: households, people
        and present people read back from both files equal the sheet's
        (changes.py wrote EXPECT.json)
  c1  VOL.out PEER.out      vol check said nothing (it exits 0 only then:
        hyperfine would have failed otherwise); the peer's integrity check
        said ok and it printed the journal's digest
  l1  WHAT VOL.db PEER.db VOLBASE.db PEERBASE.db   one write (WHAT:
        household, person or deliver) made the same change in both files
        from the same start: one journal entry more, the row written
  p1  VOL.json SOLVER.txt PEER.txt   vol pair elders --json, allocate.Pairs
        alone and the peer: the same total cost and number of pairs
  elders VOL.txt PEER.txt   the same elders in the same order: name, sex,
        age, address, household kind
"""
import collections
import csv
import json
import re
import subprocess
import sys
import zipfile

FIGURES = ["registered_households", "present_households", "present_residents", "elders", "elder_households",
           "large_households", "property_staff", "stranded_worker_households", "volunteers"]


def sql(db, q):
    out = subprocess.run(["sqlite3", db, q], check=True, capture_output=True, text=True).stdout
    return [int(x) for x in out.split()]


def b1(vol, peer, raw, figures):
    fig = json.load(open(figures))
    q = "SELECT count(*) FROM households; SELECT count(*) FROM people;"
    v, p = sql(vol, q), sql(peer, q)
    (r,) = sql(raw, "SELECT count(*) FROM register;")
    want = [fig["registered_households"], fig["people"]]
    if v != want or p != want or r != fig["rows"]:
        return False, f"households/people vol {v}, peer {p}, raw rows {r}; generated {want}, {fig['rows']} rows"
    return True, f"{v[0]} households, {v[1]} people in both; {r} raw rows"


def b2(vol, peer):
    d = json.load(open(vol))
    tiers = [(t["name"], t["claimants"], t["packs"]) for t in d["tiers"]]
    vrank = [(l["tier"], l["address"], l["packs"]) for l in d["lines"] + d["missed"]]
    prank, count = [], collections.OrderedDict()
    with open(peer, newline="") as f:
        for tier, place, addr, packs in csv.reader(f):
            prank.append((tier, addr, int(packs)))
            c = count.setdefault(tier, [0, 0])
            c[0] += 1
            c[1] += int(packs)
    ptiers = [(t, c[0], c[1]) for t, c in count.items()]
    if [t for t in tiers if t[1] > 0] != ptiers:
        return False, f"tiers vol {tiers}, peer {ptiers}"
    if vrank != prank:
        i = next(i for i, (a, b) in enumerate(zip(vrank + [None] * len(prank), prank + [None] * len(vrank))) if a != b)
        return False, f"ranking differs at line {i + 1}: vol {vrank[i:i + 1]}, peer {prank[i:i + 1]}"
    return True, f"surplus {d['surplus']}, {len(vrank)} claimants ranked alike; " + \
        ", ".join(f"{n} {p}/{c}" for n, c, p in tiers)


def b3(vol, peer):
    v, p = open(vol).read().strip(), open(peer).read().strip()
    return v == p and v != "", f"total cost vol {v}, peer {p}"


def sheet_rows(path):
    """Sheet name -> number of <row> elements, read from the workbook's XML."""
    z = zipfile.ZipFile(path)
    wb = z.read("xl/workbook.xml").decode()
    rels = z.read("xl/_rels/workbook.xml.rels").decode()
    target = {}
    for m in re.finditer(r"<Relationship\b[^>]*>", rels):
        tag = m.group(0)
        rid, t = re.search(r'Id="([^"]+)"', tag).group(1), re.search(r'Target="([^"]+)"', tag).group(1)
        target[rid] = "xl/" + t.lstrip("/").removeprefix("xl/")
    out = {}
    for m in re.finditer(r"<sheet\b[^>]*>", wb):
        tag = m.group(0)
        name = re.search(r'name="([^"]+)"', tag).group(1)
        rid = re.search(r'r:id="([^"]+)"', tag).group(1)
        n, tail = 0, b""
        with z.open(target[rid]) as f:
            while chunk := f.read(1 << 20):
                buf = tail + chunk
                n += buf.count(b"<row ") + buf.count(b"<row>")
                tail = buf[-4:]  # "<row" cannot be split in a way counted twice: 4 bytes < 5
        out[name] = n
    return out


def b5x(vol, peer):
    v, p = sheet_rows(vol), sheet_rows(peer)
    diff = {k: (v.get(k), n) for k, n in p.items() if v.get(k) != n}
    if diff:
        return False, f"rows per sheet (vol, peer) differ: {diff}"
    return True, "rows per sheet " + ", ".join(f"{k} {n}" for k, n in p.items())


def read_csv(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.reader(f))


def b5c(vol, peer):
    v, p = read_csv(vol), read_csv(peer)
    if not v or not p or v[0] != p[0]:
        return False, f"headers vol {v[:1]}, peer {p[:1]}"
    if len(v) != len(p):
        return False, f"rows vol {len(v)}, peer {len(p)}"
    if [r[0] for r in v] != [r[0] for r in p]:
        return False, "addresses differ in order"
    if collections.Counter(map(tuple, v)) != collections.Counter(map(tuple, p)):
        # Name the columns that differ, column by column as multisets
        # (rows of one address and birth year may come in another order).
        cols = [h for i, h in enumerate(v[0]) if collections.Counter(r[i] for r in v) != collections.Counter(r[i] for r in p)]
        return False, "rows differ" + (f"; columns {', '.join(cols)}" if cols else "")
    return True, f"{len(v) - 1} rows alike, {len(v[0])} columns ({', '.join(v[0])})"


def table_rows(path):
    rows = []
    for line in open(path, encoding="utf-8"):
        if line.startswith("|"):
            rows.append([c.strip() for c in line.strip().strip("|").split("|")])
    return [r[1:] for r in rows[1:]]  # no header; IDs differ between the files


def b6l(vol, peer):
    v, p = table_rows(vol), table_rows(peer)
    if len(v) != 20 or v != p:
        return False, f"vol {len(v)} rows, peer {len(p)}; first difference " + \
            str(next(((a, b) for a, b in zip(v, p) if a != b), None))
    return True, f"20 households alike, {v[0][0]} … {v[-1][0]}"


def b6s(vol, peer, figures=None):
    v, p = json.load(open(vol)), json.load(open(peer))[0]
    g = json.load(open(figures)) if figures else v
    bad = [k for k in FIGURES if not (v.get(k) == p.get(k) == g.get(k))]
    if bad:
        return False, "figures differ: " + ", ".join(f"{k} vol {v.get(k)} peer {p.get(k)} generated {g.get(k)}" for k in bad)
    return True, f"{len(FIGURES)} figures alike" + (", as generated" if figures else "")


def b1c(vol, peer, expect):
    want = json.load(open(expect))
    q = "SELECT count(*) FROM households; SELECT count(*) FROM people; SELECT count(*) FROM people WHERE present;"
    v, p = sql(vol, q), sql(peer, q)
    w = [want["households"], want["people"], want["present"]]
    if v != w or p != w:
        return False, f"households, people, present: vol {v}, peer {p}, sheet {w}"
    return True, f"{w[0]} households, {w[1]} people, {w[2]} present in both, as in the sheet"


def c1(vol, peer):
    v, p = open(vol).read(), open(peer).read().split()
    if v.strip():
        return False, "vol check said: " + v.strip().splitlines()[0]
    if len(p) != 2 or p[0] != "ok" or not re.fullmatch(r"[0-9a-f]{64}", p[1]):
        return False, f"peer said {p[:3]}"
    return True, f"both found the file sound; journal digest {p[1][:12]}…"


def l1(what, vol, peer, volbase, peerbase):
    count = "SELECT count(*) FROM journal;"
    dv = sql(vol, count)[0] - sql(volbase, count)[0]
    dp = sql(peer, count)[0] - sql(peerbase, count)[0]
    if dv != 1 or dp != 1:
        return False, f"journal entries added: vol {dv}, peer {dp}"
    if what == "household":
        q = "SELECT count(*) FROM households WHERE (area, building, unit, room) = ('', '99', '1', '101');"
        v, p = sql(vol, q + "SELECT count(*) FROM households;"), sql(peer, q + "SELECT count(*) FROM households;")
        b = sql(volbase, "SELECT count(*) FROM households;")[0]
        ok = v == p == [1, b + 1]
        return ok, f"households 99号楼1单元101室 and in all (vol, peer): {v}, {p}; before {b}"
    if what == "person":
        v = subprocess.run(["sqlite3", vol, "SELECT v.value FROM people p JOIN pvalues v ON v.ref = p.phone_ref "
                            "JOIN pvalues n ON n.ref = p.name_ref WHERE n.value = '何鹏';"],
                           check=True, capture_output=True, text=True).stdout.split()
        p = subprocess.run(["sqlite3", peer, "SELECT phone FROM people WHERE name = '何鹏';"],
                           check=True, capture_output=True, text=True).stdout.split()
        return v == p == ["13900001234"], f"the phone of 何鹏 (vol, peer): {v}, {p}"
    if what == "deliver":
        q = ("SELECT count(*) FROM deliveries d JOIN round_lines l ON l.id = d.id JOIN households h ON h.id = l.household_id "
             "WHERE (h.building, h.unit, h.room) = ('7', '1', '902'); SELECT count(*) FROM deliveries;")
        v, p = sql(vol, q), sql(peer, q)
        return v == p == [1, 1], f"deliveries to 7号楼1单元902室 and in all (vol, peer): {v}, {p}"
    return False, f"unknown write {what}"


def p1(vol, solver, peer):
    d = json.load(open(vol))
    v = [int(d["total_cost"]), len(d["pairs"])]
    s = [int(x) for x in open(solver).read().split()]
    p = [int(x) for x in open(peer).read().split()]
    if not v == s == p:
        return False, f"total cost and pairs: vol {v}, allocate.Pairs {s}, peer {p}"
    return True, f"total cost {v[0]}, {v[1]} pairs, {len(d['unpaired'])} unpaired, in all three"


def elders(vol, peer):
    v, p = table_rows(vol), table_rows(peer)
    v, p = [r[:5] for r in v], [r[:5] for r in p]
    if not v or v != p:
        return False, f"vol {len(v)} elders, peer {len(p)}; first difference " + \
            str(next(((a, b) for a, b in zip(v, p) if a != b), None))
    return True, f"{len(v)} elders alike, {v[0][3]} … {v[-1][3]}"


if __name__ == "__main__":
    kind, args = sys.argv[1], sys.argv[2:]
    try:
        ok, what = globals()[kind](*args)
    except Exception as e:  # a missing or malformed output is a failed check
        ok, what = False, f"{type(e).__name__}: {e}"
    print(("ok: " if ok else "FAIL: ") + what)
    sys.exit(0 if ok else 1)

#!/usr/bin/python3
"""B5 peer: the register as an XLSX workbook with XlsxWriter in constant-memory mode.

    /usr/bin/python3 peer_export.py PEER.db OUT.xlsx

Writes what `vol export --full --lang en` writes for a register with no
rounds and no pairs, from the peer's tables (peer_import.py): the sheets
households, people, elders and volunteers, each with a bold title row, a
bold header row, rows 1-2 frozen, an auto-filter and column widths; phone,
address, name and birth columns as text, counts as numbers. People come in
address order (then older first, then ID) with one address-only row for
each empty household, as vol writes them. Ages are on 2026-11-28, elders 60
or older (vol --on 2026-11-28). In constant_memory mode XlsxWriter
keeps one row in memory and streams each sheet to a temporary file.
"""
import sqlite3
import sys

import xlsxwriter

ON_Y, ON_M, ELDER_AGE = 2026, 11, 60
TITLE = "bench · 2026-11-28"
YN = ("no", "yes")

ADDR = "h.building || '号楼' || h.unit || '单元' || h.room || '室'"
ORDER = "CAST(h.building AS INTEGER), CAST(h.unit AS INTEGER), CAST(h.room AS INTEGER)"
AGE = f"""CASE WHEN p.birth = '' THEN -1 ELSE {ON_Y} - CAST(substr(p.birth, 1, 4) AS INTEGER)
          - (CAST(substr(p.birth, 6, 2) AS INTEGER) > {ON_M}) END"""
FACTS = f"""SELECT h.id, {ADDR} AS address, h.building, h.unit, h.room,
       count(p.id) AS listed,
       coalesce(sum(p.role = 'resident' AND p.present), 0) AS size,
       coalesce(sum(p.role = 'resident' AND p.present AND {AGE} >= {ELDER_AGE}), 0) AS elders
FROM households h LEFT JOIN people p ON p.household_id = h.id GROUP BY h.id"""


def sheet(wb, fmt, name, headers, text_cols, rows):
    ws = wb.add_worksheet(name)
    ws.freeze_panes(2, 0)
    for i, h in enumerate(headers):
        ws.set_column(i, i, max(8, min(30, 2 * len(h) + 4)), fmt["text"] if i in text_cols else None)
    ws.merge_range(0, 0, 0, len(headers) - 1, TITLE, fmt["title"])
    ws.write_row(1, 0, headers, fmt["head"])
    r = 2
    for row in rows:
        for c, v in enumerate(row):
            if v is None or v == "":
                continue
            if isinstance(v, int) and c not in text_cols:
                ws.write_number(r, c, v)
            else:
                ws.write_string(r, c, str(v))
        r += 1
    ws.autofilter(1, 0, max(r - 1, 1), len(headers) - 1)


def main(src, dst):
    db = sqlite3.connect(src)
    wb = xlsxwriter.Workbook(dst, {"constant_memory": True, "tmpdir": None})
    fmt = {"title": wb.add_format({"bold": True, "font_size": 14}),
           "head": wb.add_format({"bold": True, "bg_color": "#DDEBF7"}),
           "text": wb.add_format({"num_format": "@"})}
    facts = f"WITH f AS ({FACTS}) "

    sheet(wb, fmt, "households", ["address", "present", "present size", "listed", "elder-only"], {0},
          ((a, YN[s > 0], s, n, YN[s > 0 and e == s]) for a, s, n, e in db.execute(
              facts + f"SELECT address, size, listed, elders FROM f h ORDER BY {ORDER}, id")))

    # columns: staff last, address order (3), address, birth and ID (the
    # order within a household), then the sheet's values
    people = db.execute(f"""
        SELECT * FROM (
          SELECT 0 AS staff, {ORDER}, {ADDR} AS address, p.birth AS b, p.id AS pid,
                 p.name, p.sex, p.birth, p.phone, p.present, p.role, p.volunteer, p.skills, p.notes
          FROM people p JOIN households h ON h.id = p.household_id
          UNION ALL
          SELECT 0, {ORDER}, {ADDR}, '', '', '', '', '', '', NULL, '', NULL, '', ''
          FROM households h WHERE NOT EXISTS (SELECT 1 FROM people p WHERE p.household_id = h.id)
          UNION ALL
          SELECT 1, 0, 0, 0, '', p.birth, p.id, p.name, p.sex, p.birth, p.phone, p.present, p.role, p.volunteer, p.skills, p.notes
          FROM people p WHERE p.household_id IS NULL)
        ORDER BY 1, 2, 3, 4, 6, 7""")
    # share phone: the peer keeps no such flag (the generated register has
    # no 电话公开 column, so vol's is no for everyone)
    sheet(wb, fmt, "people", ["address", "name", "sex", "birth", "phone", "present", "role", "volunteer", "skills",
                              "share phone", "needs", "emergency contact", "notes"], {0, 1, 3, 4, 11, 12},
          ((r[4], r[7], r[8], r[9], r[10], "" if r[11] is None else YN[r[11]], r[12].replace("_", " "),
            "" if r[13] is None else YN[r[13]], r[14], "" if r[11] is None else "no", "", "", r[15]) for r in people))

    sheet(wb, fmt, "elders", ["address", "name", "age", "kind", "phone", "paired with", "paired address",
                              "paired since", "needs"], {0, 1, 4, 5, 6, 7},
          ((a, n, age, "living alone" if s == 1 else "elder couple", ph, "", "", "", "")
           for a, n, age, s, ph in db.execute(facts + f"""
             SELECT h.address, p.name, {AGE}, h.size, p.phone FROM f h JOIN people p ON p.household_id = h.id
             WHERE p.role = 'resident' AND p.present AND h.size > 0 AND h.elders = h.size
             ORDER BY {ORDER}, p.birth, p.id""")))

    sheet(wb, fmt, "volunteers", ["address", "name", "skills", "phone"], {0, 1, 3},
          db.execute(f"""SELECT coalesce({ADDR}, ''), p.name, p.skills, p.phone
             FROM people p LEFT JOIN households h ON h.id = p.household_id
             WHERE p.volunteer AND p.present
             ORDER BY p.household_id IS NULL, {ORDER}, p.birth, p.id"""))
    wb.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

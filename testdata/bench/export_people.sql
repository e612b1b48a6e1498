-- B5 peer (CSV): the people table as vol export --format csv --table people
-- --lang en writes it, by the sqlite3 shell's CSV output:
--   sqlite3 PEER.db < export_people.sql > people.csv
-- Private by default, as vol: phones masked (138****5678, ledger.MaskPhone:
-- a phone of 7 characters or fewer all stars), birth cut to the year, no
-- notes; the share phone column is no for everyone (the peer keeps no such
-- flag: the generated register has no 电话公开 column) and empty for an
-- empty household's row, as vol writes it. People in address order, then older first, then ID, with
-- one address-only row for each empty household; property staff last.
.headers on
.mode csv
SELECT address, name, sex, birth, phone, present, role, volunteer, skills, share AS "share phone" FROM (
  SELECT 0 AS s, CAST(h.building AS INTEGER) AS b, CAST(h.unit AS INTEGER) AS u, CAST(h.room AS INTEGER) AS r,
         p.birth AS k1, p.id AS k2,
         h.building || '号楼' || h.unit || '单元' || h.room || '室' AS address, p.name,
         p.sex, substr(p.birth, 1, 4) AS birth,
         CASE WHEN length(p.phone) <= 7 THEN substr('*******', 1, length(p.phone))
              ELSE substr(p.phone, 1, 3) || substr('**********************', 1, length(p.phone) - 7) || substr(p.phone, -4) END AS phone,
         CASE p.present WHEN 1 THEN 'yes' ELSE 'no' END AS present, replace(p.role, '_', ' ') AS role,
         CASE p.volunteer WHEN 1 THEN 'yes' ELSE 'no' END AS volunteer, p.skills, 'no' AS share
  FROM people p JOIN households h ON h.id = p.household_id
  UNION ALL
  SELECT 0, CAST(h.building AS INTEGER), CAST(h.unit AS INTEGER), CAST(h.room AS INTEGER), '', '',
         h.building || '号楼' || h.unit || '单元' || h.room || '室', '', '', '', '', '', '', '', '', ''
  FROM households h WHERE NOT EXISTS (SELECT 1 FROM people p WHERE p.household_id = h.id)
  UNION ALL
  SELECT 1, 0, 0, 0, p.birth, p.id, '', p.name, p.sex, substr(p.birth, 1, 4),
         CASE WHEN length(p.phone) <= 7 THEN substr('*******', 1, length(p.phone))
              ELSE substr(p.phone, 1, 3) || substr('**********************', 1, length(p.phone) - 7) || substr(p.phone, -4) END,
         CASE p.present WHEN 1 THEN 'yes' ELSE 'no' END, replace(p.role, '_', ' '),
         CASE p.volunteer WHEN 1 THEN 'yes' ELSE 'no' END, p.skills, 'no'
  FROM people p WHERE p.household_id IS NULL)
ORDER BY s, b, u, r, k1, k2;

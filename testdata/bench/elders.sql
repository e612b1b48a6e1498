-- L2 peer (elders): what vol elders lists, as a table by the sqlite3 shell:
--   sqlite3 -table PEER.db < elders.sql
-- Present residents aged 60 or more on 2026-11-28 (vol --on 2026-11-28, a
-- year-only birth counting as January) of elder-only households (present,
-- and every present resident an elder): ID, name, sex, age, address, living
-- alone or elders on their own, needs (the peer keeps none), phone masked
-- as vol masks it. Households in vol's address order (the expressions of
-- households_order, peer_indexes.sql), then older first, then ID.
WITH p AS (
  SELECT p.*, 2026 - CAST(substr(p.birth, 1, 4) AS INTEGER) - (CAST(substr(p.birth, 6, 2) AS INTEGER) > 11) AS age
  FROM people p WHERE p.role = 'resident' AND p.present AND p.birth <> ''),
f AS (
  SELECT h.*, count(*) AS size, sum(p.age >= 60) AS elders
  FROM households h JOIN people q ON q.household_id = h.id AND q.role = 'resident' AND q.present
  LEFT JOIN p ON p.id = q.id
  GROUP BY h.id)
SELECT substr(p.id, -8) AS id, p.name, p.sex, p.age,
       f.building || '号楼' || f.unit || '单元' || f.room || '室' AS address,
       CASE WHEN f.size = 1 THEN 'living alone' ELSE 'elders on their own' END AS household, '' AS needs,
       CASE WHEN length(p.phone) <= 7 THEN substr('*******', 1, length(p.phone))
            ELSE substr(p.phone, 1, 3) || substr('**********************', 1, length(p.phone) - 7) || substr(p.phone, -4) END AS phone,
       '' AS volunteer, '' AS "volunteer's phone"
FROM f JOIN p ON p.household_id = f.id
WHERE f.elders = f.size
ORDER BY CASE WHEN f.area = '' THEN 0 WHEN f.area GLOB '[0-9]*' THEN length(f.area) - length(ltrim(f.area, '0123456789')) ELSE 1000000000 END, f.area,
         CASE WHEN f.building = '' THEN 0 WHEN f.building GLOB '[0-9]*' THEN length(f.building) - length(ltrim(f.building, '0123456789')) ELSE 1000000000 END, f.building,
         CASE WHEN f.unit = '' THEN 0 WHEN f.unit GLOB '[0-9]*' THEN length(f.unit) - length(ltrim(f.unit, '0123456789')) ELSE 1000000000 END, f.unit,
         CASE WHEN f.room = '' THEN 0 WHEN f.room GLOB '[0-9]*' THEN length(f.room) - length(ltrim(f.room, '0123456789')) ELSE 1000000000 END, f.room,
         f.id, p.birth, p.id;

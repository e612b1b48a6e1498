-- B2 peer: vol alloc's built-in rule set old-way (README "Surplus rations")
-- as one SQL query over the peer's tables (peer_import.py), for the sqlite3
-- shell:  sqlite3 -csv PEER.db < alloc.sql > ranking.csv
--
-- It prints every claimant of every tier in allotment order, as vol alloc
-- --json lists them in lines and then missed: tier, place in the tier,
-- address, packs (1, or 0 for those the packs ran out before).
--
--   surplus  = registered − present households (vol's default);
--   elders   = present residents of present elder-only households, oldest
--              first, then address, then ID;
--   large-families = households of 5 or more present residents, largest
--              first, then address, then ID;
--   property-staff = present property staff, by address (they have none),
--              then ID;
--   stranded-workers = flats with present stranded workers, by address, ID.
-- One pack per claimant; tiers are served in order, each takes what is left
-- up to its claimants; the rest is reserve. History (packs of earlier
-- rounds) is empty: the benchmark commits no round, so its order key is left
-- out. Ages are whole years on 2026-11-28 (vol --on 2026-11-28), a
-- year-only birth counting as January; elders are 60 or older. Address order
-- is by building, unit and room as numbers (the generated parts are plain
-- numbers, where vol's order by leading number then text is the same).
WITH
params(y, m, elder_age) AS (VALUES (2026, 11, 60)),
p AS (
  SELECT p.id, p.household_id, p.role, p.present,
         CASE WHEN p.birth = '' THEN -1
              ELSE params.y - CAST(substr(p.birth, 1, 4) AS INTEGER)
                   - (CAST(substr(p.birth, 6, 2) AS INTEGER) > params.m) END AS age
  FROM people p, params),
f AS (  -- each household's figures on the date
  SELECT h.id, h.building, h.unit, h.room,
         coalesce(sum(p.role = 'resident' AND p.present), 0) AS size,
         coalesce(sum(p.role = 'resident' AND p.present AND p.age >= (SELECT elder_age FROM params)), 0) AS elders,
         coalesce(sum(p.role = 'stranded_worker' AND p.present), 0) AS stranded
  FROM households h LEFT JOIN p ON p.household_id = h.id
  GROUP BY h.id),
claims AS (
  SELECT 1 AS t, 'elders' AS tier, p.id AS claimant, f.building, f.unit, f.room, p.age AS age, 0 AS size
  FROM p JOIN f ON f.id = p.household_id
  WHERE p.role = 'resident' AND p.present AND f.size > 0 AND f.elders = f.size
  UNION ALL
  SELECT 2, 'large-families', f.id, f.building, f.unit, f.room, 0, f.size FROM f WHERE f.size >= 5
  UNION ALL
  SELECT 3, 'property-staff', p.id, NULL, NULL, NULL, 0, 0 FROM p WHERE p.role = 'property_staff' AND p.present
  UNION ALL
  SELECT 4, 'stranded-workers', f.id, f.building, f.unit, f.room, 0, 0 FROM f WHERE f.stranded > 0),
ranked AS (
  SELECT *, row_number() OVER (PARTITION BY t ORDER BY age DESC, size DESC,
           building IS NOT NULL, CAST(building AS INTEGER), CAST(unit AS INTEGER), CAST(room AS INTEGER), claimant) AS place
  FROM claims),
tiers AS (
  SELECT t, count(*) AS n FROM claims GROUP BY t),
served AS (  -- packs left when each tier starts, and the claimants it serves
  SELECT t, max(0, min(n, (SELECT count(*) - sum(size > 0) FROM f)
                          - coalesce((SELECT sum(n) FROM tiers b WHERE b.t < tiers.t), 0))) AS k
  FROM tiers)
SELECT r.tier, r.place,
       CASE WHEN r.building IS NULL THEN '' ELSE r.building || '号楼' || r.unit || '单元' || r.room || '室' END AS address,
       (r.place <= s.k) AS packs
FROM ranked r JOIN served s USING (t)
ORDER BY r.t, r.place;

-- B6 peer (status): vol status's figures as one SQL query, printed as JSON
-- by the sqlite3 shell:  sqlite3 -json PEER.db < status.sql
-- On 2026-11-28 (vol --on 2026-11-28), elders 60 or older, a year-only
-- birth counting as January. A household is present when a resident in it
-- is present; elder-only when present and all its present residents are
-- elders; large with 5 or more present residents. Property staff and
-- volunteers count when present.
WITH f AS (
  SELECT h.id,
         coalesce(sum(p.role = 'resident' AND p.present), 0) AS size,
         coalesce(sum(p.role = 'resident' AND p.present AND
                      2026 - CAST(substr(p.birth, 1, 4) AS INTEGER) - (CAST(substr(p.birth, 6, 2) AS INTEGER) > 11) >= 60
                      AND p.birth <> ''), 0) AS elders,
         coalesce(sum(p.role = 'stranded_worker' AND p.present), 0) AS stranded
  FROM households h LEFT JOIN people p ON p.household_id = h.id
  GROUP BY h.id)
SELECT count(*) AS registered_households,
       sum(size > 0) AS present_households,
       sum(size) AS present_residents,
       sum(CASE WHEN size > 0 AND elders = size THEN elders ELSE 0 END) AS elders,
       sum(size > 0 AND elders = size) AS elder_households,
       sum(size >= 5) AS large_households,
       (SELECT count(*) FROM people WHERE role = 'property_staff' AND present) AS property_staff,
       sum(stranded > 0) AS stranded_worker_households,
       (SELECT count(*) FROM people WHERE volunteer AND present) AS volunteers
FROM f;

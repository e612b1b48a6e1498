-- B6 peer (list): the first 20 households in address order, with what vol
-- household list shows for each (ID, address, present, present size,
-- listed), printed as a table by the sqlite3 shell:
--   sqlite3 -table PEER.db < list.sql
-- Present size counts present residents; a household is present when it
-- has one. Address order: building, unit, room as numbers, then ID.
SELECT substr(h.id, -8) AS id,
       h.building || '号楼' || h.unit || '单元' || h.room || '室' AS address,
       CASE WHEN size > 0 THEN 'yes' ELSE 'no' END AS present, size AS "present size", listed
FROM (SELECT h.*,
             (SELECT count(*) FROM people p WHERE p.household_id = h.id AND p.role = 'resident' AND p.present) AS size,
             (SELECT count(*) FROM people p WHERE p.household_id = h.id) AS listed
      FROM (SELECT * FROM households
            ORDER BY CAST(building AS INTEGER), CAST(unit AS INTEGER), CAST(room AS INTEGER), id
            LIMIT 20) h) h;

-- B6 and L2 peer (list): the first 20 households in address order, with
-- what vol household list shows for each (ID, address, present, present
-- size, listed), printed as a table by the sqlite3 shell:
--   sqlite3 -table PEER.db < list.sql
-- Present size counts present residents; a household is present when it
-- has one. Address order is vol's (ledger/facts.go, addressOrder): the
-- expressions of the index households_order (peer_indexes.sql), so SQLite
-- reads the 20 rows from the index, as vol does.
SELECT substr(h.id, -8) AS id,
       h.building || '号楼' || h.unit || '单元' || h.room || '室' AS address,
       CASE WHEN size > 0 THEN 'yes' ELSE 'no' END AS present, size AS "present size", listed
FROM (SELECT h.*,
             (SELECT count(*) FROM people p WHERE p.household_id = h.id AND p.role = 'resident' AND p.present) AS size,
             (SELECT count(*) FROM people p WHERE p.household_id = h.id) AS listed
      FROM (SELECT * FROM households
            ORDER BY CASE WHEN area = '' THEN 0 WHEN area GLOB '[0-9]*' THEN length(area) - length(ltrim(area, '0123456789')) ELSE 1000000000 END, area,
                     CASE WHEN building = '' THEN 0 WHEN building GLOB '[0-9]*' THEN length(building) - length(ltrim(building, '0123456789')) ELSE 1000000000 END, building,
                     CASE WHEN unit = '' THEN 0 WHEN unit GLOB '[0-9]*' THEN length(unit) - length(ltrim(unit, '0123456789')) ELSE 1000000000 END, unit,
                     CASE WHEN room = '' THEN 0 WHEN room GLOB '[0-9]*' THEN length(room) - length(ltrim(room, '0123456789')) ELSE 1000000000 END, room,
                     id
            LIMIT 20) h) h;

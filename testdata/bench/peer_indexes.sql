-- The peer's read indexes (issue 22: the peer gets the indexes vol reads
-- through), applied to the peer's tables (peer_import.py) after its import,
-- untimed, as vol's ledger has them before its import:
--   sqlite3 PEER.db < peer_indexes.sql
-- households_order is vol's expression index (ledger/migrations/
-- 0010_read_indexes.sql) word for word: address order, each part by the
-- length of its leading number, then its text, then the ID; list.sql and
-- elders.sql order by the same expressions, so SQLite reads the order from
-- the index instead of sorting. people_facts is vol's index of what the
-- figures need, word for word (vol's people.birth is a copy of the birth
-- kept beside the person since migration 0024); like vol's, it replaces
-- the index on household_id alone.
CREATE INDEX IF NOT EXISTS households_order ON households (
    CASE WHEN area = '' THEN 0 WHEN area GLOB '[0-9]*' THEN length(area) - length(ltrim(area, '0123456789')) ELSE 1000000000 END, area,
    CASE WHEN building = '' THEN 0 WHEN building GLOB '[0-9]*' THEN length(building) - length(ltrim(building, '0123456789')) ELSE 1000000000 END, building,
    CASE WHEN unit = '' THEN 0 WHEN unit GLOB '[0-9]*' THEN length(unit) - length(ltrim(unit, '0123456789')) ELSE 1000000000 END, unit,
    CASE WHEN room = '' THEN 0 WHEN room GLOB '[0-9]*' THEN length(room) - length(ltrim(room, '0123456789')) ELSE 1000000000 END, room,
    id);
CREATE INDEX IF NOT EXISTS people_facts ON people (household_id, role, present, volunteer, birth);
DROP INDEX IF EXISTS people_household;

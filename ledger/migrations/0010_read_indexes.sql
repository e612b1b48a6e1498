-- 0010: indexes for reading a large register without loading it (issue 7).
-- Indexes only: they change no table and no answer, only how fast it comes.

-- Address order (ledger.CompareAddress) as SQLite sorts: each part by the
-- length of its leading number (0 for an empty part, 1000000000 for a part
-- that starts with no digit), then by its text. For the canonical parts
-- ParseAddress writes (no leading zeros) this is CompareAddress's order;
-- ORDER BY these same expressions (ledger/facts.go, addressOrder) reads the
-- households in order straight from this index, a page at a time.
CREATE INDEX IF NOT EXISTS households_order ON households (
    CASE WHEN area = '' THEN 0 WHEN area GLOB '[0-9]*' THEN length(area) - length(ltrim(area, '0123456789')) ELSE 1000000000 END, area,
    CASE WHEN building = '' THEN 0 WHEN building GLOB '[0-9]*' THEN length(building) - length(ltrim(building, '0123456789')) ELSE 1000000000 END, building,
    CASE WHEN unit = '' THEN 0 WHEN unit GLOB '[0-9]*' THEN length(unit) - length(ltrim(unit, '0123456789')) ELSE 1000000000 END, unit,
    CASE WHEN room = '' THEN 0 WHEN room GLOB '[0-9]*' THEN length(room) - length(ltrim(room, '0123456789')) ELSE 1000000000 END, room,
    id);

-- An upper bound on the printed width of an address (Address.String in a
-- terminal: 1 column a byte for ASCII, 2 for a Han character of 3 or 4
-- bytes, so (bytes + characters) / 2), with the longest markers (号楼, 单元,
-- 室). vol household list reads the widest addresses first from it to size
-- its address column before the first row (ledger/facts.go, widthBound).
CREATE INDEX IF NOT EXISTS households_width ON households (
    (length(CAST(area AS BLOB)) + length(area) + length(CAST(building AS BLOB)) + length(building)
     + length(CAST(unit AS BLOB)) + length(unit) + length(CAST(room AS BLOB)) + length(room)) / 2
    + 6 + 4 * (unit <> ''));

-- What a household's figures need, without visiting the people rows: the
-- counts read this index alone, and a birth is looked up only by its
-- reference. It starts with household_id, so it also does people_household's
-- work, which it replaces.
CREATE INDEX IF NOT EXISTS people_facts ON people (household_id, role, present, volunteer, birth_ref);
DROP INDEX IF EXISTS people_household;

-- 0014: an erased person's tombstone: a keyed hash of what identified them
-- (household, name, birth), so that the next official sheet does not add
-- them again unnoticed. Register (replayed): written only by vol erase,
-- never changed; vol erase --no-tombstone writes none.
CREATE TABLE tombstones (
    id           TEXT PRIMARY KEY,
    household_id TEXT,
    salt         TEXT NOT NULL,
    mac          TEXT NOT NULL
) STRICT;
CREATE INDEX tombstones_household ON tombstones (household_id);

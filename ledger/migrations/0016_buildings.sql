-- 0016: buildings and duties (issue 17). A building (its area and number,
-- as an address shows it: 3号楼, 一期3号楼) may have a leader (楼组长) and a
-- deputy; a person may hold free duty tags (采购, 门岗, 巡逻 ...).
-- Register (replayed).
CREATE TABLE buildings (
    id     TEXT PRIMARY KEY,
    leader TEXT,
    deputy TEXT
) STRICT;
ALTER TABLE people ADD COLUMN duties TEXT NOT NULL DEFAULT '';

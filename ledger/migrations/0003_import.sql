-- 0003: what spreadsheet imports need to respect corrections.

-- An address a household was moved away from (a correction), so the next
-- official sheet that still uses it finds the household.
CREATE TABLE household_aliases (
    id           TEXT PRIMARY KEY, -- the old address, canonical form
    household_id TEXT NOT NULL REFERENCES households (id)
) STRICT;

-- Where each person's values last came from in an import, and what they were
-- (plain values, or references for personal values), so that a later import
-- can tell a value changed by hand in vol from one the sheet still owns.
CREATE TABLE import_marks (
    id        TEXT PRIMARY KEY REFERENCES people (id),
    source    TEXT NOT NULL, -- file name
    line      INTEGER NOT NULL,
    on_date   TEXT NOT NULL,
    fields    TEXT NOT NULL  -- JSON object: field -> value or reference
) STRICT;

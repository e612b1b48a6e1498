-- 0009: offline sync between copies of one ledger.

-- Register (replayed): what a device held when it imported a sync file, one
-- row per import that added entries. It tells which entries a later entry of
-- that device had seen (so concurrent changes can be told from sequential
-- ones) and what each peer has, for vol sync peers and export --for.
CREATE TABLE sync_marks (
    id     TEXT PRIMARY KEY,
    device TEXT NOT NULL,
    have   TEXT NOT NULL -- JSON object: device -> highest sequence number held
) STRICT;

-- Register (replayed): a conflict settled by vol resolve.
CREATE TABLE resolutions (
    id     TEXT PRIMARY KEY, -- the conflict's ID
    choice TEXT NOT NULL,
    at     TEXT NOT NULL
) STRICT;

-- Derived by the replay (the same on every device that holds the same
-- entries; vol check compares them like the register): where two devices
-- disagreed, and which rows were merged into an earlier one.
CREATE TABLE conflicts (
    id        TEXT PRIMARY KEY,
    kind      TEXT NOT NULL, -- field, household, person, round, pairing, kept
    tbl       TEXT NOT NULL,
    row_id    TEXT NOT NULL,
    col       TEXT NOT NULL,
    kept      TEXT NOT NULL, -- the value (or row) the replay kept
    other     TEXT NOT NULL, -- the value (or row) it did not
    kept_by   TEXT NOT NULL, -- entry IDs
    other_by  TEXT NOT NULL
) STRICT;
CREATE TABLE merged_ids (
    id   TEXT PRIMARY KEY, -- a household or person created twice
    into_id TEXT NOT NULL   -- the one first in the replay order
) STRICT;

-- Local to this copy: subjects whose personal values were erased or purged
-- here, so a sync file never brings them back.
CREATE TABLE gone_subjects (
    subject TEXT PRIMARY KEY
) STRICT;

-- Local: sync files that arrived before the entries they follow.
CREATE TABLE sync_pending (
    id       TEXT PRIMARY KEY, -- sha256 of the file's payload
    received TEXT NOT NULL,
    body     BLOB NOT NULL
) STRICT;

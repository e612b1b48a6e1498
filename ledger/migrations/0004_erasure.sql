-- 0004: erasures. The record that a person's personal data was erased:
-- who asked for it is in the journal entry; why and when are here. What was
-- erased is not recorded anywhere.
CREATE TABLE erasures (
    id  TEXT PRIMARY KEY, -- the erased person's ID
    why TEXT NOT NULL,
    at  TEXT NOT NULL
) STRICT;

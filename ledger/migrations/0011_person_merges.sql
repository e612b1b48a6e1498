-- 0011: the same person entered on two copies, merged by a journalled
-- decision (personal values can be erased later, so the replay must not
-- decide it again from them); contact notes under their own key; erasures
-- recorded before 0009 count as gone; rounds found by date and item.

-- Register (replayed): person id merged into into_id (the one first in the
-- replay order). The copy that imported both and saw them alike records it.
CREATE TABLE person_merges (
    id      TEXT PRIMARY KEY,
    into_id TEXT NOT NULL
) STRICT;

INSERT OR IGNORE INTO gone_subjects (subject) SELECT id FROM erasures;

CREATE INDEX rounds_date_item ON rounds (on_date, item);

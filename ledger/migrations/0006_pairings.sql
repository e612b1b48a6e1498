-- 0006: elder–volunteer pairings (长者一对一) and their contact log.

-- A pairing is current while ended is ''. Ending one records the date and
-- why in the same row through a journalled update; nothing is deleted.
CREATE TABLE pairings (
    id              TEXT PRIMARY KEY,
    elder_household TEXT NOT NULL REFERENCES households (id),
    volunteer       TEXT NOT NULL, -- person ID (a removed volunteer frees the elder)
    since           TEXT NOT NULL, -- YYYY-MM-DD
    reasons         TEXT NOT NULL, -- JSON: distance and reasons when it was made
    ended           TEXT NOT NULL, -- YYYY-MM-DD, '' while current
    end_why         TEXT NOT NULL
) STRICT;
CREATE INDEX pairings_elder ON pairings (elder_household);

CREATE TABLE pair_contacts (
    id         TEXT PRIMARY KEY,
    pairing_id TEXT NOT NULL REFERENCES pairings (id),
    on_date    TEXT NOT NULL,
    note_ref   TEXT -- personal: a visit note may hold health details
) STRICT;
CREATE INDEX pair_contacts_pairing ON pair_contacts (pairing_id);

-- 0002: rule sets and ration rounds (vol alloc).

CREATE TABLE rulesets (
    id   TEXT PRIMARY KEY, -- the rule set's name
    body TEXT NOT NULL     -- the rules file, as written by allocate.FormatRules
) STRICT;

-- A committed round keeps the rule set and every line it was computed with,
-- so round show, why and replay never recompute. A round is never edited:
-- voiding it adds a row to round_voids.
CREATE TABLE rounds (
    id        TEXT PRIMARY KEY,
    on_date   TEXT NOT NULL,    -- YYYY-MM-DD
    item      TEXT NOT NULL,
    rules     TEXT NOT NULL,    -- rule set name
    rules_body TEXT NOT NULL,
    packs     INTEGER NOT NULL, -- packs to hand out (the surplus)
    basis     TEXT NOT NULL,    -- how packs was found: surplus, received, default
    given     INTEGER NOT NULL,
    reserve   INTEGER NOT NULL,
    tiers     TEXT NOT NULL     -- JSON: every tier's name, unit, claimants, packs, short
) STRICT;

CREATE TABLE round_lines (
    id           TEXT PRIMARY KEY,
    round_id     TEXT NOT NULL REFERENCES rounds (id),
    tier         TEXT NOT NULL,
    unit         TEXT NOT NULL,
    claimant     TEXT NOT NULL, -- person or household ID
    household_id TEXT,          -- NULL for property staff
    packs        INTEGER NOT NULL, -- 0 for claimants the packs ran out before
    position     INTEGER NOT NULL,
    of_count     INTEGER NOT NULL,
    history      INTEGER NOT NULL,
    age          INTEGER NOT NULL,
    size         INTEGER NOT NULL,
    left_before  INTEGER NOT NULL
) STRICT;
CREATE INDEX round_lines_round ON round_lines (round_id);
CREATE INDEX round_lines_claimant ON round_lines (claimant);

CREATE TABLE round_voids (
    id  TEXT PRIMARY KEY REFERENCES rounds (id), -- the round voided
    why TEXT NOT NULL,
    at  TEXT NOT NULL
) STRICT;

CREATE TABLE deliveries (
    id       TEXT PRIMARY KEY REFERENCES round_lines (id), -- the line delivered
    round_id TEXT NOT NULL REFERENCES rounds (id),
    by_person TEXT,  -- the volunteer who delivered, when given
    at       TEXT NOT NULL
) STRICT;
CREATE INDEX deliveries_round ON deliveries (round_id);

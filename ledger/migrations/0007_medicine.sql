-- 0007: medicine runs (配药): requests, runs and their items, insurance cards.
-- Drug names and notes are health data: personal values, each request under
-- its own key (subject med:<request id>) so vol med purge can erase them.

CREATE TABLE med_requests (
    id           TEXT PRIMARY KEY,
    household_id TEXT NOT NULL REFERENCES households (id),
    person_id    TEXT,           -- the patient, when named
    drug_ref     TEXT,           -- personal (its value is gone once purged)
    qty          INTEGER NOT NULL,
    note_ref     TEXT,           -- personal
    urgent       INTEGER NOT NULL,
    requested_at TEXT NOT NULL,  -- RFC 3339
    status       TEXT NOT NULL,  -- open, got
    closed_at    TEXT NOT NULL   -- '' while open
) STRICT;
CREATE INDEX med_requests_household ON med_requests (household_id);

CREATE TABLE med_runs (
    id         TEXT PRIMARY KEY,
    planned_at TEXT NOT NULL,
    hospital   TEXT NOT NULL,
    by_person  TEXT,
    status     TEXT NOT NULL, -- open, closed
    closed_at  TEXT NOT NULL,
    close_why  TEXT NOT NULL
) STRICT;

CREATE TABLE med_run_items (
    id         TEXT PRIMARY KEY,
    run_id     TEXT NOT NULL REFERENCES med_runs (id),
    request_id TEXT NOT NULL REFERENCES med_requests (id),
    outcome    TEXT NOT NULL, -- planned, got, not_found
    hospital   TEXT NOT NULL  -- where it was (not) found
) STRICT;
CREATE INDEX med_run_items_run ON med_run_items (run_id);
CREATE INDEX med_run_items_request ON med_run_items (request_id);

-- Custody of medical insurance cards (医保卡): out while returned_at is ''.
CREATE TABLE med_cards (
    id          TEXT PRIMARY KEY,
    person_id   TEXT NOT NULL,
    by_person   TEXT NOT NULL,
    taken_at    TEXT NOT NULL,
    returned_at TEXT NOT NULL
) STRICT;
CREATE INDEX med_cards_person ON med_cards (person_id);

-- Each vol med purge: when, and the cutoff it applied (restore applies it again).
CREATE TABLE med_purges (
    id       TEXT PRIMARY KEY,
    at       TEXT NOT NULL,
    cutoff   TEXT NOT NULL,
    requests INTEGER NOT NULL
) STRICT;

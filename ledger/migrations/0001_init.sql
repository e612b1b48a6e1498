-- 0001: the first ledger schema. Never edit a shipped migration: add 0002_….sql.

-- Local to this copy of the file: never replayed, never compared.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- The journal is the truth: every change appends one entry here in the same
-- transaction that updates the register tables below.
CREATE TABLE journal (
    id       TEXT PRIMARY KEY,
    device   TEXT NOT NULL,
    seq      INTEGER NOT NULL,
    lamport  INTEGER NOT NULL,
    at       TEXT NOT NULL,
    who_ref  TEXT NOT NULL,
    who_mac  TEXT NOT NULL,
    command  TEXT NOT NULL,
    reverses TEXT NOT NULL DEFAULT '',
    ops      TEXT NOT NULL,
    format   INTEGER NOT NULL,
    prev     TEXT NOT NULL,
    hash     TEXT NOT NULL,
    UNIQUE (device, seq)
) STRICT;
CREATE INDEX journal_order ON journal (lamport, device, seq);
CREATE INDEX journal_reverses ON journal (reverses) WHERE reverses <> '';

-- Personal values live outside the hashed journal bytes: an entry holds a
-- reference and a keyed hash; erasing a person deletes their values and key.
CREATE TABLE pkeys (
    subject TEXT PRIMARY KEY,
    key     BLOB NOT NULL
) STRICT;
CREATE TABLE pvalues (
    ref     TEXT PRIMARY KEY,
    subject TEXT NOT NULL,
    value   TEXT NOT NULL
) STRICT;
CREATE INDEX pvalues_subject ON pvalues (subject);

-- The register: derived from the journal, checked against a replay of it.
CREATE TABLE settings (
    id    TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE households (
    id       TEXT PRIMARY KEY,
    area     TEXT NOT NULL,
    building TEXT NOT NULL,
    unit     TEXT NOT NULL,
    room     TEXT NOT NULL,
    UNIQUE (area, building, unit, room)
) STRICT;

CREATE TABLE people (
    id            TEXT PRIMARY KEY,
    household_id  TEXT REFERENCES households (id),
    name_ref      TEXT NOT NULL,
    birth_ref     TEXT,
    sex           TEXT NOT NULL,
    phone_ref     TEXT,
    role          TEXT NOT NULL,
    present       INTEGER NOT NULL,
    volunteer     INTEGER NOT NULL,
    skills        TEXT NOT NULL,
    needs_ref     TEXT,
    emergency_ref TEXT,
    notes_ref     TEXT
) STRICT;
CREATE INDEX people_household ON people (household_id);

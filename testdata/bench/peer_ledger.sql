-- L1/L2 setup: the sample compound in the peer's tables (peer_import.py of
-- testdata/kaixuan.csv), given what a write needs besides: vol's journal
-- table, and the round vol committed (rounds, its lines and deliveries, as
-- vol's migration 0002 has them) with the peer's household IDs, copied from
-- vol's ledger attached as v. Untimed (bench.sh):
--   sqlite3 PEER.db -cmd "ATTACH 'VOL.db' AS v" < peer_ledger.sql
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
CREATE TABLE rounds (id TEXT PRIMARY KEY, on_date TEXT NOT NULL, item TEXT NOT NULL, packs INTEGER NOT NULL) STRICT;
CREATE TABLE round_lines (
    id           TEXT PRIMARY KEY,
    round_id     TEXT NOT NULL REFERENCES rounds (id),
    tier         TEXT NOT NULL,
    claimant     TEXT NOT NULL,
    household_id TEXT REFERENCES households (id),
    packs        INTEGER NOT NULL
) STRICT;
CREATE INDEX round_lines_round ON round_lines (round_id);
CREATE INDEX round_lines_household ON round_lines (household_id);
CREATE TABLE deliveries (
    id        TEXT PRIMARY KEY REFERENCES round_lines (id),
    round_id  TEXT NOT NULL REFERENCES rounds (id),
    by_person TEXT,
    at        TEXT NOT NULL
) STRICT;
CREATE INDEX deliveries_round ON deliveries (round_id);
BEGIN;
INSERT INTO rounds SELECT id, on_date, item, packs FROM v.rounds;
INSERT INTO round_lines
SELECT l.id, l.round_id, l.tier, coalesce(ph.id, l.claimant), ph.id, l.packs
FROM v.round_lines l
LEFT JOIN v.households vh ON vh.id = l.household_id
LEFT JOIN households ph ON (ph.area, ph.building, ph.unit, ph.room) = (vh.area, vh.building, vh.unit, vh.room);
-- The import as one entry, as vol's journal has it (its ops are not what
-- a write reads: the new entry reads the last one's hash).
INSERT INTO journal VALUES (lower(hex(randomblob(16))), 'bench', 1, 1, '2026-11-28T00:00:00Z', 'bench', '', 'import', '',
    '[]', 1, '', lower(hex(sha3('[]', 256))));
COMMIT;

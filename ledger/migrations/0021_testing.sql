-- 0021: mass testing in waves (issue 18). A round: its day, start, stations,
-- seconds a test, the longest queue, the walks, the people to test, the
-- predicted finish; closed with the final counts. Its calls (a unit or
-- floors of one, called down at a time), its home visits (households whose
-- people are tested at home) and who was tested. Register (replayed).
CREATE TABLE test_rounds (
    id         TEXT PRIMARY KEY,
    on_date    TEXT NOT NULL,
    start      TEXT NOT NULL,
    stations   INTEGER NOT NULL,
    service    INTEGER NOT NULL,
    max_queue  INTEGER NOT NULL,
    per_floor  INTEGER NOT NULL,
    walks      TEXT NOT NULL DEFAULT '',
    people     INTEGER NOT NULL,
    staff      INTEGER NOT NULL,
    finish     TEXT NOT NULL,
    closed_at  TEXT NOT NULL DEFAULT '',
    tested     INTEGER NOT NULL DEFAULT 0,
    missing    INTEGER NOT NULL DEFAULT 0,
    visits     INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE TABLE test_calls (
    id        TEXT PRIMARY KEY,
    round_id  TEXT NOT NULL,
    wave      INTEGER NOT NULL,
    call_at   TEXT NOT NULL,
    building  TEXT NOT NULL,
    unit      TEXT NOT NULL,
    floors    TEXT NOT NULL DEFAULT '',
    people    INTEGER NOT NULL
) STRICT;
CREATE INDEX test_calls_round ON test_calls (round_id);
CREATE TABLE test_visits (
    id           TEXT PRIMARY KEY,
    round_id     TEXT NOT NULL,
    household_id TEXT NOT NULL,
    people       INTEGER NOT NULL
) STRICT;
CREATE INDEX test_visits_round ON test_visits (round_id);
CREATE TABLE test_done (
    id        TEXT PRIMARY KEY,
    round_id  TEXT NOT NULL,
    person_id TEXT NOT NULL,
    at        TEXT NOT NULL
) STRICT;
CREATE INDEX test_done_round ON test_done (round_id, person_id);

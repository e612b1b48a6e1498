-- 0023: the committee's note of the day for the bulletin (issue 20), keyed
-- by day and language: 2026-12-08/zh. Register (replayed).
CREATE TABLE bulletin_notes (
    id   TEXT PRIMARY KEY,
    text TEXT NOT NULL
) STRICT;

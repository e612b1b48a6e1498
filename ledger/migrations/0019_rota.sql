-- 0019: the recorded rota (issue 17, item 3): who stands at which post on
-- which shift of which day. Register (replayed); vol rota plan --commit
-- replaces the days it plans.
CREATE TABLE rota_seats (
    id        TEXT PRIMARY KEY,
    on_date   TEXT NOT NULL,
    shift     TEXT NOT NULL,
    post_id   TEXT NOT NULL,
    person_id TEXT NOT NULL
) STRICT;
CREATE INDEX rota_seats_date ON rota_seats (on_date);

-- 0020: shifts served (issue 17, item 5): a person on the recorded rota
-- who served a shift of a day at a post, with the shift's length in
-- minutes when it was marked (a later change of the shifts setting does
-- not rewrite hours served). The row ID is derived from the day, shift,
-- post and person, so the same mark made on two copies is one row.
-- Register (replayed).
CREATE TABLE shifts_done (
    id        TEXT PRIMARY KEY,
    on_date   TEXT NOT NULL,
    shift     TEXT NOT NULL,
    post_id   TEXT NOT NULL,
    person_id TEXT NOT NULL,
    minutes   INTEGER NOT NULL
) STRICT;
CREATE INDEX shifts_done_date ON shifts_done (on_date);
CREATE INDEX shifts_done_person ON shifts_done (person_id);

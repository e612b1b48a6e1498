-- 0018: what a volunteer said they cannot do (issue 17, item 2): days,
-- weekdays or shifts off (comma separated: 2026-12-08, 2026-12-08:夜, w1,
-- w1:早 with w1 Monday ... w7 Sunday), the most shifts in a week (0: no
-- limit), no night shifts. Keyed by the person. Register (replayed).
CREATE TABLE rota_avail (
    id           TEXT PRIMARY KEY,
    nots         TEXT NOT NULL DEFAULT '',
    max_per_week INTEGER NOT NULL DEFAULT 0,
    no_nights    INTEGER NOT NULL DEFAULT 0
) STRICT;

-- 0017: duty posts (issue 17, item 2): a gate, a patrol route, the testing
-- site, with the volunteers each shift needs there, the skill it asks for,
-- the shifts it is staffed (comma separated; '' for every shift) and the
-- building it is in ('' for none). Register (replayed).
CREATE TABLE posts (
    id       TEXT PRIMARY KEY,
    name     TEXT NOT NULL,
    need     INTEGER NOT NULL,
    skill    TEXT NOT NULL DEFAULT '',
    shifts   TEXT NOT NULL DEFAULT '',
    building TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE UNIQUE INDEX posts_name ON posts (name);

-- 0015: a person may agree to have their phone shown in full to the team
-- (pair output, elders, round sheets); every other phone stays masked.
-- Register (replayed); inserts written before leave it out (0).
ALTER TABLE people ADD COLUMN share_phone INTEGER NOT NULL DEFAULT 0;

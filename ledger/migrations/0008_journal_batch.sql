-- 0008: a change too large for one journal entry is written as a batch of
-- entries; each names the batch by its first entry ('' for a single entry).
ALTER TABLE journal ADD COLUMN batch TEXT NOT NULL DEFAULT '';

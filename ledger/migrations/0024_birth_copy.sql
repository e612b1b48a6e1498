-- 0024: a copy of each person's birth beside the person (issue 22), so the
-- figures (status, alloc, the elders) read ages in one pass over the index
-- people_facts instead of looking each birth up in pvalues by reference.
-- Derived, not journaled: apply writes it with birth_ref, from the value
-- pvalues holds; an erasure deletes it with the row (and clears it first
-- with the values, forgetSubjects); vol check compares it with pvalues.
-- NULL for no birth.
ALTER TABLE people ADD COLUMN birth TEXT;
UPDATE people SET birth = (SELECT value FROM pvalues WHERE ref = people.birth_ref) WHERE birth_ref IS NOT NULL;
DROP INDEX IF EXISTS people_facts;
CREATE INDEX people_facts ON people (household_id, role, present, volunteer, birth);
-- The rows whose value was not there when birth_ref was written (a sync
-- file's values may come after the entries that name them): the write path
-- fills them before it commits, reading this index, empty otherwise.
CREATE INDEX people_birth_due ON people (id) WHERE birth IS NULL AND birth_ref IS NOT NULL;

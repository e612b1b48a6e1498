-- 0025: personal values stored in the order of their reference (issue 22):
-- a table WITHOUT ROWID keyed by ref, so that storing a value writes one
-- b-tree and its subject index, not a table, an index on ref and the
-- subject index, and reading one by reference descends one b-tree instead
-- of two. Same columns, same rows.
CREATE TABLE pvalues_by_ref (
    ref     TEXT PRIMARY KEY,
    subject TEXT NOT NULL,
    value   TEXT NOT NULL
) STRICT, WITHOUT ROWID;
INSERT INTO pvalues_by_ref (ref, subject, value) SELECT ref, subject, value FROM pvalues;
DROP TABLE pvalues;
ALTER TABLE pvalues_by_ref RENAME TO pvalues;
CREATE INDEX pvalues_subject ON pvalues (subject);

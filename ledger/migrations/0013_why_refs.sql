-- 0013: reasons (--why) are personal values, like notes: a reference into
-- pvalues under a key of their own, masked in vol log, erased with what
-- they concern. The text columns keep the reasons written before, which
-- vol log masks too.
ALTER TABLE round_voids ADD COLUMN why_ref TEXT;
ALTER TABLE erasures ADD COLUMN why_ref TEXT;
ALTER TABLE pairings ADD COLUMN end_why_ref TEXT;
ALTER TABLE med_runs ADD COLUMN close_why_ref TEXT;

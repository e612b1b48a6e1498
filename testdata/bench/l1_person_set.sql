-- L1 peer (person set): one person's phone changed with one journal entry
-- recording the change (new and old value), in one transaction, as vol
-- person set 何鹏 --phone 13900001234 does (the person found by name, as
-- vol finds them).
--   sqlite3 PEER.db < l1_person_set.sql
PRAGMA foreign_keys = ON;
BEGIN IMMEDIATE;
CREATE TEMP TABLE change AS SELECT id, phone AS old FROM people WHERE name = '何鹏';
UPDATE people SET phone = '13900001234' WHERE id IN (SELECT id FROM temp.change);
WITH e AS (
  SELECT json_group_array(json_object('op', 'update', 'table', 'people', 'id', id,
                                      'set', json_object('phone', '13900001234'), 'old', json_object('phone', old))) AS ops
  FROM temp.change),
last AS (SELECT seq, lamport, hash FROM journal ORDER BY lamport DESC LIMIT 1)
INSERT INTO journal (id, device, seq, lamport, at, who_ref, who_mac, command, ops, format, prev, hash)
SELECT lower(hex(randomblob(16))), 'bench', last.seq + 1, last.lamport + 1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'),
       'bench', '', 'person set', e.ops, 1, last.hash, lower(hex(sha3(last.hash || e.ops, 256)))
FROM e, last;
COMMIT;

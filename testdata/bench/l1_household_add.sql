-- L1 peer (household add): one household inserted with one journal entry
-- recording it, in one transaction, as vol household add 99号楼1单元101室
-- does: the entry names the row and its values, chains to the last entry's
-- hash and is hashed itself (SHA3-256, the sqlite3 shell's sha3()).
--   sqlite3 PEER.db < l1_household_add.sql
PRAGMA foreign_keys = ON;
BEGIN IMMEDIATE;
INSERT INTO households (id, area, building, unit, room) VALUES (lower(hex(randomblob(16))), '', '99', '1', '101');
WITH e AS (
  SELECT json_array(json_object('op', 'insert', 'table', 'households', 'id', id,
                                'set', json_object('area', area, 'building', building, 'room', room, 'unit', unit))) AS ops
  FROM households WHERE rowid = last_insert_rowid()),
last AS (SELECT seq, lamport, hash FROM journal ORDER BY lamport DESC LIMIT 1)
INSERT INTO journal (id, device, seq, lamport, at, who_ref, who_mac, command, ops, format, prev, hash)
SELECT lower(hex(randomblob(16))), 'bench', last.seq + 1, last.lamport + 1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'),
       'bench', '', 'household add', e.ops, 1, last.hash, lower(hex(sha3(last.hash || e.ops, 256)))
FROM e, last;
COMMIT;

-- L1 peer (round deliver): the pack of one address in the round marked as
-- handed over, with one journal entry recording it, in one transaction, as
-- vol round deliver ROUND 7号楼1单元902室 does (the round found by its ID,
-- bench.sh's :round, the line by the address).
--   sqlite3 PEER.db -cmd ".parameter set :round 'ID'" < l1_round_deliver.sql
PRAGMA foreign_keys = ON;
BEGIN IMMEDIATE;
INSERT INTO deliveries (id, round_id, by_person, at)
SELECT l.id, l.round_id, NULL, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
FROM round_lines l JOIN households h ON h.id = l.household_id
WHERE l.round_id = :round AND l.packs > 0 AND (h.area, h.building, h.unit, h.room) = ('', '7', '1', '902')
  AND l.id NOT IN (SELECT id FROM deliveries);
WITH e AS (
  SELECT json_array(json_object('op', 'insert', 'table', 'deliveries', 'id', id,
                                'set', json_object('at', at, 'by_person', by_person, 'round_id', round_id))) AS ops
  FROM deliveries WHERE rowid = last_insert_rowid()),
last AS (SELECT seq, lamport, hash FROM journal ORDER BY lamport DESC LIMIT 1)
INSERT INTO journal (id, device, seq, lamport, at, who_ref, who_mac, command, ops, format, prev, hash)
SELECT lower(hex(randomblob(16))), 'bench', last.seq + 1, last.lamport + 1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'),
       'bench', '', 'round deliver', e.ops, 1, last.hash, lower(hex(sha3(last.hash || e.ops, 256)))
FROM e, last;
COMMIT;

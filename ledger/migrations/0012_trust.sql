-- 0012: devices have keys, and the compound knows its devices (issue 14).

-- Every entry a device writes is signed with its Ed25519 key: the signature
-- covers the entry's hash, so the hashes (and chains) of entries written
-- before stay valid. '' for entries written before keys existed, which are
-- accepted only as far as a 'legacy' decision below reaches.
ALTER TABLE journal ADD COLUMN sig TEXT NOT NULL DEFAULT '';

-- Register (replayed; travels in sync files): what the copies decided about
-- devices, one row per decision, never changed afterwards. kind is
--   key       a device's own public key (in its first entry)
--   trust     the writing device trusts device, whose key is pubkey (vol sync
--             trust; the first adopt trusts the file's devices)
--   handover  device continues voucher (a restored, copied or moved ledger):
--             sig is voucher's signature of (ledger, device, pubkey)
--   revoke    entries of device above seq are refused (vol sync revoke)
--   legacy    device wrote before keys existed: its unsigned entries are
--             accepted up to seq, whose entry hash is hash
-- voucher is the device that made the decision (for handover, the old one).
CREATE TABLE device_trust (
    id      TEXT PRIMARY KEY,
    device  TEXT NOT NULL,
    kind    TEXT NOT NULL,
    pubkey  TEXT NOT NULL,
    voucher TEXT NOT NULL,
    sig     TEXT NOT NULL,
    seq     INTEGER NOT NULL,
    hash    TEXT NOT NULL
) STRICT;
CREATE INDEX device_trust_device ON device_trust (device, kind);

-- Register (replayed): the subjects (a person, the "who" values under their
-- name, their drug requests, the notes of their pairings) whose values an
-- erasure forgot, written in the erase entry itself, so every copy forgets
-- the same and no older file brings them back. erasure is the erased
-- person's ID ('' for erasures recorded before this table, listed once by
-- the copy that made them).
CREATE TABLE erased_subjects (
    id      TEXT PRIMARY KEY,
    erasure TEXT NOT NULL
) STRICT;

-- Local: why a sync file waits (entries before it missing, a device not yet
-- trusted, an entry dated ahead of this laptop's clock), and whose it is.
ALTER TABLE sync_pending ADD COLUMN reason TEXT NOT NULL DEFAULT '';
ALTER TABLE sync_pending ADD COLUMN from_device TEXT NOT NULL DEFAULT '';

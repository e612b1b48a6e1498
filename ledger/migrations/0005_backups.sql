-- 0005: backups this copy of the ledger has taken (local: never replayed).
CREATE TABLE backups (
    path    TEXT PRIMARY KEY,
    at      TEXT NOT NULL,
    lamport INTEGER NOT NULL, -- the newest journal entry the backup holds
    encrypted INTEGER NOT NULL
) STRICT;

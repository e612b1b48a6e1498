#!/bin/sh
# C1 peer: what a careful user of a plain SQLite file would run to know it
# is sound: SQLite's integrity check, then a SHA-256 of the journal table's
# rows (every column, in the journal's order) to compare with a digest kept
# elsewhere. Prints "ok" (or the problems) and the digest.
#   sh c1_peer.sh LEDGER.db
set -eu
sqlite3 "$1" 'PRAGMA integrity_check'
sqlite3 -bail "$1" 'SELECT * FROM journal ORDER BY lamport, device, seq' | sha256sum | cut -c1-64

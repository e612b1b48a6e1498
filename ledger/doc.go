// Package ledger owns a compound's ledger file: one SQLite database holding the
// register (settings, households, people) and the journal it is derived from.
//
// Invariants:
//   - Every change goes through DB.Write, which applies row operations to the
//     register tables and appends one journal entry, in one immediate
//     transaction. Nothing else writes the register.
//   - Journal entries are never edited or deleted: a change is reversed by a new
//     entry that points at it (Reverses).
//   - Entries are hash-chained per device; operations hold resolved values
//     (canonical addresses, row IDs), never raw input, so replaying the journal
//     in (lamport, device, seq) order rebuilds the register tables exactly.
//   - Personal values (names, birth dates, phones, needs, emergency contacts,
//     notes, who made a change) never enter the hashed bytes: an operation holds
//     a reference and an HMAC under a per-person key; the values and keys live
//     in pvalues and pkeys, so erasing a person leaves every chain valid.
//   - Row IDs are UUIDv7 strings, unique across devices.
//   - Files written outside the ledger (backups, restored ledgers, sync
//     files, and sheet's exports) go through package atomicfile: owner-only
//     from the start, whole or not at all.
//   - Every message the ledger (and ledger/sheet) gives a person is an
//     English format with its arguments (T, Errorf, FieldError.Want,
//     Message on its error types), never prose put together: the format
//     is the message's ID, which cmd/vol translates. Table and column
//     names reach messages only as words (TableWord, ColumnWord).
package ledger

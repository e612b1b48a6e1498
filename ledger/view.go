package ledger

import "context"

// View reads the register. A DB's View reads the file as it stands; a Tx's
// View reads inside its write transaction, where nothing another process
// does can change what was read before the write commits. A command that
// decides from the ledger (a round, a run, a pairing) reads, decides and
// records through one Tx, so it never records a decision made on a state
// that is gone; a preview reads through the DB. Both DB and Tx embed a
// View, so db.Register and tx.Register are the same read.
type View struct {
	q querier
}

// Head is the journal's newest row number: it changes with every entry
// written, here or imported from another copy. A command reads it when it
// starts and again inside its write, and says so when another command
// wrote in between.
func (v View) Head(ctx context.Context) (int64, error) {
	var n int64
	err := v.q.QueryRowContext(ctx, `SELECT coalesce(max(rowid), 0) FROM journal`).Scan(&n)
	return n, classify(err)
}

// LiveRounds returns the IDs of the rounds of an item on a date
// (YYYY-MM-DD) that are not void, oldest first.
func (v View) LiveRounds(ctx context.Context, item, on string) ([]string, error) {
	return queryStrings(ctx, v.q, `SELECT r.id FROM rounds r LEFT JOIN round_voids x ON x.id = r.id
		WHERE x.id IS NULL AND r.item = ? AND r.on_date = ? ORDER BY r.rowid`, item, on)
}

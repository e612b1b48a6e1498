package ledger

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

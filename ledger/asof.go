package ledger

import (
	"context"
	"database/sql"
	"time"
)

// AsOfView reads the register as it stood at an instant of the past,
// rebuilt from the journal by DB.AsOf. Its View holds only reads; the
// register behind it is a scratch copy in memory, gone on Close.
type AsOfView struct {
	View
	// End is the instant asked for.
	End time.Time
	// Entries is how many journal entries the register was rebuilt from.
	Entries int
	scratch *sql.DB
}

// Close frees the scratch register.
func (v *AsOfView) Close() error { return v.scratch.Close() }

// AsOf rebuilds the register as it stood at end (for a day's figures, the
// last instant of that day in the compound's time zone), from the journal,
// never from today's tables. It replays, in the usual order (Lamport
// clock, device, sequence) and with the merge rules, the entries dated at
// or before end and every entry whose Lamport clock is smaller than the
// largest among those. An entry's clock is above that of everything its
// device held when it was written, so the second part takes all that the
// dated entries were written after (and at worst a few entries written at
// the same time on other laptops): the replay stays causal when one
// laptop's clock is behind another's. Two things come from the journal as
// it is now, not as it was at end: a person erased since is gone from the
// register (their row is dropped, their personal values are gone), and a
// device revoked since has lost its entries above the revocation. The
// personal values (births, for ages) are the ledger's current ones.
//
// It follows that a sync file bringing entries dated at or before end
// changes what AsOf returns for end. When no entry is dated at or before
// end, the register is empty (see Began). The caller must Close the view.
// AsOf reads the file in one read transaction; it returns the file's
// errors (ErrBusy, ErrCorrupt) and Errorf-wrapped ones of a journal the
// replay cannot take.
func (db *DB) AsOf(ctx context.Context, end time.Time) (*AsOfView, error) {
	// A read transaction (a plain BEGIN, no write lock): the entries, the
	// erasures and the personal values all come from one state of the file.
	read, err := db.sql.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, classify(err)
	}
	defer read.Rollback()
	// Times in the journal are RFC 3339 in UTC to the second (every entry
	// written here, and the import checks those from elsewhere), so text
	// order is time order and a second's fraction cannot matter.
	at := end.UTC().Format(time.RFC3339)
	var top sql.NullInt64
	if err := read.QueryRowContext(ctx, `SELECT max(lamport) FROM journal WHERE at <= ?`, at).Scan(&top); err != nil {
		return nil, classify(err)
	}
	var entries []Entry
	if top.Valid {
		entries, err = queryEntries(ctx, read, `SELECT `+entryCols+` FROM journal WHERE at <= ? OR lamport < ?`, at, top.Int64)
		if err != nil {
			return nil, err
		}
	}
	revs, err := queryEntries(ctx, read, `SELECT `+entryCols+` FROM journal WHERE command = 'sync revoke'`)
	if err != nil {
		return nil, err
	}
	// Whoever was erased, and the people merged into them (an erasure
	// takes the merged twin too).
	gone, err := queryStrings(ctx, read, `WITH RECURSIVE gone(id) AS (SELECT id FROM erasures
		UNION SELECT m.id FROM person_merges m JOIN gone g ON m.into_id = g.id) SELECT id FROM gone ORDER BY id`)
	if err != nil {
		return nil, err
	}
	scratch, err := replayPart(ctx, entries, revs, gone, read)
	if err != nil {
		return nil, err
	}
	if err := copyValues(ctx, read, scratch); err != nil {
		scratch.Close()
		return nil, err
	}
	// Nothing writes the past.
	if _, err := scratch.ExecContext(ctx, "PRAGMA query_only = 1"); err != nil {
		scratch.Close()
		return nil, classify(err)
	}
	return &AsOfView{View: View{q: scratch}, End: end, Entries: len(entries), scratch: scratch}, nil
}

// copyValues copies the ledger's personal values into a scratch register,
// so that its reads find names and births by reference as the ledger's do.
func copyValues(ctx context.Context, from querier, to *sql.DB) error {
	tx, err := to.BeginTx(ctx, nil)
	if err != nil {
		return classify(err)
	}
	defer tx.Rollback()
	ins, err := tx.PrepareContext(ctx, `INSERT INTO pvalues (ref, subject, value) VALUES (?, ?, ?)`)
	if err != nil {
		return classify(err)
	}
	rows, err := from.QueryContext(ctx, `SELECT ref, subject, value FROM pvalues`)
	if err != nil {
		return classify(err)
	}
	defer rows.Close()
	for rows.Next() {
		var ref, subject, value string
		if err := rows.Scan(&ref, &subject, &value); err != nil {
			return classify(err)
		}
		if _, err := ins.ExecContext(ctx, ref, subject, value); err != nil {
			return classify(err)
		}
	}
	if err := endRows(rows); err != nil {
		return err
	}
	// The replay wrote births before their values were here.
	if err := fillBirths(ctx, tx); err != nil {
		return err
	}
	return classify(tx.Commit())
}

// Began returns when the journal's earliest entry was written (the zero
// time for an empty journal): AsOf of an earlier instant holds an empty
// register.
func (db *DB) Began(ctx context.Context) (time.Time, error) {
	var at sql.NullString
	if err := db.sql.QueryRowContext(ctx, `SELECT min(at) FROM journal`).Scan(&at); err != nil {
		return time.Time{}, classify(err)
	}
	if !at.Valid {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, at.String)
	if err != nil {
		return time.Time{}, Errorf("the journal's first time %q: %w", at.String, ErrCorrupt)
	}
	return t, nil
}

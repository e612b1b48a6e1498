package ledger

import (
	"context"
	"database/sql"
	"errors"
	"strings"
)

// short is the form of an ID people see: its last 8 characters, which are
// random in a UUIDv7 (the first ones are a timestamp shared by a whole
// command). Any unique part of an ID finds it again.
func short(id string) string {
	if len(id) > 8 {
		return id[len(id)-8:]
	}
	return id
}

// Short returns the 8-character form of an ID that vol prints.
func Short(id string) string { return short(id) }

// idPattern reports whether s can be (part of) an ID: lower-case hex and dashes.
func idPattern(s string) bool {
	if len(s) < 4 {
		return false
	}
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'f' || r == '-') {
			return false
		}
	}
	return true
}

// idMatch is the SQL condition on column col for an ID given whole, or by
// any unique part of it (4 characters or more): tables show an ID's last 8
// characters, and people type the start of what they see. Its argument
// comes from idArgs.
func idMatch(col string) string {
	return "instr(" + col + ", ?) > 0"
}

func idArgs(ref string) []any { return []any{ref} }

// undoTarget finds the entry to reverse: the named one (an ID or a unique
// part of one), or this copy's newest entry that is neither the ledger's
// creation, nor an erasure, purge or sync, nor an undo, nor already
// reversed (entries another copy wrote are undone by naming them).
func (tx *Tx) undoTarget(target string) (*Entry, error) {
	if target == "" {
		entries, err := queryEntries(tx.ctx, tx.tx, `SELECT `+entryCols+` FROM journal
			WHERE command NOT IN ('init', 'erase', 'med purge', 'sync import', 'device', 'sync trust', 'sync revoke') AND reverses = '' AND device = ?
			ORDER BY lamport DESC, device DESC, seq DESC`, tx.device)
		if err != nil {
			return nil, err
		}
		for i := range entries {
			if erases(&entries[i]) || decidesTrust(&entries[i]) {
				continue
			}
			rev, err := tx.isReversed(entryKey(&entries[i]))
			if err != nil {
				return nil, err
			}
			if !rev {
				return &entries[i], nil
			}
		}
		return nil, Errorf("nothing left to undo: %w", ErrCannotUndo)
	}
	var entries []Entry
	if ref := strings.ToLower(target); idPattern(ref) {
		var err error
		entries, err = queryEntries(tx.ctx, tx.tx, `SELECT `+entryCols+` FROM journal WHERE `+idMatch("id")+` ORDER BY id LIMIT 2`, idArgs(ref)...)
		if err != nil {
			return nil, err
		}
	}
	switch {
	case len(entries) == 0:
		return nil, &FieldError{Field: "entry", Value: target, Want: T("an entry ID, or a unique part of one, from vol log"), Err: ErrNotFound}
	case len(entries) > 1:
		return nil, &FieldError{Field: "entry", Value: target, Want: T("more characters of the ID"), Err: ErrAmbiguous}
	}
	e := &entries[0]
	if e.Command == "erase" || e.Command == "med purge" || erases(e) {
		return nil, Errorf("entry %s erased data (%s), which cannot come back: %w", short(e.ID), e.Command, ErrCannotUndo)
	}
	if e.Command == "init" {
		return nil, Errorf("entry %s creates the ledger: %w", short(e.ID), ErrCannotUndo)
	}
	if e.Command == setupCommand || e.Command == "sync trust" || e.Command == "sync revoke" || decidesTrust(e) {
		return nil, Errorf("entry %s records a decision on devices (%s); vol sync trust and revoke make new ones: %w", short(e.ID), e.Command, ErrCannotUndo)
	}
	if e.Command == "sync import" {
		return nil, Errorf("entry %s records a sync; the entries it brought are undone one by one: %w", short(e.ID), ErrCannotUndo)
	}
	rev, err := tx.isReversed(entryKey(e))
	if err != nil {
		return nil, err
	}
	if rev {
		return nil, Errorf("entry %s is already reversed: %w", short(e.ID), ErrCannotUndo)
	}
	return e, nil
}

// entryKey names a change: its batch when it was written as several
// entries, else the entry itself. Reversing entries point at it.
func entryKey(e *Entry) string {
	if e.Batch != "" {
		return e.Batch
	}
	return e.ID
}

// batchOf returns every entry of e's change, in the order written.
func (tx *Tx) batchOf(e *Entry) ([]Entry, error) {
	if e.Batch == "" {
		return []Entry{*e}, nil
	}
	return queryEntries(tx.ctx, tx.tx, `SELECT `+entryCols+` FROM journal WHERE batch = ? ORDER BY device, seq`, e.Batch)
}

// isReversed reports whether an entry stands reversed: some entry reverses it
// and that entry is not itself reversed.
func (tx *Tx) isReversed(id string) (bool, error) {
	// A reversing change is itself named by its batch when it has one.
	revs, err := queryStrings(tx.ctx, tx.tx, `SELECT DISTINCT CASE batch WHEN '' THEN id ELSE batch END FROM journal WHERE reverses = ?`, id)
	if err != nil {
		return false, err
	}
	for _, r := range revs {
		back, err := tx.isReversed(r)
		if err != nil {
			return false, err
		}
		if !back {
			return true, nil
		}
	}
	return false, nil
}

// checkUndoable refuses a reversing operation when the row no longer holds
// what the original entry left in it.
func (tx *Tx) checkUndoable(op Op) error {
	t, ok := tableByName(op.Table)
	if !ok {
		return Errorf("an operation on a table vol does not have (%q): %w", op.Table, ErrCannotUndo)
	}
	if t == tPeople && tx.isErased(op.ID) {
		return Errorf("person %s: %w: %w", short(op.ID), ErrErased, ErrCannotUndo)
	}
	cur, err := readRow(tx.ctx, cached{tx}, t, op.ID)
	switch op.Op {
	case "insert":
		if err == nil {
			return Errorf("%s row %s exists again: %w", TableWord(t.name), short(op.ID), ErrCannotUndo)
		}
		return nil
	case "delete", "update":
		if err != nil {
			return Errorf("%s row %s is gone: %w", TableWord(t.name), short(op.ID), ErrCannotUndo)
		}
		for k, want := range op.Old {
			if cur[k] != want {
				return Errorf("%s row %s: its %s changed since: %w", TableWord(t.name), short(op.ID), ColumnWord(k), ErrCannotUndo)
			}
		}
	}
	return nil
}

// erases reports whether an entry erased or purged personal data (whatever
// its command): what it forgot cannot come back, so it is never undone.
func erases(e *Entry) bool {
	return strings.Contains(e.OpsText, `"table":"erasures"`) || strings.Contains(e.OpsText, `"table":"med_purges"`) ||
		strings.Contains(e.OpsText, `"table":"erased_subjects"`)
}

// decidesTrust reports whether an entry records a decision on devices
// (their keys, trust, hand-overs, revocations).
func decidesTrust(e *Entry) bool { return strings.Contains(e.OpsText, `"table":"device_trust"`) }

// EntryCommand returns the command that wrote an entry ("" when none has
// that ID), so vol undo can say what it reversed.
func (db *DB) EntryCommand(ctx context.Context, id string) (string, error) {
	var c string
	err := db.sql.QueryRowContext(ctx, `SELECT command FROM journal WHERE id = ?`, id).Scan(&c)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return c, classify(err)
}

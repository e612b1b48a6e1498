package ledger

import (
	"context"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Conflict is a place where two copies of the ledger disagreed, found by the
// merge replay (see merge.go). Kept is what the register holds; Other is the
// value or row it does not (for personal columns, references: the caller
// shows values only when asked).
type Conflict struct {
	ID       string `json:"id"`
	Kind     string `json:"kind"` // field, household, person, round, pairing, kept, refused
	Table    string `json:"table"`
	Row      string `json:"row"`
	Column   string `json:"column,omitempty"`
	Kept     string `json:"kept"`
	Other    string `json:"other"`
	KeptBy   string `json:"kept_by,omitempty"`
	OtherBy  string `json:"other_by,omitempty"`
	Personal bool   `json:"personal,omitempty"`
	Resolved string `json:"resolved,omitempty"` // the choice vol resolve recorded
}

// Conflicts lists the conflicts still open (all, with resolved ones, when
// all is set), by kind, table, row and column.
func (db *DB) Conflicts(ctx context.Context, all bool) ([]Conflict, error) {
	q := `SELECT c.id, c.kind, c.tbl, c.row_id, c.col, c.kept, c.other, c.kept_by, c.other_by, coalesce(r.choice, '')
		FROM conflicts c LEFT JOIN resolutions r ON r.id = c.id`
	if !all {
		q += ` WHERE r.id IS NULL`
	}
	rows, err := db.sql.QueryContext(ctx, q+` ORDER BY c.kind, c.tbl, c.row_id, c.col, c.id`)
	if err != nil {
		return nil, classify(err)
	}
	defer rows.Close()
	out := []Conflict{}
	for rows.Next() {
		var c Conflict
		if err := rows.Scan(&c.ID, &c.Kind, &c.Table, &c.Row, &c.Column, &c.Kept, &c.Other, &c.KeptBy, &c.OtherBy, &c.Resolved); err != nil {
			return nil, classify(err)
		}
		if t, ok := tableByName(c.Table); ok {
			col, _ := t.column(c.Column)
			c.Personal = c.Kind == "field" && col.kind == kPersonal
		}
		out = append(out, c)
	}
	return out, classify(rows.Err())
}

// Choices says, per kind of conflict, what vol resolve accepts.
var Choices = map[string][]string{
	"field":     {"kept", "other"},
	"round":     {"both", "kept", "other"},
	"pairing":   {"kept", "other"},
	"household": {"merged"},
	"person":    {"merged"},
	"kept":      {"seen"},
	"refused":   {"seen"},
}

// conflictKindWords name the kinds of conflict in messages.
var conflictKindWords = map[string]Text{
	"field": T("field"), "round": T("round"), "pairing": T("pairing"), "household": T("household"),
	"person": T("person"), "kept": T("removed and kept"), "refused": T("refused"),
}

// Resolve settles an open conflict (its ID, or a unique part of
// it) with a choice from Choices, and records it: "other" writes the other
// value (field), keeps the other round (voiding the kept one) or the other
// pairing (ending the kept one); "kept" does the reverse for rounds and
// pairings and nothing more for fields; "both" keeps both rounds; "merged"
// and "seen" acknowledge.
func (tx *Tx) Resolve(ref, choice, why string) (Conflict, error) {
	c, err := tx.findConflict(ref)
	if err != nil {
		return c, err
	}
	accepted := Choices[c.Kind]
	ok := false
	for _, a := range accepted {
		ok = ok || a == choice
	}
	if !ok {
		return c, invalid("--keep", choice, T("%s (for a %s conflict)", strings.Join(accepted, ", "), conflictKindWords[c.Kind]))
	}
	if why == "" {
		why = "conflict " + short(c.ID) + " resolved: " + choice
	}
	day := tx.at.UTC().Format("2006-01-02")
	switch {
	case c.Kind == "field" && choice == "other":
		if err := tx.setOther(c); err != nil {
			return c, err
		}
	case c.Kind == "round" && choice != "both":
		loser := c.Other
		if choice == "other" {
			loser = c.Kept
		}
		if _, err := readRow(tx.ctx, cached{tx}, tVoids, loser); err != nil {
			if err := tx.VoidRound(loser, why); err != nil {
				return c, err
			}
		}
	case c.Kind == "pairing":
		loser := c.Other
		if choice == "other" {
			loser = c.Kept
		}
		if row, err := readRow(tx.ctx, cached{tx}, tPairings, loser); err == nil && row["ended"] == "" {
			if err := tx.EndPairing(loser, day, why); err != nil {
				return c, err
			}
		}
	}
	c.Resolved = choice
	return c, tx.insert(tResolutions, c.ID, map[string]any{"choice": choice, "at": tx.at.UTC().Format(time.RFC3339)})
}

// setOther writes a field conflict's other value back.
func (tx *Tx) setOther(c Conflict) error {
	t, ok := tableByName(c.Table)
	if !ok {
		return Errorf("conflict %s names a table or column vol does not have", short(c.ID))
	}
	col, ok := t.column(c.Column)
	if !ok {
		return Errorf("conflict %s names a table or column vol does not have", short(c.ID))
	}
	if _, err := readRow(tx.ctx, cached{tx}, t, c.Row); err != nil {
		return &FieldError{Field: "conflict", Value: short(c.ID), Want: T("a conflict whose row is still in the ledger"), Err: ErrNotFound}
	}
	var v any = c.Other
	switch {
	case col.kind == kInt:
		n, err := strconv.ParseInt(c.Other, 10, 64)
		if err != nil {
			return Errorf("conflict %s: %w", short(c.ID), err)
		}
		v = n
	case (col.kind == kNullText || col.kind == kPersonal) && c.Other == "":
		v = nil
	}
	return tx.update(t, c.Row, map[string]any{c.Column: v})
}

func (tx *Tx) findConflict(ref string) (Conflict, error) {
	r := strings.ToLower(strings.TrimSpace(ref))
	accepted := T("a conflict ID, or a unique part of one, from vol conflicts")
	if !idPattern(r) {
		return Conflict{}, &FieldError{Field: "conflict", Value: ref, Want: accepted, Err: ErrInvalid}
	}
	rows, err := tx.tx.QueryContext(tx.ctx, `SELECT c.id, c.kind, c.tbl, c.row_id, c.col, c.kept, c.other, c.kept_by, c.other_by,
		coalesce(r.choice, '') FROM conflicts c LEFT JOIN resolutions r ON r.id = c.id WHERE `+idMatch("c.id")+` ORDER BY c.id LIMIT 2`, idArgs(r)...)
	if err != nil {
		return Conflict{}, classify(err)
	}
	defer rows.Close()
	var found []Conflict
	for rows.Next() {
		var c Conflict
		if err := rows.Scan(&c.ID, &c.Kind, &c.Table, &c.Row, &c.Column, &c.Kept, &c.Other, &c.KeptBy, &c.OtherBy, &c.Resolved); err != nil {
			return Conflict{}, classify(err)
		}
		found = append(found, c)
	}
	if err := rows.Err(); err != nil {
		return Conflict{}, classify(err)
	}
	switch {
	case len(found) == 0:
		return Conflict{}, &FieldError{Field: "conflict", Value: ref, Want: accepted, Err: ErrNotFound}
	case len(found) > 1:
		return Conflict{}, &FieldError{Field: "conflict", Value: ref, Want: T("more characters of the ID"), Err: ErrAmbiguous}
	case found[0].Resolved != "":
		return found[0], &FieldError{Field: "conflict", Value: short(found[0].ID), Want: T("an open conflict (this one was resolved: %s)", found[0].Resolved), Err: ErrInvalid}
	}
	return found[0], nil
}

// Peer is another copy of the ledger as this copy knows it.
type Peer struct {
	Device     string `json:"device"`
	Entries    int64  `json:"entries"`     // its entries held here
	LastEntry  string `json:"last_entry"`  // when it wrote the newest of them
	HasOfMine  int64  `json:"has_of_mine"` // how many of this copy's entries it is known to hold
	LacksMine  int64  `json:"lacks_mine"`  // this copy's entries it is not known to hold
	LastSynced string `json:"last_synced"` // its newest sync mark's time, "" if none
	// Trust: whether this copy takes its entries, its key's fingerprint
	// ("" when unknown), and whether it was revoked.
	Trusted     bool   `json:"trusted"`
	Fingerprint string `json:"fingerprint"`
	Revoked     bool   `json:"revoked"`
}

// PeersResult is this copy's view of the others.
type PeersResult struct {
	Device  string `json:"device"`
	Entries int64  `json:"entries"` // this copy's own entries
	Pending int    `json:"pending"` // sync files waiting for entries before them
	Peers   []Peer `json:"peers"`
}

// Peers lists every other device whose entries this copy holds.
func (db *DB) Peers(ctx context.Context) (PeersResult, error) {
	id, err := db.Identity(ctx)
	if err != nil {
		return PeersResult{}, err
	}
	res := PeersResult{Device: id.DeviceID, Peers: []Peer{}}
	have, err := holding(ctx, db.sql)
	if err != nil {
		return res, err
	}
	res.Entries = have[id.DeviceID]
	if err := db.sql.QueryRowContext(ctx, `SELECT count(*) FROM sync_pending`).Scan(&res.Pending); err != nil {
		return res, classify(err)
	}
	devices := make([]string, 0, len(have))
	for d := range have {
		if d != id.DeviceID {
			devices = append(devices, d)
		}
	}
	sort.Strings(devices)
	st, err := loadTrust(ctx, db.sql, id.LedgerID, id.DeviceID)
	if err != nil {
		return res, err
	}
	for _, d := range devices {
		p := Peer{Device: d, Entries: have[d]}
		if dt := st.devs[d]; dt != nil {
			p.Trusted, p.Revoked = dt.trusted && !dt.revoked, dt.revoked
			if dt.pub != "" {
				p.Fingerprint = Fingerprint(dt.pub)
			}
		}
		if err := db.sql.QueryRowContext(ctx, `SELECT at FROM journal WHERE device = ? ORDER BY seq DESC LIMIT 1`, d).Scan(&p.LastEntry); err != nil {
			return res, classify(err)
		}
		ph, err := db.peerHas(ctx, db.sql, d)
		if err != nil {
			return res, err
		}
		p.HasOfMine = ph[id.DeviceID]
		p.LacksMine = res.Entries - p.HasOfMine
		if p.LacksMine < 0 {
			p.LacksMine = 0
		}
		err = db.sql.QueryRowContext(ctx, `SELECT coalesce(max(at), '') FROM journal WHERE device = ? AND command = 'sync import'`, d).Scan(&p.LastSynced)
		if err != nil {
			return res, classify(err)
		}
		res.Peers = append(res.Peers, p)
	}
	return res, nil
}

// SyncState counts the open conflicts and the sync files waiting for
// earlier ones (for vol status).
func (db *DB) SyncState(ctx context.Context) (openConflicts, pending int, err error) {
	err = db.sql.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM conflicts WHERE id NOT IN (SELECT id FROM resolutions)),
		(SELECT count(*) FROM sync_pending)`).Scan(&openConflicts, &pending)
	return openConflicts, pending, classify(err)
}

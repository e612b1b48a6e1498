package ledger

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
)

// keptLimits read files already kept pending: they passed the limits when
// they came, and an erasure must reach them whatever the limits are now.
var keptLimits = SyncLimits{MaxBytes: 1 << 40, MaxEntries: 1 << 40, MaxPending: 1 << 40}

// applyPending applies every pending file that now follows on, until none
// does; a file applied whole is dropped. A file still waiting stays, with
// why; one now refused stays too, marked so (vol sync pending shows it and
// --drop removes it). A fault or damage (see isFault) stops the loop and
// is returned, so a busy or failing disk is not taken for files that
// still wait.
func (db *DB) applyPending(ctx context.Context, m Meta, lim SyncLimits) (int, error) {
	n, _, err := db.applyPendingFor(ctx, m, lim, "")
	return n, err
}

// ownFile is what applying the files kept pending did to one of them (the
// file an import just kept).
type ownFile struct {
	entries int
	waiting []WaitingDevice
	kept    bool
}

// applyPendingFor is applyPending; it counts the other files applied
// (each once) and reports what became of the file named own.
func (db *DB) applyPendingFor(ctx context.Context, m Meta, lim SyncLimits, own string) (int, ownFile, error) {
	done := map[string]bool{}
	mine := ownFile{kept: own != ""}
	_, err := db.applyLoop(ctx, m, lim, func(id string, res SyncImportResult, kept bool) {
		if id == own {
			mine.entries += res.Entries
			mine.waiting, mine.kept = res.Waiting, kept
		} else if res.Entries > 0 {
			done[id] = true
		}
	})
	return len(done), mine, err
}

// applyLoop is applyPending's loop; seen hears what became of each file
// tried (kept: it still waits).
func (db *DB) applyLoop(ctx context.Context, m Meta, lim SyncLimits, seen func(id string, res SyncImportResult, kept bool)) (int, error) {
	applied := 0
	for {
		ps, err := pendingFiles(ctx, db.sql)
		if err != nil {
			return applied, err
		}
		progress := false
		for _, p := range ps {
			f, _, err := decodeSync(p.body, keptLimits)
			var res SyncImportResult
			if err == nil {
				res, err = db.importSync(ctx, f, SyncImportOptions{Limits: lim}, m)
				if res.Entries > 0 && err == nil {
					applied++
					progress = true
				}
			}
			if isFault(err) || isDamage(err) {
				return applied, Errorf("the file's entries were added; applying the sync files kept pending stopped: %w", err)
			}
			var gap *errGap
			why := pendingWhy{Waiting: res.Waiting}
			switch {
			case errors.As(err, &gap):
				why.Missing, why.Gap = gap.Error(), gap.json()
			case err != nil:
				why = pendingWhy{Refused: err.Error()}
			case len(res.Waiting) == 0:
				if _, err := db.sql.ExecContext(ctx, `DELETE FROM sync_pending WHERE id = ?`, p.id); err != nil {
					return applied, classify(err)
				}
				seen(p.id, res, false)
				continue
			}
			seen(p.id, res, true)
			text, err := json.Marshal(why)
			if err != nil {
				return applied, err
			}
			if _, err := db.sql.ExecContext(ctx, `UPDATE sync_pending SET reason = ? WHERE id = ?`, string(text), p.id); err != nil {
				return applied, classify(err)
			}
		}
		if !progress {
			return applied, nil
		}
	}
}

// scrubPending removes the values and keys of forgotten subjects from the
// sync files kept pending, so an erasure reaches them too.
func (tx *Tx) scrubPending(subjects []string) error {
	ps, err := pendingFiles(tx.ctx, tx.tx)
	if err != nil {
		return err
	}
	if len(ps) == 0 {
		return nil
	}
	drop := map[string]bool{}
	for _, s := range subjects {
		drop[s] = true
	}
	for _, p := range ps {
		f, _, err := decodeSync(p.body, keptLimits)
		if err != nil {
			// It decoded when it was kept: the ledger is damaged there, and
			// an erasure that cannot reach the file must not pass for done.
			return Errorf("sync file %s kept pending does not read, so the erasure cannot reach it (%v): %w", short(p.id), err, ErrCorrupt)
		}
		vals, keys := f.Values[:0], f.Keys[:0]
		for _, v := range f.Values {
			if !drop[v.Subject] {
				vals = append(vals, v)
			}
		}
		for _, k := range f.Keys {
			if !drop[k.Subject] {
				keys = append(keys, k)
			}
		}
		if len(vals) == len(f.Values) && len(keys) == len(f.Keys) {
			continue
		}
		f.Values, f.Keys = vals, keys
		body, err := encodeSync(f)
		if err != nil {
			return err
		}
		if _, err := tx.exec(`UPDATE sync_pending SET body = ? WHERE id = ?`, body, p.id); err != nil {
			return err
		}
		tx.forgot++
	}
	return nil
}

// pending is a sync file kept until the entries before it arrive.
type pending struct {
	id   string
	body []byte
}

// pendingFiles lists the pending files in the order they came.
func pendingFiles(ctx context.Context, q querier) ([]pending, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, body FROM sync_pending ORDER BY received, id`)
	if err != nil {
		return nil, classify(err)
	}
	defer rows.Close()
	var ps []pending
	for rows.Next() {
		var p pending
		if err := rows.Scan(&p.id, &p.body); err != nil {
			return nil, classify(err)
		}
		ps = append(ps, p)
	}
	return ps, classify(rows.Err())
}

// PendingFile is a sync file kept until it can be applied, and why.
type PendingFile struct {
	ID       string `json:"id"` // the SHA-256 that names it
	Received string `json:"received"`
	Bytes    int64  `json:"bytes"`
	From     string `json:"from"`
	Missing  string `json:"missing,omitempty"` // entries before it have not arrived
	// MissingText is Missing as a message, for a translator (zero for a
	// file kept by an older vol: Missing says it in English).
	MissingText Text            `json:"-"`
	Waiting     []WaitingDevice `json:"waiting"`           // devices not trusted, entries dated ahead
	Refused     string          `json:"refused,omitempty"` // found forged once it could be read
}

// PendingFiles lists the sync files kept pending, oldest first.
func (v View) PendingFiles(ctx context.Context) ([]PendingFile, error) {
	rows, err := v.q.QueryContext(ctx, `SELECT id, received, length(body), from_device, reason FROM sync_pending ORDER BY received, id`)
	if err != nil {
		return nil, classify(err)
	}
	defer rows.Close()
	out := []PendingFile{}
	for rows.Next() {
		var p PendingFile
		var why string
		if err := rows.Scan(&p.ID, &p.Received, &p.Bytes, &p.From, &why); err != nil {
			return nil, classify(err)
		}
		var w pendingWhy
		if why != "" {
			if err := json.Unmarshal([]byte(why), &w); err != nil {
				return nil, Errorf("sync file %s kept pending: %w", short(p.ID), ErrCorrupt)
			}
		}
		p.Missing, p.Waiting, p.Refused = w.Missing, w.Waiting, w.Refused
		if g := w.Gap.gap(); g != nil {
			p.MissingText = g.text()
		}
		if p.Waiting == nil {
			p.Waiting = []WaitingDevice{}
		}
		out = append(out, p)
	}
	return out, classify(rows.Err())
}

// DropPending removes pending files: the one ref names (its ID, or a
// unique start of it, as vol sync pending shows), or every one when ref is
// "". It returns how many it removed, or ErrNotFound or ErrAmbiguous.
func (tx *Tx) DropPending(ref string) (int, error) {
	accepted := T("the ID of a file vol sync pending lists (or a unique start of it), or --all")
	ids, err := queryStrings(tx.ctx, tx.tx, `SELECT id FROM sync_pending ORDER BY id`)
	if err != nil {
		return 0, err
	}
	var drop []string
	r := strings.ToLower(strings.TrimSpace(ref))
	for _, id := range ids {
		if ref == "" || strings.HasPrefix(id, r) {
			drop = append(drop, id)
		}
	}
	switch {
	case ref != "" && len(drop) == 0:
		return 0, &FieldError{Field: "--drop", Value: ref, Want: accepted, Err: ErrNotFound}
	case ref != "" && len(drop) > 1:
		return 0, &FieldError{Field: "--drop", Value: ref, Want: T("more characters of the ID"), Err: ErrAmbiguous}
	case ref != "" && len(r) < 4:
		return 0, &FieldError{Field: "--drop", Value: ref, Want: T("at least 4 characters of the ID"), Err: ErrInvalid}
	}
	for _, id := range drop {
		if _, err := tx.exec(`DELETE FROM sync_pending WHERE id = ?`, id); err != nil {
			return 0, err
		}
	}
	if len(drop) > 0 {
		tx.changed = true
	}
	return len(drop), nil
}

// ApplyPending tries again every sync file kept pending (after vol sync
// trust, say) and returns how many it applied.
func (db *DB) ApplyPending(ctx context.Context, m Meta, lim SyncLimits) (int, error) {
	m.Command = "sync import"
	return db.applyPending(ctx, m, lim.orDefault())
}

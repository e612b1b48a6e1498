package ledger

import (
	"context"
	"fmt"
)

// applyPending applies every pending file that now follows on, until none
// does; files with nothing new are dropped. A file still waiting, or
// refused, stays (vol sync peers counts it); a fault or damage (see
// isFault) stops the loop and is returned, so a busy or failing disk is
// not taken for files that still wait.
func (db *DB) applyPending(ctx context.Context, m Meta) (int, error) {
	applied := 0
	for {
		ps, err := pendingFiles(ctx, db.sql)
		if err != nil {
			return applied, err
		}
		progress := false
		for _, p := range ps {
			f, _, err := decodeSync(p.body)
			if err == nil {
				var res SyncImportResult
				res, err = db.importSync(ctx, f, SyncImportOptions{}, m)
				if res.Entries > 0 && err == nil {
					applied++
					progress = true
				}
			}
			if isFault(err) || isDamage(err) {
				return applied, fmt.Errorf("the file's entries were added; applying the sync files kept pending stopped: %w", err)
			}
			if err != nil {
				// Still waiting, or refused (vol sync peers counts it):
				// the import that brought us here stands either way.
				continue
			}
			if _, err := db.sql.ExecContext(ctx, `DELETE FROM sync_pending WHERE id = ?`, p.id); err != nil {
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
		f, _, err := decodeSync(p.body)
		if err != nil {
			// It decoded when it was kept: the ledger is damaged there, and
			// an erasure that cannot reach the file must not pass for done.
			return fmt.Errorf("sync file %s kept pending does not read, so the erasure cannot reach it (%v): %w", short(p.id), err, ErrCorrupt)
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
		f.Values, f.Keys, f.Gone = vals, keys, append(f.Gone, subjects...)
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

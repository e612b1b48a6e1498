package ledger

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"time"
)

// SyncExportOptions say what to write: the entries a peer (a device ID, or
// a unique part of one) lacks, or all; encrypted with a passphrase.
type SyncExportOptions struct {
	For        string
	Passphrase string
	WorkFactor int // age scrypt work factor; 0 for age's default (tests lower it)
	// since (tests): what the receiver is taken to hold, instead of For.
	since map[string]int64
}

// SyncExportResult says what a sync file holds.
type SyncExportResult struct {
	Entries int    `json:"entries"`
	Values  int    `json:"values"`
	Peer    string `json:"peer,omitempty"`
	Bytes   int64  `json:"bytes"`
}

// SyncExport writes to dest (0600, through a temporary file and a rename)
// the entries the peer has not seen, or all of them.
func (db *DB) SyncExport(ctx context.Context, dest string, opt SyncExportOptions, at time.Time) (SyncExportResult, error) {
	var res SyncExportResult
	id, err := db.Identity(ctx)
	if err != nil {
		return res, err
	}
	have, err := holding(ctx, db.sql)
	if err != nil {
		return res, err
	}
	since := map[string]int64{}
	if opt.since != nil {
		since = opt.since
	}
	if opt.For != "" {
		peer, err := db.findPeer(ctx, opt.For, id.DeviceID)
		if err != nil {
			return res, err
		}
		res.Peer = peer
		if since, err = db.peerHas(ctx, db.sql, peer); err != nil {
			return res, err
		}
	}
	f := changeFile{Format: syncFormat, Ledger: id.LedgerID, From: id.DeviceID, Made: at.UTC().Format(time.RFC3339), Have: have}
	if st, err := db.Settings(ctx); err == nil {
		f.Compound = st.Compound
	}
	entries, err := queryEntries(ctx, db.sql, `SELECT `+entryCols+` FROM journal ORDER BY device, seq`)
	if err != nil {
		return res, err
	}
	st, err := loadTrust(ctx, db.sql, id.LedgerID, id.DeviceID)
	if err != nil {
		return res, err
	}
	refs := map[string]bool{}
	devices := map[string]bool{}
	for i := range entries {
		e := &entries[i]
		if e.Seq <= since[e.Device] {
			continue
		}
		if d := st.devs[e.Device]; d != nil && d.revoked && e.Seq > d.revokedAbove {
			continue // no copy takes them
		}
		devices[e.Device] = true
		f.Entries = append(f.Entries, fromEntry(e))
		refs[e.WhoRef] = true
		ops, err := e.Ops()
		if err != nil {
			return res, err
		}
		for _, op := range ops {
			for _, pm := range op.PV {
				refs[pm.Ref] = true
			}
		}
	}
	if f.Values, f.Keys, err = db.valuesFor(ctx, refs); err != nil {
		return res, err
	}
	f.Devices = []syncDevice{}
	for _, d := range sortedKeys(devices) {
		if dt := st.devs[d]; dt != nil && dt.pub != "" {
			f.Devices = append(f.Devices, syncDevice{Device: d, Key: dt.pub})
		}
	}
	body, err := encodeSync(&f)
	if err != nil {
		return res, err
	}
	if opt.Passphrase != "" {
		if body, err = encryptBytes(body, opt); err != nil {
			return res, err
		}
	}
	if err := writePrivate(dest, body); err != nil {
		return res, err
	}
	res.Entries, res.Values, res.Bytes = len(f.Entries), len(f.Values), int64(len(body))
	return res, nil
}

// holding returns the highest sequence number held of each device.
func holding(ctx context.Context, q querier) (map[string]int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT device, max(seq) FROM journal GROUP BY device`)
	if err != nil {
		return nil, classify(err)
	}
	defer rows.Close()
	have := map[string]int64{}
	for rows.Next() {
		var d string
		var n int64
		if err := rows.Scan(&d, &n); err != nil {
			return nil, classify(err)
		}
		have[d] = n
	}
	return have, classify(rows.Err())
}

// peerHas is what a peer is known to hold: its own entries, and what its
// sync marks say it held of the others (a device's marks only grow, so the
// newest is the largest).
func (db *DB) peerHas(ctx context.Context, q querier, peer string) (map[string]int64, error) {
	have, err := marksOf(ctx, q, peer)
	if err != nil {
		return nil, err
	}
	var own sql.NullInt64
	if err := q.QueryRowContext(ctx, `SELECT max(seq) FROM journal WHERE device = ?`, peer).Scan(&own); err != nil {
		return nil, classify(err)
	}
	if own.Int64 > have[peer] {
		have[peer] = own.Int64
	}
	return have, nil
}

// marksOf is what a device's sync marks held here say it held of each
// device, at the most (marks only grow).
func marksOf(ctx context.Context, q querier, device string) (map[string]int64, error) {
	texts, err := queryStrings(ctx, q, `SELECT have FROM sync_marks WHERE device = ?`, device)
	if err != nil {
		return nil, err
	}
	have := map[string]int64{}
	for _, t := range texts {
		if err := raiseTo(have, device, t); err != nil {
			return nil, err
		}
	}
	return have, nil
}

// raiseTo raises have to a sync mark's figures (its JSON text) where they
// are higher.
func raiseTo(have map[string]int64, device, text string) error {
	one := map[string]int64{}
	if err := json.Unmarshal([]byte(text), &one); err != nil {
		return Errorf("sync mark of %s: %w", short(device), ErrNotSyncFile)
	}
	for d, n := range one {
		if n > have[d] {
			have[d] = n
		}
	}
	return nil
}

// findPeer resolves a device given whole or by a unique part.
func (db *DB) findPeer(ctx context.Context, ref, self string) (string, error) {
	accepted := T("a device ID from vol sync peers")
	ref = strings.ToLower(strings.TrimSpace(ref))
	if !idPattern(ref) {
		return "", &FieldError{Field: "--for", Value: ref, Want: accepted, Err: ErrInvalid}
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT DISTINCT device FROM journal WHERE `+idMatch("device")+` AND device <> ? ORDER BY device`,
		append(idArgs(ref), self)...)
	if err != nil {
		return "", classify(err)
	}
	defer rows.Close()
	var found []string
	for rows.Next() {
		var d string
		if err := rows.Scan(&d); err != nil {
			return "", classify(err)
		}
		found = append(found, d)
	}
	if err := rows.Err(); err != nil {
		return "", classify(err)
	}
	switch len(found) {
	case 0:
		return "", &FieldError{Field: "--for", Value: ref, Want: accepted, Err: ErrNotFound}
	case 1:
		return found[0], nil
	}
	return "", &FieldError{Field: "--for", Value: ref, Want: T("more characters of the device ID"), Err: ErrAmbiguous}
}

// valuesFor reads the personal values behind refs that this copy still
// holds, and the keys of their subjects.
func (db *DB) valuesFor(ctx context.Context, refs map[string]bool) ([]syncValue, []syncKey, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT ref, subject, value FROM pvalues ORDER BY ref`)
	if err != nil {
		return nil, nil, classify(err)
	}
	var vals []syncValue
	subjects := map[string]bool{}
	for rows.Next() {
		var v syncValue
		if err := rows.Scan(&v.Ref, &v.Subject, &v.Value); err != nil {
			rows.Close()
			return nil, nil, classify(err)
		}
		if refs[v.Ref] {
			vals = append(vals, v)
			subjects[v.Subject] = true
		}
	}
	if err := endRows(rows); err != nil {
		return nil, nil, err
	}
	rows, err = db.sql.QueryContext(ctx, `SELECT subject, key FROM pkeys ORDER BY subject`)
	if err != nil {
		return nil, nil, classify(err)
	}
	defer rows.Close()
	var keys []syncKey
	for rows.Next() {
		var k syncKey
		if err := rows.Scan(&k.Subject, &k.Key); err != nil {
			return nil, nil, classify(err)
		}
		if subjects[k.Subject] {
			keys = append(keys, k)
		}
	}
	return vals, keys, classify(rows.Err())
}

// markSync records, as this device's entry, what it now holds of each device.
func (tx *Tx) markSync() error {
	if err := tx.tx.QueryRowContext(tx.ctx, `SELECT coalesce(max(lamport), 0) + 1 FROM journal`).Scan(&tx.lamport); err != nil {
		return classify(err)
	}
	return tx.markHolding()
}

// markHolding records what this copy holds of each device (a sync mark).
func (tx *Tx) markHolding() error {
	have, err := holding(tx.ctx, tx.tx)
	if err != nil {
		return err
	}
	text, err := json.Marshal(have) // encoding/json sorts map keys
	if err != nil {
		return err
	}
	return tx.insert(tSyncMarks, tx.NewID(), map[string]any{"device": tx.device, "have": string(text)})
}

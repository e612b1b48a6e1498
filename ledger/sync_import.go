package ledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// SyncImportOptions: the passphrase of an encrypted file, a dry run, and
// --adopt (a fresh ledger becomes a copy of the file's ledger).
type SyncImportOptions struct {
	Passphrase string
	DryRun     bool
	Adopt      bool
}

// SyncImportResult says what an import did (or, in a dry run, would do).
type SyncImportResult struct {
	Entries   int    `json:"entries"`   // entries added
	Known     int    `json:"known"`     // entries this ledger already held
	Conflicts int    `json:"conflicts"` // conflicts the import added
	Pending   bool   `json:"pending"`   // kept until the entries before it arrive
	Missing   string `json:"missing,omitempty"`
	Adopted   bool   `json:"adopted,omitempty"`
	From      string `json:"from"`
	Applied   int    `json:"pending_applied,omitempty"` // pending files applied after this one
	Erased    int    `json:"erased,omitempty"`          // people erased by the file's entries
}

// errGap is returned inside the import when the file's entries do not
// follow on from this ledger's.
type errGap struct {
	device            string
	have, first, need int64
}

func (e *errGap) Error() string {
	if e.need > 0 {
		return fmt.Sprintf("device %s: the file's entries were written after its first %d entries, this ledger holds %d", short(e.device), e.need, e.have)
	}
	return fmt.Sprintf("device %s: this ledger holds entries up to %d, the file starts at %d", short(e.device), e.have, e.first)
}

// errDryRun rolls a dry run's transaction back.
var errDryRun = errors.New("dry run")

// SyncImport adds the entries of a sync file this ledger lacks and rebuilds
// the register by replaying the union of the journals (see merge.go). A file
// whose entries do not follow on from the ledger's (one in between is
// missing) is kept as pending, whole, and applied when the gap fills.
func (db *DB) SyncImport(ctx context.Context, path string, opt SyncImportOptions, m Meta) (SyncImportResult, error) {
	body, err := readSyncFile(path, opt.Passphrase)
	if err != nil {
		return SyncImportResult{}, err
	}
	f, sum, err := decodeSync(body)
	if err != nil {
		return SyncImportResult{}, err
	}
	res, err := db.importSync(ctx, f, opt, m)
	var gap *errGap
	if errors.As(err, &gap) && res.Adopted {
		return SyncImportResult{From: f.From}, fmt.Errorf("%w: entries before it are missing (%s)", ErrAdoptGap, gap)
	}
	if errors.As(err, &gap) {
		res.Pending, res.Missing = true, gap.Error()
		if opt.DryRun {
			return res, nil
		}
		_, err = db.sql.ExecContext(ctx, `INSERT OR IGNORE INTO sync_pending (id, received, body) VALUES (?, ?, ?)`,
			sum, m.At.UTC().Format(time.RFC3339), body)
		return res, classify(err)
	}
	if err != nil || opt.DryRun || res.Entries == 0 {
		return res, err
	}
	n, err := db.applyPending(ctx, m)
	res.Applied = n
	return res, err
}

// importSync applies one decoded file in one transaction.
func (db *DB) importSync(ctx context.Context, f *changeFile, opt SyncImportOptions, m Meta) (SyncImportResult, error) {
	res := SyncImportResult{From: f.From}
	id, err := db.Identity(ctx)
	if err != nil {
		return res, err
	}
	adopt := false
	if f.Ledger != id.LedgerID {
		if !opt.Adopt {
			from := "ledger " + short(f.Ledger)
			if f.Compound != "" {
				from = f.Compound + "'s ledger " + short(f.Ledger)
			}
			return res, fmt.Errorf("%w (%s; this one is %s): nothing changed; to keep a copy of that ledger, vol init a new file and import it there with --adopt",
				ErrOtherLedger, from, short(id.LedgerID))
		}
		fresh, err := db.isFresh(ctx)
		if err != nil {
			return res, err
		}
		if !fresh {
			var n int
			if err := db.sql.QueryRowContext(ctx, `SELECT count(*) FROM journal`).Scan(&n); err != nil {
				return res, classify(err)
			}
			return res, fmt.Errorf("%w (this one holds %d journal entries; init a new ledger for the copy)", ErrNotFreshCopy, n)
		}
		adopt, res.Adopted = true, true
	}
	for _, e := range f.Entries {
		if e.Format > entryFormat {
			return res, newerError(fmt.Sprintf("entry %s has format %d, newer than this vol (%d): upgrade vol", short(e.ID), e.Format, entryFormat))
		}
	}
	m.Command = "sync import"
	before, err := db.conflictIDs(ctx, db.sql)
	if err != nil {
		return res, err
	}
	merges, forgot := 0, int64(0)
	_, err = db.Write(ctx, m, func(tx *Tx) error {
		if adopt {
			if err := tx.forgetOwnInit(f.Ledger); err != nil {
				return err
			}
		}
		fresh, known, err := tx.newEntries(f, tx.device)
		if err != nil {
			return err
		}
		res.Entries, res.Known = len(fresh), known
		if len(fresh) == 0 {
			return nil
		}
		tx.changed = true
		if res.Erased, err = tx.takeValues(f, fresh); err != nil {
			return err
		}
		for i := range fresh {
			e := &fresh[i]
			if _, err := tx.exec(`INSERT INTO journal (id, device, seq, lamport, at, who_ref, who_mac, command, reverses, batch, ops, format, prev, hash)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				e.ID, e.Device, e.Seq, e.Lamport, e.At, e.WhoRef, e.WhoMac, e.Command, e.Reverses, e.Batch, e.OpsText, e.Format, e.Prev, e.Hash); err != nil {
				return err
			}
		}
		if db.mergeInArrivalOrder {
			if err := tx.applyArrived(fresh); err != nil {
				return err
			}
		} else {
			if err := clearRegister(tx.ctx, tx.tx); err != nil {
				return err
			}
			m, err := replayJournal(tx.ctx, tx.tx, cached{tx}, cached{tx})
			if err != nil {
				return err
			}
			if !opt.DryRun {
				if merges, err = tx.recordMerges(m); err != nil {
					return err
				}
			}
			if err := m.finish(); err != nil {
				return err
			}
		}
		if err := tx.forgetErasedAgain(); err != nil {
			return err
		}
		if err := tx.purgeAgain(); err != nil {
			return err
		}
		forgot = tx.forgot
		after, err := db.conflictIDs(ctx, tx.tx)
		if err != nil {
			return err
		}
		for id := range after {
			if !before[id] {
				res.Conflicts++
			}
		}
		if opt.DryRun {
			return errDryRun
		}
		if onlyMarks(fresh) && merges == 0 {
			// Nothing a later entry could race with: no mark, so copies
			// that have exchanged everything stop writing new marks.
			return nil
		}
		return tx.markSync()
	})
	if errors.Is(err, errDryRun) {
		err = nil
	}
	if err == nil && forgot > 0 && !opt.DryRun {
		if cerr := db.Compact(ctx); cerr != nil && !errors.Is(cerr, ErrStillOpen) {
			return res, cerr
		}
	}
	return res, err
}

// recordMerges records, as operations of this import's entry, every
// person the replay found entered on two copies, and carries each out.
func (tx *Tx) recordMerges(m *merger) (int, error) {
	pairs, err := m.samePeople()
	if err != nil {
		return 0, err
	}
	for _, p := range pairs {
		if err := tx.insert(tPersonMerges, p[0], map[string]any{"into_id": p[1]}); err != nil {
			return 0, err
		}
		if err := m.mergePerson(p[0], p[1]); err != nil {
			return 0, err
		}
	}
	return len(pairs), nil
}

// onlyMarks reports whether entries hold nothing but other devices' sync marks.
func onlyMarks(es []Entry) bool {
	for i := range es {
		if es[i].Command != "sync import" {
			return false
		}
	}
	return true
}

// isFresh reports whether the ledger holds nothing but its own init.
func (db *DB) isFresh(ctx context.Context) (bool, error) {
	var n int
	var cmd string
	err := db.sql.QueryRowContext(ctx, `SELECT count(*), coalesce(max(command), '') FROM journal`).Scan(&n, &cmd)
	return n == 1 && cmd == "init", classify(err)
}

// forgetOwnInit empties a fresh ledger (its journal holds only its init)
// so it can take the other ledger's entries, under a new device ID.
func (tx *Tx) forgetOwnInit(ledgerID string) error {
	if err := clearRegister(tx.ctx, tx.tx); err != nil {
		return err
	}
	for _, q := range []string{`DELETE FROM journal`, `DELETE FROM pvalues`, `DELETE FROM pkeys`} {
		if _, err := tx.exec(q); err != nil {
			return err
		}
	}
	if _, err := tx.exec(`UPDATE meta SET value = ? WHERE key = 'ledger_id'`, ledgerID); err != nil {
		return err
	}
	// A new device ID for the new history, so no ID this copy made before
	// can come again.
	tx.device = newIDSource(tx.seed, "adopt:"+tx.device, 0).next(tx.at)
	if _, err := tx.exec(`UPDATE meta SET value = ? WHERE key = 'device_id'`, tx.device); err != nil {
		return err
	}
	tx.ids = newIDSource(tx.seed, tx.device, 1)
	tx.seq, tx.prev, tx.nextEntryID = 1, "", tx.ids.next(tx.at)
	tx.whoRef, tx.whoMac = "", ""
	return nil
}

// newEntries returns the file's entries this ledger lacks, in replay order,
// after checking each one's hash and its link to the entry before it (held
// here or in the file). It returns an *errGap when some device's entries do
// not follow on from those held here.
func (tx *Tx) newEntries(f *changeFile, self string) ([]Entry, int, error) {
	in := make([]Entry, len(f.Entries))
	for i := range f.Entries {
		in[i] = f.Entries[i].entry()
		if in[i].computeHash() != in[i].Hash {
			return nil, 0, fmt.Errorf("entry %s: its hash does not match its contents: %w", short(in[i].ID), ErrNotSyncFile)
		}
	}
	sortEntries(in, func(a, b *Entry) bool {
		if a.Device != b.Device {
			return a.Device < b.Device
		}
		return a.Seq < b.Seq
	})
	var fresh []Entry
	known := 0
	lastSeq, lastHash, lastDev := int64(0), "", ""
	for i := range in {
		e := &in[i]
		if e.Device != lastDev {
			lastDev = e.Device
			lastSeq, lastHash = 0, ""
			var h sql.NullString
			err := tx.queryRow(`SELECT seq, hash FROM journal WHERE device = ? ORDER BY seq DESC LIMIT 1`, e.Device).Scan(&lastSeq, &h)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return nil, 0, classify(err)
			}
			lastHash = h.String
		}
		if e.Seq <= lastSeq {
			var h string
			err := tx.queryRow(`SELECT hash FROM journal WHERE device = ? AND seq = ?`, e.Device, e.Seq).Scan(&h)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return nil, 0, classify(err)
			}
			if h != e.Hash {
				return nil, 0, fmt.Errorf("device %s entry %d: %w", short(e.Device), e.Seq, ErrForked)
			}
			known++
			continue
		}
		if e.Device == self {
			return nil, 0, fmt.Errorf("entries of this copy (device %s) it does not hold: %w", short(self), ErrForked)
		}
		if e.Seq != lastSeq+1 {
			return nil, 0, &errGap{device: e.Device, have: lastSeq, first: e.Seq}
		}
		if e.Prev != lastHash {
			return nil, 0, fmt.Errorf("device %s entry %d does not follow the entry before it: %w", short(e.Device), e.Seq, ErrForked)
		}
		fresh = append(fresh, *e)
		lastSeq, lastHash = e.Seq, e.Hash
	}
	if err := tx.needsMet(fresh, self); err != nil {
		return nil, 0, err
	}
	sortReplay(fresh)
	return fresh, known, nil
}

// needsMet checks that this ledger, with the new entries, holds every
// entry the new entries' devices held when they wrote them (their sync
// marks say which): a file made for another copy (--for) may leave out
// entries this one lacks, and its entries would then refer to rows that
// are not here.
func (tx *Tx) needsMet(fresh []Entry, self string) error {
	hold, err := holding(tx.ctx, tx.tx)
	if err != nil {
		return err
	}
	need := map[string]map[string]int64{}
	for i := range fresh {
		e := &fresh[i]
		if e.Seq > hold[e.Device] {
			hold[e.Device] = e.Seq
		}
		if need[e.Device] == nil {
			if need[e.Device], err = marksOf(tx.ctx, tx.tx, e.Device); err != nil {
				return err
			}
		}
		if e.Command != "sync import" && !strings.Contains(e.OpsText, `"sync_marks"`) {
			continue
		}
		ops, err := e.Ops()
		if err != nil {
			return err
		}
		for _, op := range ops {
			if op.Op == "insert" && op.Table == "sync_marks" {
				if text, ok := op.Set["have"].(string); ok {
					if err := raiseTo(need[e.Device], e.Device, text); err != nil {
						return err
					}
				}
			}
		}
	}
	for _, dev := range sortedKeys(need) {
		for _, d := range sortedKeys(need[dev]) {
			if d != self && hold[d] < need[dev][d] {
				return &errGap{device: d, have: hold[d], need: need[dev][d]}
			}
		}
	}
	return nil
}

// takeValues stores the personal values and keys the new entries refer to,
// after checking each value against the keyed hash its entry recorded,
// except those of subjects erased here or by the sender; forgets the
// subjects the sender erased; and, for each erasure among the new entries,
// deletes what this copy holds of that person (again after the replay, see
// forgetErasedAgain). It returns how many people the new entries erased.
func (tx *Tx) takeValues(f *changeFile, fresh []Entry) (int, error) {
	gone := map[string]bool{}
	local, err := queryStrings(tx.ctx, tx.tx, `SELECT subject FROM gone_subjects`)
	if err != nil {
		return 0, err
	}
	for _, s := range local {
		gone[s] = true
	}
	forget := map[string]bool{}
	for _, s := range f.Gone {
		gone[s], forget[s] = true, true
	}
	for i := range fresh {
		ops, err := fresh[i].Ops()
		if err != nil {
			return 0, err
		}
		for _, op := range ops {
			if op.Op != "insert" || op.Table != "erasures" {
				continue
			}
			gone[op.ID] = true
			p, err := tx.erasing(op.ID)
			if err != nil {
				return 0, err
			}
			if err := tx.forgetPerson(p.id, p.name, p.household); err != nil {
				return 0, err
			}
			tx.erasedNow = append(tx.erasedNow, p)
		}
	}
	if err := tx.forgetSubjects(sortedKeys(forget)); err != nil {
		return 0, err
	}
	keys := map[string][]byte{}
	for _, k := range f.Keys {
		keys[k.Subject] = k.Key
	}
	all := make([]Entry, len(f.Entries))
	for i := range f.Entries {
		all[i] = f.Entries[i].entry()
	}
	macs, probs := journalMacs(all)
	if len(probs) > 0 {
		return 0, fmt.Errorf("%s: %w", probs[0], ErrNotSyncFile)
	}
	for _, v := range f.Values {
		if gone[v.Subject] {
			continue
		}
		key := keys[v.Subject]
		if key == nil {
			if err := tx.queryRow(`SELECT key FROM pkeys WHERE subject = ?`, v.Subject).Scan(&key); err != nil && !errors.Is(err, sql.ErrNoRows) {
				return 0, classify(err)
			}
		}
		if want, ok := macs[v.Ref]; !ok || key == nil || pmac(key, v.Ref, v.Value) != want {
			return 0, fmt.Errorf("personal value %s does not match the keyed hash its entry recorded: %w", short(v.Ref), ErrNotSyncFile)
		}
	}
	for _, k := range f.Keys {
		if gone[k.Subject] {
			continue
		}
		if _, err := tx.exec(`INSERT OR IGNORE INTO pkeys (subject, key) VALUES (?, ?)`, k.Subject, k.Key); err != nil {
			return 0, err
		}
	}
	for _, v := range f.Values {
		if gone[v.Subject] {
			continue
		}
		if _, err := tx.exec(`INSERT OR IGNORE INTO pvalues (ref, subject, value) VALUES (?, ?, ?)`, v.Ref, v.Subject, v.Value); err != nil {
			return 0, err
		}
	}
	return len(tx.erasedNow), nil
}

// erasedPerson is what forgetting a person needs, read before the replay
// removes their row.
type erasedPerson struct{ id, name, household string }

// forgetErasedAgain forgets, once the register is merged, what the new
// erasures reach there: drug requests and pairings that another copy added
// for the person arrive only with the replay.
func (tx *Tx) forgetErasedAgain() error {
	for _, p := range tx.erasedNow {
		if err := tx.forgetPerson(p.id, p.name, p.household); err != nil {
			return err
		}
	}
	return nil
}

// purgeAgain applies every medicine purge of the merged register to the
// values this copy holds (a request closed on one copy may have been
// purged on another).
func (tx *Tx) purgeAgain() error {
	cutoffs, err := queryStrings(tx.ctx, tx.tx, `SELECT cutoff FROM med_purges ORDER BY cutoff`)
	if err != nil {
		return err
	}
	if len(cutoffs) == 0 {
		return nil
	}
	_, err = tx.purgeMedValues(cutoffs[len(cutoffs)-1])
	return err
}

func (db *DB) conflictIDs(ctx context.Context, q querier) (map[string]bool, error) {
	ids, err := queryStrings(ctx, q, `SELECT id FROM conflicts WHERE id NOT IN (SELECT id FROM resolutions)`)
	out := map[string]bool{}
	for _, id := range ids {
		out[id] = true
	}
	return out, err
}

// applyArrived applies new entries on top of the register in the order
// they arrived (DB.mergeInArrivalOrder: the control test only).
func (tx *Tx) applyArrived(fresh []Entry) error {
	m := newMerger(tx.ctx, tx.tx, tx.tx)
	m.devices[tx.device] = true
	for i := range fresh {
		m.devices[fresh[i].Device] = true
	}
	for i := range fresh {
		if err := m.entry(&fresh[i]); err != nil {
			return err
		}
	}
	return nil
}

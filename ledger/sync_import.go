package ledger

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"
)

// SyncImportOptions: the passphrase of an encrypted file, a dry run,
// --adopt (a fresh ledger becomes a copy of the file's ledger), and the
// limits on what vol takes from a file (zero values: DefaultSyncLimits).
type SyncImportOptions struct {
	Passphrase string
	DryRun     bool
	Adopt      bool
	Limits     SyncLimits
}

// SyncImportResult says what an import did (or, in a dry run, would do:
// the same counts).
type SyncImportResult struct {
	Entries   int    `json:"entries"`   // entries added
	Known     int    `json:"known"`     // entries this ledger already held
	Conflicts int    `json:"conflicts"` // conflicts the import added
	Pending   bool   `json:"pending"`   // the file (or part of it) is kept until it can be applied
	Missing   string `json:"missing,omitempty"`
	// MissingText is Missing as a message, for a translator.
	MissingText Text    `json:"-"`
	gap         *errGap // what Missing says, kept with a pending file
	Adopted     bool    `json:"adopted,omitempty"`
	From        string  `json:"from"`
	Applied     int     `json:"pending_applied,omitempty"` // pending files applied after this one
	Erased      int     `json:"erased,omitempty"`          // people erased by the file's entries
	// Devices: the entries added, per device that wrote them.
	Devices []DeviceEntries `json:"devices"`
	// Erasures: every erasure among the entries added.
	Erasures []ErasureAdded `json:"erasures"`
	// Changes: the operations of the entries added, per table.
	Changes []TableChange `json:"changes"`
	// Waiting: entries kept with the file: from a device not trusted here
	// (vol sync trust), or dated more than a day ahead of this clock.
	Waiting []WaitingDevice `json:"waiting"`
	// Revoked: entries refused because their device was revoked.
	Revoked int `json:"revoked"`
}

// DeviceEntries counts the entries added from one device.
type DeviceEntries struct {
	Device  string `json:"device"`
	Entries int    `json:"entries"`
}

// ErasureAdded is an erasure among the entries an import adds.
type ErasureAdded struct {
	Person string `json:"person"`
	Entry  string `json:"entry"`
	Device string `json:"device"`
	At     string `json:"at"`
}

// TableChange counts an import's operations on one table.
type TableChange struct {
	Table   string `json:"table"`
	Added   int    `json:"added"`
	Changed int    `json:"changed"`
	Removed int    `json:"removed"`
}

// WaitingDevice is a device whose entries an import keeps pending.
type WaitingDevice struct {
	Device      string `json:"device"`
	Reason      string `json:"reason"` // "untrusted", "ahead", "earlier" (entries before them missing) or "history" (from before keys)
	Entries     int    `json:"entries"`
	Fingerprint string `json:"fingerprint,omitempty"` // untrusted: its key's, to compare with vol sync whoami there
	At          string `json:"at,omitempty"`          // ahead: the first entry's time
}

// errGap is returned inside the import when the file's entries do not
// follow on from this ledger's.
type errGap struct {
	device            string
	have, first, need int64
	waiting           bool // some entries wait (an adoption takes all or nothing)
}

func (e *errGap) Error() string { return e.text().String() }

// gapJSON is an errGap as kept with a pending file.
type gapJSON struct {
	Device  string `json:"device"`
	Have    int64  `json:"have"`
	First   int64  `json:"first"`
	Need    int64  `json:"need"`
	Waiting bool   `json:"waiting,omitempty"`
}

func (e *errGap) json() *gapJSON {
	if e == nil {
		return nil
	}
	return &gapJSON{Device: e.device, Have: e.have, First: e.first, Need: e.need, Waiting: e.waiting}
}

func (g *gapJSON) gap() *errGap {
	if g == nil {
		return nil
	}
	return &errGap{device: g.Device, have: g.Have, first: g.First, need: g.Need, waiting: g.Waiting}
}

// setGap records what is missing (nothing, for nil).
func (r *SyncImportResult) setGap(g *errGap) {
	r.gap, r.Missing, r.MissingText = g, "", Text{}
	if g != nil {
		r.Missing, r.MissingText = g.Error(), g.text()
	}
}

// Message says what is missing, for a translator.
func (e *errGap) Message() (format string, args []any) { return e.text().Message() }

func (e *errGap) text() Text {
	switch {
	case e.waiting:
		return T("device %s: some of its entries follow others this ledger does not hold yet", short(e.device))
	case e.need > 0:
		return T("device %s: the file's entries were written after its first %d entries, this ledger holds %d", short(e.device), e.need, e.have)
	}
	return T("device %s: this ledger holds entries up to %d, the file starts at %d", short(e.device), e.have, e.first)
}

// errDryRun rolls a dry run's transaction back.
var errDryRun = Errorf("dry run")

// SyncImport adds the entries of a sync file this ledger lacks and rebuilds
// the register by replaying the union of the journals (see merge.go). Every
// entry is checked first (its signature by a device trusted here, its
// numbers and operations: see sync_check.go); a forged one refuses the
// file, and nothing changes. A file whose entries do not follow on from
// the ledger's (one in between is missing), or that holds entries of a
// device not trusted here or dated ahead of this clock, is kept as
// pending, whole, and applied when it can be.
func (db *DB) SyncImport(ctx context.Context, path string, opt SyncImportOptions, m Meta) (SyncImportResult, error) {
	opt.Limits = opt.Limits.orDefault()
	body, err := readSyncFile(path, opt.Passphrase, opt.Limits)
	if err != nil {
		return SyncImportResult{}, err
	}
	f, sum, err := decodeSync(body, opt.Limits)
	if err != nil {
		return SyncImportResult{}, err
	}
	res, err := db.importSync(ctx, f, opt, m)
	var gap *errGap
	if errors.As(err, &gap) && res.Adopted {
		return SyncImportResult{From: f.From}, Errorf("%w: entries before it are missing (%s)", ErrAdoptGap, gap)
	}
	if errors.As(err, &gap) {
		res.Pending, err = true, nil
		res.setGap(gap)
	}
	if err != nil {
		return res, err
	}
	if res.Pending && !opt.DryRun {
		if err := db.keepPending(ctx, sum, body, f.From, res, opt.Limits, m); err != nil {
			return res, err
		}
	}
	if opt.DryRun || res.Entries == 0 {
		return res, nil
	}
	own := ""
	if res.Pending {
		own = sum
	}
	n, mine, err := db.applyPendingFor(ctx, m, opt.Limits, own)
	res.Applied = n
	if own != "" {
		// What waited in this very file may have been let in by the files
		// it let in (a trust decision, the entries before it).
		if mine.entries > 0 {
			res.Applied++
		}
		res.Waiting, res.Pending = mine.waiting, mine.kept
		if res.Waiting == nil {
			res.Waiting = []WaitingDevice{}
		}
		if !mine.kept {
			res.setGap(nil)
		}
	}
	return res, err
}

// importSync applies one decoded file in one transaction.
func (db *DB) importSync(ctx context.Context, f *changeFile, opt SyncImportOptions, m Meta) (SyncImportResult, error) {
	res := SyncImportResult{From: f.From, Devices: []DeviceEntries{}, Erasures: []ErasureAdded{}, Changes: []TableChange{}, Waiting: []WaitingDevice{}}
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
			return res, Errorf("%w (%s; this one is %s): nothing changed; to keep a copy of that ledger, vol init a new file and import it there with --adopt",
				ErrOtherLedger, from, short(id.LedgerID))
		}
		fresh, err := isFresh(ctx, db.sql)
		if err != nil {
			return res, err
		}
		if !fresh {
			var n int
			if err := db.sql.QueryRowContext(ctx, `SELECT count(*) FROM journal`).Scan(&n); err != nil {
				return res, classify(err)
			}
			return res, Errorf("%w (this one holds %d journal entries; init a new ledger for the copy)", ErrNotFreshCopy, n)
		}
		adopt, res.Adopted = true, true
	}
	m.Command = "sync import"
	before, err := db.conflictIDs(ctx, db.sql)
	if err != nil {
		return res, err
	}
	merges, forgot := 0, int64(0)
	_, err = db.Write(ctx, m, func(tx *Tx) error {
		if adopt {
			// Again inside the write: a command that wrote since the check
			// above must not be wiped by the adoption.
			if fresh, err := isFresh(ctx, tx.tx); err != nil {
				return err
			} else if !fresh {
				return Errorf("%w (another command wrote to it just now; init a new ledger for the copy)", ErrNotFreshCopy)
			}
			if err := tx.forgetOwnInit(f); err != nil {
				return err
			}
		}
		plan, err := tx.planImport(f, m.At)
		if plan != nil {
			res.Known, res.Waiting, res.Revoked = plan.known, plan.waiting, plan.revoked
			res.Pending = len(plan.waiting) > 0
			if plan.gap != nil {
				res.setGap(plan.gap)
			}
		}
		if adopt && err == nil && len(plan.waiting) > 0 {
			return &errGap{device: plan.waiting[0].Device, waiting: true}
		}
		if err != nil {
			return err
		}
		fresh := plan.fresh
		res.Entries = len(fresh)
		if len(fresh) == 0 {
			if adopt {
				return Errorf("%w: it holds no entries this ledger can take", ErrAdoptGap)
			}
			if opt.DryRun {
				return errDryRun
			}
			return nil
		}
		tx.changed = true
		if err := tx.takeValues(f, plan); err != nil {
			return err
		}
		for i := range fresh {
			if err := insertEntry(tx, &fresh[i]); err != nil {
				return err
			}
		}
		// This change's own entry comes after every entry it adds.
		if err := tx.tx.QueryRowContext(tx.ctx, `SELECT coalesce(max(lamport), 0) + 1 FROM journal`).Scan(&tx.lamport); err != nil {
			return classify(err)
		}
		own := append([]Op(nil), tx.ops...) // recorded before the replay: an adopting copy's key, the devices it trusts
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
			// The replay rebuilt the register from the journal, which does
			// not hold this change's entry yet: its operations so far go
			// back on top (they come last in the replay order too).
			for _, op := range own {
				if err := apply(tx.ctx, cached{tx}, op); err != nil {
					return err
				}
			}
			if merges, err = tx.recordMerges(m); err != nil {
				return err
			}
			if err := m.finish(); err != nil {
				return err
			}
		}
		if err := tx.forgetErased(); err != nil {
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
		res.Devices, res.Erasures, res.Changes = summarizeImport(plan)
		res.Erased = len(res.Erasures)
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

// summarizeImport says what the added entries hold: per device, the
// erasures, the operations per table.
func summarizeImport(p *importPlan) ([]DeviceEntries, []ErasureAdded, []TableChange) {
	per := map[string]int{}
	erasures := []ErasureAdded{}
	tables := map[string]*TableChange{}
	for i := range p.fresh {
		e := &p.fresh[i]
		per[e.Device]++
		for _, op := range p.ops[e.ID] {
			c := tables[op.Table]
			if c == nil {
				c = &TableChange{Table: op.Table}
				tables[op.Table] = c
			}
			switch op.Op {
			case "insert":
				c.Added++
				if op.Table == "erasures" {
					erasures = append(erasures, ErasureAdded{Person: op.ID, Entry: e.ID, Device: e.Device, At: e.At})
				}
			case "update":
				c.Changed++
			case "delete":
				c.Removed++
			}
		}
	}
	devices := make([]DeviceEntries, 0, len(per))
	for _, d := range sortedKeys(per) {
		devices = append(devices, DeviceEntries{Device: d, Entries: per[d]})
	}
	changes := make([]TableChange, 0, len(tables))
	for _, t := range sortedKeys(tables) {
		changes = append(changes, *tables[t])
	}
	return devices, erasures, changes
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
func isFresh(ctx context.Context, q querier) (bool, error) {
	var n int
	var cmd string
	err := q.QueryRowContext(ctx, `SELECT count(*), coalesce(max(command), '') FROM journal WHERE command <> ?`, setupCommand).Scan(&n, &cmd)
	return n == 1 && cmd == "init", classify(err)
}

// forgetOwnInit empties a fresh ledger (its journal holds only its init)
// so it can take the other ledger's entries, under a new device ID with a
// new key; the copy trusts the file's devices (the first adopt trusts the
// devices of the file it adopts).
func (tx *Tx) forgetOwnInit(f *changeFile) error {
	if err := clearRegister(tx.ctx, tx.tx); err != nil {
		return err
	}
	for _, q := range []string{`DELETE FROM journal`, `DELETE FROM pvalues`, `DELETE FROM pkeys`} {
		if _, err := tx.exec(q); err != nil {
			return err
		}
	}
	if _, err := tx.exec(`UPDATE meta SET value = ? WHERE key = 'ledger_id'`, f.Ledger); err != nil {
		return err
	}
	// A new device ID and key for the new history, so no ID this copy made
	// before can come again.
	tx.device = newIDSource(tx.seed, "adopt:"+tx.device, 0).next(tx.at)
	if err := setMeta(tx.ctx, cached{tx}, "device_id", tx.device); err != nil {
		return err
	}
	key, err := newKey()
	if err != nil {
		return err
	}
	tx.key = key
	if err := setMeta(tx.ctx, cached{tx}, "device_key", encodeKey(key)); err != nil {
		return err
	}
	tx.ids = newIDSource(tx.seed, tx.device, 1)
	tx.seq, tx.prev, tx.nextEntryID = 1, "", tx.ids.next(tx.at)
	tx.whoRef, tx.whoMac = "", ""
	tx.ops, tx.pending, tx.written, tx.setupEntries = nil, nil, nil, 0
	if err := tx.announceKey(); err != nil {
		return err
	}
	keys := fileKeys(f)
	for _, d := range sortedKeys(keys) {
		if err := tx.insert(tDeviceTrust, tx.NewID(), trustRow{device: d, kind: trustTrust, pubkey: keys[d], voucher: tx.device,
			sig: signVouch(tx.key, f.Ledger, d, keys[d])}.set()); err != nil {
			return err
		}
	}
	return nil
}

// fileKeys are the public keys of the devices whose entries a file holds:
// each device's own key row among them, else the file's list.
func fileKeys(f *changeFile) map[string]string {
	keys := map[string]string{}
	devs := map[string]bool{}
	for _, e := range f.Entries {
		devs[e.Device] = true
	}
	for _, d := range f.Devices {
		if devs[d.Device] {
			if _, ok := parsePub(d.Key); ok {
				keys[d.Device] = d.Key
			}
		}
	}
	for _, e := range f.Entries {
		if !strings.Contains(e.Ops, `"device_trust"`) {
			continue
		}
		ops, err := decodeOps(e.Ops)
		if err != nil {
			continue
		}
		for _, op := range ops {
			if r := trustRowOf(op.ID, op.Set); op.Op == "insert" && op.Table == "device_trust" && r.device == e.Device &&
				(r.kind == trustKey || r.kind == trustHandover) {
				keys[e.Device] = r.pubkey
			}
		}
	}
	return keys
}

// importPlan is what an import takes from a file once every entry is
// checked: the entries to add, in replay order, with their operations.
type importPlan struct {
	fresh   []Entry
	ops     map[string][]Op // by entry ID
	known   int
	held    []Entry // entries of the file this ledger already holds
	waiting []WaitingDevice
	revoked int
	state   *trustState
	gap     *errGap // the first device whose entries do not follow on
	// unvouched: the highest legacy decision any entry of the file names
	// per device, whoever wrote it (trusted or not).
	unvouched map[string]int64
}

// planImport checks every entry of the file and decides which to add:
// those of trusted devices, signed by their keys (or, from before keys,
// within a legacy decision), up to their device's revocation, and not
// dated more than a day ahead of now. It returns an *errGap when some
// device's entries do not follow on from those held here, and refuses the
// file (nothing changes) when an entry is forged or damaged.
func (tx *Tx) planImport(f *changeFile, now time.Time) (*importPlan, error) {
	in := make([]Entry, len(f.Entries))
	for i := range f.Entries {
		in[i] = f.Entries[i].entry()
		if err := checkShape(&in[i]); err != nil {
			return nil, err
		}
	}
	sortEntries(in, func(a, b *Entry) bool {
		if a.Device != b.Device {
			return a.Device < b.Device
		}
		return a.Seq < b.Seq
	})
	plan := &importPlan{ops: map[string][]Op{}, waiting: []WaitingDevice{}, unvouched: map[string]int64{}}
	runs := map[string][]Entry{}
	var devices []string
	var maxHeld int64
	if err := tx.tx.QueryRowContext(tx.ctx, `SELECT coalesce(max(lamport), 0) FROM journal`).Scan(&maxHeld); err != nil {
		return nil, classify(err)
	}
	lastSeq, lastLamport, lastHash, lastDev := int64(0), int64(0), "", ""
	var gap *errGap
	gapped, gapRuns := map[string]bool{}, map[string][]*Entry{}
	for i := range in {
		e := &in[i]
		if e.Device != lastDev {
			lastDev, lastSeq, lastLamport, lastHash = e.Device, 0, 0, ""
			var h sql.NullString
			err := tx.queryRow(`SELECT seq, lamport, hash FROM journal WHERE device = ? ORDER BY seq DESC LIMIT 1`, e.Device).Scan(&lastSeq, &lastLamport, &h)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return nil, classify(err)
			}
			lastHash = h.String
		} else if i > 0 && in[i-1].Seq == e.Seq {
			return nil, forged(e, "two entries under number %d", e.Seq)
		}
		if e.Seq <= lastSeq {
			var h, sig string
			err := tx.queryRow(`SELECT hash, sig FROM journal WHERE device = ? AND seq = ?`, e.Device, e.Seq).Scan(&h, &sig)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return nil, classify(err)
			}
			if h != e.Hash {
				return nil, forkError(e, sig)
			}
			plan.known++
			plan.held = append(plan.held, *e)
			continue
		}
		if e.Device == tx.device {
			return nil, Errorf("entries of this copy (device %s) it does not hold: %w", short(tx.device), ErrForked)
		}
		if gapped[e.Device] {
			gapRuns[e.Device] = append(gapRuns[e.Device], e)
			continue
		}
		if e.Seq != lastSeq+1 {
			if gap == nil {
				gap = &errGap{device: e.Device, have: lastSeq, first: e.Seq}
			}
			gapped[e.Device] = true
			gapRuns[e.Device] = append(gapRuns[e.Device], e)
			continue
		}
		if e.Prev != lastHash {
			return nil, forkError(e, "")
		}
		if e.Lamport <= lastLamport {
			return nil, forged(e, "Lamport clock %d, not above its device's entry before (%d)", e.Lamport, lastLamport)
		}
		ops, err := checkOps(e)
		if err != nil {
			return nil, err
		}
		plan.ops[e.ID] = ops
		for _, op := range ops {
			if r := trustRowOf(op.ID, op.Set); op.Table == "device_trust" && r.kind == trustLegacy {
				plan.unvouched[r.device] = max(plan.unvouched[r.device], r.seq)
			}
		}
		if len(runs[e.Device]) == 0 {
			devices = append(devices, e.Device)
		}
		runs[e.Device] = append(runs[e.Device], *e)
		lastSeq, lastLamport, lastHash = e.Seq, e.Lamport, e.Hash
	}
	ledger, err := tx.ledgerID()
	if err != nil {
		return plan, err
	}
	st, err := loadTrust(tx.ctx, tx.tx, ledger, tx.device)
	if err != nil {
		return plan, err
	}
	plan.state = st
	if gap != nil {
		// The file waits for the entries before it; what can be checked
		// now is: a forged entry of a device whose key is known here is
		// refused at once rather than kept.
		for _, d := range sortedKeys(gapRuns) {
			dt := st.dev(d)
			if !dt.trusted || dt.pub == "" {
				continue
			}
			var signed []*Entry
			for _, e := range gapRuns[d] {
				if e.Sig == "" && e.Seq > max(dt.legacyUpTo(), plan.unvouched[d]) {
					return plan, Errorf("entry %s of device %s: %w: it is unsigned: nothing changed", short(e.ID), short(d), ErrNotSigned)
				}
				if e.Sig != "" {
					signed = append(signed, e)
				}
			}
			if bad := verifyAll(dt.pub, signed); bad != nil {
				return plan, Errorf("entry %s of device %s: %w (forged, or damaged on the way): nothing changed", short(bad.ID), short(d), ErrNotSigned)
			}
		}
		plan.gap = gap
		for _, d := range sortedKeys(gapRuns) {
			plan.waiting = append(plan.waiting, WaitingDevice{Device: d, Reason: "earlier", Entries: len(gapRuns[d])})
		}
	}
	// Revocations written by devices already trusted count from the start.
	for _, d := range devices {
		if !st.dev(d).trusted {
			continue
		}
		for _, e := range runs[d] {
			for _, op := range plan.ops[e.ID] {
				if r := trustRowOf(op.ID, op.Set); op.Table == "device_trust" && r.kind == trustRevoke {
					st.add(r)
				}
			}
		}
	}
	// Devices are taken in as they become trusted: a trust decision or a
	// hand-over in one device's entries can let in another's.
	taken := map[string]int{}
	for progress := true; progress; {
		progress = false
		for _, d := range devices {
			if _, ok := taken[d]; ok {
				continue
			}
			run := runs[d]
			pub, ok, err := trustedFor(st, d, run, plan.ops)
			if err != nil {
				return plan, err
			}
			if !ok {
				continue
			}
			n := len(run)
			if dt := st.dev(d); dt.revoked {
				n = sort.Search(len(run), func(i int) bool { return run[i].Seq > dt.revokedAbove })
			}
			for i := 0; i < n; i++ {
				if at := entryTime(&run[i]); at.After(now.Add(aheadLimit)) {
					plan.waiting = append(plan.waiting, WaitingDevice{Device: d, Reason: "ahead", Entries: len(run) - i, At: run[i].At})
					n = i
					break
				}
			}
			take, err := tx.verifyRun(st, d, pub, run[:n], plan)
			if err != nil {
				return plan, err
			}
			if take < n {
				plan.waiting = append(plan.waiting, WaitingDevice{Device: d, Reason: "history", Entries: n - take})
			}
			taken[d] = take
			for _, e := range run[:take] {
				for _, op := range plan.ops[e.ID] {
					if op.Table == "device_trust" && op.Op == "insert" {
						st.add(trustRowOf(op.ID, op.Set))
					}
				}
			}
			st.settle()
			progress = true
		}
	}
	accepted := map[string][]Entry{}
	for _, d := range devices {
		run := runs[d]
		cut := len(run)
		if dt := st.dev(d); dt.revoked {
			// (A revocation found in this file also cuts a device taken
			// before it was found.)
			cut = sort.Search(len(run), func(i int) bool { return run[i].Seq > dt.revokedAbove })
		}
		plan.revoked += len(run) - cut
		n, ok := taken[d]
		if !ok {
			if cut > 0 {
				plan.waiting = append(plan.waiting, WaitingDevice{Device: d, Reason: "untrusted", Entries: cut,
					Fingerprint: Fingerprint(keyFor(st, d, run, plan.ops, f))})
			}
			continue
		}
		accepted[d] = run[:min(n, cut)]
	}
	cuts, err := tx.cutByNeeds(accepted, st, plan.ops)
	if err != nil {
		return plan, err
	}
	for _, d := range sortedKeys(accepted) {
		plan.fresh = append(plan.fresh, accepted[d]...)
		if cuts[d] > 0 {
			plan.waiting = append(plan.waiting, WaitingDevice{Device: d, Reason: "earlier", Entries: cuts[d]})
		}
	}
	sort.SliceStable(plan.waiting, func(i, j int) bool { return plan.waiting[i].Device < plan.waiting[j].Device })
	sortReplay(plan.fresh)
	// An honest Lamport clock is one above the highest its device held, and
	// this copy holds (or takes now) what it held.
	top := maxHeld
	for i := range plan.fresh {
		e := &plan.fresh[i]
		if e.Lamport > top+lamportJump {
			return plan, forged(e, "Lamport clock %d, more than %d above any entry it could have followed (%d)", e.Lamport, lamportJump, top)
		}
		top = max(top, e.Lamport)
	}
	if len(plan.fresh) == 0 && plan.gap != nil {
		return plan, plan.gap
	}
	return plan, nil
}

// forkError is the refusal of an entry that differs from the one held
// under the same device and number. heldSig is the held entry's signature.
func forkError(e *Entry, heldSig string) error {
	if e.Sig != "" && heldSig != "" {
		return Errorf("device %s entry %d: the file holds another entry under that number, signed with the device's key (its ledger file was copied and both copies went on writing, or its key was taken): %w", short(e.Device), e.Seq, ErrForked)
	}
	return Errorf("device %s entry %d: %w", short(e.Device), e.Seq, ErrForked)
}

// trustedFor reports whether device d is trusted here, or becomes so by a
// hand-over in its own entries signed by a trusted device that is not
// revoked, and the key its entries are checked against.
func trustedFor(st *trustState, d string, run []Entry, ops map[string][]Op) (string, bool, error) {
	dt := st.dev(d)
	pub := dt.pub
	var handovers []trustRow
	for _, e := range run {
		for _, op := range ops[e.ID] {
			r := trustRowOf(op.ID, op.Set)
			if op.Table != "device_trust" || op.Op != "insert" || r.device != d {
				continue
			}
			switch r.kind {
			case trustKey, trustHandover:
				if pub == "" {
					pub = r.pubkey
				} else if pub != r.pubkey {
					return "", false, forged(&e, "a second key for device %s", short(d))
				}
				if r.kind == trustHandover {
					handovers = append(handovers, r)
				}
			}
		}
	}
	if dt.trusted {
		return pub, true, nil
	}
	for _, h := range handovers {
		v := st.devs[h.voucher]
		if v != nil && v.trusted && !v.revoked && v.pub != "" && verifySig(v.pub, handoverMessage(st.ledger, d, h.pubkey), h.sig) {
			return pub, true, nil
		}
	}
	return pub, false, nil
}

// keyFor is the best-known key of a device not trusted here, to show its
// fingerprint: its own key row in the file, else the file's list.
func keyFor(st *trustState, d string, run []Entry, ops map[string][]Op, f *changeFile) string {
	if p, _, _ := trustedFor(st, d, run, ops); p != "" {
		return p
	}
	for _, x := range f.Devices {
		if x.Device == d {
			return x.Key
		}
	}
	return ""
}

// verifyRun checks a trusted device's new entries: each signed by its key,
// or, unsigned, within a legacy decision and on the chain that decision
// names. It returns how many can be taken now (unsigned entries whose
// decision's entry has not arrived wait), or refuses the file.
func (tx *Tx) verifyRun(st *trustState, d, pub string, run []Entry, plan *importPlan) (int, error) {
	if len(run) == 0 {
		return 0, nil
	}
	dt := st.dev(d)
	anchors := append([]anchor(nil), dt.legacy...)
	for _, e := range run {
		if e.Sig == "" {
			continue
		}
		for _, op := range plan.ops[e.ID] {
			if r := trustRowOf(op.ID, op.Set); op.Table == "device_trust" && r.kind == trustLegacy && r.device == d {
				anchors = append(anchors, anchor{seq: r.seq, hash: r.hash})
			}
		}
	}
	var signed []*Entry
	topUnsigned := int64(0)
	for i := range run {
		e := &run[i]
		if e.Sig == "" {
			topUnsigned = e.Seq
			continue
		}
		if pub == "" {
			return 0, forged(e, "signed, but no key of its device is known (its first entry, which names the key, is not in the file)")
		}
		signed = append(signed, e)
	}
	if bad := verifyAll(pub, signed); bad != nil {
		return 0, Errorf("entry %s of device %s: %w (forged, or damaged on the way): nothing changed", short(bad.ID), short(d), ErrNotSigned)
	}
	if topUnsigned == 0 {
		return len(run), nil
	}
	var most int64
	for _, a := range anchors {
		most = max(most, a.seq)
	}
	if topUnsigned > most && topUnsigned <= plan.unvouched[d] {
		// A device not trusted here (yet) says, in this file, that it held
		// them before keys: they wait with it.
		return sort.Search(len(run), func(i int) bool { return run[i].Sig == "" }), nil
	}
	if topUnsigned > most {
		e := run[sort.Search(len(run), func(i int) bool { return run[i].Seq >= topUnsigned })]
		return 0, Errorf("entry %s of device %s: %w: it is unsigned, and past what that device wrote before keys (entry %d); if that laptop still runs a vol from before keys, upgrade it: nothing changed",
			short(e.ID), short(d), ErrNotSigned, most)
	}
	// The chain must reach a decision's entry at or above the unsigned ones,
	// with the hash the decision recorded; otherwise they wait for it.
	head := run[len(run)-1].Seq
	reached := false
	for _, a := range anchors {
		if a.seq > head {
			continue
		}
		h, err := tx.hashAt(d, a.seq, run)
		if err != nil {
			return 0, err
		}
		if h != "" && h != a.hash {
			return 0, Errorf("device %s entry %d: not the entry its legacy decision names: %w", short(d), a.seq, ErrForked)
		}
		if h == a.hash && a.seq >= topUnsigned {
			reached = true
		}
	}
	if !reached {
		return sort.Search(len(run), func(i int) bool { return run[i].Sig == "" }), nil
	}
	return len(run), nil
}

// hashAt is the hash of a device's entry seq, from run or the journal.
func (tx *Tx) hashAt(d string, seq int64, run []Entry) (string, error) {
	for i := range run {
		if run[i].Seq == seq {
			return run[i].Hash, nil
		}
	}
	var h string
	err := tx.queryRow(`SELECT hash FROM journal WHERE device = ? AND seq = ?`, d, seq).Scan(&h)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return h, classify(err)
}

// verifyAll checks signatures on every core; it returns the first entry
// whose signature does not match, or nil.
func verifyAll(pub string, es []*Entry) *Entry {
	workers := min(runtime.GOMAXPROCS(0), 8)
	if len(es) < 64 || workers < 2 {
		for _, e := range es {
			if !verifyEntry(pub, e.Hash, e.Sig) {
				return e
			}
		}
		return nil
	}
	bad := make([]bool, len(es))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(es); i += workers {
				bad[i] = !verifyEntry(pub, es[i].Hash, es[i].Sig)
			}
		}()
	}
	wg.Wait()
	for i, b := range bad {
		if b {
			return es[i]
		}
	}
	return nil
}

// cutByNeeds keeps of each device's new entries those written while it
// held nothing this ledger lacks, with the new entries (its sync marks say
// what it held): a file made for another copy (--for) may leave out
// entries this one lacks, and its entries would then refer to rows that
// are not here. The entries after the first that needs more wait with the
// file; what that cuts can cut another device's entries in turn. Entries
// of a revoked device above its revocation are never needed (no copy takes
// them). It returns how many entries it cut per device.
func (tx *Tx) cutByNeeds(runs map[string][]Entry, st *trustState, ops map[string][]Op) (map[string]int, error) {
	hold, err := holding(tx.ctx, tx.tx)
	if err != nil {
		return nil, err
	}
	held := map[string]map[string]int64{}
	for d := range runs {
		if held[d], err = marksOf(tx.ctx, tx.tx, d); err != nil {
			return nil, err
		}
	}
	cuts := map[string]int{}
	for changed := true; changed; {
		changed = false
		have := map[string]int64{}
		for d, n := range hold {
			have[d] = n
		}
		for d, r := range runs {
			if len(r) > 0 {
				have[d] = max(have[d], r[len(r)-1].Seq)
			}
		}
		for _, d := range sortedKeys(runs) {
			r := runs[d]
			need := map[string]int64{}
			for x, n := range held[d] {
				need[x] = n
			}
			for i := range r {
				for _, op := range ops[r[i].ID] {
					if op.Op == "insert" && op.Table == "sync_marks" {
						if text, ok := op.Set["have"].(string); ok {
							if err := raiseTo(need, d, text); err != nil {
								return nil, err
							}
						}
					}
				}
				if tx.unmet(need, have, st) {
					runs[d], cuts[d], changed = r[:i], cuts[d]+len(r)-i, true
					break
				}
			}
		}
	}
	return cuts, nil
}

// unmet reports whether need names an entry this copy does not have.
func (tx *Tx) unmet(need, have map[string]int64, st *trustState) bool {
	for x, n := range need {
		if dt := st.devs[x]; dt != nil && dt.revoked && n > dt.revokedAbove {
			n = dt.revokedAbove
		}
		if x != tx.device && have[x] < n {
			return true
		}
	}
	return false
}

// takeValues stores the personal values and keys the new entries refer to,
// after checking each value against the keyed hash its entry recorded and
// the rules of the field it fills, except those of subjects erased here or
// by the new entries; and, for each erasure among the new entries, deletes
// what this copy holds of that person (again after the replay, see
// forgetErased). Values of entries that wait (pending) stay in the file.
func (tx *Tx) takeValues(f *changeFile, p *importPlan) error {
	gone := map[string]bool{}
	local, err := queryStrings(tx.ctx, tx.tx, `SELECT subject FROM gone_subjects UNION SELECT id FROM erased_subjects UNION SELECT id FROM erasures`)
	if err != nil {
		return err
	}
	for _, s := range local {
		gone[s] = true
	}
	cols := map[string]string{}
	var forget []string
	for i := range p.fresh {
		e := &p.fresh[i]
		cols[e.WhoRef] = "who"
		for _, op := range p.ops[e.ID] {
			for k, v := range op.Set {
				if ref, ok := v.(string); ok && IsPersonalColumn(op.Table, k) {
					cols[ref] = k
				}
			}
			if op.Op != "insert" {
				continue
			}
			switch op.Table {
			case "erased_subjects":
				gone[op.ID] = true
				forget = append(forget, op.ID)
			case "erasures":
				gone[op.ID] = true
				pe, err := tx.erasing(op.ID)
				if err != nil {
					return err
				}
				if err := tx.forgetPerson(pe.id, pe.name, pe.household); err != nil {
					return err
				}
				tx.erasedNow = append(tx.erasedNow, pe)
			}
		}
	}
	if err := tx.forgetSubjects(forget); err != nil {
		return err
	}
	keys := map[string][]byte{}
	for _, k := range f.Keys {
		keys[k.Subject] = k.Key
	}
	macs, probs := journalMacs(append(append([]Entry(nil), p.fresh...), p.held...))
	if len(probs) > 0 {
		return Errorf("%s: %w", probs[0], ErrNotSyncFile)
	}
	took := map[string]bool{}
	var vals []syncValue
	for _, v := range f.Values {
		want, ok := macs[v.Ref]
		if !ok || gone[v.Subject] {
			continue // a value of an entry that waits, or of an erased subject
		}
		if !isSubject(v.Subject) {
			return Errorf("personal value %s: subject %q is not one vol makes: %w", short(v.Ref), Printable(trimTo(v.Subject, 40)), ErrForged)
		}
		key := keys[v.Subject]
		if key == nil {
			if err := tx.queryRow(`SELECT key FROM pkeys WHERE subject = ?`, v.Subject).Scan(&key); err != nil && !errors.Is(err, sql.ErrNoRows) {
				return classify(err)
			}
		}
		if len(key) != 32 || pmac(key, v.Ref, v.Value) != want {
			return Errorf("personal value %s does not match the keyed hash its entry recorded: %w", short(v.Ref), ErrNotSyncFile)
		}
		if col, ok := cols[v.Ref]; ok {
			if err := checkValueText(col, v.Value); err != nil {
				return Errorf("personal value %s: %v: %w", short(v.Ref), err, ErrForged)
			}
		}
		took[v.Subject] = true
		vals = append(vals, v)
	}
	for _, s := range sortedKeys(took) {
		if k := keys[s]; k != nil {
			if _, err := tx.exec(`INSERT OR IGNORE INTO pkeys (subject, key) VALUES (?, ?)`, s, k); err != nil {
				return err
			}
		}
	}
	for _, v := range vals {
		if _, err := tx.exec(`INSERT OR IGNORE INTO pvalues (ref, subject, value) VALUES (?, ?, ?)`, v.Ref, v.Subject, v.Value); err != nil {
			return err
		}
	}
	return nil
}

// erasedPerson is what forgetting a person needs, read before the replay
// removes their row.
type erasedPerson struct{ id, name, household string }

// forgetErased forgets, once the register is merged, what its erasures
// reach: the subjects every erase entry lists, and drug requests and
// pairings that another copy added for an erased person (they arrive with
// the replay, in this file or an older one, after the erasure), and what
// the new erasures reach by name.
func (tx *Tx) forgetErased() error {
	for _, p := range tx.erasedNow {
		if err := tx.forgetPerson(p.id, p.name, p.household); err != nil {
			return err
		}
	}
	subjects, err := queryStrings(tx.ctx, tx.tx, `SELECT s FROM (
			SELECT id AS s FROM erased_subjects
			UNION SELECT id FROM erasures
			UNION SELECT 'med:' || id FROM med_requests WHERE person_id IN (SELECT id FROM erasures)
			UNION SELECT 'pairing:' || id FROM pairings WHERE volunteer IN (SELECT id FROM erasures)
			UNION SELECT 'contact:' || c.id FROM pair_contacts c JOIN pairings p ON p.id = c.pairing_id
				WHERE p.volunteer IN (SELECT id FROM erasures))
		WHERE s IN (SELECT subject FROM pkeys) OR s IN (SELECT subject FROM pvalues) ORDER BY s`)
	if err != nil {
		return err
	}
	return tx.forgetSubjects(subjects)
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

// pendingWhy is why a file waits, as kept with it. Gap is what Missing
// says, so that it can be said in another language (files kept by an
// older vol have only Missing).
type pendingWhy struct {
	Missing string          `json:"missing,omitempty"`
	Gap     *gapJSON        `json:"gap,omitempty"`
	Waiting []WaitingDevice `json:"waiting,omitempty"`
	Refused string          `json:"refused,omitempty"`
}

// keepPending keeps a file that cannot be applied whole yet, within the
// limit on what all pending files together may take.
func (db *DB) keepPending(ctx context.Context, sum string, body []byte, from string, res SyncImportResult, lim SyncLimits, m Meta) error {
	why, err := json.Marshal(pendingWhy{Missing: res.Missing, Gap: res.gap.json(), Waiting: res.Waiting})
	if err != nil {
		return err
	}
	var held, same int64
	err = db.sql.QueryRowContext(ctx, `SELECT coalesce(sum(length(body)), 0), coalesce(sum(id = ?), 0) FROM sync_pending`, sum).Scan(&held, &same)
	if err != nil {
		return classify(err)
	}
	if same == 0 && held+int64(len(body)) > lim.MaxPending {
		return limitError("--max-pending", T("%d MB kept with this file's %d MB", MB(held), MB(int64(len(body)))),
			T("at most %d MB of files waiting; vol sync pending lists them, --drop removes one", MB(lim.MaxPending)))
	}
	_, err = db.sql.ExecContext(ctx, `INSERT INTO sync_pending (id, received, body, reason, from_device) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET reason = excluded.reason`, sum, m.At.UTC().Format(time.RFC3339), body, string(why), from)
	return classify(err)
}

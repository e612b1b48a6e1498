package ledger

import (
	"context"
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"os"
	"sort"
	"strconv"
	"time"
)

// entryFormat is the version of the entry layout and operation vocabulary.
// A newer vol may add formats; an older one refuses entries it cannot read.
const entryFormat = 1

// Entry is one journal entry: one command's change, as row operations.
type Entry struct {
	ID       string
	Device   string
	Seq      int64
	Lamport  int64
	At       string // RFC 3339, UTC
	WhoRef   string
	WhoMac   string
	Command  string
	Reverses string
	Batch    string // the first entry of a change written as several entries; "" for one entry
	OpsText  string // canonical JSON of the operations, exactly as hashed
	Format   int
	Prev     string // hash of this device's previous entry, "" for its first
	Hash     string
	Sig      string // the device key's signature of Hash ("" for entries from before keys)
}

// Ops decodes the entry's operations.
func (e *Entry) Ops() ([]Op, error) { return decodeOps(e.OpsText) }

// computeHash hashes every field but the hash itself, each length-prefixed,
// so no two different entries share the hashed bytes.
func (e *Entry) computeHash() string {
	h := sha256.New()
	var n [8]byte
	put := func(s string) {
		binary.BigEndian.PutUint64(n[:], uint64(len(s)))
		h.Write(n[:])
		h.Write([]byte(s))
	}
	put("vol-entry")
	put(strconv.Itoa(e.Format))
	put(e.ID)
	put(e.Device)
	put(strconv.FormatInt(e.Seq, 10))
	put(strconv.FormatInt(e.Lamport, 10))
	put(e.At)
	put(e.WhoRef)
	put(e.WhoMac)
	put(e.Command)
	put(e.Reverses)
	put(e.Batch)
	put(e.OpsText)
	put(e.Prev)
	return hex.EncodeToString(h.Sum(nil))
}

// Tx is a change in progress inside DB.Write: its methods update the register
// and record the operations the entry will hold.
type Tx struct {
	// View reads inside this transaction: what a change decides from.
	View
	// ctx runs the change's statements; it is never cancelled, so the
	// SQLite driver does not start a watcher goroutine for each statement
	// (a bulk import runs millions). stop is the caller's context: an
	// interrupt rolls the transaction back (database/sql watches it) and
	// record sees it before the next operation.
	ctx     context.Context
	stop    context.Context
	tx      *sql.Tx
	ids     *idSource
	seed    string // VOL_SEED (tests): IDs are reproducible
	at      time.Time
	ops     []Op
	pending []PMac
	// reverses is the entry (or batch) this change reverses (set by Undo).
	reverses string
	// The journal position of the next entry, and what every entry of this
	// change shares.
	meta                     Meta
	device                   string
	key                      ed25519.PrivateKey // signs every entry this change writes
	seq, lamport             int64
	prev, nextEntryID, batch string
	whoRef, whoMac           string
	written                  []*Entry
	// setupEntries: how many of written are the device's setup (deviceFor)
	// rather than the change itself.
	setupEntries int
	// changed: fn changed the file without an entry of its own (a sync
	// import that added only other devices' entries); Write commits it.
	changed bool
	// forgot counts personal values deleted (erasure, purge, sync), so the
	// caller knows to rebuild the file; erasedNow are the people a sync
	// import's entries erased.
	forgot    int64
	erasedNow []erasedPerson
	// prep caches prepared statements: a bulk import runs the same few
	// statements hundreds of thousands of times.
	prep *prepared
	// keys caches subjects' HMAC keys for this transaction.
	keys map[string][]byte
}

// queryRow runs a cached statement; errors surface from Scan.
func (tx *Tx) queryRow(query string, args ...any) *sql.Row {
	return tx.prep.QueryRowContext(tx.ctx, query, args...)
}

// cached is the transaction as a querier whose statements are prepared once.
type cached struct{ tx *Tx }

func (c cached) ExecContext(_ context.Context, query string, args ...any) (sql.Result, error) {
	return c.tx.exec(query, args...)
}

func (c cached) QueryRowContext(_ context.Context, query string, args ...any) *sql.Row {
	return c.tx.queryRow(query, args...)
}

func (c cached) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return c.tx.tx.QueryContext(ctx, query, args...)
}

// exec runs a cached statement.
func (tx *Tx) exec(query string, args ...any) (sql.Result, error) {
	res, err := tx.prep.ExecContext(tx.ctx, query, args...)
	return res, classify(err)
}

// chunkOps is the most operations one journal entry holds. A change with
// more (a large import) is written as several entries of one batch, in the
// same transaction, so no entry outgrows what SQLite stores in one value and
// memory stays flat.
const chunkOps = 20_000

// Write runs fn in one immediate transaction and appends the journal entry
// (or, past chunkOps operations, the entries of one batch) holding the
// operations fn made. When fn makes none, nothing is written and Write
// returns a nil entry. Errors from fn roll everything back. It returns the
// change's first entry.
func (db *DB) Write(ctx context.Context, m Meta, fn func(*Tx) error) (*Entry, error) {
	barrier()
	sqltx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		if err = classify(err); errors.Is(err, ErrReadOnly) {
			err = Errorf("%s: %w", db.path, err)
		}
		return nil, err
	}
	defer sqltx.Rollback()
	if err := db.quickCheck(ctx, sqltx); err != nil {
		return nil, err
	}
	st, err := db.deviceFor(ctx, sqltx, m)
	if err != nil {
		return nil, err
	}
	device := st.device
	tx := &Tx{ctx: context.WithoutCancel(ctx), stop: ctx, tx: sqltx, prep: newPrepared(sqltx), at: m.At, meta: m, device: device, key: st.key, seed: db.seed}
	tx.View = View{q: cached{tx}}
	var prev sql.NullString
	err = sqltx.QueryRowContext(ctx, `SELECT seq, hash FROM journal WHERE device = ? ORDER BY seq DESC LIMIT 1`, device).Scan(&tx.seq, &prev)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, classify(err)
	}
	tx.seq++
	tx.prev = prev.String
	if err := sqltx.QueryRowContext(ctx, `SELECT coalesce(max(lamport), 0) + 1 FROM journal`).Scan(&tx.lamport); err != nil {
		return nil, classify(err)
	}
	tx.ids = newIDSource(db.seed, device, tx.seq)
	tx.nextEntryID = tx.ids.next(m.At)
	if st.needed() {
		if err := tx.setUp(st); err != nil {
			return nil, err
		}
	}
	if err := fn(tx); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err() // interrupted: the error is the rolled-back transaction's
		}
		return nil, err
	}
	if err := tx.flush(); err != nil {
		return nil, err
	}
	if err := fillBirths(tx.ctx, sqltx); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if len(tx.written) == 0 && !tx.changed {
		return nil, nil
	}
	Crash("before-commit")
	if err := sqltx.Commit(); err != nil {
		return nil, classify(err)
	}
	db.noteCommit()
	Crash("after-commit")
	if len(tx.written) <= tx.setupEntries {
		return nil, nil
	}
	return tx.written[tx.setupEntries], nil
}

// SetupEntries is how many entries this write recorded for the device
// itself (a new device's key, a legacy decision) before the change: a
// command that reads the journal's head before its write takes them off.
func (tx *Tx) SetupEntries() int64 { return int64(tx.setupEntries) }

// quickCheckLimit is the largest file vol checks before every write (its
// structure and its personal values): a compound's ledger of a few MB costs
// milliseconds; a district's is left to vol check.
const quickCheckLimit = 16 << 20

// fullCheckLimit is the largest file that gets the whole of vol check,
// replay included, before every write (about 130 ms for the 3 MB sample).
const fullCheckLimit = 4 << 20

// quickCheck (SQLite's integrity check, which also compares indexes with
// their tables) refuses to write to a damaged file (a change could spread the
// damage), when the file is small enough to check on every write.
func (db *DB) quickCheck(ctx context.Context, q querier) error {
	if db.mergeInArrivalOrder {
		return nil // the control test's register differs from the replay on purpose
	}
	if st, err := os.Stat(db.path); err != nil || st.Size() > quickCheckLimit {
		return nil
	}
	if db.sealed(q) {
		return nil // as vol left it after its last checked write (seal.go)
	}
	var res string
	if err := q.QueryRowContext(ctx, "PRAGMA integrity_check(1)").Scan(&res); err != nil {
		return classify(err)
	}
	if res != "ok" {
		return ErrCorrupt
	}
	if st, err := os.Stat(db.path); err == nil && st.Size() <= fullCheckLimit {
		// Small enough for the whole of vol check, replay included: a value
		// changed in place in an unindexed column shows only there.
		probs, err := db.checkWithin(ctx, q, false)
		if err != nil {
			return err
		}
		if len(probs) > 0 {
			return ErrCorrupt
		}
		return nil
	}
	probs, err := checkPersonalOnly(ctx, q)
	if err != nil {
		return err
	}
	if len(probs) > 0 {
		return ErrCorrupt
	}
	return nil
}

// flush appends the operations recorded so far as one journal entry.
func (tx *Tx) flush() error {
	if len(tx.ops) == 0 {
		return nil
	}
	if tx.whoRef == "" {
		subject, err := tx.actorSubject(tx.meta.Who)
		if err != nil {
			return err
		}
		who, err := tx.personal(subject, tx.meta.Who)
		if err != nil {
			return err
		}
		tx.whoRef, tx.whoMac = who.(string), tx.pending[0].Mac
		tx.pending = nil
	}
	if tx.nextEntryID == "" {
		tx.nextEntryID = tx.ids.next(tx.at)
	}
	e := &Entry{ID: tx.nextEntryID, Device: tx.device, Seq: tx.seq, Lamport: tx.lamport, At: tx.at.UTC().Format(time.RFC3339),
		WhoRef: tx.whoRef, WhoMac: tx.whoMac, Command: tx.meta.Command, Reverses: tx.reverses, Batch: tx.batch,
		Format: entryFormat, Prev: tx.prev}
	text, err := marshalOps(tx.ops)
	if err != nil {
		return err
	}
	e.OpsText = string(text)
	e.Hash = e.computeHash()
	if tx.key == nil {
		return Errorf("no device key to sign entry %s: %w", short(e.ID), ErrCorrupt)
	}
	e.Sig = signEntry(tx.key, e.Hash)
	if err := insertEntry(tx, e); err != nil {
		return err
	}
	e.OpsText = "" // the caller has no use for it; let a large import's text go
	tx.written = append(tx.written, e)
	tx.seq, tx.lamport, tx.prev, tx.nextEntryID = tx.seq+1, tx.lamport+1, e.Hash, ""
	tx.ops = nil
	return nil
}

// Context is the context the write runs in, for reads through tx.View.
func (tx *Tx) Context() context.Context { return tx.ctx }

// NewID returns a fresh row ID for this change.
func (tx *Tx) NewID() string { return tx.ids.next(tx.at) }

func (tx *Tx) record(op Op) error {
	if err := tx.stop.Err(); err != nil {
		return err
	}
	op.PV, tx.pending = tx.pending, nil
	if err := apply(tx.ctx, cached{tx}, op); err != nil {
		return err
	}
	tx.ops = append(tx.ops, op)
	if len(tx.ops) >= chunkOps {
		if tx.batch == "" {
			tx.batch = tx.nextEntryID // the batch is named by its first entry
		}
		return tx.flush()
	}
	return nil
}

// insert adds a register row.
func (tx *Tx) insert(t *table, id string, set map[string]any) error {
	return tx.record(Op{Op: "insert", Table: t.name, ID: id, Set: set})
}

// update changes the columns in set that differ from the row's current
// values; it records nothing when none differ.
func (tx *Tx) update(t *table, id string, set map[string]any) error {
	cur, err := readRow(tx.ctx, cached{tx}, t, id)
	if err != nil {
		return err
	}
	newv, old := map[string]any{}, map[string]any{}
	for k, v := range set {
		if cur[k] != v {
			newv[k], old[k] = v, cur[k]
		}
	}
	if len(newv) == 0 {
		tx.pending = nil
		return nil
	}
	return tx.record(Op{Op: "update", Table: t.name, ID: id, Set: newv, Old: old})
}

// delete removes a register row, keeping its values in the operation so the
// entry can be reversed.
func (tx *Tx) delete(t *table, id string) error {
	cur, err := readRow(tx.ctx, cached{tx}, t, id)
	if err != nil {
		return err
	}
	return tx.record(Op{Op: "delete", Table: t.name, ID: id, Old: cur})
}

// personal stores a personal value for subject and returns its reference
// (nil for an empty value). The keyed hash goes into the next operation.
func (tx *Tx) personal(subject, value string) (any, error) {
	if value == "" {
		return nil, nil
	}
	key, err := tx.subjectKey(subject)
	if err != nil {
		return nil, err
	}
	ref := tx.ids.next(tx.at)
	if _, err := tx.exec(`INSERT INTO pvalues (ref, subject, value) VALUES (?, ?, ?)`, ref, subject, value); err != nil {
		return nil, err
	}
	tx.pending = append(tx.pending, PMac{Ref: ref, Mac: pmac(key, ref, value)})
	return ref, nil
}

// newSubjectKey makes the key of a subject this change just named (a new
// person's ID): there is no stored key to look for.
func (tx *Tx) newSubjectKey(subject string) error {
	key := tx.ids.key()
	if _, err := tx.exec(`INSERT INTO pkeys (subject, key) VALUES (?, ?)`, subject, key); err != nil {
		return err
	}
	tx.keepKey(subject, key)
	return nil
}

// keepKey caches a subject's key for this change; the cache starts again
// past keysKept subjects, so a bulk import's memory stays flat.
func (tx *Tx) keepKey(subject string, key []byte) {
	if tx.keys == nil || len(tx.keys) >= keysKept {
		tx.keys = map[string][]byte{}
	}
	tx.keys[subject] = key
}

const keysKept = 4096

func (tx *Tx) subjectKey(subject string) ([]byte, error) {
	if key, ok := tx.keys[subject]; ok {
		return key, nil
	}
	var key []byte
	err := tx.queryRow(`SELECT key FROM pkeys WHERE subject = ?`, subject).Scan(&key)
	if errors.Is(err, sql.ErrNoRows) {
		key = tx.ids.key()
		_, err = tx.exec(`INSERT INTO pkeys (subject, key) VALUES (?, ?)`, subject, key)
	}
	if err != nil {
		return nil, classify(err)
	}
	tx.keepKey(subject, key)
	return key, nil
}

// actorSubject finds the subject that holds the handle's values, so that all
// of one person's entries share one key (and one erasure).
func (tx *Tx) actorSubject(handle string) (string, error) {
	var s string
	err := tx.tx.QueryRowContext(tx.ctx, `SELECT subject FROM pvalues WHERE subject LIKE 'actor:%' AND value = ? LIMIT 1`, handle).Scan(&s)
	if errors.Is(err, sql.ErrNoRows) {
		return "actor:" + tx.ids.next(tx.at), nil
	}
	return s, classify(err)
}

// pmac is the keyed hash of a personal value under its subject's key.
func pmac(key []byte, ref, value string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(ref))
	m.Write([]byte{0})
	m.Write([]byte(value))
	return hex.EncodeToString(m.Sum(nil)[:16])
}

// Entries returns the newest limit entries (all when limit <= 0), newest first.
func (db *DB) Entries(ctx context.Context, limit int) ([]Entry, error) {
	q := `SELECT ` + entryCols + ` FROM journal ORDER BY lamport DESC, device DESC, seq DESC`
	if limit > 0 {
		q += " LIMIT " + strconv.Itoa(limit)
	}
	return queryEntries(ctx, db.sql, q)
}

const entryCols = `id, device, seq, lamport, at, who_ref, who_mac, command, reverses, batch, ops, format, prev, hash, sig`

// insertEntry appends an entry (written here or imported) to the journal.
func insertEntry(tx *Tx, e *Entry) error {
	_, err := tx.exec(`INSERT INTO journal (id, device, seq, lamport, at, who_ref, who_mac, command, reverses, batch, ops, format, prev, hash, sig)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.ID, e.Device, e.Seq, e.Lamport, e.At, e.WhoRef, e.WhoMac, e.Command, e.Reverses, e.Batch, e.OpsText, e.Format, e.Prev, e.Hash, e.Sig)
	return err
}

func queryEntries(ctx context.Context, q querier, query string, args ...any) ([]Entry, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, classify(err)
	}
	defer rows.Close()
	var out []Entry
	for rows.Next() {
		var e Entry
		if err := scanEntry(rows, &e); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, classify(rows.Err())
}

// scanEntry reads one row of entryCols.
func scanEntry(rows *sql.Rows, e *Entry) error {
	return classify(rows.Scan(&e.ID, &e.Device, &e.Seq, &e.Lamport, &e.At, &e.WhoRef, &e.WhoMac, &e.Command,
		&e.Reverses, &e.Batch, &e.OpsText, &e.Format, &e.Prev, &e.Hash, &e.Sig))
}

// PersonalValue returns the stored value behind a reference, "" when it was
// erased or never set.
func (db *DB) PersonalValue(ctx context.Context, ref string) (string, error) {
	return personalValue(ctx, db.sql, ref)
}

// personalValue is PersonalValue read through q.
func personalValue(ctx context.Context, q querier, ref string) (string, error) {
	var v string
	err := q.QueryRowContext(ctx, `SELECT value FROM pvalues WHERE ref = ?`, ref).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, classify(err)
}

// IsPersonalColumn reports whether a register column holds a personal
// reference (for vol log, which masks them).
func IsPersonalColumn(tableName, col string) bool {
	t, ok := tableByName(tableName)
	if !ok {
		return false
	}
	c, ok := t.column(col)
	return ok && c.kind == kPersonal
}

// Undo reverses an entry (the newest one that can be, when target is "")
// with a new entry that points at it; an entry of a batch reverses the whole
// batch. It returns ErrCannotUndo when the rows it touched have changed
// since, or when the entry is already reversed.
func (db *DB) Undo(ctx context.Context, m Meta, target string) (*Entry, error) {
	return db.Write(ctx, m, func(tx *Tx) error {
		_, err := tx.Undo(target)
		return err
	})
}

// Undo records, in this change, the reversal of an entry (see DB.Undo) and
// returns the ID of the entry (or batch) it reverses.
func (tx *Tx) Undo(target string) (string, error) {
	t, err := tx.undoTarget(target)
	if err != nil {
		return "", err
	}
	parts, err := tx.batchOf(t)
	if err != nil {
		return "", err
	}
	tx.reverses = entryKey(t)
	var ops []Op
	for _, p := range parts {
		po, err := p.Ops()
		if err != nil {
			return "", err
		}
		ops = append(ops, po...)
	}
	for _, op := range inverse(ops) {
		if err := tx.checkUndoable(op); err != nil {
			return "", Errorf("entry %s: %w", short(t.ID), err)
		}
		op.PV = nil
		if err := tx.record(op); err != nil {
			return "", Errorf("entry %s: %s row %s: %v: %w", short(t.ID), TableWord(op.Table), short(op.ID), err, ErrCannotUndo)
		}
	}
	return tx.reverses, nil
}

func sortEntries(es []Entry, less func(a, b *Entry) bool) {
	sort.Slice(es, func(i, j int) bool { return less(&es[i], &es[j]) })
}

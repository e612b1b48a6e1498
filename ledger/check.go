package ledger

import (
	"context"
	"database/sql"
	"fmt"
	"reflect"
	"sort"
	"strings"
)

// Problem is one thing vol check found wrong: what, what was expected, what
// was found.
type Problem struct {
	What, Want, Got Text
}

// String renders the problem in English.
func (p Problem) String() string { return p.text().String() }

// Message is the problem as a message, for a translator.
func (p Problem) Message() (format string, args []any) { return p.text().Message() }

func (p Problem) text() Text {
	if p.Want.IsZero() && p.Got.IsZero() {
		return p.What
	}
	return T("%s: expected %s, found %s", p.What, p.Want, p.Got)
}

// maxProblems caps the report of one kind so a broken file stays readable.
const maxProblems = 20

// Check verifies the ledger: SQLite's integrity check, every device's hash
// chain, every stored personal value against its keyed hash, and the
// register tables against a replay of the journal. It returns the problems
// found (none when all holds); an error means the check itself could not run.
//
// The check streams: it reads the journal twice through cursors (in
// device order for the chains and signatures, in replay order for the
// replay and the keyed hashes), replays into a scratch database on disk
// and compares the tables as two sorted cursors, so its memory does not
// grow with the ledger.
func (db *DB) Check(ctx context.Context) ([]Problem, error) {
	// One read transaction: every read sees one state of the file, and the
	// check's cursors share its one connection.
	tx, err := db.sql.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, classify(err)
	}
	defer tx.Rollback()
	return db.checkWithin(ctx, tx, true)
}

// checkWithin runs vol check through q (a read or a write transaction: the
// check keeps cursors open on q while it reads through q); sigs verifies
// every entry's signature too (vol check does, the check before each write
// leaves it: signatures guard what comes from other copies, and the import
// checks those).
func (db *DB) checkWithin(ctx context.Context, q querier, sigs bool) ([]Problem, error) {
	probs, err := db.checkParts(ctx, q, sigs)
	if isDamage(err) {
		// Damage met on the way is what the check found, not a check that
		// could not run (a read cut short by it used to pass for whole).
		return append(probs, Problem{What: T("SQLite: a damaged page stopped the check")}), nil
	}
	return probs, err
}

func (db *DB) checkParts(ctx context.Context, q querier, sigs bool) ([]Problem, error) {
	var probs []Problem
	integrity, err := queryStrings(ctx, q, "PRAGMA integrity_check")
	if isDamage(err) {
		// SQLite's own check can stop at damage it cannot read past: what it
		// said until then, and that it stopped, are what the check found.
		integrity = append(integrity, "")
	} else if err != nil {
		return nil, err
	}
	if len(integrity) != 1 || integrity[0] != "ok" {
		for _, s := range integrity {
			if len(probs) == maxProblems {
				break
			}
			if strings.HasPrefix(s, "*** in database") { // a header line, not a problem
				continue
			}
			if s == "" {
				probs = append(probs, Problem{What: T("SQLite integrity: the check stopped at a page it cannot read")})
				continue
			}
			probs = append(probs, Problem{What: T("SQLite integrity: %s", s)})
		}
		return probs, nil
	}
	probs, err = checkJournal(ctx, q, sigs)
	if err != nil {
		return probs, err
	}
	scratch, err := openScratch(ctx)
	if err != nil {
		return probs, err
	}
	defer scratch.Close()
	replayed, mprobs, err := replayChecked(ctx, q, scratch, true)
	if err != nil {
		return probs, err
	}
	probs = append(probs, mprobs...)
	pv, err := checkPersonal(ctx, q, scratch)
	if err != nil {
		return probs, err
	}
	probs = append(probs, pv...)
	births, err := checkBirths(ctx, q)
	if err != nil {
		return probs, err
	}
	probs = append(probs, births...)
	if replayed != nil {
		return append(probs, Problem{What: T("journal replay failed: %v", replayed)}), nil
	}
	for _, t := range append(append([]*table(nil), registerTables...), derivedTables...) {
		p, err := compareTable(ctx, t, scratch, q)
		if err != nil {
			return probs, err
		}
		probs = append(probs, p...)
	}
	return probs, nil
}

// journalMacs collects the keyed hash every entry recorded for each
// personal value it introduced.
func journalMacs(entries []Entry) (map[string]string, []Problem) {
	var probs []Problem
	macs := map[string]string{}
	for _, e := range entries {
		macs[e.WhoRef] = e.WhoMac
		ops, err := e.Ops()
		if err != nil {
			probs = append(probs, Problem{What: T("entry %s: %v", short(e.ID), err)})
			continue
		}
		for _, op := range ops {
			for _, pm := range op.PV {
				macs[pm.Ref] = pm.Mac
			}
		}
	}
	return macs, probs
}

// checkJournal reads the journal once, in (device, seq) order, one entry
// at a time: every device's hash chain and, with sigs, every entry's
// signature. It returns no problems with a read of the journal that failed.
func checkJournal(ctx context.Context, q querier, sigs bool) ([]Problem, error) {
	var sc *sigCheck
	var sigErr error
	if sigs {
		sc, sigErr = newSigCheck(ctx, q)
	}
	rows, err := q.QueryContext(ctx, `SELECT `+entryCols+` FROM journal ORDER BY device, seq`)
	if err != nil {
		return nil, classify(err)
	}
	defer rows.Close()
	var chain chainCheck
	for rows.Next() {
		var e Entry
		if err := scanEntry(rows, &e); err != nil {
			return nil, err
		}
		chain.add(&e)
		if sc != nil {
			sc.add(&e)
		}
	}
	if err := endRows(rows); err != nil {
		return nil, err
	}
	if sigErr != nil {
		return chain.probs, sigErr
	}
	if sc != nil {
		return append(chain.probs, sc.problems()...), nil
	}
	return chain.probs, nil
}

// chainCheck checks each device's hash chain, given the entries in
// (device, seq) order; it stops once maxProblems are found.
type chainCheck struct {
	have         bool // a previous entry was read
	device, hash string
	seq          int64
	probs        []Problem
	done         bool
}

func (c *chainCheck) add(e *Entry) {
	if c.done {
		return
	}
	wantSeq, wantPrev := int64(1), ""
	if c.have && c.device == e.Device {
		wantSeq, wantPrev = c.seq+1, c.hash
	}
	if e.Seq != wantSeq {
		c.probs = append(c.probs, Problem{What: T("journal device %s: sequence", short(e.Device)), Want: verbatim(fmt.Sprint(wantSeq)), Got: verbatim(fmt.Sprint(e.Seq))})
	}
	if e.Prev != wantPrev {
		c.probs = append(c.probs, Problem{What: T("journal entry %s: link to previous entry", short(e.ID)), Want: shortHash(wantPrev), Got: shortHash(e.Prev)})
	}
	if h := e.computeHash(); h != e.Hash {
		c.probs = append(c.probs, Problem{What: T("journal entry %s (%s): hash, the entry was altered", short(e.ID), e.Command), Want: shortHash(h), Got: shortHash(e.Hash)})
	}
	if e.Format > entryFormat {
		c.probs = append(c.probs, Problem{What: T("journal entry %s: format %d is newer than this vol (%d): upgrade vol", short(e.ID), e.Format, entryFormat)})
	}
	c.have, c.device, c.seq, c.hash = true, e.Device, e.Seq, e.Hash
	c.done = len(c.probs) >= maxProblems
}

// sigCheck verifies every signed entry against its device's key as the
// register holds it, and that every unsigned entry is one a legacy
// decision accepts (or the ledger is from before keys and has not written
// since). It takes the entries in (device, seq) order and keeps only a
// batch of one device's hashes and signatures at a time.
type sigCheck struct {
	st      *trustState
	ready   string
	revoked map[string]int64
	failed  []Problem // the journal's revocations could not be read: this alone

	unsigned []Problem
	devices  []*Problem // one per device with signed entries, nil when all hold
	device   string     // the device being read
	signed   bool       // it has signed entries
	batch    []*Entry   // its signed entries not yet verified
	bad      *Entry     // its first entry whose signature does not match
}

// sigBatch is how many signatures are verified at once (on every core).
const sigBatch = 1024

func newSigCheck(ctx context.Context, q querier) (*sigCheck, error) {
	var ledger, self, ready string
	for _, kv := range []struct {
		k string
		p *string
	}{{"ledger_id", &ledger}, {"device_id", &self}, {"trust_ready", &ready}} {
		v, _, err := metaOpt(ctx, q, kv.k)
		if err != nil {
			return nil, err
		}
		*kv.p = v
	}
	st, err := loadTrust(ctx, q, ledger, self)
	if err != nil {
		return nil, err
	}
	s := &sigCheck{st: st, ready: ready}
	revs, err := queryEntries(ctx, q, `SELECT `+entryCols+` FROM journal WHERE command = 'sync revoke'`)
	if err != nil {
		return nil, err
	}
	if s.revoked, err = revocations(revs); err != nil {
		s.failed = []Problem{{What: T("journal: %v", err)}}
	}
	return s, nil
}

func (s *sigCheck) add(e *Entry) {
	if s.failed != nil {
		return
	}
	if e.Device != s.device {
		s.endDevice()
		s.device = e.Device
	}
	if n, ok := s.revoked[e.Device]; ok && e.Seq > n {
		return // taken before the revocation arrived; the replay passes over it
	}
	d := s.st.dev(e.Device)
	switch {
	case e.Sig != "":
		s.signed = true
		if d.pub != "" && d.otherPub == "" && s.bad == nil {
			s.batch = append(s.batch, &Entry{ID: e.ID, Command: e.Command, Hash: e.Hash, Sig: e.Sig})
			if len(s.batch) == sigBatch {
				s.verify()
			}
		}
	case s.ready == "1" && e.Seq > d.legacyUpTo():
		if len(s.unsigned) < maxProblems {
			s.unsigned = append(s.unsigned, Problem{What: T("journal entry %s (%s) of device %s: signature", short(e.ID), e.Command, short(e.Device)),
				Want: T("signed by the device's key (or within a legacy decision)"), Got: T("unsigned")})
		}
	}
}

func (s *sigCheck) verify() {
	if s.bad == nil && len(s.batch) > 0 {
		s.bad = verifyAll(s.st.dev(s.device).pub, s.batch)
	}
	s.batch = s.batch[:0]
}

// endDevice settles the device read so far.
func (s *sigCheck) endDevice() {
	if !s.signed {
		return
	}
	s.verify()
	d, dev := s.st.dev(s.device), s.device
	var p *Problem
	switch {
	case d.otherPub != "":
		p = &Problem{What: T("device %s: key", short(dev)), Want: T("one key"), Got: T("two")}
	case d.pub == "":
		p = &Problem{What: T("device %s: key", short(dev)), Want: T("its key among the trusted devices"), Got: T("none")}
	case s.bad != nil:
		p = &Problem{What: T("journal entry %s (%s) of device %s: signature", short(s.bad.ID), s.bad.Command, short(dev)),
			Want: T("signed by the device's key"), Got: T("a signature that does not match")}
	}
	s.devices = append(s.devices, p)
	s.signed, s.bad = false, nil
}

// problems ends the reading and returns what was found: the unsigned
// entries, then each device's key or first bad signature, in device order,
// stopping once maxProblems are found.
func (s *sigCheck) problems() []Problem {
	if s.failed != nil {
		return s.failed
	}
	s.endDevice()
	probs := s.unsigned
	for _, p := range s.devices {
		if p != nil {
			probs = append(probs, *p)
		}
		if len(probs) >= maxProblems {
			break
		}
	}
	return probs
}

func shortHash(h string) Text {
	if h == "" {
		return T("(none)")
	}
	if len(h) > 12 {
		h = h[:12]
	}
	return verbatim(h)
}

// checkPersonal verifies each stored personal value against the keyed hash
// its journal entry recorded, as replayChecked left them in scratch's
// check_macs: the two are read as sorted cursors side by side. Values never
// appear in the report.
func checkPersonal(ctx context.Context, q querier, scratch *sql.DB) ([]Problem, error) {
	// Of the rows recording a ref, the latest entry's in (device, seq)
	// order, and of one entry's, the last, comes first.
	rows, err := scratch.QueryContext(ctx, `SELECT ref, mac FROM check_macs ORDER BY ref, device DESC, seq DESC, rowid DESC`)
	if err != nil {
		return nil, classify(err)
	}
	defer rows.Close()
	macs := &macCursor{rows: rows}
	vals, err := q.QueryContext(ctx, `SELECT v.ref, v.subject, v.value, k.key FROM pvalues v
		LEFT JOIN pkeys k ON k.subject = v.subject ORDER BY v.ref`)
	if err != nil {
		return nil, classify(err)
	}
	defer vals.Close()
	var probs []Problem
	for vals.Next() && len(probs) < maxProblems {
		var ref, subject, value string
		var key []byte
		if err := vals.Scan(&ref, &subject, &value, &key); err != nil {
			return nil, classify(err)
		}
		mac, ok, err := macs.seek(ref)
		if err != nil {
			return nil, err
		}
		switch {
		case !ok:
			probs = append(probs, Problem{What: T("personal value %s: no journal entry records it", short(ref))})
		case key == nil:
			probs = append(probs, Problem{What: T("personal value %s: its key is missing", short(ref))})
		case pmac(key, ref, value) != mac:
			probs = append(probs, Problem{What: T("personal value %s of %s: changed outside vol", short(ref), short(subject)), Want: T("the value its entry hashed"), Got: T("a different value")})
		}
	}
	return probs, classify(vals.Err())
}

// macCursor reads check_macs in ref order, one mac a ref.
type macCursor struct {
	rows     *sql.Rows
	ref, mac string
	ok       bool // ref and mac hold a row
	started  bool
}

// seek moves to ref's mac, if there is one, past every smaller ref; refs
// must be asked for in increasing order.
func (c *macCursor) seek(ref string) (mac string, ok bool, err error) {
	if !c.started {
		c.started = true
		if err := c.advance(); err != nil {
			return "", false, err
		}
	}
	for c.ok && c.ref < ref {
		if err := c.advance(); err != nil {
			return "", false, err
		}
	}
	return c.mac, c.ok && c.ref == ref, nil
}

// advance moves to the next ref's first row.
func (c *macCursor) advance() error {
	for c.rows.Next() {
		var ref, mac string
		if err := c.rows.Scan(&ref, &mac); err != nil {
			return classify(err)
		}
		if c.ok && ref == c.ref {
			continue
		}
		c.ref, c.mac, c.ok = ref, mac, true
		return nil
	}
	c.ok = false
	return classify(c.rows.Err())
}

// checkPersonalOnly is the keyed-hash part of vol check alone (the check
// before a write on a large file): the journal read once, the hashes kept
// in a scratch database.
func checkPersonalOnly(ctx context.Context, q querier) ([]Problem, error) {
	scratch, err := openScratch(ctx)
	if err != nil {
		return nil, err
	}
	defer scratch.Close()
	_, probs, err := replayChecked(ctx, q, scratch, false)
	if err != nil || len(probs) > 0 {
		return probs, err
	}
	return checkPersonal(ctx, q, scratch)
}

// openScratch opens an empty register for the check's replay in SQLite's
// private temporary database: a file in SQLite's temporary folder that no
// other connection can open, made readable by its owner only and deleted
// when it closes (on Unix, at once), with a page cache of bounded size, so
// the check's memory does not grow with the ledger.
func openScratch(ctx context.Context) (*sql.DB, error) {
	scratch, err := sql.Open("sqlite", "")
	if err != nil {
		return nil, err
	}
	// The one connection is the database: another would be another one.
	scratch.SetMaxOpenConns(1)
	scratch.SetMaxIdleConns(1)
	for _, p := range []string{"PRAGMA foreign_keys = 1", "PRAGMA cache_size = -16384", "PRAGMA journal_mode = OFF", "PRAGMA synchronous = OFF",
		`CREATE TABLE check_macs (ref TEXT NOT NULL, device TEXT NOT NULL, seq INTEGER NOT NULL, mac TEXT NOT NULL)`,
		`CREATE TABLE merge_creators (id TEXT PRIMARY KEY, device TEXT NOT NULL, seq INTEGER NOT NULL, lamport INTEGER NOT NULL, entry TEXT NOT NULL) WITHOUT ROWID`} {
		if _, err := scratch.ExecContext(ctx, p); err != nil {
			scratch.Close()
			return nil, classify(err)
		}
	}
	if err := migrateSQL(ctx, scratch); err != nil {
		scratch.Close()
		return nil, err
	}
	return scratch, nil
}

// replayChecked reads the journal once, in replay order and one entry at a
// time: each entry's operations are decoded once, the keyed hashes they
// record go to scratch's check_macs, and, with doReplay, they are replayed
// onto scratch's register (the check's replay, as replay does with a
// slice). It returns why the replay failed (nil when it did not; the
// hashes are still all collected), the entries whose operations cannot be
// read, in (device, seq) order, and an error when the check cannot go on.
func replayChecked(ctx context.Context, q querier, scratch *sql.DB, doReplay bool) (failed error, probs []Problem, err error) {
	tx, err := scratch.BeginTx(ctx, nil)
	if err != nil {
		return nil, nil, classify(err)
	}
	defer tx.Rollback()
	var m *merger
	if doReplay {
		revs, err := queryEntries(ctx, q, `SELECT `+entryCols+` FROM journal WHERE command = 'sync revoke'`)
		if err != nil {
			return nil, nil, err
		}
		m = newMerger(ctx, newPrepared(tx), q)
		m.spilled = true
		m.revoked, failed = revocations(revs)
	}
	addMac, err := tx.PrepareContext(ctx, `INSERT INTO check_macs (ref, device, seq, mac) VALUES (?, ?, ?, ?)`)
	if err != nil {
		return nil, nil, classify(err)
	}
	// A statement only this transaction uses: its Close cannot change
	// what the check found, and the transaction ends with it anyway.
	defer func() { _ = addMac.Close() }()
	rows, err := q.QueryContext(ctx, `SELECT `+entryCols+` FROM journal `+replayOrder)
	if err != nil {
		return nil, nil, classify(err)
	}
	defer rows.Close()
	type unread struct {
		device string
		seq    int64
		p      Problem
	}
	var bad []unread
	for rows.Next() {
		var e Entry
		if err := scanEntry(rows, &e); err != nil {
			return nil, nil, err
		}
		if _, err := addMac.ExecContext(ctx, e.WhoRef, e.Device, e.Seq, e.WhoMac); err != nil {
			return nil, nil, classify(err)
		}
		ops, oerr := e.Ops()
		if oerr != nil {
			bad = append(bad, unread{e.Device, e.Seq, Problem{What: T("entry %s: %v", short(e.ID), oerr)}})
		}
		for _, op := range ops {
			for _, pm := range op.PV {
				if _, err := addMac.ExecContext(ctx, pm.Ref, e.Device, e.Seq, pm.Mac); err != nil {
					return nil, nil, classify(err)
				}
			}
		}
		if m == nil || failed != nil {
			continue
		}
		if oerr != nil {
			failed = Errorf("entry %s: %w", short(e.ID), oerr)
		} else if err := m.entryOps(&e, ops); err != nil {
			failed = err
		}
		if isFault(failed) {
			return nil, nil, failed // the check could not run (damage is a problem found)
		}
	}
	if err := endRows(rows); err != nil {
		return nil, nil, err
	}
	if m != nil && failed == nil {
		if failed = m.finish(); isFault(failed) {
			return nil, nil, failed
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, nil, classify(err)
	}
	sort.Slice(bad, func(i, j int) bool {
		if bad[i].device != bad[j].device {
			return bad[i].device < bad[j].device
		}
		return bad[i].seq < bad[j].seq
	})
	for _, b := range bad {
		probs = append(probs, b.p)
	}
	return failed, probs, nil
}

// replay applies the journal, in (lamport, device, seq) order, to an empty
// register in a scratch database with the merge rules (see merge.go), and
// returns it; the caller closes it. values (nil for none) holds the
// personal values the rules compare.
func replay(ctx context.Context, entries []Entry, values querier) (*sql.DB, error) {
	return replayPart(ctx, entries, entries, nil, values)
}

// replayPart is replay of a part of the journal (DB.AsOf): revs are the
// journal's revocations (which may lie outside entries) and erased the
// people erased by entries left out, erased after the last entry replayed,
// as if their erasure had come then.
func replayPart(ctx context.Context, entries, revs []Entry, erased []string, values querier) (*sql.DB, error) {
	scratch, err := sql.Open("sqlite", ":memory:?_pragma=foreign_keys(1)")
	if err != nil {
		return nil, err
	}
	scratch.SetMaxOpenConns(1)
	if err := migrateSQL(ctx, scratch); err != nil {
		scratch.Close()
		return nil, err
	}
	ordered := append([]Entry(nil), entries...)
	sortReplay(ordered)
	tx, err := scratch.BeginTx(ctx, nil)
	if err != nil {
		scratch.Close()
		return nil, err
	}
	m := newMerger(ctx, newPrepared(tx), values)
	if m.revoked, err = revocations(revs); err != nil {
		tx.Rollback()
		scratch.Close()
		return nil, err
	}
	for i := range ordered {
		if err := m.entry(&ordered[i]); err != nil {
			tx.Rollback()
			scratch.Close()
			return nil, err
		}
	}
	for _, id := range erased {
		if err := m.erase(id); err != nil {
			tx.Rollback()
			scratch.Close()
			return nil, err
		}
	}
	if err := m.finish(); err != nil {
		tx.Rollback()
		scratch.Close()
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		scratch.Close()
		return nil, err
	}
	return scratch, nil
}

// compareTable walks both copies of a table in ID order, as two cursors
// side by side, and reports rows the replay has and the table lacks, and
// the reverse, and columns that differ.
func compareTable(ctx context.Context, t *table, want, got querier) ([]Problem, error) {
	w, err := openTableCursor(ctx, want, t)
	if err != nil {
		return nil, err
	}
	defer w.rows.Close()
	g, err := openTableCursor(ctx, got, t)
	if err != nil {
		return nil, err
	}
	defer g.rows.Close()
	var probs []Problem
	wok, gok := w.next(), g.next()
	for (wok || gok) && len(probs) < maxProblems {
		switch {
		case !gok || (wok && w.row.id < g.row.id):
			probs = append(probs, Problem{What: T("%s row %s", TableWord(t.name), short(w.row.id)), Want: T("the row (the journal made it)"), Got: T("no row")})
			wok = w.next()
		case !wok || g.row.id < w.row.id:
			probs = append(probs, Problem{What: T("%s row %s", TableWord(t.name), short(g.row.id)), Want: T("no row (no journal entry made it)"), Got: T("a row")})
			gok = g.next()
		default:
			for k, c := range t.cols {
				wv, gv := w.row.vals[k], g.row.vals[k]
				if !reflect.DeepEqual(wv, gv) {
					wt, gt := verbatim(fmt.Sprint(wv)), verbatim(fmt.Sprint(gv))
					if c.kind == kPersonal {
						wt, gt = T("reference %s", short(fmt.Sprint(wv))), T("reference %s", short(fmt.Sprint(gv)))
					}
					probs = append(probs, Problem{What: T("%s row %s: %s", TableWord(t.name), short(w.row.id), ColumnWord(c.name)), Want: wt, Got: gt})
				}
			}
			wok, gok = w.next(), g.next()
		}
	}
	// Read both to the end, as a whole read would: a row that cannot be
	// read stops the check even past the cap.
	for wok || gok {
		wok, gok = wok && w.next(), gok && g.next()
	}
	if w.err != nil {
		return nil, w.err
	}
	return probs, g.err
}

// tableCursor reads a table's rows in ID order, one at a time.
type tableCursor struct {
	t    *table
	rows *sql.Rows
	row  dumpedRow
	ptrs []any
	err  error
}

func openTableCursor(ctx context.Context, q querier, t *table) (*tableCursor, error) {
	rows, err := q.QueryContext(ctx, fmt.Sprintf("SELECT id, %s FROM %s ORDER BY id", t.colNames(), t.name))
	if err != nil {
		return nil, classify(err)
	}
	c := &tableCursor{t: t, rows: rows, row: dumpedRow{vals: make([]any, len(t.cols))}}
	c.ptrs = []any{&c.row.id}
	for k := range c.row.vals {
		c.ptrs = append(c.ptrs, &c.row.vals[k])
	}
	return c, nil
}

// next reads the next row into c.row; false at the end or on an error
// (c.err).
func (c *tableCursor) next() bool {
	if c.err != nil {
		return false
	}
	if !c.rows.Next() {
		c.err = classify(c.rows.Err())
		return false
	}
	if err := c.rows.Scan(c.ptrs...); err != nil {
		c.err = classify(err)
		return false
	}
	for k := range c.row.vals {
		c.row.vals[k] = normalizeSQL(c.row.vals[k])
	}
	return true
}

// dumpedRow is one row of a table: its ID and its columns in t.cols order.
type dumpedRow struct {
	id   string
	vals []any
}

func sortReplay(es []Entry) {
	sortEntries(es, func(a, b *Entry) bool {
		if a.Lamport != b.Lamport {
			return a.Lamport < b.Lamport
		}
		if a.Device != b.Device {
			return a.Device < b.Device
		}
		return a.Seq < b.Seq
	})
}

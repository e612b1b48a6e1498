package ledger

import (
	"context"
	"database/sql"
	"fmt"
	"reflect"
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
func (db *DB) Check(ctx context.Context) ([]Problem, error) {
	return db.checkWithin(ctx, db.sql, true)
}

// checkWithin runs vol check through q (the ledger, or a write
// transaction); sigs verifies every entry's signature too (vol check does,
// the check before each write leaves it: signatures guard what comes from
// other copies, and the import checks those).
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
	entries, err := queryEntries(ctx, q, `SELECT `+entryCols+` FROM journal ORDER BY device, seq`)
	if err != nil {
		return nil, err
	}
	probs = append(probs, checkChains(entries)...)
	if sigs {
		sp, err := checkSignatures(ctx, q, entries)
		if err != nil {
			return probs, err
		}
		probs = append(probs, sp...)
	}
	macs, mprobs := journalMacs(entries)
	probs = append(probs, mprobs...)
	pv, err := db.checkPersonal(ctx, q, macs)
	if err != nil {
		return probs, err
	}
	probs = append(probs, pv...)
	rp, err := db.checkReplay(ctx, q, entries)
	if err != nil {
		return probs, err
	}
	return append(probs, rp...), nil
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

func checkChains(entries []Entry) []Problem {
	var probs []Problem
	var prev *Entry
	for i := range entries {
		e := &entries[i]
		if prev == nil || prev.Device != e.Device {
			prev = nil
		}
		wantSeq, wantPrev := int64(1), ""
		if prev != nil {
			wantSeq, wantPrev = prev.Seq+1, prev.Hash
		}
		if e.Seq != wantSeq {
			probs = append(probs, Problem{What: T("journal device %s: sequence", short(e.Device)), Want: verbatim(fmt.Sprint(wantSeq)), Got: verbatim(fmt.Sprint(e.Seq))})
		}
		if e.Prev != wantPrev {
			probs = append(probs, Problem{What: T("journal entry %s: link to previous entry", short(e.ID)), Want: shortHash(wantPrev), Got: shortHash(e.Prev)})
		}
		if h := e.computeHash(); h != e.Hash {
			probs = append(probs, Problem{What: T("journal entry %s (%s): hash, the entry was altered", short(e.ID), e.Command), Want: shortHash(h), Got: shortHash(e.Hash)})
		}
		if e.Format > entryFormat {
			probs = append(probs, Problem{What: T("journal entry %s: format %d is newer than this vol (%d): upgrade vol", short(e.ID), e.Format, entryFormat)})
		}
		prev = e
		if len(probs) >= maxProblems {
			break
		}
	}
	return probs
}

// checkSignatures verifies every signed entry against its device's key as
// the register holds it, and that every unsigned entry is one a legacy
// decision accepts (or the ledger is from before keys and has not written
// since).
func checkSignatures(ctx context.Context, q querier, entries []Entry) ([]Problem, error) {
	var ledger, self, ready string
	for k, p := range map[string]*string{"ledger_id": &ledger, "device_id": &self, "trust_ready": &ready} {
		v, _, err := metaOpt(ctx, q, k)
		if err != nil {
			return nil, err
		}
		*p = v
	}
	st, err := loadTrust(ctx, q, ledger, self)
	if err != nil {
		return nil, err
	}
	revoked, err := revocations(entries)
	if err != nil {
		return []Problem{{What: T("journal: %v", err)}}, nil
	}
	var probs []Problem
	byDevice := map[string][]*Entry{}
	for i := range entries {
		e := &entries[i]
		if n, ok := revoked[e.Device]; ok && e.Seq > n {
			continue // taken before the revocation arrived; the replay passes over it
		}
		d := st.dev(e.Device)
		switch {
		case e.Sig != "":
			byDevice[e.Device] = append(byDevice[e.Device], e)
		case ready == "1" && e.Seq > d.legacyUpTo():
			probs = append(probs, Problem{What: T("journal entry %s (%s) of device %s: signature", short(e.ID), e.Command, short(e.Device)),
				Want: T("signed by the device's key (or within a legacy decision)"), Got: T("unsigned")})
		}
	}
	for _, dev := range sortedKeys(byDevice) {
		d := st.dev(dev)
		es := byDevice[dev]
		switch {
		case d.otherPub != "":
			probs = append(probs, Problem{What: T("device %s: key", short(dev)), Want: T("one key"), Got: T("two")})
		case d.pub == "":
			probs = append(probs, Problem{What: T("device %s: key", short(dev)), Want: T("its key among the trusted devices"), Got: T("none")})
		default:
			if bad := verifyAll(d.pub, es); bad != nil {
				probs = append(probs, Problem{What: T("journal entry %s (%s) of device %s: signature", short(bad.ID), bad.Command, short(dev)),
					Want: T("signed by the device's key"), Got: T("a signature that does not match")})
			}
		}
		if len(probs) >= maxProblems {
			break
		}
	}
	return probs, nil
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
// its journal entry recorded. Values never appear in the report.
func (db *DB) checkPersonal(ctx context.Context, q querier, macs map[string]string) ([]Problem, error) {
	keys := map[string][]byte{}
	rows, err := q.QueryContext(ctx, `SELECT subject, key FROM pkeys`)
	if err != nil {
		return nil, classify(err)
	}
	for rows.Next() {
		var s string
		var k []byte
		if err := rows.Scan(&s, &k); err != nil {
			rows.Close()
			return nil, classify(err)
		}
		keys[s] = k
	}
	if err := endRows(rows); err != nil {
		return nil, err
	}
	rows, err = q.QueryContext(ctx, `SELECT ref, subject, value FROM pvalues ORDER BY ref`)
	if err != nil {
		return nil, classify(err)
	}
	defer rows.Close()
	var probs []Problem
	for rows.Next() && len(probs) < maxProblems {
		var ref, subject, value string
		if err := rows.Scan(&ref, &subject, &value); err != nil {
			return nil, classify(err)
		}
		want, ok := macs[ref]
		switch {
		case !ok:
			probs = append(probs, Problem{What: T("personal value %s: no journal entry records it", short(ref))})
		case keys[subject] == nil:
			probs = append(probs, Problem{What: T("personal value %s: its key is missing", short(ref))})
		case pmac(keys[subject], ref, value) != want:
			probs = append(probs, Problem{What: T("personal value %s of %s: changed outside vol", short(ref), short(subject)), Want: T("the value its entry hashed"), Got: T("a different value")})
		}
	}
	return probs, classify(rows.Err())
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

func (db *DB) checkReplay(ctx context.Context, q querier, entries []Entry) ([]Problem, error) {
	scratch, err := replay(ctx, entries, q)
	if isFault(err) {
		return nil, err // the check could not run (damage is a problem found)
	}
	if err != nil {
		return []Problem{{What: T("journal replay failed: %v", err)}}, nil
	}
	defer scratch.Close()
	var probs []Problem
	for _, t := range append(append([]*table(nil), registerTables...), derivedTables...) {
		p, err := compareTable(ctx, t, scratch, q)
		if err != nil {
			return nil, err
		}
		probs = append(probs, p...)
	}
	return probs, nil
}

// compareTable walks both copies of a table in ID order and reports rows
// the replay has and the table lacks, and the reverse, and columns that differ.
func compareTable(ctx context.Context, t *table, want, got querier) ([]Problem, error) {
	wantRows, err := dumpTable(ctx, want, t)
	if err != nil {
		return nil, err
	}
	gotRows, err := dumpTable(ctx, got, t)
	if err != nil {
		return nil, err
	}
	var probs []Problem
	i, j := 0, 0
	for (i < len(wantRows) || j < len(gotRows)) && len(probs) < maxProblems {
		switch {
		case j >= len(gotRows) || (i < len(wantRows) && wantRows[i].id < gotRows[j].id):
			probs = append(probs, Problem{What: T("%s row %s", TableWord(t.name), short(wantRows[i].id)), Want: T("the row (the journal made it)"), Got: T("no row")})
			i++
		case i >= len(wantRows) || gotRows[j].id < wantRows[i].id:
			probs = append(probs, Problem{What: T("%s row %s", TableWord(t.name), short(gotRows[j].id)), Want: T("no row (no journal entry made it)"), Got: T("a row")})
			j++
		default:
			for k, c := range t.cols {
				w, g := wantRows[i].vals[k], gotRows[j].vals[k]
				if !reflect.DeepEqual(w, g) {
					wv, gv := verbatim(fmt.Sprint(w)), verbatim(fmt.Sprint(g))
					if c.kind == kPersonal {
						wv, gv = T("reference %s", short(fmt.Sprint(w))), T("reference %s", short(fmt.Sprint(g)))
					}
					probs = append(probs, Problem{What: T("%s row %s: %s", TableWord(t.name), short(wantRows[i].id), ColumnWord(c.name)), Want: wv, Got: gv})
				}
			}
			i++
			j++
		}
	}
	return probs, nil
}

type dumpedRow struct {
	id   string
	vals []any
}

func dumpTable(ctx context.Context, q querier, t *table) ([]dumpedRow, error) {
	rows, err := q.QueryContext(ctx, fmt.Sprintf("SELECT id, %s FROM %s ORDER BY id", t.colNames(), t.name))
	if err != nil {
		return nil, classify(err)
	}
	defer rows.Close()
	var out []dumpedRow
	for rows.Next() {
		r := dumpedRow{vals: make([]any, len(t.cols))}
		ptrs := []any{&r.id}
		for k := range r.vals {
			ptrs = append(ptrs, &r.vals[k])
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, classify(err)
		}
		for k := range r.vals {
			r.vals[k] = normalizeSQL(r.vals[k])
		}
		out = append(out, r)
	}
	return out, classify(rows.Err())
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

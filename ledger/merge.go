package ledger

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
)

// The merge replay. A ledger's register is what replaying its journal in
// (lamport, device, seq) order gives. On one device every operation applies
// as it was written. Once entries from several copies meet (vol sync), an
// operation can find the register other than its device saw it; the rules
// below settle each case the same way on every copy, so copies holding the
// same entries hold the same register:
//
//   - An update whose old value is not the current one lost a race: a device
//     it had not heard from changed the same field first. The later one in
//     the replay order wins; the case is recorded as a "field" conflict with
//     both values (equal values are no conflict).
//   - An update or delete of a row that is gone (removed or erased on
//     another device) does nothing.
//   - A household inserted at an address another household already holds
//     becomes an alias of that one ("household"); a person inserted into a
//     household that already has a person of the same name, created on a
//     device the inserting one had not heard from, becomes an alias
//     ("person"). Every later operation naming an alias names the kept row.
//   - A row of an erased person is never written again: an erasure wins over
//     every edit, older or concurrent.
//   - A household removed on one device while another added people to it is
//     kept ("kept"); an operation the register refuses for another reason is
//     skipped and recorded ("refused"), never half applied.
//   - A round committed for a date and item that already has a standing
//     round, or a current pairing of an elder household that already has
//     one, written on a device that had not heard of the other ("round",
//     "pairing"): both stand, the case is recorded.
//
// Which device had heard of which entry comes from sync_marks: every import
// that adds entries records, in the importing device's journal, the highest
// sequence number it then held of each device.

// Derived tables: rebuilt by every replay, compared by vol check.
var (
	tConflicts = &table{name: "conflicts", cols: []column{{"kind", kText}, {"tbl", kText}, {"row_id", kText}, {"col", kText},
		{"kept", kText}, {"other", kText}, {"kept_by", kText}, {"other_by", kText}}}
	tMerged       = &table{name: "merged_ids", cols: []column{{"into_id", kText}}}
	derivedTables = []*table{tConflicts, tMerged}
	tSyncMarks    = mustTable("sync_marks")
	tResolutions  = mustTable("resolutions")
	tPersonMerges = mustTable("person_merges")
)

// origin names the entry that wrote something.
type origin struct {
	device  string
	seq     int64
	lamport int64
	entry   string
}

// before reports whether o comes before p in the replay order.
func (o origin) before(p origin) bool {
	if o.lamport != p.lamport {
		return o.lamport < p.lamport
	}
	if o.device != p.device {
		return o.device < p.device
	}
	return o.seq < p.seq
}

type syncMark struct {
	seq  int64
	have map[string]int64
}

type conflictRow struct {
	kind, tbl, row, col, kept, other, keptBy, otherBy string
}

func (c conflictRow) id() string {
	h := sha256.New()
	for _, s := range []string{c.kind, c.tbl, c.row, c.col, c.keptBy, c.otherBy, c.other} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// merger replays entries onto the register tables of q.
type merger struct {
	ctx context.Context
	q   querier
	// values reads personal values (the ledger's, also when q is a scratch
	// copy) to tell equal values from different ones.
	values querier

	cur      origin
	marks    map[string][]syncMark
	devices  map[string]bool
	creators map[string]origin // people, rounds and pairings: the entry that inserted them
	// spilled, when set, keeps creators in the table merge_creators of q
	// instead (vol check: a register's worth of IDs does not stay in
	// memory); touched is then not kept (only samePeople, which vol check
	// never asks, reads it).
	spilled bool
	writers map[string]origin // table/row/column: the last entry that updated it
	alias   map[string]string
	erased  map[string]bool
	removed map[string]map[string]any // households removed, to restore if people arrive
	found   []conflictRow
	merged  []string        // alias IDs in the order they were found
	touched map[string]bool // households people were added to
	// revoked: entries of these devices above the number are skipped (vol
	// sync revoke; no copy takes them, and one that took them before the
	// revocation arrived replays as if it had not).
	revoked map[string]int64
}

func newMerger(ctx context.Context, q, values querier) *merger {
	return &merger{ctx: ctx, q: q, values: values, marks: map[string][]syncMark{}, devices: map[string]bool{},
		creators: map[string]origin{}, writers: map[string]origin{}, alias: map[string]string{},
		erased: map[string]bool{}, removed: map[string]map[string]any{}, touched: map[string]bool{}}
}

// entry applies one entry's operations; entries must come in replay order.
func (m *merger) entry(e *Entry) error {
	ops, err := e.Ops()
	if err != nil {
		return Errorf("entry %s: %w", short(e.ID), err)
	}
	return m.entryOps(e, ops)
}

// entryOps is entry with the entry's operations already decoded (vol
// check decodes each entry once, for its keyed hashes and the replay).
func (m *merger) entryOps(e *Entry, ops []Op) error {
	if n, ok := m.revoked[e.Device]; ok && e.Seq > n {
		return nil
	}
	m.cur = origin{device: e.Device, seq: e.Seq, lamport: e.Lamport, entry: e.ID}
	m.devices[e.Device] = true
	for _, op := range ops {
		if err := m.apply(op); err != nil {
			return Errorf("replaying entry %s (%s): %w", short(e.ID), e.Command, err)
		}
	}
	return nil
}

// knows reports whether the current entry's device held entry o when it
// wrote the current entry.
func (m *merger) knows(o origin) bool {
	if o.device == m.cur.device {
		return o.seq < m.cur.seq
	}
	ms := m.marks[m.cur.device]
	i := sort.Search(len(ms), func(i int) bool { return ms[i].seq > m.cur.seq })
	return i > 0 && ms[i-1].have[o.device] >= o.seq
}

// heard reports whether entry y's device held entry x when it wrote y.
func (m *merger) heard(y, x origin) bool {
	saved := m.cur
	defer func() { m.cur = saved }()
	m.cur = y
	return m.knows(x)
}

func (m *merger) remap(op Op) Op {
	if len(m.alias) == 0 {
		return op
	}
	if unaliased(op.Table) {
		return op // an erasure, a merge, what they forgot and decisions on devices name what they name
	}
	if _, ok := m.alias[op.ID]; ok {
		op.ID = m.final(op.ID)
	}
	for _, vals := range []map[string]any{op.Set, op.Old} {
		for k, v := range vals {
			if s, ok := v.(string); ok {
				if _, ok := m.alias[s]; ok {
					vals[k] = m.final(s)
				}
			}
		}
	}
	return op
}

// unaliased tables name rows and people as written, never the row an alias
// stands for.
func unaliased(table string) bool {
	switch table {
	case "erasures", "person_merges", "erased_subjects", "device_trust":
		return true
	}
	return false
}

func (m *merger) conflict(c conflictRow) { m.found = append(m.found, c) }

func (m *merger) apply(op Op) error {
	if len(m.devices) < 2 {
		// One device's history: every operation applies as written, and
		// one that does not is an error (vol check reports it).
		if err := apply(m.ctx, m.q, op); err != nil {
			return err
		}
		return m.note(op)
	}
	op = m.remap(op)
	t, ok := tableByName(op.Table)
	if !ok {
		return Errorf("an operation on a table vol does not have (%q)", op.Table)
	}
	if m.erased[op.ID] && !unaliased(t.name) {
		return nil
	}
	switch op.Op {
	case "insert":
		return m.insert(t, op)
	case "update":
		return m.update(t, op)
	case "delete":
		return m.delete(t, op)
	}
	return Errorf("an operation vol does not have (%q)", op.Op)
}

func (m *merger) insert(t *table, op Op) error {
	if cur, err := readRow(m.ctx, m.q, t, op.ID); err == nil {
		// The same row created twice (an address alias, a setting, an
		// import mark of a merged person, an erasure or a resolution made
		// on two copies): the later values win.
		return m.setColumns(t, op.ID, cur, op.Set, nil)
	} else if !errors.Is(err, ErrNotFound) {
		return err
	}
	switch t {
	case tHouseholds:
		var into string
		err := m.q.QueryRowContext(m.ctx, `SELECT id FROM households WHERE area = ? AND building = ? AND unit = ? AND room = ?`,
			op.Set["area"], op.Set["building"], op.Set["unit"], op.Set["room"]).Scan(&into)
		if err == nil {
			return m.merge(t, op.ID, into, "household")
		} else if !errors.Is(err, sql.ErrNoRows) {
			return classify(err)
		}
	case tPeople:
		if hh, ok := op.Set["household_id"].(string); ok {
			if err := m.restoreHousehold(hh); err != nil {
				return err
			}
		}
	case tRounds, tPairings:
		if err := m.twice(t, op); err != nil {
			return err
		}
	case tServed:
		if p, _ := op.Set["person_id"].(string); m.erased[p] {
			return nil // a shift marked on a copy that had not heard of the erasure
		}
	}
	if err := apply(m.ctx, m.q, op); err != nil {
		return m.refused(t, op, err)
	}
	return m.note(op)
}

// twice records a round for a date and item that already has a standing
// round, or a current pairing of an elder household that already has one,
// when the existing one was written on a device the inserting entry had not
// heard from: two coordinators did the same job at once.
func (m *merger) twice(t *table, op Op) error {
	var query string
	var args []any
	kind := "round"
	if t == tRounds {
		query = `SELECT id FROM rounds WHERE on_date = ? AND item = ? AND id NOT IN (SELECT id FROM round_voids) ORDER BY id`
		args = []any{op.Set["on_date"], op.Set["item"]}
	} else {
		if op.Set["ended"] != "" {
			return nil
		}
		kind = "pairing"
		// The same volunteer paired on two copies is no disagreement.
		query = `SELECT id FROM pairings WHERE elder_household = ? AND ended = '' AND volunteer <> ? ORDER BY id`
		args = []any{op.Set["elder_household"], op.Set["volunteer"]}
	}
	ids, err := queryStrings(m.ctx, m.q, query, args...)
	if err != nil {
		return err
	}
	for _, id := range ids {
		o, ok, err := m.creator(id)
		if err != nil {
			return err
		}
		if !ok || m.knows(o) {
			continue
		}
		row := id
		if t == tPairings {
			row = fmt.Sprint(op.Set["elder_household"])
		}
		m.conflict(conflictRow{kind: kind, tbl: t.name, row: row, kept: id, other: op.ID, keptBy: o.entry, otherBy: m.cur.entry})
	}
	return nil
}

// note keeps what later operations need to know of an applied one: who
// created people, rounds and pairings, who was erased, what each device
// held at each sync, which households were removed; and carries out what
// an erasure or a person merge implies.
func (m *merger) note(op Op) error {
	if op.Op == "delete" && op.Table == "households" && op.Old != nil {
		m.removed[op.ID] = op.Old
	}
	if op.Op != "insert" {
		return nil
	}
	switch op.Table {
	case "people", "rounds", "pairings":
		if m.spilled {
			_, err := m.q.ExecContext(m.ctx, `INSERT OR REPLACE INTO merge_creators (id, device, seq, lamport, entry) VALUES (?, ?, ?, ?, ?)`,
				op.ID, m.cur.device, m.cur.seq, m.cur.lamport, m.cur.entry)
			return classify(err)
		}
		m.creators[op.ID] = m.cur
		if op.Table == "people" {
			if hh, ok := op.Set["household_id"].(string); ok {
				m.touched[hh] = true
			}
		}
	case "erasures":
		return m.erase(op.ID)
	case "sync_marks":
		m.addMark(op)
	case "person_merges":
		into, _ := op.Set["into_id"].(string)
		return m.mergePerson(op.ID, into)
	}
	return nil
}

// erase makes an erasure win over whatever else the replay met: the
// person's row, import mark and served shifts go even when the erasing
// copy never saw them (an import or a mark on another copy made them), and
// their disagreements go with them.
func (m *merger) erase(id string) error {
	m.erased[id] = true
	for _, q := range []string{`DELETE FROM import_marks WHERE id = ?`, `DELETE FROM people WHERE id = ?`,
		`DELETE FROM shifts_done WHERE person_id = ?`} {
		if _, err := m.q.ExecContext(m.ctx, q, id); err != nil {
			return classify(err)
		}
	}
	kept := m.found[:0]
	for _, c := range m.found {
		if c.row != id && c.kept != id && c.other != id {
			kept = append(kept, c)
		}
	}
	m.found = kept
	return nil
}

// personRefs are the columns that hold a person's ID.
var personRefs = []struct{ table, col string }{
	{"pairings", "volunteer"}, {"med_requests", "person_id"}, {"med_cards", "person_id"}, {"med_cards", "by_person"},
	{"med_runs", "by_person"}, {"deliveries", "by_person"}, {"round_lines", "claimant"}, {"shifts_done", "person_id"},
}

// mergePerson carries out a recorded decision that person from is the
// same as into: every row naming from names into, a field only from has
// fills into's, fields both have and that differ are listed as conflicts
// (into's stay), from's row goes, and later
// operations naming from apply to into. Replay and the copy that records
// the decision run it alike.
func (m *merger) mergePerson(from, into string) error {
	into = m.final(into)
	if from == into || m.alias[from] != "" {
		return nil
	}
	if m.erased[into] {
		m.alias[from] = into
		m.merged = append(m.merged, from)
		return m.erase(from)
	}
	a, errA := readRow(m.ctx, m.q, tPeople, into)
	b, errB := readRow(m.ctx, m.q, tPeople, from)
	for _, err := range []error{errA, errB} {
		if err != nil && !errors.Is(err, ErrNotFound) {
			return err
		}
	}
	if errA != nil || errB != nil {
		// One of them was removed meanwhile: nothing to merge, and no
		// alias (the one left stays a person of its own, as it is on
		// every copy that replays this far).
		return nil
	}
	m.alias[from] = into
	m.merged = append(m.merged, from)
	keptBy, _, err := m.creator(into)
	if err != nil {
		return err
	}
	otherBy, _, err := m.creator(from)
	if err != nil {
		return err
	}
	m.conflict(conflictRow{kind: "person", tbl: "people", row: into, kept: into, other: from,
		keptBy: keptBy.entry, otherBy: otherBy.entry})
	fill := map[string]any{}
	for _, c := range tPeople.cols {
		av, bv := a[c.name], b[c.name]
		if c.name == "household_id" || bv == nil || bv == "" {
			continue
		}
		same, err := m.same(tPeople, c.name, av, bv)
		if err != nil {
			return err
		}
		switch {
		case same:
		case av == nil || av == "":
			fill[c.name] = bv // known on one copy only: kept
		default:
			m.conflict(conflictRow{kind: "field", tbl: "people", row: into, col: c.name, kept: valueText(av),
				other: valueText(bv), keptBy: keptBy.entry, otherBy: otherBy.entry})
		}
	}
	if len(fill) > 0 {
		if err := apply(m.ctx, m.q, Op{Op: "update", Table: "people", ID: into, Set: fill}); err != nil {
			return err
		}
	}
	for _, r := range personRefs {
		if _, err := m.q.ExecContext(m.ctx, "UPDATE "+r.table+" SET "+r.col+" = ? WHERE "+r.col+" = ?", into, from); err != nil {
			return classify(err)
		}
	}
	for _, q := range []string{`DELETE FROM import_marks WHERE id = ?`, `DELETE FROM people WHERE id = ?`} {
		if _, err := m.q.ExecContext(m.ctx, q, from); err != nil {
			return classify(err)
		}
	}
	return nil
}

// samePeople finds, in the households people were added to during this
// replay, people of the same name and birth created on two copies that had
// not heard of each other: the same resident entered on two laptops. Each
// pair is returned as (later, earlier) in the replay order, for the
// importing copy to record as a person merge.
func (m *merger) samePeople() ([][2]string, error) {
	if len(m.devices) < 2 {
		return nil, nil
	}
	var out [][2]string
	for _, hh := range sortedKeys(m.touched) {
		rows, err := m.q.QueryContext(m.ctx, `SELECT id, name_ref, birth_ref FROM people WHERE household_id = ? ORDER BY id`, hh)
		if err != nil {
			return nil, classify(err)
		}
		type cand struct {
			id          string
			name, birth any
		}
		var cands []cand
		for rows.Next() {
			var c cand
			if err := rows.Scan(&c.id, &c.name, &c.birth); err != nil {
				rows.Close()
				return nil, classify(err)
			}
			cands = append(cands, c)
		}
		if err := endRows(rows); err != nil {
			return nil, err
		}
		ident := make([]string, len(cands))
		for i, c := range cands {
			if ident[i], err = m.identity(c.name, c.birth); err != nil {
				return nil, err
			}
		}
		for i := range cands {
			for j := range cands {
				a, _, err := m.creator(cands[i].id)
				if err != nil {
					return nil, err
				}
				b, _, err := m.creator(cands[j].id)
				if err != nil {
					return nil, err
				}
				if i == j || ident[i] == "" || ident[i] != ident[j] || a.device == b.device || !a.before(b) ||
					m.heard(b, a) || m.heard(a, b) {
					continue
				}
				out = append(out, [2]string{cands[j].id, cands[i].id})
			}
		}
	}
	return out, nil
}

func (m *merger) update(t *table, op Op) error {
	cur, err := readRow(m.ctx, m.q, t, op.ID)
	if errors.Is(err, ErrNotFound) {
		return nil // removed or erased on another device
	}
	if err != nil {
		return err
	}
	return m.setColumns(t, op.ID, cur, op.Set, op.Old)
}

// quiet tells bookkeeping whose concurrent writes are no disagreement:
// import marks, sync marks, the same erasure or merge made twice, when a
// conflict was resolved. Two copies resolving one conflict differently is
// a disagreement (both choices' actions were taken): it is listed.
func quiet(table, col string) bool {
	switch table {
	case "import_marks", "sync_marks", "erasures", "person_merges", "erased_subjects", "device_trust":
		return true
	case "resolutions":
		return col == "at"
	}
	return false
}

// setColumns writes the values of set that differ from the row's current
// ones. A column whose current value is not the one the writer saw (old,
// when given) was changed concurrently: the case is recorded.
func (m *merger) setColumns(t *table, id string, cur, set, old map[string]any) error {
	apply1 := map[string]any{}
	for _, k := range sortedKeys(set) {
		v := set[k]
		same, err := m.same(t, k, cur[k], v)
		if err != nil {
			return err
		}
		if same {
			continue
		}
		apply1[k] = v
		key := t.name + "\x00" + id + "\x00" + k
		// A race: the writer saw another value than the current one (quiet
		// columns never race).
		raced := !quiet(t.name, k)
		if was, seen := old[k]; raced && old != nil && seen {
			saw, err := m.same(t, k, cur[k], was)
			if err != nil {
				return err
			}
			raced = !saw
		}
		if raced {
			m.conflict(conflictRow{kind: "field", tbl: t.name, row: id, col: k, kept: valueText(v), other: valueText(cur[k]),
				keptBy: m.cur.entry, otherBy: m.writers[key].entry})
		}
		m.writers[key] = m.cur
	}
	if len(apply1) == 0 {
		return nil
	}
	op := Op{Op: "update", Table: t.name, ID: id, Set: apply1}
	if err := apply(m.ctx, m.q, op); err != nil {
		return m.refused(t, op, err)
	}
	return nil
}

func (m *merger) delete(t *table, op Op) error {
	cur, err := readRow(m.ctx, m.q, t, op.ID)
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if err := apply(m.ctx, m.q, op); err != nil {
		if errors.Is(err, ErrInUse) {
			// Another device added rows that need it: it stays.
			m.conflict(conflictRow{kind: "kept", tbl: t.name, row: op.ID, kept: "the row", other: "removed", otherBy: m.cur.entry})
			return nil
		}
		return m.refused(t, op, err)
	}
	op.Old = cur
	return m.note(op)
}

// restoreHousehold puts back a household removed on one device when
// another adds a person to it. When that cannot be (another household took
// its address), the person's insert is refused and recorded instead.
func (m *merger) restoreHousehold(id string) error {
	row, ok := m.removed[id]
	if !ok {
		return nil
	}
	if _, err := readRow(m.ctx, m.q, tHouseholds, id); err == nil {
		return nil
	} else if !errors.Is(err, ErrNotFound) {
		return err
	}
	delete(m.removed, id)
	op := Op{Op: "insert", Table: "households", ID: id, Set: row}
	if err := apply(m.ctx, m.q, op); err != nil {
		return m.refused(tHouseholds, op, err)
	}
	m.conflict(conflictRow{kind: "kept", tbl: "households", row: id, kept: "the row", other: "removed", keptBy: m.cur.entry})
	return nil
}

// identity is a person's name and birth read from their references, ""
// when the name is not held.
func (m *merger) identity(nameRef, birthRef any) (string, error) {
	ref, _ := normalizeSQL(nameRef).(string)
	name, ok, err := m.value(ref)
	if err != nil || !ok {
		return "", err
	}
	birth := ""
	if ref, _ := normalizeSQL(birthRef).(string); ref != "" {
		if birth, _, err = m.value(ref); err != nil {
			return "", err
		}
	}
	return name + "\x00" + birth, nil
}

func (m *merger) value(ref string) (string, bool, error) {
	if m.values == nil {
		return "", false, nil
	}
	var v string
	err := m.values.QueryRowContext(m.ctx, `SELECT value FROM pvalues WHERE ref = ?`, ref).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	return v, err == nil, classify(err)
}

// same reports whether two values of a column are equal; personal
// references are equal when they hold the same value. It returns the error
// of reading a personal value: taking an unread value for a different one
// would record a conflict that is not there.
func (m *merger) same(t *table, col string, a, b any) (bool, error) {
	if a == b {
		return true, nil
	}
	c, _ := t.column(col)
	if c.kind != kPersonal || len(m.devices) < 2 {
		return false, nil
	}
	ra, oka := a.(string)
	rb, okb := b.(string)
	if !oka || !okb {
		return false, nil
	}
	va, fa, err := m.value(ra)
	if err != nil {
		return false, err
	}
	vb, fb, err := m.value(rb)
	if err != nil {
		return false, err
	}
	return fa && fb && va == vb, nil
}

func (m *merger) merge(t *table, id, into, kind string) error {
	m.alias[id] = into
	m.merged = append(m.merged, id)
	o, _, err := m.creator(into)
	if err != nil {
		return err
	}
	m.conflict(conflictRow{kind: kind, tbl: t.name, row: into, kept: into, other: id, keptBy: o.entry, otherBy: m.cur.entry})
	return nil
}

// creator is the entry that inserted a person, round or pairing (the zero
// origin and false when none did).
func (m *merger) creator(id string) (origin, bool, error) {
	if !m.spilled {
		o, ok := m.creators[id]
		return o, ok, nil
	}
	var o origin
	err := m.q.QueryRowContext(m.ctx, `SELECT device, seq, lamport, entry FROM merge_creators WHERE id = ?`, id).Scan(&o.device, &o.seq, &o.lamport, &o.entry)
	if errors.Is(err, sql.ErrNoRows) {
		return origin{}, false, nil
	}
	if err != nil {
		return origin{}, false, classify(err)
	}
	return o, true, nil
}

// refused records an operation the register refused as a conflict, and
// returns nil; a fault or damage (see isFault) is no refusal and is
// returned.
func (m *merger) refused(t *table, op Op, err error) error {
	if isFault(err) || isDamage(err) {
		return err
	}
	reason := err.Error()
	switch {
	case errors.Is(err, ErrDuplicate):
		reason = "duplicate"
	case errors.Is(err, ErrInUse) && op.Op == "insert":
		reason = "refers to a missing row"
	case errors.Is(err, ErrInUse):
		reason = "in use"
	case errors.Is(err, ErrNotFound):
		reason = "not found"
	}
	m.conflict(conflictRow{kind: "refused", tbl: t.name, row: op.ID, col: op.Op, other: reason, otherBy: m.cur.entry})
	return nil
}

func (m *merger) addMark(op Op) {
	text, _ := op.Set["have"].(string)
	have := map[string]int64{}
	if json.Unmarshal([]byte(text), &have) != nil {
		return
	}
	ms := m.marks[m.cur.device]
	m.marks[m.cur.device] = append(ms, syncMark{seq: m.cur.seq, have: have})
}

// finish writes the derived tables.
func (m *merger) finish() error {
	for _, id := range m.merged {
		if _, err := m.q.ExecContext(m.ctx, `INSERT INTO merged_ids (id, into_id) VALUES (?, ?)`, id, m.final(id)); err != nil {
			return classify(err)
		}
	}
	seen := map[string]bool{}
	for _, c := range m.found {
		id := c.id()
		if seen[id] {
			continue
		}
		seen[id] = true
		if _, err := m.q.ExecContext(m.ctx, `INSERT INTO conflicts (id, kind, tbl, row_id, col, kept, other, kept_by, other_by)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, c.kind, c.tbl, c.row, c.col, c.kept, c.other, c.keptBy, c.otherBy); err != nil {
			return classify(err)
		}
	}
	return nil
}

// final follows aliases to the row that stayed.
func (m *merger) final(id string) string {
	for i := 0; i < 64; i++ {
		to, ok := m.alias[id]
		if !ok {
			break
		}
		id = to
	}
	return id
}

func valueText(v any) string {
	if v == nil {
		return ""
	}
	return fmt.Sprint(v)
}

// clearRegister empties the register and derived tables of q, children
// before the rows they refer to.
func clearRegister(ctx context.Context, q querier) error {
	all := append(append([]*table(nil), registerTables...), derivedTables...)
	for i := len(all) - 1; i >= 0; i-- {
		if _, err := q.ExecContext(ctx, "DELETE FROM "+all[i].name); err != nil {
			return classify(err)
		}
	}
	return nil
}

// revocations reads what the revoke entries among es decide: for each
// revoked device, the highest of its entries still taken (the lowest any
// revocation names). A revocation written by a device above its own
// revocation does not count (until nothing changes).
func revocations(es []Entry) (map[string]int64, error) {
	type rev struct {
		by   string
		seq  int64
		of   string
		upTo int64
	}
	var all []rev
	for i := range es {
		e := &es[i]
		if e.Command != "sync revoke" {
			continue
		}
		ops, err := e.Ops()
		if err != nil {
			return nil, Errorf("entry %s: %w", short(e.ID), err)
		}
		for _, op := range ops {
			if r := trustRowOf(op.ID, op.Set); op.Op == "insert" && op.Table == "device_trust" && r.kind == trustRevoke {
				all = append(all, rev{by: e.Device, seq: e.Seq, of: r.device, upTo: r.seq})
			}
		}
	}
	out := map[string]int64{}
	for changed, rounds := true, 0; changed && rounds <= len(all); rounds++ {
		changed = false
		next := map[string]int64{}
		for _, r := range all {
			if n, ok := out[r.by]; ok && r.seq > n {
				continue
			}
			if n, ok := next[r.of]; !ok || r.upTo < n {
				next[r.of] = r.upTo
			}
		}
		if len(next) != len(out) {
			changed = true
		}
		for d, n := range next {
			if out[d] != n {
				changed = true
			}
		}
		out = next
	}
	return out, nil
}

// replayOrder is the SQL order of the replay.
const replayOrder = `ORDER BY lamport, device, seq`

// replayJournal rebuilds the register of q from the journal read through
// src, a page of entries at a time, with the merge rules. The caller
// finishes the merger (after recording any person merges it found).
func replayJournal(ctx context.Context, src, q, values querier) (*merger, error) {
	m := newMerger(ctx, q, values)
	revs, err := queryEntries(ctx, src, `SELECT `+entryCols+` FROM journal WHERE command = 'sync revoke'`)
	if err != nil {
		return nil, err
	}
	if m.revoked, err = revocations(revs); err != nil {
		return nil, err
	}
	var lamport, seq int64 = -1, 0
	device := ""
	for {
		page, err := queryEntries(ctx, src, `SELECT `+entryCols+` FROM journal
			WHERE (lamport, device, seq) > (?, ?, ?) `+replayOrder+` LIMIT 256`, lamport, device, seq)
		if err != nil {
			return nil, err
		}
		for i := range page {
			if err := m.entry(&page[i]); err != nil {
				return nil, err
			}
		}
		if len(page) < 256 {
			break
		}
		last := page[len(page)-1]
		lamport, device, seq = last.Lamport, last.Device, last.Seq
	}
	return m, nil
}

// prepared is a transaction as a querier whose statements are prepared once:
// a replay or a large import runs the same few statements for every
// operation. A Tx keeps one; replays into a scratch database make their own.
type prepared struct {
	tx    *sql.Tx
	stmts map[string]*sql.Stmt
}

func newPrepared(tx *sql.Tx) *prepared { return &prepared{tx: tx, stmts: map[string]*sql.Stmt{}} }

func (p *prepared) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if st, ok := p.stmts[query]; ok {
		return st, nil
	}
	st, err := p.tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, classify(err)
	}
	p.stmts[query] = st
	return st, nil
}

func (p *prepared) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st, err := p.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(ctx, args...)
}

func (p *prepared) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	st, err := p.stmt(ctx, query)
	if err != nil {
		return p.tx.QueryRowContext(ctx, query, args...) // reports the same error through Scan
	}
	return st.QueryRowContext(ctx, args...)
}

func (p *prepared) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := p.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

// queryStrings runs a query of one text column and returns its values.
// endRows closes rows after a loop over rows.Next and returns the error
// that ended the loop, if one did: the loop alone cannot tell the last row
// from a failed read, and a list cut short would pass for a whole one.
func endRows(rows *sql.Rows) error {
	err := rows.Err()
	if cerr := rows.Close(); err == nil {
		err = cerr
	}
	return classify(err)
}

func queryStrings(ctx context.Context, q querier, query string, args ...any) ([]string, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, classify(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, classify(err)
		}
		out = append(out, s)
	}
	return out, classify(rows.Err())
}

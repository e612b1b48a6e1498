package ledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The convergence tests: three copies of one ledger with divergent
// histories (concurrent edits of one field, an erasure against an edit, the
// same household and person created on two devices, two rounds for the same
// delivery, one elder paired twice) exchange sync files in every order,
// with a duplicate and with later files arriving before the ones they follow.
// All three must end with the same register, derived tables included, and
// pass vol check.

type copyOf struct {
	name string
	db   *DB
	m    Meta
	n    int // step counter for Meta.At
}

func (c *copyOf) write(t *testing.T, cmd string, fn func(tx *Tx) error) {
	t.Helper()
	c.n++
	c.m.Command, c.m.At = cmd, time.Date(2026, 11, 28, 9, 0, c.n, 0, time.UTC)
	if _, err := c.db.Write(context.Background(), c.m, fn); err != nil {
		t.Fatalf("%s: %s: %v", c.name, cmd, err)
	}
}

func (c *copyOf) export(t *testing.T, dir, name string, since map[string]int64) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if _, err := c.db.SyncExport(context.Background(), path, SyncExportOptions{since: since}, c.m.At); err != nil {
		t.Fatalf("%s: export %s: %v", c.name, name, err)
	}
	return path
}

func (c *copyOf) load(t *testing.T, path string, opt SyncImportOptions) SyncImportResult {
	t.Helper()
	c.n++
	c.m.At = time.Date(2026, 11, 28, 9, 0, c.n, 0, time.UTC)
	res, err := c.db.SyncImport(context.Background(), path, opt, c.m)
	if err != nil {
		t.Fatalf("%s: import %s: %v", c.name, filepath.Base(path), err)
	}
	return res
}

func (c *copyOf) person(t *testing.T, name string) string {
	t.Helper()
	var id string
	err := c.db.sql.QueryRow(`SELECT p.id FROM people p JOIN pvalues v ON v.ref = p.name_ref WHERE v.value = ? ORDER BY p.id LIMIT 1`, name).Scan(&id)
	if err != nil {
		t.Fatalf("%s: person %s: %v", c.name, name, err)
	}
	return id
}

func (c *copyOf) household(t *testing.T, addr string) string {
	t.Helper()
	a, err := ParseAddress(addr)
	if err != nil {
		t.Fatal(err)
	}
	var id string
	c.write(t, "lookup", func(tx *Tx) error { id, err = tx.HouseholdAt(a); return err })
	return id
}

func strp(s string) *string { return &s }

// divergent builds the three copies and their histories, and returns
// them with the files each exported: its whole journal after the first
// phase, and the second phase's entries alone.
func divergent(t *testing.T, dir string) ([]*copyOf, map[string][]string) {
	return divergentWith(t, dir, false)
}

// divergentWith is divergent with each copy's mergeInArrivalOrder set to
// arrivalOrder (the control test).
func divergentWith(t *testing.T, dir string, arrivalOrder bool) ([]*copyOf, map[string][]string) {
	ctx := context.Background()
	mk := func(name string) *copyOf {
		m := Meta{Who: "coordinator " + name, Command: "init", At: time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)}
		db, err := Create(ctx, filepath.Join(dir, name+".db"), Options{Seed: "sync-" + name}, m, "凯旋华庭", 60)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		db.mergeInArrivalOrder = arrivalOrder
		return &copyOf{name: name, db: db, m: m}
	}
	a, b, c := mk("a"), mk("b"), mk("c")
	addr := func(s string) Address {
		x, err := ParseAddress(s)
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	var h1 string
	a.write(t, "household add", func(tx *Tx) error {
		var err error
		if h1, err = tx.AddHousehold(addr("1号楼1单元101")); err != nil {
			return err
		}
		h2, err := tx.AddHousehold(addr("1号楼1单元102"))
		if err != nil {
			return err
		}
		for _, p := range []PersonFields{
			{HouseholdID: h1, Name: "王建国", Birth: "1940-03", Role: RoleResident, Present: true},
			{HouseholdID: h2, Name: "李秀英", Birth: "1942-07", Role: RoleResident, Present: true},
			{HouseholdID: h2, Name: "张伟", Birth: "1985-01", Role: RoleResident, Present: true, Volunteer: true},
			{HouseholdID: h2, Name: "刘洋", Birth: "1990-05", Role: RoleResident, Present: true, Volunteer: true},
		} {
			if _, err := tx.AddPerson(p); err != nil {
				return err
			}
		}
		return nil
	})
	base := a.export(t, dir, "base.volsync", nil)
	for _, x := range []*copyOf{b, c} {
		if res := x.load(t, base, SyncImportOptions{Adopt: true}); !res.Adopted || res.Entries != 2 {
			t.Fatalf("%s: adopt: %+v", x.name, res)
		}
	}
	introduce(t, a, b, c)
	x, y, v1, v2 := a.person(t, "王建国"), a.person(t, "李秀英"), a.person(t, "张伟"), a.person(t, "刘洋")
	round := Round{On: "2026-11-28", Item: "surplus", Rules: "old-way", RulesBody: "", Packs: 2, Basis: "surplus", Given: 2, Tiers: "[]",
		Lines: []RoundLine{{Tier: "elders", Unit: "household", Claimant: h1, HouseholdID: h1, Packs: 2, Position: 1, Of: 1}}}
	newZ := func(tx *Tx, extra bool) error {
		h, err := tx.AddHousehold(addr("2号楼1单元301"))
		if err != nil {
			return err
		}
		if _, err := tx.AddPerson(PersonFields{HouseholdID: h, Name: "赵敏", Birth: "1950-02", Role: RoleResident, Present: true}); err != nil {
			return err
		}
		if extra {
			_, err = tx.AddPerson(PersonFields{HouseholdID: h, Name: "钱坤", Birth: "1975-09", Role: RoleResident, Present: true})
		}
		return err
	}
	// Phase one.
	a.write(t, "person set", func(tx *Tx) error { return tx.SetPerson(x, PersonChange{Phone: strp("13800000001")}) })
	a.write(t, "person set", func(tx *Tx) error { return tx.SetPerson(y, PersonChange{Notes: strp("needs insulin")}) })
	a.write(t, "household add", func(tx *Tx) error { return newZ(tx, false) })
	a.write(t, "alloc", func(tx *Tx) error { _, err := tx.CommitRound(round); return err })
	b.write(t, "person set", func(tx *Tx) error { return tx.SetPerson(x, PersonChange{Phone: strp("13900000002")}) })
	b.write(t, "erase", func(tx *Tx) error { return tx.Erase(y, "moved away, asked to be removed", true) })
	b.write(t, "pair set", func(tx *Tx) error { _, err := tx.AddPairing(h1, v1, "2026-11-28", "{}"); return err })
	c.write(t, "household add", func(tx *Tx) error { return newZ(tx, true) })
	c.write(t, "alloc", func(tx *Tx) error { _, err := tx.CommitRound(round); return err })
	c.write(t, "pair set", func(tx *Tx) error { _, err := tx.AddPairing(h1, v2, "2026-11-28", "{}"); return err })
	files := map[string][]string{}
	held := map[string]map[string]int64{}
	for _, d := range []*copyOf{a, b, c} {
		files[d.name] = append(files[d.name], d.export(t, dir, d.name+"1.volsync", nil))
		h, err := holding(ctx, d.db.sql)
		if err != nil {
			t.Fatal(err)
		}
		held[d.name] = h
	}
	// Phase two: more changes, exported alone.
	a.write(t, "person set", func(tx *Tx) error { return tx.SetPerson(v1, PersonChange{Skills: &[]string{"driver"}}) })
	b.write(t, "person set", func(tx *Tx) error { return tx.SetPerson(x, PersonChange{Present: new(bool)}) })
	c.write(t, "person set", func(tx *Tx) error {
		return tx.SetPerson(c.personIn(t, tx, "赵敏"), PersonChange{Phone: strp("13700000003")})
	})
	for _, d := range []*copyOf{a, b, c} {
		files[d.name] = append(files[d.name], d.export(t, dir, d.name+"2.volsync", held[d.name]))
	}
	return []*copyOf{a, b, c}, files
}

func (c *copyOf) personIn(t *testing.T, tx *Tx, name string) string {
	var id string
	if err := tx.tx.QueryRow(`SELECT p.id FROM people p JOIN pvalues v ON v.ref = p.name_ref WHERE v.value = ?`, name).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// dumpRegister prints every replayed and derived table in ID order.
func dumpRegister(t *testing.T, db *DB) string {
	t.Helper()
	var b strings.Builder
	for _, tbl := range append(append([]*table(nil), registerTables...), derivedTables...) {
		rows, err := dumpTable(context.Background(), db.sql, tbl)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			fmt.Fprintf(&b, "%s %s %v\n", tbl.name, r.id, r.vals)
		}
	}
	return b.String()
}

func permutations(n int) [][]int {
	if n == 1 {
		return [][]int{{0}}
	}
	var out [][]int
	for _, p := range permutations(n - 1) {
		for i := 0; i <= len(p); i++ {
			q := append(append(append([]int{}, p[:i]...), n-1), p[i:]...)
			out = append(out, q)
		}
	}
	return out
}

// exchange runs one schedule: each copy imports the four files of the two
// others in its own order, then the first of them again (a duplicate);
// then every copy exports its whole journal and imports the others'. It
// returns the copies' dumps, or the first difference.
func exchange(t *testing.T, perm [3][]int) ([]*copyOf, error) {
	return exchangeWith(t, perm, false)
}

// exchangeWith is exchange with each copy's mergeInArrivalOrder set to
// arrivalOrder (the control test).
func exchangeWith(t *testing.T, perm [3][]int, arrivalOrder bool) ([]*copyOf, error) {
	dir := t.TempDir()
	copies, files := divergentWith(t, dir, arrivalOrder)
	for i, d := range copies {
		var incoming []string
		for _, o := range copies {
			if o != d {
				incoming = append(incoming, files[o.name]...)
			}
		}
		pending := false
		for _, k := range perm[i] {
			res := d.load(t, incoming[k], SyncImportOptions{})
			pending = pending || res.Pending
		}
		d.load(t, incoming[perm[i][0]], SyncImportOptions{})
		if n, err := d.db.sql.QueryRow(`SELECT count(*) FROM sync_pending`), error(nil); err == nil {
			var left int
			if err := n.Scan(&left); err != nil || left != 0 {
				return copies, fmt.Errorf("%s: %d files still pending after all arrived (%v)", d.name, left, err)
			}
		}
	}
	var full []string
	for _, d := range copies {
		full = append(full, d.export(t, dir, d.name+"-full.volsync", nil))
	}
	for i, d := range copies {
		for j, f := range full {
			if i != j {
				d.load(t, f, SyncImportOptions{})
			}
		}
	}
	want := dumpRegister(t, copies[0].db)
	for _, d := range copies[1:] {
		if got := dumpRegister(t, d.db); got != want {
			return copies, fmt.Errorf("copies a and %s differ:\n%s", d.name, firstDiff(want, got))
		}
	}
	return copies, nil
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) || i < len(bl); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			return fmt.Sprintf("line %d:\n  %s\n  %s", i+1, x, y)
		}
	}
	return "(none)"
}

func TestSyncConvergesInEveryOrder(t *testing.T) {
	t.Parallel()
	perms := permutations(4)
	if testing.Short() {
		perms = perms[:4]
	}
	// run exchanges the files in the i-th order and checks every copy.
	run := func(t *testing.T, i int) ([3][]int, []*copyOf) {
		order := [3][]int{perms[i], perms[(i+5)%len(perms)], perms[(i+11)%len(perms)]}
		copies, err := exchange(t, order)
		if err != nil {
			t.Fatalf("order %v: %v", order, err)
		}
		for _, d := range copies {
			probs, err := d.db.Check(context.Background())
			if err != nil || len(probs) > 0 {
				t.Fatalf("order %v: %s: check: %v %v", order, d.name, probs, err)
			}
		}
		return order, copies
	}
	_, copies := run(t, 0)
	ref := describe(t, copies[0])
	checkOutcome(t, copies)
	// The other orders run side by side once the first one's outcome is known.
	for i := 1; i < len(perms); i++ {
		t.Run(fmt.Sprintf("order%02d", i), func(t *testing.T) {
			t.Parallel()
			order, copies := run(t, i)
			if got := describe(t, copies[0]); got != ref {
				t.Fatalf("order %v ends elsewhere than the first order:\n%s", order, firstDiff(ref, got))
			}
		})
	}
}

// describe is the outcome without the sync bookkeeping (marks differ with
// the order files arrived in; the register does not).
func describe(t *testing.T, c *copyOf) string {
	var b strings.Builder
	for _, line := range strings.Split(dumpRegister(t, c.db), "\n") {
		// (device keys are drawn at random, run by run)
		if !strings.HasPrefix(line, "sync_marks ") && !strings.HasPrefix(line, "conflicts ") && !strings.HasPrefix(line, "device_trust ") {
			b.WriteString(line + "\n")
		}
	}
	cs, err := c.db.Conflicts(context.Background(), true)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range cs {
		fmt.Fprintf(&b, "conflict %s %s %s %s kept %s other %s\n", x.Kind, x.Table, x.Row, x.Column, x.Kept, x.Other)
	}
	return b.String()
}

// checkOutcome checks what the merge made of each disagreement.
func checkOutcome(t *testing.T, copies []*copyOf) {
	ctx := context.Background()
	for _, d := range copies {
		var n int
		if err := d.db.sql.QueryRow(`SELECT count(*) FROM pvalues WHERE value IN ('李秀英', 'needs insulin', '1942-07')`).Scan(&n); err != nil || n != 0 {
			t.Errorf("%s: %d values of the erased person left (%v)", d.name, n, err)
		}
		if err := d.db.sql.QueryRow(`SELECT count(*) FROM households WHERE building = '2'`).Scan(&n); err != nil || n != 1 {
			t.Errorf("%s: %d households at 2号楼1单元301, want 1 (%v)", d.name, n, err)
		}
		if err := d.db.sql.QueryRow(`SELECT count(*) FROM people p JOIN households h ON h.id = p.household_id WHERE h.building = '2'`).Scan(&n); err != nil || n != 2 {
			t.Errorf("%s: %d people at 2号楼1单元301, want 2 (赵敏 once, 钱坤) (%v)", d.name, n, err)
		}
	}
	cs, err := copies[0].db.Conflicts(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, c := range cs {
		kinds[c.Kind]++
	}
	for kind, want := range map[string]int{"field": 1, "household": 1, "person": 1, "round": 1, "pairing": 1} {
		if kinds[kind] != want {
			t.Errorf("%d %s conflicts, want %d (all: %+v)", kinds[kind], kind, want, cs)
		}
	}
}

// TestSyncControl breaks the merge order rule (entries applied in the
// order they arrive): the same exchanges must then end in different
// registers, or the convergence test could not fail.
func TestSyncControl(t *testing.T) {
	t.Parallel()
	perms := permutations(4)
	_, err := exchangeWith(t, [3][]int{perms[0], perms[5], perms[11]}, true)
	if err == nil {
		t.Fatal("with entries applied in arrival order the copies still agree: the convergence test cannot catch a broken order")
	}
	t.Logf("as expected, with the order broken: %v", err)
}

func TestSyncRefusals(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	copies, files := divergent(t, dir)
	a, b := copies[0], copies[1]
	// A ledger of its own is refused; --adopt only takes a fresh one.
	m := Meta{Who: "someone", At: time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC)}
	other, err := Create(ctx, filepath.Join(dir, "other.db"), Options{Seed: "other"}, m, "别的小区", 60)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := other.SyncImport(ctx, files["a"][0], SyncImportOptions{}, m); !errors.Is(err, ErrOtherLedger) {
		t.Errorf("a file of another ledger: %v, want ErrOtherLedger", err)
	}
	if _, err := b.db.SyncImport(ctx, files["a"][0], SyncImportOptions{Adopt: true}, m); err != nil {
		t.Errorf("--adopt of the same ledger's file: %v, want a plain import", err)
	}
	m.Command = "household add"
	if _, err := other.Write(ctx, m, func(tx *Tx) error { _, err := tx.AddHousehold(Address{Building: "9", Room: "101"}); return err }); err != nil {
		t.Fatal(err)
	}
	if _, err := other.SyncImport(ctx, files["a"][0], SyncImportOptions{Adopt: true}, m); !errors.Is(err, ErrNotFreshCopy) {
		t.Errorf("--adopt on a ledger with data: %v, want ErrNotFreshCopy", err)
	}
	// A gap: nothing applied, the file kept; a dry run changes nothing.
	d := &copyOf{name: "d", m: m}
	if d.db, err = Create(ctx, filepath.Join(dir, "d.db"), Options{Seed: "d"}, m, "凯旋华庭", 60); err != nil {
		t.Fatal(err)
	}
	defer d.db.Close()
	d.load(t, filepath.Join(dir, "base.volsync"), SyncImportOptions{Adopt: true})
	before := dumpRegister(t, d.db)
	res := d.load(t, files["a"][1], SyncImportOptions{})
	if !res.Pending || dumpRegister(t, d.db) != before {
		t.Errorf("a file after a missing one: %+v, register changed: %v", res, dumpRegister(t, d.db) != before)
	}
	res = d.load(t, files["a"][0], SyncImportOptions{DryRun: true})
	if res.Entries == 0 || dumpRegister(t, d.db) != before {
		t.Errorf("dry run: %+v, register changed: %v", res, dumpRegister(t, d.db) != before)
	}
	res = d.load(t, files["a"][0], SyncImportOptions{})
	if res.Applied != 1 {
		t.Errorf("the missing file arrived: %+v, want the pending one applied", res)
	}
	again := dumpRegister(t, d.db)
	for _, f := range files["a"] {
		if res := d.load(t, f, SyncImportOptions{}); res.Entries != 0 || dumpRegister(t, d.db) != again {
			t.Errorf("a file again: %+v", res)
		}
	}
	// Entries from a newer vol, a newer file format, a damaged file.
	newer := &changeFile{Format: syncFormat, Ledger: f0(t, a), From: "z", Entries: []syncEntry{{ID: "e", Device: "z", Seq: 1, Format: entryFormat + 1}}}
	e := newer.Entries[0].entry()
	newer.Entries[0].Hash = e.computeHash()
	for name, f := range map[string]*changeFile{"newer-entry": newer, "newer-file": {Format: syncFormat + 1, Ledger: f0(t, a)}} {
		body, err := encodeSync(f)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, name)
		if err := writePrivate(path, body); err != nil {
			t.Fatal(err)
		}
		if _, err := a.db.SyncImport(ctx, path, SyncImportOptions{}, m); !errors.Is(err, ErrTooNew) {
			t.Errorf("%s: %v, want ErrTooNew (upgrade vol)", name, err)
		}
	}
	body, err := os.ReadFile(files["b"][0])
	if err != nil {
		t.Fatal(err)
	}
	body[len(body)-10] ^= 1
	damaged := filepath.Join(dir, "damaged.volsync")
	if err := os.WriteFile(damaged, body, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := a.db.SyncImport(ctx, damaged, SyncImportOptions{}, m); !errors.Is(err, ErrNotSyncFile) {
		t.Errorf("a damaged file: %v, want ErrNotSyncFile", err)
	}
}

func f0(t *testing.T, c *copyOf) string {
	id, err := c.db.Identity(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return id.LedgerID
}

// TestResolve settles each kind of conflict the merge found, and the
// choices reach the register: the other value written back, a round voided,
// a pairing ended.
func TestResolve(t *testing.T) {
	t.Parallel()
	copies, err := exchange(t, [3][]int{{0, 1, 2, 3}, {0, 1, 2, 3}, {0, 1, 2, 3}})
	if err != nil {
		t.Fatal(err)
	}
	a := copies[0]
	cs, err := a.db.Conflicts(context.Background(), false)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		keep := map[string]string{"field": "other", "round": "kept", "pairing": "other", "household": "merged", "person": "merged"}[c.Kind]
		if keep == "" {
			t.Fatalf("unexpected conflict %+v", c)
		}
		a.write(t, "resolve", func(tx *Tx) error {
			if _, err := tx.Resolve(c.ID, "bogus", ""); !errors.Is(err, ErrInvalid) {
				t.Errorf("%s: choice bogus: %v, want ErrInvalid", c.Kind, err)
			}
			_, err := tx.Resolve(Short(c.ID), keep, "")
			return err
		})
		if probs, err := a.db.Check(context.Background()); err != nil || len(probs) > 0 {
			t.Fatalf("after resolving %s with %s: check: %v %v", c.Kind, keep, probs, err)
		}
		var n int
		switch c.Kind {
		case "field":
			err = a.db.sql.QueryRow(`SELECT count(*) FROM people WHERE id = ? AND `+c.Column+` = ?`, c.Row, c.Other).Scan(&n)
		case "round":
			err = a.db.sql.QueryRow(`SELECT count(*) FROM round_voids WHERE id = ?`, c.Other).Scan(&n)
		case "pairing":
			err = a.db.sql.QueryRow(`SELECT count(*) FROM pairings WHERE id = ? AND ended <> ''`, c.Kept).Scan(&n)
		default:
			n = 1
		}
		if err != nil || n != 1 {
			t.Errorf("%s resolved with %s: not in the register (%v)", c.Kind, keep, err)
		}
	}
	if left, err := a.db.Conflicts(context.Background(), false); err != nil || len(left) != 0 {
		t.Errorf("open conflicts after resolving all: %+v %v", left, err)
	}
	a.write(t, "resolve", func(tx *Tx) error {
		if _, err := tx.Resolve(Short(cs[0].ID), "kept", ""); !errors.Is(err, ErrInvalid) {
			t.Errorf("resolving twice: %v, want ErrInvalid", err)
		}
		return nil
	})
	if probs, err := a.db.Check(context.Background()); err != nil || len(probs) > 0 {
		t.Fatalf("check: %v %v", probs, err)
	}
}

// checkAll runs vol check on every copy.
func checkAll(t *testing.T, copies ...*copyOf) {
	t.Helper()
	for _, d := range copies {
		if probs, err := d.db.Check(context.Background()); err != nil || len(probs) > 0 {
			t.Fatalf("%s: check: %v %v", d.name, probs, err)
		}
	}
}

// spread sends every copy's whole journal to every other, twice.
func spread(t *testing.T, dir string, copies ...*copyOf) {
	t.Helper()
	for round := 0; round < 2; round++ {
		var files []string
		for _, d := range copies {
			files = append(files, d.export(t, dir, fmt.Sprintf("%s-spread%d.volsync", d.name, round), nil))
		}
		for i, d := range copies {
			for j, f := range files {
				if i != j {
					d.load(t, f, SyncImportOptions{})
				}
			}
		}
	}
	want := dumpRegister(t, copies[0].db)
	for _, d := range copies[1:] {
		if got := dumpRegister(t, d.db); got != want {
			t.Fatalf("copies %s and %s differ:\n%s", copies[0].name, d.name, firstDiff(want, got))
		}
	}
	checkAll(t, copies...)
}

// TestSyncEraseMerged: erasing a person who was entered on two copies and
// merged erases both entries of them, on every copy, and every copy still
// passes its check (the merge was recorded, not worked out again from the
// erased name).
func TestSyncEraseMerged(t *testing.T) {
	t.Parallel()
	copies, err := exchange(t, [3][]int{{0, 1, 2, 3}, {3, 2, 1, 0}, {0, 2, 1, 3}})
	if err != nil {
		t.Fatal(err)
	}
	a, b := copies[0], copies[1]
	z := b.person(t, "赵敏")
	b.write(t, "erase", func(tx *Tx) error { return tx.Erase(z, "asked", true) })
	checkAll(t, b)
	spread(t, t.TempDir(), copies...)
	for _, d := range copies {
		var n int
		if err := d.db.sql.QueryRow(`SELECT count(*) FROM pvalues WHERE value IN ('赵敏', '13700000003', '1950-02')`).Scan(&n); err != nil || n != 0 {
			t.Errorf("%s: %d values of the erased, merged person left (%v)", d.name, n, err)
		}
		if err := d.db.sql.QueryRow(`SELECT count(*) FROM erasures`).Scan(&n); err != nil || n != 3 {
			t.Errorf("%s: %d erasures, want 3 (李秀英, 赵敏 and her merged twin)", d.name, n)
		}
	}
	// A later change on the merged ledger replays the same.
	q := a.person(t, "钱坤")
	a.write(t, "person set", func(tx *Tx) error { return tx.SetPerson(q, PersonChange{Phone: strp("13600000004")}) })
	checkAll(t, a)
}

// TestSyncCopyThenWrite: a copied file (a new device) that writes a round
// for a date that already has one does so knowingly: no conflict, and
// vol check passes.
func TestSyncCopyThenWrite(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	copies, _ := divergent(t, dir)
	a := copies[0]
	raw, err := os.ReadFile(filepath.Join(dir, "a.db"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.db.sql.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		t.Fatal(err)
	}
	if raw, err = os.ReadFile(filepath.Join(dir, "a.db")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "copy.db"), raw, 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := Open(context.Background(), filepath.Join(dir, "copy.db"), Options{Seed: "copy"})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	cp := &copyOf{name: "copy", db: db, m: a.m, n: 100}
	var h1 string
	if err := db.sql.QueryRow(`SELECT id FROM households WHERE building = '1' AND room = '101'`).Scan(&h1); err != nil {
		t.Fatal(err)
	}
	cp.write(t, "alloc", func(tx *Tx) error {
		_, err := tx.CommitRound(Round{On: "2026-11-28", Item: "surplus", Rules: "old-way", Packs: 1, Basis: "surplus", Given: 1, Tiers: "[]",
			Lines: []RoundLine{{Tier: "elders", Unit: "household", Claimant: h1, HouseholdID: h1, Packs: 1, Position: 1, Of: 1}}})
		return err
	})
	checkAll(t, cp)
	if cs, err := db.Conflicts(context.Background(), true); err != nil || len(cs) != 0 {
		t.Errorf("conflicts on a copy that wrote knowingly: %+v %v", cs, err)
	}
}

// TestSyncRemovedHousehold: one copy removes a household and registers its
// address again while another adds a person to the old one: the household
// stays (or, in the other order, the person's insert is refused), the case
// is recorded, and the copies agree and pass their checks.
func TestSyncRemovedHousehold(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	copies, _ := divergent(t, dir)
	a, b := copies[0], copies[1]
	spread(t, dir, a, b)
	addr, err := ParseAddress("9号楼1单元101")
	if err != nil {
		t.Fatal(err)
	}
	var h string
	a.write(t, "household add", func(tx *Tx) error { h, err = tx.AddHousehold(addr); return err })
	spread(t, dir, a, b)
	a.write(t, "household rm", func(tx *Tx) error { return tx.RemoveHousehold(h) })
	a.write(t, "household add", func(tx *Tx) error { _, err := tx.AddHousehold(addr); return err })
	b.write(t, "person add", func(tx *Tx) error {
		_, err := tx.AddPerson(PersonFields{HouseholdID: h, Name: "孙丽", Birth: "1960-01", Role: RoleResident, Present: true})
		return err
	})
	spread(t, dir, a, b)
	cs, err := a.db.Conflicts(context.Background(), false)
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, c := range cs {
		if c.Kind == "refused" || c.Kind == "kept" {
			seen++
		}
	}
	if seen == 0 {
		t.Errorf("neither a kept nor a refused case recorded: %+v", cs)
	}
}

// TestSyncPendingScrubbed: a file kept pending loses the values of a
// person erased while it waits.
// keepPending makes to keep a file of from's as pending: to has not got
// from's entries, and from's whole journal minus its first entry is a file
// with a gap.
func keepPending(t *testing.T, dir string, from, to *copyOf) {
	t.Helper()
	id, err := from.db.Identity(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	gapFile := filepath.Join(dir, from.name+"-gap.volsync")
	if _, err := from.db.SyncExport(context.Background(), gapFile, SyncExportOptions{since: map[string]int64{id.DeviceID: 1}}, from.m.At); err != nil {
		t.Fatal(err)
	}
	if res := to.load(t, gapFile, SyncImportOptions{}); !res.Pending {
		t.Fatalf("not pending: %+v", res)
	}
}

func TestSyncPendingScrubbed(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	copies, files := divergent(t, dir)
	c := copies[2]
	keepPending(t, dir, copies[1], c)
	var n int
	if err := c.db.sql.QueryRow(`SELECT count(*) FROM sync_pending`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("%d pending (%v)", n, err)
	}
	x := c.person(t, "王建国")
	c.write(t, "erase", func(tx *Tx) error { return tx.Erase(x, "asked", true) })
	var body []byte
	if err := c.db.sql.QueryRow(`SELECT body FROM sync_pending`).Scan(&body); err != nil {
		t.Fatal(err)
	}
	f, _, err := decodeSync(body, SyncLimits{})
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range f.Values {
		if v.Subject == x {
			t.Errorf("the pending file still holds a value of the erased person")
		}
	}
	_ = files
}

// TestSyncForked: a file holding a different entry under a number this
// ledger already holds for that device is refused, and changes nothing.
func TestSyncForked(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	copies, files := divergent(t, dir)
	b := copies[1]
	body, err := os.ReadFile(files["a"][0])
	if err != nil {
		t.Fatal(err)
	}
	f, _, err := decodeSync(body, SyncLimits{})
	if err != nil {
		t.Fatal(err)
	}
	// Rewrite a's second entry (b holds it from the adoption).
	e := f.Entries[1].entry()
	e.At = "2026-11-28T23:59:59Z"
	e.Hash = e.computeHash()
	f.Entries[1] = fromEntry(&e)
	forged, err := encodeSync(f)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "forked.volsync")
	if err := writePrivate(path, forged); err != nil {
		t.Fatal(err)
	}
	before := dumpRegister(t, b.db)
	if _, err := b.db.SyncImport(ctx, path, SyncImportOptions{}, b.m); !errors.Is(err, ErrForked) {
		t.Errorf("a forked file: %v, want ErrForked", err)
	}
	if dumpRegister(t, b.db) != before {
		t.Error("a refused file changed the register")
	}
}

// TestSyncPendingUnreadable: an erasure that cannot reach a pending file
// (its body no longer reads) fails and erases nothing, rather than pass
// for done with the person's values left in the file.
func TestSyncPendingUnreadable(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	copies, _ := divergent(t, dir)
	c := copies[2]
	keepPending(t, dir, copies[1], c)
	if _, err := c.db.sql.Exec(`UPDATE sync_pending SET body = ?`, []byte(syncMagic+"damaged")); err != nil {
		t.Fatal(err)
	}
	x := c.person(t, "王建国")
	m := c.m
	m.Command = "erase"
	if _, err := c.db.Write(ctx, m, func(tx *Tx) error { return tx.Erase(x, "asked", true) }); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("erase with an unreadable pending file: %v, want ErrCorrupt", err)
	}
	var n int
	if err := c.db.sql.QueryRow(`SELECT count(*) FROM erasures`).Scan(&n); err != nil || n != 0 {
		t.Errorf("%d erasures recorded (%v), want none", n, err)
	}
}

// TestReplayValueReadFails: the merge replay compares personal values by
// reading them; a read that fails stops the replay instead of counting the
// values as different (which recorded conflicts that were not there).
func TestReplayValueReadFails(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	copies, err := exchange(t, [3][]int{{0, 1, 2, 3}, {0, 1, 2, 3}, {0, 1, 2, 3}})
	if err != nil {
		t.Fatal(err)
	}
	a := copies[0]
	entries, err := queryEntries(ctx, a.db.sql, `SELECT `+entryCols+` FROM journal`)
	if err != nil {
		t.Fatal(err)
	}
	scratch, err := replay(ctx, entries, a.db.sql)
	if err != nil {
		t.Fatalf("replay with the ledger's values: %v", err)
	}
	scratch.Close()
	noValues, err := sql.Open("sqlite", ":memory:") // no pvalues table: every read fails
	if err != nil {
		t.Fatal(err)
	}
	defer noValues.Close()
	if scratch, err := replay(ctx, entries, noValues); err == nil {
		scratch.Close()
		t.Fatal("replay went on though no personal value could be read")
	}
}

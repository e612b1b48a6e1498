package ledger

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

func (c *copyOf) writeAt(t *testing.T, at time.Time, cmd string, fn func(tx *Tx) error) {
	t.Helper()
	c.m.Command, c.m.At = cmd, at
	if _, err := c.db.Write(context.Background(), c.m, fn); err != nil {
		t.Fatalf("%s: %s: %v", c.name, cmd, err)
	}
}

func (c *copyOf) loadAt(t *testing.T, at time.Time, path string, opt SyncImportOptions) {
	t.Helper()
	c.m.At = at
	if _, err := c.db.SyncImport(context.Background(), path, opt, c.m); err != nil {
		t.Fatalf("%s: import %s: %v", c.name, filepath.Base(path), err)
	}
}

// asOfRegister lists the addresses and the names of the people, each in
// address order, that the register held at end.
func asOfRegister(t *testing.T, db *DB, end time.Time) (households, people []string, entries int) {
	t.Helper()
	v, err := db.AsOf(context.Background(), end)
	if err != nil {
		t.Fatalf("as of %s: %v", end, err)
	}
	defer v.Close()
	hs, err := v.Households(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hs {
		households = append(households, h.Address.String())
	}
	ps, err := v.People(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		people = append(people, p.Name+"@"+p.Address.String())
	}
	return households, people, v.Entries
}

// TestAsOfTwoClocks: the chair's laptop (a) keeps good time, the building
// leader's (b) runs 12 hours slow. On the 29th the chair registers 2-1-101;
// the leader, having imported that, lists a resident in it, dated the 28th
// by the slow clock. As of the end of the 28th, the chair's copy holds the
// leader's entry (dated that day) and the chair's household it was written
// after (dated the 29th), so the resident is in a household that exists;
// the chair's later entries of the 29th are not. Before the leader's file
// arrives the 28th looked different: a late sync changes a past day. An
// erasure on the 30th takes the person out of every day.
func TestAsOfTwoClocks(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	day := func(d, h int) time.Time { return time.Date(2026, 11, d, h, 0, 0, 0, time.UTC) }
	endOf := func(d int) time.Time { return day(d+1, 0).Add(-time.Nanosecond) }
	mk := func(name string, at time.Time) *copyOf {
		m := Meta{Who: "coordinator " + name, Command: "init", At: at}
		db, err := Create(ctx, filepath.Join(dir, name+".db"), Options{Seed: "asof-" + name}, m, "凯旋华庭", 60)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return &copyOf{name: name, db: db, m: m}
	}
	addr := func(s string) Address {
		x, err := ParseAddress(s)
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	a, b := mk("a", day(28, 1)), mk("b", day(28, 1))
	a.writeAt(t, day(28, 2), "household add", func(tx *Tx) error {
		h, err := tx.AddHousehold(addr("1-1-101"))
		if err != nil {
			return err
		}
		_, err = tx.AddPerson(PersonFields{HouseholdID: h, Name: "王建国", Birth: "1940-03", Role: RoleResident, Present: true})
		return err
	})
	a.m.At = day(28, 3)
	b.loadAt(t, day(28, 3), a.export(t, dir, "base.volsync", nil), SyncImportOptions{Adopt: true})
	introduce(t, a, b) // dated 28 November 09:00 and after (copyOf.write)

	// The 29th: the chair registers 2-1-101 and sends the file over.
	a.writeAt(t, day(29, 3), "household add", func(tx *Tx) error { _, err := tx.AddHousehold(addr("2-1-101")); return err })
	a.m.At = day(29, 4)
	// The leader's clock says the 28th, 16:00 and 17:00.
	b.loadAt(t, day(28, 16), a.export(t, dir, "a1.volsync", nil), SyncImportOptions{})
	b.writeAt(t, day(28, 17), "person add", func(tx *Tx) error {
		h, err := tx.HouseholdAt(addr("2-1-101"))
		if err != nil {
			return err
		}
		_, err = tx.AddPerson(PersonFields{HouseholdID: h, Name: "李秀英", Birth: "1942-07", Role: RoleResident, Present: true})
		return err
	})
	b.m.At = day(28, 17)

	// The 28th on the chair's copy before the leader's file arrives: only
	// what the chair wrote that day.
	want := func(what string, got, want []string) {
		t.Helper()
		if !slices.Equal(got, want) {
			t.Errorf("%s: %q, want %q", what, got, want)
		}
	}
	hs, ps, _ := asOfRegister(t, a.db, endOf(28))
	want("the 28th before the sync: households", hs, []string{"1号楼1单元101室"})
	want("the 28th before the sync: people", ps, []string{"王建国@1号楼1单元101室"})

	a.loadAt(t, day(29, 5), b.export(t, dir, "b1.volsync", nil), SyncImportOptions{})
	a.writeAt(t, day(29, 6), "household add", func(tx *Tx) error { _, err := tx.AddHousehold(addr("3-1-101")); return err })
	checkAll(t, a)

	hs, ps, n := asOfRegister(t, a.db, endOf(28))
	want("the 28th: households", hs, []string{"1号楼1单元101室", "2号楼1单元101室"})
	want("the 28th: people", ps, []string{"王建国@1号楼1单元101室", "李秀英@2号楼1单元101室"})
	var dated28, total int
	if err := a.db.sql.QueryRow(`SELECT sum(at < '2026-11-29'), count(*) FROM journal`).Scan(&dated28, &total); err != nil {
		t.Fatal(err)
	}
	if n <= dated28 || n >= total {
		t.Errorf("the 28th replayed %d entries; want more than the %d dated that day, fewer than all %d", n, dated28, total)
	}
	hs, _, _ = asOfRegister(t, a.db, endOf(29))
	want("the 29th: households", hs, []string{"1号楼1单元101室", "2号楼1单元101室", "3号楼1单元101室"})
	if hs, ps, n := asOfRegister(t, a.db, endOf(27)); len(hs)+len(ps)+n != 0 {
		t.Errorf("the 27th, before the ledger: %q %q from %d entries", hs, ps, n)
	}

	// As of the last day, the register is the ledger's, table by table.
	v, err := a.db.AsOf(ctx, endOf(29))
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	for _, tb := range append(append([]*table(nil), registerTables...), derivedTables...) {
		probs, err := compareTable(ctx, tb, v.q, a.db.sql)
		if err != nil {
			t.Fatal(err)
		}
		if len(probs) > 0 {
			t.Errorf("as of today, %s differs from the ledger: %v", tb.name, probs)
		}
	}
	if _, err := v.q.ExecContext(ctx, `DELETE FROM households`); err == nil {
		t.Error("an as-of view took a write")
	}

	// An erasure on the 30th reaches back.
	li := a.person(t, "李秀英")
	a.writeAt(t, day(30, 9), "erase", func(tx *Tx) error { return tx.Erase(li, "moved away, asked to be removed", false) })
	_, ps, _ = asOfRegister(t, a.db, endOf(28))
	want("the 28th after the erasure: people", ps, []string{"王建国@1号楼1单元101室"})

	began, err := a.db.Began(ctx)
	if err != nil || !began.Equal(day(28, 1)) {
		t.Errorf("began %v (%v), want %v", began, err, day(28, 1))
	}
}

// TestAsOfRevoked: a revocation made later reaches back like an erasure.
// Copy c took an entry of the leader's laptop (b) on the 28th; on the 29th
// the chair (a) revokes b from before that entry, and c takes the
// revocation. As of the 28th, c's register lacks b's entry, as its
// register today does.
func TestAsOfRevoked(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	a, b := pair(t, dir)
	c := adoptCopy(t, dir, a, "c")
	introduce(t, a, b, c)
	spread(t, dir, a, b, c)
	lost := device(t, b)
	b.write(t, "household add", func(tx *Tx) error { _, err := tx.AddHousehold(Address{Building: "9", Room: "901"}); return err })
	c.load(t, b.export(t, dir, "b-late.volsync", nil), SyncImportOptions{})
	endOf28 := time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC).Add(-time.Nanosecond)
	nine := func(what string, want bool) {
		t.Helper()
		hs, _, _ := asOfRegister(t, c.db, endOf28)
		if got := slices.Contains(hs, "9号楼901室"); got != want {
			t.Errorf("%s: the 28th holds b's household %v, want %v (%q)", what, got, want, hs)
		}
	}
	nine("before the revocation", true)
	// The chair works on the 29th before revoking, so the revocation's
	// clock is above everything of the 28th: the replay of the 28th leaves
	// it out.
	for i := range 4 {
		a.writeAt(t, time.Date(2026, 11, 29, 8, i, 0, 0, time.UTC), "household add", func(tx *Tx) error {
			_, err := tx.AddHousehold(Address{Building: "5", Room: fmt.Sprint(501 + i)})
			return err
		})
	}
	a.writeAt(t, time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC), "sync revoke", func(tx *Tx) error { _, err := tx.Revoke(Short(lost)); return err })
	a.m.At = time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC)
	c.loadAt(t, time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC), a.export(t, dir, "a-revoke.volsync", nil), SyncImportOptions{})
	nine("after it", false)
	var revoke, top int64
	if err := c.db.sql.QueryRow(`SELECT (SELECT lamport FROM journal WHERE command = 'sync revoke'),
		(SELECT max(lamport) FROM journal WHERE at < '2026-11-29')`).Scan(&revoke, &top); err != nil || revoke <= top {
		t.Fatalf("the revocation's clock %d, the 28th's highest %d (%v): the story misses its point", revoke, top, err)
	}
}

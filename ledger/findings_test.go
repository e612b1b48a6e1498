package ledger

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The findings of issue 14 (trust between copies), one test each: every
// one of them failed on the code before keys and trust.

// pair makes the chair's ledger (a, three people) and a second copy (b)
// that adopted it.
func pair(t *testing.T, dir string) (a, b *copyOf) {
	t.Helper()
	ctx := context.Background()
	mk := func(name string) *copyOf {
		m := Meta{Who: "coordinator " + name, Command: "init", At: time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)}
		db, err := Create(ctx, filepath.Join(dir, name+".db"), Options{Seed: "pair-" + name}, m, "凯旋华庭", 60)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return &copyOf{name: name, db: db, m: m}
	}
	a, b = mk("a"), mk("b")
	a.write(t, "person add", func(tx *Tx) error {
		for i, name := range []string{"王建国", "李秀英", "张伟"} {
			h, err := tx.AddHousehold(Address{Building: "1", Unit: "1", Room: fmt.Sprint(101 + i)})
			if err != nil {
				return err
			}
			if _, err := tx.AddPerson(PersonFields{HouseholdID: h, Name: name, Birth: "1940-03", Phone: fmt.Sprint(13800000001 + i),
				Role: RoleResident, Present: true}); err != nil {
				return err
			}
		}
		return nil
	})
	b.load(t, a.export(t, dir, "a-base.volsync", nil), SyncImportOptions{Adopt: true})
	introduce(t, a, b)
	return a, b
}

// names counts the people whose name the ledger still holds.
func names(t *testing.T, c *copyOf) int {
	t.Helper()
	var n int
	if err := c.db.sql.QueryRow(`SELECT count(*) FROM people p JOIN pvalues v ON v.ref = p.name_ref`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// writes checks that the copy takes an ordinary change, an erasure and an
// undo, and passes vol check.
func writes(t *testing.T, c *copyOf) {
	t.Helper()
	checkAll(t, c)
	c.write(t, "household add", func(tx *Tx) error {
		_, err := tx.AddHousehold(Address{Building: "9", Room: fmt.Sprint(900 + c.n)})
		return err
	})
	c.write(t, "undo", func(tx *Tx) error { _, err := tx.Undo(""); return err })
	p := c.person(t, "张伟")
	c.write(t, "erase", func(tx *Tx) error { return tx.Erase(p, "asked", true) })
	checkAll(t, c)
}

// Finding 1: restore, then sync import as the first write, locked the
// ledger (vol check found a sync mark the journal made and the register
// lacked; every write was refused). The same for a copied file and for a
// copy that adopted, then restored.
func TestFinding1RestoreThenSync(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, how := range []string{"restore", "copy", "adopt-restore"} {
		t.Run(how, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			a, b := pair(t, dir)
			b.write(t, "household add", func(tx *Tx) error { _, err := tx.AddHousehold(Address{Building: "2", Room: "201"}); return err })
			fromB := b.export(t, dir, "b1.volsync", nil)
			x := a // the copy that is restored or copied
			if how == "adopt-restore" {
				x, fromB = b, a.export(t, dir, "a1.volsync", nil)
				a.write(t, "household add", func(tx *Tx) error { _, err := tx.AddHousehold(Address{Building: "3", Room: "301"}); return err })
				fromB = a.export(t, dir, "a2.volsync", nil)
			}
			path := filepath.Join(dir, x.name+".db")
			var db *DB
			switch how {
			case "restore", "adopt-restore":
				bk := filepath.Join(dir, "bk.db")
				if err := x.db.Backup(ctx, bk, BackupOptions{}, x.m.At); err != nil {
					t.Fatal(err)
				}
				x.db.Close()
				if _, _, err := Restore(ctx, path, bk, "", Options{Seed: "restored"}, x.m); err != nil {
					t.Fatal(err)
				}
			case "copy":
				if _, err := x.db.sql.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
					t.Fatal(err)
				}
				raw, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				path = filepath.Join(dir, "copied", "ledger.db")
				if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, raw, 0o600); err != nil {
					t.Fatal(err)
				}
			}
			db, err := Open(ctx, path, Options{Seed: "reopened"})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			y := &copyOf{name: x.name + "-" + how, db: db, m: x.m, n: 50}
			trustAll(t, y, fromB)
			y.load(t, fromB, SyncImportOptions{}) // the first command after the restore or copy
			writes(t, y)
			// And the other copies take what it wrote since.
			other := a
			if x == a {
				other = b
			}
			trustAll(t, other, y.export(t, dir, "y.volsync", nil))
			other.load(t, y.export(t, dir, "y.volsync", nil), SyncImportOptions{})
			checkAll(t, other)
		})
	}
}

// Finding 2: a sync file from a made-up device, one no-op entry, and a
// list of "gone" subjects naming everyone, blanked the register.
func TestFinding2GoneList(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	a, b := pair(t, dir)
	before := names(t, b)
	f := readSyncParts(t, a.export(t, dir, "a1.volsync", nil))
	var subjects []any
	rows, err := b.db.sql.Query(`SELECT DISTINCT subject FROM pvalues`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		subjects = append(subjects, s)
	}
	rows.Close()
	e := forgedEntry{ID: "019ad0c4-0000-7000-8000-000000000001", Device: "019ad0c4-0000-7000-8000-00000000dead", Seq: 1, Lamport: 50,
		At: "2026-11-28T09:30:00Z", Command: "household add", Ops: "[]", Format: 1}
	e.rehash()
	f["entries"], f["values"], f["keys"], f["gone"] = []forgedEntry{e}, []any{}, []any{}, subjects
	path := filepath.Join(dir, "gone.volsync")
	writeForged(t, path, f)
	_, err = b.db.SyncImport(context.Background(), path, SyncImportOptions{}, b.m)
	t.Logf("import: %v", err)
	if got := names(t, b); got != before {
		t.Fatalf("after the forged file %d of %d names are left", got, before)
	}
	writes(t, b)
}

// Finding 3: an entry with a Lamport clock near the int64 limit was
// accepted; then every write failed (SQLite's max(lamport)+1 became a
// float).
func TestFinding3Lamport(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	a, b := pair(t, dir)
	a.write(t, "household add", func(tx *Tx) error { _, err := tx.AddHousehold(Address{Building: "5", Room: "501"}); return err })
	f := readSyncParts(t, a.export(t, dir, "a1.volsync", nil))
	es := entriesOf(t, f)
	last := &es[len(es)-1]
	last.Lamport = 9223372036854775806
	last.rehash()
	f["entries"] = es
	path := filepath.Join(dir, "lamport.volsync")
	writeForged(t, path, f)
	res, err := b.db.SyncImport(context.Background(), path, SyncImportOptions{}, b.m)
	if err == nil {
		t.Errorf("an entry with Lamport clock 9223372036854775806 was taken: %+v", res)
	}
	writes(t, b)
}

// Finding 4: a forged "next entry" of the chair's device was taken as the
// chair's; when the chair's real entry of that number came, the two
// honest copies could never sync again.
func TestFinding4ForgedNextEntry(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	a, b := pair(t, dir)
	a1 := a.export(t, dir, "a1.volsync", nil)
	b.load(t, a1, SyncImportOptions{})
	f := readSyncParts(t, a1)
	es := entriesOf(t, f)
	last := es[len(es)-1]
	next := forgedEntry{ID: "019ad0c4-0000-7000-8000-0000000000f4", Device: last.Device, Seq: last.Seq + 1, Lamport: last.Lamport + 1,
		At: "2026-11-28T09:40:00Z", WhoRef: last.WhoRef, WhoMac: last.WhoMac, Command: "household add", Format: 1, Prev: last.Hash,
		Ops: `[{"op":"insert","table":"households","id":"019ad0c4-0000-7000-8000-0000000000f5","set":{"area":"","building":"66","room":"666","unit":""}}]`}
	next.rehash()
	f["entries"], f["values"], f["keys"] = []forgedEntry{next}, []any{}, []any{}
	path := filepath.Join(dir, "forged.volsync")
	writeForged(t, path, f)
	res, err := b.db.SyncImport(context.Background(), path, SyncImportOptions{}, b.m)
	t.Logf("import: %+v %v", res, err)
	if err == nil {
		t.Errorf("a forged entry of the chair's device was taken: %+v", res)
	}
	// The chair's real next entry still reaches b, and the copies agree.
	a.write(t, "household add", func(tx *Tx) error { _, err := tx.AddHousehold(Address{Building: "4", Room: "401"}); return err })
	b.load(t, a.export(t, dir, "a2.volsync", nil), SyncImportOptions{})
	spread(t, dir, a, b)
}

// Finding 6: a small file that inflates to a huge one was read whole (74 s,
// 3.7 GB for 1.5 GB) and, kept pending, paid again at every import and
// erasure. Now the inflated size and the entry count are bounded, and so
// is what is kept pending.
func TestFinding6Inflated(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	a, b := pair(t, dir)
	f := readSyncParts(t, a.export(t, dir, "a1.volsync", nil))
	es := entriesOf(t, f)
	// Start past a gap, so the old code kept it pending.
	for i := range es {
		es[i].Seq += 100
		es[i].rehash()
	}
	f["entries"] = es
	f["compound"] = strings.Repeat("0", int(DefaultSyncLimits().MaxBytes)) // the inflating part
	path := filepath.Join(dir, "bomb.volsync")
	writeForged(t, path, f)
	if st, err := os.Stat(path); err != nil || st.Size() > 2<<20 {
		t.Fatalf("the bomb is %v bytes (%v)", st.Size(), err)
	}
	start := time.Now()
	res, err := b.db.SyncImport(context.Background(), path, SyncImportOptions{}, b.m)
	if err == nil || res.Pending {
		t.Errorf("a file inflating past the limit: %+v %v, want it refused", res, err)
	}
	t.Logf("refused in %v: %v", time.Since(start), err)
	var n int
	if err := b.db.sql.QueryRow(`SELECT count(*) FROM sync_pending`).Scan(&n); err != nil || n != 0 {
		t.Errorf("%d files kept pending (%v)", n, err)
	}
	writes(t, b)
}

// Finding 7 (part): after an erasure, an older file from another copy
// brought the erased person's drug name back.
func TestFinding7ErasedDrug(t *testing.T) {
	t.Parallel()
	for _, known := range []bool{true, false} {
		t.Run(fmt.Sprint("request known to the eraser ", known), func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			a, b := pair(t, dir)
			p := a.person(t, "李秀英")
			h := a.household(t, "1-1-102")
			a.write(t, "med request", func(tx *Tx) error {
				_, err := tx.AddMedRequest(h, p, "阿莫西林胶囊", 1, "饭后", false)
				return err
			})
			older := a.export(t, dir, "a-older.volsync", nil) // holds the drug name
			if known {
				b.load(t, older, SyncImportOptions{})
			}
			b.write(t, "erase", func(tx *Tx) error { return tx.Erase(p, "asked", true) })
			a.write(t, "household add", func(tx *Tx) error { _, err := tx.AddHousehold(Address{Building: "6", Room: "601"}); return err })
			b.load(t, a.export(t, dir, "a-newer-but-before-the-erasure.volsync", nil), SyncImportOptions{})
			b.load(t, older, SyncImportOptions{})
			raw := rawLedger(t, b)
			if bytes.Contains(raw, []byte("阿莫西林胶囊")) {
				t.Errorf("the erased person's drug name is back in b's file")
			}
			var n int
			if err := b.db.sql.QueryRow(`SELECT count(*) FROM pvalues WHERE value IN ('阿莫西林胶囊', '饭后')`).Scan(&n); err != nil || n != 0 {
				t.Errorf("%d of the erased person's health values held (%v)", n, err)
			}
			spread(t, dir, a, b)
			for _, c := range []*copyOf{a, b} {
				if err := c.db.sql.QueryRow(`SELECT count(*) FROM pvalues WHERE value IN ('阿莫西林胶囊', '饭后')`).Scan(&n); err != nil || n != 0 {
					t.Errorf("%s: %d of the erased person's health values held after the exchange (%v)", c.name, n, err)
				}
			}
		})
	}
}

// rawLedger returns the ledger's bytes after a checkpoint (file and WAL).
func rawLedger(t *testing.T, c *copyOf) []byte {
	t.Helper()
	if err := c.db.Compact(context.Background()); err != nil && !errors.Is(err, ErrStillOpen) {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(c.db.Path())
	if err != nil {
		t.Fatal(err)
	}
	wal, _ := os.ReadFile(c.db.Path() + "-wal")
	return append(raw, wal...)
}

var _ = gzip.NewReader

package ledger

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// deviceKey reads a copy's private key from its meta table (what a
// laptop's ledger file holds and a sync file or plain backup never does).
func deviceKey(t *testing.T, c *copyOf) ed25519.PrivateKey {
	t.Helper()
	var k string
	if err := c.db.sql.QueryRow(`SELECT value FROM meta WHERE key = 'device_key'`).Scan(&k); err != nil {
		t.Fatal(err)
	}
	key, err := decodeKey(k)
	if err != nil {
		t.Fatal(err)
	}
	return key
}

// device is a copy's device ID.
func device(t *testing.T, c *copyOf) string {
	t.Helper()
	id, err := c.db.Identity(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return id.DeviceID
}

// oneLine checks that a refusal is one line, and says which.
func oneLine(t *testing.T, what string, err error) {
	t.Helper()
	if err == nil {
		t.Fatalf("%s: taken, want it refused", what)
	}
	if strings.Contains(err.Error(), "\n") {
		t.Errorf("%s: the refusal is more than one line: %q", what, err)
	}
}

func TestFingerprint(t *testing.T) {
	t.Parallel()
	key, err := newKey()
	if err != nil {
		t.Fatal(err)
	}
	f := Fingerprint(pubHex(key))
	if len(f) != 24 || strings.Count(f, " ") != 4 {
		t.Fatalf("fingerprint %q: want 20 digits in 5 groups of 4", f)
	}
	for _, typed := range []string{f, strings.ReplaceAll(f, " ", ""), strings.ReplaceAll(f, " ", "-"), "  " + f + " "} {
		if d, ok := normFingerprint(typed); !ok || d != strings.ReplaceAll(f, " ", "") {
			t.Errorf("%q does not read as %q", typed, f)
		}
	}
	for _, bad := range []string{"", "1234", f + "1", "abcd efgh ijkl mnop qrst"} {
		if _, ok := normFingerprint(bad); ok {
			t.Errorf("%q reads as a fingerprint", bad)
		}
	}
	other, _ := newKey()
	if Fingerprint(pubHex(other)) == f {
		t.Error("two keys, one fingerprint")
	}
}

// TestBackupKeys: a plain backup holds no private key, and a copy
// restored from it is a new device the others must trust again; an
// encrypted backup keeps the key, and its restored copy hands over from
// the old device with a signature, so the others take it at once. A
// copied file hands over too. Each ends with vol check passing everywhere.
func TestBackupKeys(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, how := range []string{"plain", "encrypted", "copy"} {
		t.Run(how, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			a, b := pair(t, dir)
			secret := encodeKey(deviceKey(t, a))
			path := a.db.Path()
			switch how {
			case "plain", "encrypted":
				bk := filepath.Join(dir, "bk.db")
				opt := BackupOptions{}
				if how == "encrypted" {
					bk, opt = bk+".age", BackupOptions{Passphrase: "口令", WorkFactor: 10}
				}
				if err := a.db.Backup(ctx, bk, opt, a.m.At); err != nil {
					t.Fatal(err)
				}
				raw, err := os.ReadFile(bk)
				if err != nil {
					t.Fatal(err)
				}
				if bytes.Contains(raw, []byte(secret)) {
					t.Fatalf("the %s backup holds the private key", how)
				}
				a.db.Close()
				if _, _, err := Restore(ctx, path, bk, "口令", Options{Seed: "restored"}, a.m); err != nil {
					t.Fatal(err)
				}
			case "copy":
				if err := a.db.Compact(ctx); err != nil {
					t.Fatal(err)
				}
				raw, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				path = filepath.Join(dir, "moved.db")
				if err := os.WriteFile(path, raw, 0o600); err != nil {
					t.Fatal(err)
				}
			}
			db, err := Open(ctx, path, Options{Seed: "again"})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			y := &copyOf{name: "a2", db: db, m: a.m, n: 40}
			y.write(t, "household add", func(tx *Tx) error { _, err := tx.AddHousehold(Address{Building: "7", Room: "701"}); return err })
			if got := encodeKey(deviceKey(t, y)); got == secret {
				t.Fatal("the restored or copied file signs with the old key")
			}
			res := b.load(t, y.export(t, dir, "y.volsync", nil), SyncImportOptions{})
			switch {
			case how == "plain" && (len(res.Waiting) != 1 || res.Waiting[0].Reason != "untrusted" || res.Waiting[0].Device != device(t, y)):
				t.Fatalf("a copy restored from a plain backup was taken without being trusted: %+v", res)
			case how != "plain" && (len(res.Waiting) != 0 || res.Entries == 0):
				t.Fatalf("the hand-over from the old key was not taken: %+v", res)
			}
			if how == "plain" {
				w, err := y.db.Whoami(ctx, y.m)
				if err != nil {
					t.Fatal(err)
				}
				if w.Fingerprint != res.Waiting[0].Fingerprint {
					t.Fatalf("the import printed %s, vol sync whoami shows %s", res.Waiting[0].Fingerprint, w.Fingerprint)
				}
				b.trust(t, w.Fingerprint)
			}
			var n int
			if err := b.db.sql.QueryRow(`SELECT count(*) FROM households WHERE building = '7'`).Scan(&n); err != nil || n != 1 {
				t.Fatalf("b holds %d of the restored copy's households (%v)", n, err)
			}
			writes(t, y)
			spread(t, dir, y, b)
		})
	}
}

// TestTrustTravels: a trust decision is journalled and travels: a copy that
// trusts the chair takes a building leader's entries once the chair's file
// says the chair trusts that leader's laptop.
func TestTrustTravels(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	a, b := pair(t, dir)
	c := adoptCopy(t, dir, a, "c")
	introduce(t, a, c)
	e := adoptCopy(t, dir, a, "e") // a laptop neither c nor the chair knows yet
	e.write(t, "household add", func(tx *Tx) error { _, err := tx.AddHousehold(Address{Building: "8", Room: "801"}); return err })
	fromE := e.export(t, dir, "e.volsync", nil)
	res := c.load(t, fromE, SyncImportOptions{})
	if len(res.Waiting) != 1 || res.Waiting[0].Device != device(t, e) || res.Waiting[0].Fingerprint == "" {
		t.Fatalf("entries of a device c does not trust: %+v", res)
	}
	ps, err := c.db.PendingFiles(context.Background())
	if err != nil || len(ps) != 1 || len(ps[0].Waiting) != 1 {
		t.Fatalf("pending: %+v %v", ps, err)
	}
	// The chair trusts e; the chair's file brings that decision to c, and
	// with it e's entries kept there.
	introduce(t, a, e)
	res = c.load(t, a.export(t, dir, "a.volsync", nil), SyncImportOptions{})
	if res.Applied != 1 {
		t.Fatalf("the chair's trust in e did not let e's waiting file in: %+v", res)
	}
	if ps, err := c.db.PendingFiles(context.Background()); err != nil || len(ps) != 0 {
		t.Fatalf("still pending: %+v %v", ps, err)
	}
	spread(t, dir, a, b, c, e)
}

// adoptCopy makes a new copy of from's ledger (vol init, sync import --adopt).
func adoptCopy(t *testing.T, dir string, from *copyOf, name string) *copyOf {
	t.Helper()
	m := Meta{Who: "coordinator " + name, Command: "init", At: from.m.At}
	db, err := Create(context.Background(), filepath.Join(dir, name+".db"), Options{Seed: "adopt-" + name}, m, "凯旋华庭", 60)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	c := &copyOf{name: name, db: db, m: m, n: from.n}
	res := c.load(t, from.export(t, dir, name+"-adopt.volsync", nil), SyncImportOptions{Adopt: true})
	if !res.Adopted {
		t.Fatalf("not adopted: %+v", res)
	}
	return c
}

// TestRevoke: a lost laptop is revoked by the chair at the last entry the
// chair holds of it; entries it wrote later are refused on every copy,
// also on a copy that took some before the revocation arrived, and all
// copies still agree and pass vol check.
func TestRevoke(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	a, b := pair(t, dir)
	c := adoptCopy(t, dir, a, "c")
	introduce(t, a, b, c)
	spread(t, dir, a, b, c)
	lost := device(t, b)
	// b writes once more and hands it to c only; then the laptop is lost.
	b.write(t, "household add", func(tx *Tx) error { _, err := tx.AddHousehold(Address{Building: "9", Room: "901"}); return err })
	c.load(t, b.export(t, dir, "b-late.volsync", nil), SyncImportOptions{})
	var rs []Revoked
	self := device(t, a)
	a.write(t, "sync revoke", func(tx *Tx) error {
		if _, err := tx.Revoke(Short(self)); !errors.Is(err, ErrInvalid) {
			t.Errorf("revoking this copy's own device: %v, want ErrInvalid", err)
		}
		var err error
		rs, err = tx.Revoke(Short(lost))
		return err
	})
	if len(rs) != 1 || rs[0].Device != lost {
		t.Fatalf("revoked %+v", rs)
	}
	// The thief writes with the laptop.
	b.write(t, "household add", func(tx *Tx) error { _, err := tx.AddHousehold(Address{Building: "66", Room: "666"}); return err })
	stolen := b.export(t, dir, "b-stolen.volsync", nil)
	res := a.load(t, stolen, SyncImportOptions{})
	if res.Revoked != 2 || res.Entries != 0 {
		t.Fatalf("entries of a revoked device: %+v, want 2 refused", res)
	}
	c.load(t, a.export(t, dir, "a-revoke.volsync", nil), SyncImportOptions{})
	if res := c.load(t, stolen, SyncImportOptions{}); res.Entries != 0 {
		t.Fatalf("c took entries of the revoked device: %+v", res)
	}
	a.load(t, c.export(t, dir, "c.volsync", nil), SyncImportOptions{})
	for _, x := range []*copyOf{a, c} {
		var n int
		if err := x.db.sql.QueryRow(`SELECT count(*) FROM households WHERE building IN ('9', '66')`).Scan(&n); err != nil || n != 0 {
			t.Errorf("%s: %d households of the revoked device's late entries (%v)", x.name, n, err)
		}
	}
	if got, want := describe(t, a), describe(t, c); got != want {
		t.Fatalf("a and c differ:\n%s", firstDiff(want, got))
	}
	checkAll(t, a, c)
	// A revoked device is not trusted again; its laptop makes a new copy.
	var fp string
	for _, d := range mustDevices(t, a) {
		if d.Device == lost {
			fp = d.Fingerprint
			if !d.Revoked || d.Trusted {
				t.Errorf("the revoked device: %+v", d)
			}
		}
	}
	a.write(t, "sync trust", func(tx *Tx) error {
		if _, err := tx.Trust(fp); !errors.Is(err, ErrRevoked) {
			t.Errorf("trusting a revoked device: %v, want ErrRevoked", err)
		}
		return nil
	})
	_ = ctx
}

func mustDevices(t *testing.T, c *copyOf) []DeviceInfo {
	t.Helper()
	ds, err := c.db.Devices(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

// TestSignedButWrong: a device that is trusted and signs (a laptop gone
// wrong, or a bug) still cannot write what no command writes: each of
// these files is refused with one line and changes nothing; an entry dated
// more than a day ahead waits instead, and is taken once the clock gets
// there.
func TestSignedButWrong(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	a, b := pair(t, dir)
	key := deviceKey(t, a)
	base := a.export(t, dir, "a0.volsync", nil)
	b.load(t, base, SyncImportOptions{})
	f := readSyncParts(t, base)
	es := entriesOf(t, f)
	last := es[len(es)-1]
	h := b.household(t, "1-1-101")
	p := b.person(t, "王建国")
	next := func(command, ops string, change func(e *forgedEntry)) forgedEntry {
		e := forgedEntry{ID: "019ad0c4-0000-7000-8000-0000000000a1", Device: last.Device, Seq: last.Seq + 1, Lamport: last.Lamport + 1,
			At: "2026-11-28T09:40:00Z", WhoRef: last.WhoRef, WhoMac: last.WhoMac, Command: command, Format: 1, Prev: last.Hash, Ops: ops}
		if change != nil {
			change(&e)
		}
		e.rehash()
		e.Sig = signEntry(key, e.Hash)
		return e
	}
	household := `[{"op":"insert","table":"households","id":"019ad0c4-0000-7000-8000-0000000000f5","set":{"area":"","building":"66","room":"666","unit":""}}]`
	cases := []struct {
		name string
		e    forgedEntry
	}{
		{"Lamport near the int64 limit", next("household add", household, func(e *forgedEntry) { e.Lamport = 9223372036854775806 })},
		{"Lamport a million ahead", next("household add", household, func(e *forgedEntry) { e.Lamport += 1 << 21 })},
		{"a time that is not RFC 3339", next("household add", household, func(e *forgedEntry) { e.At = "yesterday" })},
		{"a time before 2000", next("household add", household, func(e *forgedEntry) { e.At = "1970-01-01T00:00:00Z" })},
		{"an erasure outside vol erase", next("household add", `[{"op":"insert","table":"erasures","id":"`+p+`","set":{"at":"2026-11-28T09:40:00Z","why":"x"}}]`, nil)},
		{"a list of erased subjects", next("household add", `[{"op":"insert","table":"erased_subjects","id":"`+p+`","set":{"erasure":""}}]`, nil)},
		{"a name with a control character", next("compound set", `[{"op":"update","table":"settings","id":"compound","set":{"value":"凯旋\u001b[2J"},"old":{"value":"凯旋华庭"}}]`, nil)},
		{"an elder age of 7", next("compound set", `[{"op":"update","table":"settings","id":"elder_age","set":{"value":"7"},"old":{"value":"60"}}]`, nil)},
		{"a setting vol has not", next("compound set", `[{"op":"insert","table":"settings","id":"admin","set":{"value":"1"}}]`, nil)},
		{"a round whose tiers do not parse", next("alloc", `[{"op":"insert","table":"rounds","id":"019ad0c4-0000-7000-8000-0000000000f6","set":{"basis":"surplus","given":1,"item":"surplus","on_date":"2026-11-28","packs":1,"reserve":0,"rules":"old-way","rules_body":"","tiers":"{not json"}}]`, nil)},
		{"a table vol has not", next("household add", `[{"op":"insert","table":"meta","id":"device_key","set":{"value":"00"}}]`, nil)},
		{"a column the table has not", next("household add", `[{"op":"update","table":"households","id":"`+h+`","set":{"owner":"x"}}]`, nil)},
		{"a sync mark of another device", next("sync import", `[{"op":"insert","table":"sync_marks","id":"019ad0c4-0000-7000-8000-0000000000f7","set":{"device":"`+device(t, b)+`","have":"{}"}}]`, nil)},
		{"a revocation outside vol sync revoke", next("household add", `[{"op":"insert","table":"device_trust","id":"019ad0c4-0000-7000-8000-0000000000f8","set":{"device":"`+device(t, b)+`","hash":"","kind":"revoke","pubkey":"","seq":0,"sig":"","voucher":"`+last.Device+`"}}]`, nil)},
		{"a second key for the device", next("household add", `[{"op":"insert","table":"device_trust","id":"019ad0c4-0000-7000-8000-0000000000f9","set":{"device":"`+last.Device+`","hash":"","kind":"key","pubkey":"`+pubHex(mustKey(t))+`","seq":0,"sig":"","voucher":"`+last.Device+`"}}]`, nil)},
		{"a deletion of a trust decision", next("household add", `[{"op":"delete","table":"device_trust","id":"019ad0c4-0000-7000-8000-0000000000fa","old":{}}]`, nil)},
		{"a signature by another key", func() forgedEntry {
			e := next("household add", household, nil)
			e.Sig = signEntry(mustKey(t), e.Hash)
			return e
		}()},
	}
	before := dumpRegister(t, b.db)
	for i, c := range cases {
		g := map[string]any{}
		for k, v := range f {
			g[k] = v
		}
		g["entries"], g["values"], g["keys"] = []forgedEntry{c.e}, []any{}, []any{}
		path := filepath.Join(dir, fmt.Sprintf("wrong%d.volsync", i))
		writeForged(t, path, g)
		res, err := b.db.SyncImport(context.Background(), path, SyncImportOptions{}, b.m)
		oneLine(t, c.name, err)
		if err == nil {
			t.Errorf("%s: %+v", c.name, res)
		}
		t.Logf("%s: %v", c.name, err)
		if dumpRegister(t, b.db) != before {
			t.Fatalf("%s: the register changed", c.name)
		}
	}
	// A value that no command would store: refused too.
	g := map[string]any{}
	for k, v := range f {
		g[k] = v
	}
	// Dated two days ahead: kept pending, taken when the clock gets there.
	ahead := next("household add", household, func(e *forgedEntry) { e.At = "2026-11-30T10:00:00Z" })
	g["entries"], g["values"], g["keys"] = []forgedEntry{ahead}, []any{}, []any{}
	path := filepath.Join(dir, "ahead.volsync")
	writeForged(t, path, g)
	res := b.load(t, path, SyncImportOptions{})
	if !res.Pending || len(res.Waiting) != 1 || res.Waiting[0].Reason != "ahead" {
		t.Fatalf("an entry dated ahead: %+v, want it kept pending", res)
	}
	b.m.At = time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	if n, err := b.db.ApplyPending(context.Background(), b.m, SyncLimits{}); err != nil || n != 1 {
		t.Fatalf("once the clock got there: %d applied (%v)", n, err)
	}
	checkAll(t, b)
}

// tamperMeta sets a meta value of a closed ledger file.
func tamperMeta(t *testing.T, path, key, value string) {
	t.Helper()
	s, err := openSQL(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Exec(`UPDATE meta SET value = ? WHERE key = ?`, value, key); err != nil {
		t.Fatal(err)
	}
}

func mustKey(t *testing.T) ed25519.PrivateKey {
	t.Helper()
	k, err := newKey()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// TestSignedBadValue: a personal value that the command storing it would
// refuse (a name with a terminal escape) is refused with its file.
func TestSignedBadValue(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	a, b := pair(t, dir)
	f := readSyncParts(t, a.export(t, dir, "a.volsync", nil))
	vals, ok := f["values"].([]any)
	if !ok || len(vals) == 0 {
		t.Fatal("no values")
	}
	// Change a name and its keyed hash (the key travels in the file): the
	// entry's recorded hash no longer matches, so this one is caught as
	// damage; a new entry with a fresh value is what a forger needs, and
	// that needs the device's key: TestSignedButWrong.
	v := vals[0].(map[string]any)
	v["value"] = "王\u202e建国"
	path := filepath.Join(dir, "bad-value.volsync")
	writeForged(t, path, f)
	_, err := b.db.SyncImport(context.Background(), path, SyncImportOptions{}, b.m)
	oneLine(t, "a changed value", err)
	if err := checkValueText("name_ref", "王\u202e建国"); err == nil {
		t.Error("a name with a direction control passes")
	}
	if err := checkValueText("phone_ref", "not a phone"); err == nil {
		t.Error("a phone that is not one passes")
	}
}

// TestDryRunSameCounts: a dry run says what the import then does, count
// for count: entries per device, every erasure, conflicts, changes.
func TestDryRunSameCounts(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	copies, files := divergent(t, dir)
	a := copies[0]
	for _, f := range []string{files["b"][0], files["c"][0]} {
		dry := a.load(t, f, SyncImportOptions{DryRun: true})
		real := a.load(t, f, SyncImportOptions{})
		dry.Applied, real.Applied = 0, 0
		if !reflect.DeepEqual(dry, real) {
			t.Errorf("%s: dry run %+v\nimport  %+v", filepath.Base(f), dry, real)
		}
		if filepath.Base(f) == "b1.volsync" && len(real.Erasures) != 1 {
			t.Errorf("b's file erases one person: %+v", real.Erasures)
		}
	}
}

// TestPendingLimits: files kept pending are listed, dropped, and bounded
// together; a file over the entry limit is refused.
func TestPendingLimits(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	copies, _ := divergent(t, dir)
	b, c := copies[1], copies[2]
	keepPending(t, dir, b, c)
	ps, err := c.db.PendingFiles(ctx)
	if err != nil || len(ps) != 1 || ps[0].Missing == "" || ps[0].From != device(t, b) {
		t.Fatalf("pending: %+v %v", ps, err)
	}
	// Another file with a gap, over what may be kept.
	id, _ := b.db.Identity(ctx)
	gap2 := filepath.Join(dir, "gap2.volsync")
	if _, err := b.db.SyncExport(ctx, gap2, SyncExportOptions{since: map[string]int64{id.DeviceID: 2}}, b.m.At); err != nil {
		t.Fatal(err)
	}
	_, err = c.db.SyncImport(ctx, gap2, SyncImportOptions{Limits: SyncLimits{MaxPending: ps[0].Bytes + 10}}, c.m)
	if !errors.Is(err, ErrSyncLimit) || !strings.Contains(err.Error(), "--max-pending") {
		t.Fatalf("over the pending limit: %v", err)
	}
	oneLine(t, "over the pending limit", err)
	_, err = c.db.SyncImport(ctx, gap2, SyncImportOptions{Limits: SyncLimits{MaxEntries: 2}}, c.m)
	if !errors.Is(err, ErrSyncLimit) || !strings.Contains(err.Error(), "--max-entries") {
		t.Fatalf("over the entry limit: %v", err)
	}
	c.write(t, "sync pending", func(tx *Tx) error {
		if _, err := tx.DropPending("zz"); err == nil {
			t.Error("dropping a file by 2 characters that match nothing")
		}
		n, err := tx.DropPending(ps[0].ID[:8])
		if n != 1 {
			t.Errorf("dropped %d", n)
		}
		return err
	})
	if ps, err := c.db.PendingFiles(ctx); err != nil || len(ps) != 0 {
		t.Fatalf("after --drop: %+v %v", ps, err)
	}
}

// TestLegacyUpgrade: ledgers written by vol before keys (testdata/legacy,
// made with vol e2c9c41: the chair's copy a, and b, which adopted it,
// exchanged a file, and wrote on; a erased a person) upgrade on their
// first write: each trusts every device of its journal and takes their
// unsigned entries up to what it held, no further. b's later unsigned
// entries, in a file from the old vol, are refused; once b has upgraded,
// its file is taken (its own legacy decision vouches for them), and a's
// erasure from before keys reaches b as a signed list.
func TestLegacyUpgrade(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	open := func(name string) *copyOf {
		gz, err := os.ReadFile(filepath.Join("testdata", "legacy", name+".db.gz"))
		if err != nil {
			t.Fatal(err)
		}
		zr, err := gzip.NewReader(bytes.NewReader(gz))
		if err != nil {
			t.Fatal(err)
		}
		raw, err := io.ReadAll(zr)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, name, "ledger.db")
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, raw, 0o600); err != nil {
			t.Fatal(err)
		}
		// The ledger stays where it was made (upgraded in place): its
		// device keeps its ID.
		tamperMeta(t, path, "home", home(path))
		db, err := Open(ctx, path, Options{Seed: "legacy-" + name})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		m := Meta{Who: "coordinator " + name, At: time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)}
		return &copyOf{name: name, db: db, m: m}
	}
	a, b := open("a"), open("b")
	checkAll(t, a, b) // before the first write: unsigned entries are fine
	res, err := a.db.SyncImport(ctx, filepath.Join("testdata", "legacy", "b2.volsync"), SyncImportOptions{}, a.m)
	if !errors.Is(err, ErrNotSigned) || !strings.Contains(err.Error(), "upgrade it") {
		t.Fatalf("b's unsigned entries past a's legacy decision: %+v %v", res, err)
	}
	oneLine(t, "a file from a vol before keys", err)
	checkAll(t, a) // (the refused import wrote nothing, its upgrade neither)
	// b upgrades with its next change, and sends a file.
	b.write(t, "household add", func(tx *Tx) error { _, err := tx.AddHousehold(Address{Building: "3", Room: "301"}); return err })
	res = a.load(t, b.export(t, dir, "b3.volsync", nil), SyncImportOptions{})
	if res.Entries == 0 || len(res.Waiting) != 0 {
		t.Fatalf("b's file after its upgrade: %+v", res)
	}
	var n int
	if err := a.db.sql.QueryRow(`SELECT count(*) FROM journal WHERE command = ? AND device = ? AND sig <> ''`, setupCommand, device(t, a)).Scan(&n); err != nil || n != 1 {
		t.Fatalf("a's upgrade: %d setup entries of its own (%v)", n, err)
	}
	res = b.load(t, a.export(t, dir, "a3.volsync", nil), SyncImportOptions{})
	if res.Entries == 0 || len(res.Waiting) != 0 {
		t.Fatalf("a's file after its upgrade: %+v", res)
	}
	spread(t, dir, a, b)
	if err := b.db.sql.QueryRow(`SELECT count(*) FROM erased_subjects WHERE erasure = ''`).Scan(&n); err != nil || n == 0 {
		t.Errorf("the erasure from before keys is not listed (%d, %v)", n, err)
	}
	if err := b.db.sql.QueryRow(`SELECT count(*) FROM pvalues WHERE value IN ('李秀英', '13800000002')`).Scan(&n); err != nil || n != 0 {
		t.Errorf("b holds %d values of the person a erased before keys (%v)", n, err)
	}
	// No later unsigned entry is taken: one made now, unsigned, of b's.
	f := readSyncParts(t, b.export(t, dir, "b4.volsync", nil))
	ents := entriesOf(t, f)
	last := ents[len(ents)-1]
	for _, e := range ents {
		if e.Device == device(t, b) && e.Seq > last.Seq {
			last = e
		}
	}
	forgedNext := forgedEntry{ID: "019ad0c4-0000-7000-8000-0000000000b1", Device: device(t, b), Seq: 100, Lamport: last.Lamport + 1,
		At: "2026-11-28T09:40:00Z", Command: "household add", Format: 1, Ops: "[]"}
	for _, e := range ents {
		if e.Device == forgedNext.Device && e.Seq >= forgedNext.Seq-1 {
			forgedNext.Seq = e.Seq + 1
		}
	}
	for _, e := range ents {
		if e.Device == forgedNext.Device && e.Seq == forgedNext.Seq-1 {
			forgedNext.Prev = e.Hash
		}
	}
	forgedNext.rehash()
	f["entries"] = []forgedEntry{forgedNext}
	path := filepath.Join(dir, "unsigned.volsync")
	writeForged(t, path, f)
	_, err = a.db.SyncImport(ctx, path, SyncImportOptions{}, a.m)
	if !errors.Is(err, ErrNotSigned) {
		t.Fatalf("an unsigned entry after the upgrade: %v, want ErrNotSigned", err)
	}
}

// TestEraseTravelsSigned: an erasure reaches another copy only as the
// signed erase entry, which lists what it forgot; vol log shows it there.
func TestEraseTravelsSigned(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	a, b := pair(t, dir)
	p := a.person(t, "李秀英")
	a.write(t, "erase", func(tx *Tx) error { return tx.Erase(p, "asked", true) })
	res := b.load(t, a.export(t, dir, "a.volsync", nil), SyncImportOptions{})
	if len(res.Erasures) != 1 || res.Erasures[0].Person != p {
		t.Fatalf("erasures reported: %+v", res.Erasures)
	}
	es, err := b.db.Entries(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range es {
		found = found || (e.Command == "erase" && e.Sig != "" && strings.Contains(e.OpsText, `"erased_subjects"`))
	}
	if !found {
		t.Error("no signed erase entry listing what it forgot in b's journal")
	}
	var n int
	if err := b.db.sql.QueryRow(`SELECT count(*) FROM pvalues WHERE value IN ('李秀英', '13800000002')`).Scan(&n); err != nil || n != 0 {
		t.Errorf("b holds %d values of the erased person (%v)", n, err)
	}
	spread(t, dir, a, b)
}

// TestNoPrivateKeyTravels: a sync file carries public keys only.
func TestNoPrivateKeyTravels(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	a, b := pair(t, dir)
	for _, c := range []*copyOf{a, b} {
		path := c.export(t, dir, c.name+"-keys.volsync", nil)
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		zr, err := gzip.NewReader(bytes.NewReader(raw[len(syncMagic)+65:]))
		if err != nil {
			t.Fatal(err)
		}
		plain, err := io.ReadAll(zr)
		if err != nil {
			t.Fatal(err)
		}
		key := deviceKey(t, c)
		if bytes.Contains(plain, []byte(encodeKey(key))) || bytes.Contains(plain, []byte(fmt.Sprintf("%x", []byte(key)))) {
			t.Errorf("%s's sync file holds its private key", c.name)
		}
		if !bytes.Contains(plain, []byte(pubHex(key))) {
			t.Errorf("%s's sync file lacks its public key", c.name)
		}
	}
}

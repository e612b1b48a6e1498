package ledger

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// TestSyncAttack mixes honest exchanges between three copies with files
// from an attacker who holds every sync file and every encrypted backup
// they made (not a ledger file: its keys would let them sign). The
// attacker truncates, corrupts, inflates and replays files, changes
// entries and recomputes every hash and checksum, forges the next entry of
// a coordinator's device, strips signatures, sends a backup as a sync
// file, and signs entries with a key of its own under a made-up device.
// Every forged file must be refused with one line and change nothing
// (the made-up device's entries wait, never applied); the honest copies
// must still converge, each holding every entry any of them wrote.
// VOL_SYNC_STRESS=1 runs longer.
func TestSyncAttack(t *testing.T) {
	t.Parallel()
	seeds, steps := 3, 60
	if testing.Short() {
		seeds = 1
	}
	if os.Getenv("VOL_SYNC_STRESS") != "" {
		seeds, steps = 30, 150
	}
	for seed := range seeds {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			t.Parallel()
			syncAttack(t, uint64(seed), steps)
		})
	}
}

// attackLimits keep the honest files well inside and make an inflated
// file cheap to build.
var attackLimits = SyncLimits{MaxBytes: 4 << 20, MaxEntries: 5000, MaxPending: 16 << 20}

func syncAttack(t *testing.T, seed uint64, steps int) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(seed, 14))
	dir := t.TempDir()
	m := Meta{Who: "coordinator a", Command: "init", At: time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)}
	adb, err := Create(ctx, filepath.Join(dir, "a.db"), Options{Seed: fmt.Sprint("attack-", seed, "a")}, m, "凯旋华庭", 60)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { adb.Close() })
	a := &copyOf{name: "a", db: adb, m: m}
	b, c := adoptCopy(t, dir, a, "b"), adoptCopy(t, dir, a, "c")
	copies := []*copyOf{a, b, c}
	introduce(t, copies...)
	var files, backups []string // what the attacker holds
	honest := func(to *copyOf, path string) {
		t.Helper()
		to.n++
		to.m.At = time.Date(2026, 11, 28, 9, 0, to.n, 0, time.UTC)
		if _, err := to.db.SyncImport(ctx, path, SyncImportOptions{Limits: attackLimits}, to.m); err != nil {
			t.Fatalf("%s: honest file %s: %v", to.name, filepath.Base(path), err)
		}
	}
	names := []string{"王芳", "李强", "张敏"}
	kinds := map[string]int{}
	for step := range steps {
		x := copies[rng.IntN(3)]
		switch r := rng.IntN(10); {
		case r < 4: // an honest change
			addr := Address{Building: fmt.Sprint(1 + rng.IntN(2)), Room: fmt.Sprint(101 + rng.IntN(3))}
			name := names[rng.IntN(len(names))]
			op := rng.IntN(4)
			cmd := []string{"person add", "person set", "erase", "household add"}[op]
			p := ""
			if op == 1 || op == 2 {
				_ = x.db.sql.QueryRow(`SELECT p.id FROM people p JOIN pvalues v ON v.ref = p.name_ref WHERE v.value = ? ORDER BY p.id LIMIT 1`, name).Scan(&p)
				if p == "" {
					continue
				}
			}
			x.n++
			x.m.Command, x.m.At = cmd, time.Date(2026, 11, 28, 9, 0, x.n, 0, time.UTC)
			_, err := x.db.Write(ctx, x.m, func(tx *Tx) error {
				switch op {
				case 1:
					return tx.SetPerson(p, PersonChange{Phone: strp(fmt.Sprintf("1380000%04d", rng.IntN(10000)))})
				case 2:
					return tx.Erase(p, "asked", true)
				}
				h, err := tx.HouseholdAt(addr)
				if errors.Is(err, ErrNotFound) {
					h, err = tx.AddHousehold(addr)
				}
				if err != nil || op == 3 {
					return err
				}
				_, err = tx.AddPerson(PersonFields{HouseholdID: h, Name: name, Birth: "1950", Phone: "13900000000", Role: RoleResident, Present: true})
				return err
			})
			if err != nil && !errors.Is(err, ErrDuplicate) && !errors.Is(err, ErrInvalid) && !errors.Is(err, ErrNotFound) && !errors.Is(err, ErrErased) {
				t.Fatalf("step %d: %s on %s: %v", step, cmd, x.name, err)
			}
		case r < 6: // an honest exchange, sometimes of an old file
			to := copies[rng.IntN(3)]
			if to == x {
				continue
			}
			path := filepath.Join(dir, fmt.Sprintf("f%d.volsync", step))
			if _, err := x.db.SyncExport(ctx, path, SyncExportOptions{}, x.m.At); err != nil {
				t.Fatal(err)
			}
			files = append(files, path)
			honest(to, path)
			if rng.IntN(3) == 0 {
				honest(copies[rng.IntN(3)], files[rng.IntN(len(files))])
			}
		case r < 7: // an encrypted backup, which the attacker takes too
			path := filepath.Join(dir, fmt.Sprintf("bk%d.db.age", step))
			if err := x.db.Backup(ctx, path, BackupOptions{Passphrase: "委员会的口令", WorkFactor: 10}, x.m.At); err != nil {
				t.Fatal(err)
			}
			backups = append(backups, path)
		default: // an attack
			if len(files) == 0 {
				continue
			}
			kind, path := forge(t, rng, dir, step, x, files, backups)
			if path == "" {
				continue
			}
			kinds[kind]++
			attacked(t, step, kind, x, path)
		}
	}
	spread(t, dir, copies...)
	want := journalOf(t, a)
	for _, x := range copies[1:] {
		if got := journalOf(t, x); got != want {
			t.Fatalf("%s's journal differs from a's: an entry was lost\n%s", x.name, firstDiff(want, got))
		}
	}
	t.Logf("attacks: %v", kinds)
}

// journalOf lists a copy's journal: device, number, hash.
func journalOf(t *testing.T, c *copyOf) string {
	t.Helper()
	es, err := c.db.Entries(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = fmt.Sprintf("%s %d %s", e.Device, e.Seq, e.Hash)
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// attacked imports a forged file into x: it must be refused with one line
// and change nothing, or (a made-up device's entries) wait, unapplied.
func attacked(t *testing.T, step int, kind string, x *copyOf, path string) {
	t.Helper()
	ctx := context.Background()
	before, journal := dumpRegister(t, x.db), journalOf(t, x)
	res, err := x.db.SyncImport(ctx, path, SyncImportOptions{Limits: attackLimits}, x.m)
	switch {
	case kind == "made-up device":
		if err != nil && !errors.Is(err, ErrForked) {
			// (Its entries are new to everyone: a file of them alone waits.)
			t.Fatalf("step %d: %s: %v", step, kind, err)
		}
		for _, w := range res.Waiting {
			if w.Reason != "untrusted" && w.Reason != "earlier" {
				t.Fatalf("step %d: %s: %+v", step, kind, res)
			}
		}
	case err == nil:
		t.Fatalf("step %d: %s file taken by %s: %+v", step, kind, x.name, res)
	default:
		oneLine(t, kind, err)
	}
	if dumpRegister(t, x.db) != before || journalOf(t, x) != journal {
		t.Fatalf("step %d: a %s file changed %s's ledger", step, kind, x.name)
	}
}

// forge makes one forged file for x from what the attacker holds.
func forge(t *testing.T, rng *rand.Rand, dir string, step int, x *copyOf, files, backups []string) (string, string) {
	t.Helper()
	src := files[rng.IntN(len(files))]
	path := filepath.Join(dir, fmt.Sprintf("forged%d.volsync", step))
	raw, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	f := readSyncParts(t, src)
	es := entriesOf(t, f)
	held, err := holding(context.Background(), x.db.sql)
	if err != nil {
		t.Fatal(err)
	}
	// the entries x lacks: only a change to one of them is anything new
	var lacking []int
	for i, e := range es {
		if e.Seq > held[e.Device] {
			lacking = append(lacking, i)
		}
	}
	switch k := rng.IntN(8); k {
	case 0:
		return "truncated", write(t, path, raw[:len(raw)/2+rng.IntN(len(raw)/2)])
	case 1: // a byte changed, the checksum recomputed
		gz := append([]byte(nil), raw[len(syncMagic)+65:]...)
		gz[10+rng.IntN(len(gz)-20)] ^= byte(1 + rng.IntN(255))
		return "corrupted", write(t, path, withSum(gz))
	case 2: // inflating past the limit
		var gz bytes.Buffer
		zw := gzip.NewWriter(&gz)
		zw.Write([]byte(`{"format":2,"ledger":"x","compound":"`))
		zw.Write(bytes.Repeat([]byte("0"), int(attackLimits.MaxBytes)))
		zw.Close()
		return "inflated", write(t, path, withSum(gz.Bytes()))
	case 3:
		if len(backups) == 0 {
			return "", ""
		}
		b, err := os.ReadFile(backups[rng.IntN(len(backups))])
		if err != nil {
			t.Fatal(err)
		}
		return "backup as a sync file", write(t, path, b)
	case 4: // an entry x lacks, changed, its hash recomputed, its signature kept
		if len(lacking) == 0 {
			return "", ""
		}
		e := &es[lacking[rng.IntN(len(lacking))]]
		e.Command, e.Ops = "household add", `[{"op":"insert","table":"households","id":"019ad0c4-0000-7000-8000-0000000000ee","set":{"area":"","building":"99","room":"999","unit":""}}]`
		e.rehash()
		f["entries"] = es
		writeForged(t, path, f)
		return "changed entry", path
	case 5: // signatures stripped
		if len(lacking) == 0 {
			return "", ""
		}
		for i := range es {
			es[i].Sig = ""
		}
		f["entries"] = es
		writeForged(t, path, f)
		return "unsigned", path
	case 6: // the next entry of a coordinator's device, unsigned or with another entry's signature
		last := es[rng.IntN(len(es))]
		for _, e := range es {
			if e.Device == last.Device && e.Seq > last.Seq {
				last = e
			}
		}
		n := forgedEntry{ID: fmt.Sprintf("019ad0c4-0000-7000-8000-%012d", step), Device: last.Device, Seq: last.Seq + 1, Lamport: last.Lamport + 1,
			At: last.At, WhoRef: last.WhoRef, WhoMac: last.WhoMac, Command: "erase", Format: 1, Prev: last.Hash, Sig: last.Sig,
			Ops: `[{"op":"insert","table":"erasures","id":"019ad0c4-0000-7000-8000-0000000000ef","set":{"at":"2026-11-28T09:00:00Z","why":"x"}}]`}
		n.rehash()
		if rng.IntN(2) == 0 {
			n.Sig = ""
		}
		f["entries"] = append(es, n)
		writeForged(t, path, f)
		return "forged next entry", path
	default: // a made-up device, signing with its own key, erasing everyone
		key := mustKey(t)
		dev := fmt.Sprintf("019ad0c4-0000-7000-8000-%012d", 1_000_000+step)
		var erase []string
		rows, err := x.db.sql.Query(`SELECT id FROM people ORDER BY id`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				t.Fatal(err)
			}
			erase = append(erase, fmt.Sprintf(`{"op":"insert","table":"erasures","id":"%s","set":{"at":"2026-11-28T09:00:00Z","why":"x"}}`, id))
		}
		rows.Close()
		ops := `[{"op":"insert","table":"device_trust","id":"019ad0c4-0000-7000-8000-0000000000fd","set":{"device":"` + dev +
			`","hash":"","kind":"key","pubkey":"` + pubHex(key) + `","seq":0,"sig":"","voucher":"` + dev + `"}}` + strings.Repeat(",", min(1, len(erase))) +
			strings.Join(erase, ",") + `]`
		e := forgedEntry{ID: fmt.Sprintf("019ad0c4-0000-7000-8000-%012d", 2_000_000+step), Device: dev, Seq: 1, Lamport: 1 + int64(len(es)),
			At: "2026-11-28T09:00:00Z", Command: "erase", Format: 1, Ops: ops}
		e.rehash()
		e.Sig = signEntry(key, e.Hash)
		f["entries"], f["values"], f["keys"] = []forgedEntry{e}, []any{}, []any{}
		f["devices"] = []map[string]string{{"device": dev, "key": pubHex(key)}}
		writeForged(t, path, f)
		return "made-up device", path
	}
}

func write(t *testing.T, path string, b []byte) string {
	t.Helper()
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// withSum puts the magic line and a correct checksum before gzip bytes.
func withSum(gz []byte) []byte {
	sum := sha256.Sum256(gz)
	return append(append([]byte(syncMagic+hex.EncodeToString(sum[:])), '\n'), gz...)
}

package ledger

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

// TestSyncRandom: three copies make random changes from small pools (so
// they often touch the same households and people) and exchange random
// files (whole, or --for a peer) at random moments, importing some twice
// and some out of order. Every write checks the whole ledger first (small
// files get the full vol check before each write), so a register that
// drifts from its replay fails at once; at the end every copy gets
// everything and all must hold the same register.
func TestSyncRandom(t *testing.T) {
	t.Parallel()
	seeds, steps := 6, 60
	if testing.Short() {
		seeds = 2
	}
	if os.Getenv("VOL_SYNC_STRESS") != "" {
		seeds, steps = 40, 200
	}
	first := 0
	if s := os.Getenv("VOL_SYNC_SEED"); s != "" {
		fmt.Sscan(s, &first)
		seeds = first + 1
	}
	for seed := first; seed < seeds; seed++ {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			t.Parallel()
			syncRandom(t, uint64(seed), steps)
		})
	}
}

func syncRandom(t *testing.T, seed uint64, steps int) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(seed, 9))
	dir := t.TempDir()
	mk := func(name string) *copyOf {
		m := Meta{Who: "coordinator " + name, Command: "init", At: time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)}
		db, err := Create(ctx, filepath.Join(dir, name+".db"), Options{Seed: fmt.Sprint("random-", seed, name)}, m, "凯旋华庭", 60)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return &copyOf{name: name, db: db, m: m}
	}
	a := mk("a")
	base := a.export(t, dir, "base.volsync", nil)
	copies := []*copyOf{a, mk("b"), mk("c")}
	for _, c := range copies[1:] {
		c.load(t, base, SyncImportOptions{Adopt: true})
	}
	introduce(t, copies...)
	names := []string{"王芳", "李强", "张敏", "刘洋"}
	var files []string
	for step := 0; step < steps; step++ {
		c := copies[rng.IntN(3)]
		if rng.IntN(4) == 0 && step > 0 {
			// Hand a file over: whole, or --for a known peer.
			to := copies[rng.IntN(3)]
			if to == c {
				continue
			}
			opt := SyncExportOptions{}
			if id, _ := to.db.Identity(ctx); rng.IntN(2) == 0 {
				opt.For = id.DeviceID
			}
			path := filepath.Join(dir, fmt.Sprintf("f%d.volsync", step))
			if _, err := c.db.SyncExport(ctx, path, opt, c.m.At); err != nil && !errors.Is(err, ErrNotFound) {
				t.Fatalf("step %d: export: %v", step, err)
			} else if err == nil {
				files = append(files, path)
				sameAsDryRun(t, step, to, path)
			}
			if len(files) > 1 && rng.IntN(3) == 0 { // an old file again, anywhere
				sameAsDryRun(t, step, copies[rng.IntN(3)], files[rng.IntN(len(files))])
			}
			continue
		}
		addr := Address{Building: fmt.Sprint(1 + rng.IntN(2)), Room: fmt.Sprint(101 + rng.IntN(3))}
		name := names[rng.IntN(len(names))]
		c.n++
		c.m.At = time.Date(2026, 11, 28, 9, 0, c.n, 0, time.UTC)
		op := rng.IntN(11)
		c.m.Command = fmt.Sprint("random ", op)
		var err error
		switch op {
		case 8: // undo this copy's newest change
			_, err = c.db.Undo(ctx, c.m, "")
			if errors.Is(err, ErrCannotUndo) {
				err = nil
			}
		case 9: // settle an open conflict
			cs, cerr := c.db.Conflicts(ctx, false)
			if cerr != nil {
				t.Fatal(cerr)
			}
			if len(cs) == 0 {
				continue
			}
			k := cs[rng.IntN(len(cs))]
			choices := Choices[k.Kind]
			_, err = c.db.Write(ctx, c.m, func(tx *Tx) error {
				_, err := tx.Resolve(k.ID, choices[rng.IntN(len(choices))], "")
				return err
			})
		case 10: // the compound's name, edited on several copies
			_, err = c.db.Write(ctx, c.m, func(tx *Tx) error { return tx.SetSetting(SettingCompound, fmt.Sprint("凯旋华庭", rng.IntN(3))) })
		}
		if op >= 8 {
			if err != nil && !errors.Is(err, ErrInvalid) && !errors.Is(err, ErrNotFound) {
				probs, _ := c.db.Check(ctx)
				t.Fatalf("step %d: %s on %s: %v (check: %v)", step, c.m.Command, c.name, err, probs)
			}
			continue
		}
		if op == 4 {
			c.m.Command = "erase" // as vol erase names it
		}
		_, err = c.db.Write(ctx, c.m, func(tx *Tx) error {
			h, err := tx.HouseholdAt(addr)
			if errors.Is(err, ErrNotFound) {
				if h, err = tx.AddHousehold(addr); err != nil {
					return err
				}
			} else if err != nil {
				return err
			}
			p, perr := tx.FindPerson(h, name, "1950")
			switch op {
			case 0, 1:
				if perr != nil {
					_, err = tx.AddPerson(PersonFields{HouseholdID: h, Name: name, Birth: "1950", Role: RoleResident, Present: true, Volunteer: rng.IntN(2) == 0})
				}
			case 2:
				if perr == nil {
					err = tx.SetPerson(p, PersonChange{Phone: strp(fmt.Sprintf("1380000%04d", rng.IntN(10000)))})
				}
			case 3:
				if perr == nil {
					present := rng.IntN(2) == 0
					err = tx.SetPerson(p, PersonChange{Present: &present})
				}
			case 4:
				if perr == nil && rng.IntN(3) == 0 {
					err = tx.Erase(p, "asked", true)
				}
			case 5:
				_, err = tx.CommitRound(Round{On: "2026-11-28", Item: "surplus", Rules: "old-way", Packs: 1, Basis: "surplus", Given: 1, Tiers: "[]",
					Lines: []RoundLine{{Tier: "elders", Unit: "household", Claimant: h, HouseholdID: h, Packs: 1, Position: 1, Of: 1}}})
			case 6:
				if perr == nil {
					_, err = tx.AddPairing(h, p, "2026-11-28", "{}")
				}
			case 7:
				if perr == nil && rng.IntN(2) == 0 {
					err = tx.RemovePerson(p)
				}
			}
			return err
		})
		if err != nil && !errors.Is(err, ErrInvalid) && !errors.Is(err, ErrDuplicate) && !errors.Is(err, ErrInUse) && !errors.Is(err, ErrErased) {
			probs, _ := c.db.Check(ctx)
			if os.Getenv("VOL_SYNC_DEBUG") != "" {
				debugJournal(t, c)
			}
			t.Fatalf("step %d: %s on %s: %v (check: %v)", step, c.m.Command, c.name, err, probs)
		}
	}
	spread(t, dir, copies...)
	cs, err := a.db.Conflicts(ctx, true)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, c := range cs {
		kinds[c.Kind]++
	}
	es, _ := a.db.Entries(ctx, 0)
	t.Logf("%d entries, %d files, conflicts %v", len(es), len(files), kinds)
}

func debugJournal(t *testing.T, c *copyOf) {
	es, _ := c.db.Entries(context.Background(), 0)
	for i := len(es) - 1; i >= 0; i-- {
		e := es[i]
		fmt.Printf("%s %s seq=%d l=%d %s %s\n", short(e.ID), short(e.Device), e.Seq, e.Lamport, e.Command, e.OpsText)
	}
	rows, _ := c.db.sql.Query(`SELECT id, into_id FROM person_merges`)
	for rows.Next() {
		var a, b string
		rows.Scan(&a, &b)
		fmt.Println("merge", a, "->", b)
	}
	rows.Close()
}

// sameAsDryRun imports a file after a dry run of it, and fails when the dry
// run did not say exactly what the import did (issue 15, item 8).
func sameAsDryRun(t *testing.T, step int, c *copyOf, path string) {
	t.Helper()
	dry := c.load(t, path, SyncImportOptions{DryRun: true})
	real := c.load(t, path, SyncImportOptions{})
	dry.Applied, real.Applied = 0, 0
	if !reflect.DeepEqual(dry, real) {
		t.Fatalf("step %d: %s: dry run %+v\nimport  %+v", step, filepath.Base(path), dry, real)
	}
}

package ledger

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"
)

// decideLedger is a ledger with two elder households, a volunteer and two
// open medicine requests.
func decideLedger(t *testing.T) (db *DB, elder, other, vol string, reqs []string) {
	t.Helper()
	ctx := context.Background()
	m := Meta{Who: "tester", Command: "init", At: time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)}
	db, err := Create(ctx, filepath.Join(t.TempDir(), "l.db"), Options{Seed: "decide"}, m, "decide", 60)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	m.Command = "setup"
	_, err = db.Write(ctx, m, func(tx *Tx) error {
		if elder, err = tx.AddHousehold(Address{Building: "1", Room: "101"}); err != nil {
			return err
		}
		if other, err = tx.AddHousehold(Address{Building: "1", Room: "102"}); err != nil {
			return err
		}
		h, err := tx.AddHousehold(Address{Building: "2", Room: "201"})
		if err != nil {
			return err
		}
		if vol, err = tx.AddPerson(PersonFields{Name: "志愿", HouseholdID: h, Role: RoleResident, Present: true, Volunteer: true}); err != nil {
			return err
		}
		for _, d := range []string{"降压药", "胰岛素"} {
			id, err := tx.AddMedRequest(elder, "", d, 1, "", false)
			if err != nil {
				return err
			}
			reqs = append(reqs, id)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return db, elder, other, vol, reqs
}

// TestAddMedRunRechecks: a request planned by a run that wrote first is
// refused, whole, by a second run, as is one already got.
func TestAddMedRunRechecks(t *testing.T) {
	ctx := context.Background()
	db, _, _, _, reqs := decideLedger(t)
	m := Meta{Who: "tester", Command: "med run plan", At: time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC)}
	var run string
	if _, err := db.Write(ctx, m, func(tx *Tx) (err error) { run, err = tx.AddMedRun("", "", reqs[:1]); return err }); err != nil {
		t.Fatal(err)
	}
	before, _ := db.Head(ctx)
	_, err := db.Write(ctx, m, func(tx *Tx) error { _, err := tx.AddMedRun("", "", reqs); return err })
	if !errors.Is(err, ErrInvalid) {
		t.Fatalf("second run over a planned request: %v, want ErrInvalid", err)
	}
	if after, _ := db.Head(ctx); after != before {
		t.Fatalf("a refused run wrote (journal %d -> %d)", before, after)
	}
	// Once got (and its run closed), it is no longer waiting either.
	runs, err := db.MedRuns(ctx)
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.Write(ctx, m, func(tx *Tx) error {
		if err := tx.SetMedOutcome(run, runs[0].Items[0].ID, reqs[0], "got", ""); err != nil {
			return err
		}
		return tx.CloseMedRun(run, "")
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Write(ctx, m, func(tx *Tx) error { _, err := tx.AddMedRun("", "", reqs[:1]); return err }); !errors.Is(err, ErrInvalid) {
		t.Fatalf("a run over a request got: %v, want ErrInvalid", err)
	}
	if _, err := db.Write(ctx, m, func(tx *Tx) error { _, err := tx.AddMedRun("", "", reqs[1:]); return err }); err != nil {
		t.Fatalf("the other request is still waiting: %v", err)
	}
}

// TestAddPairingRechecks: a household with a current pairing is not paired
// again until it ends.
func TestAddPairingRechecks(t *testing.T) {
	ctx := context.Background()
	db, elder, other, vol, _ := decideLedger(t)
	m := Meta{Who: "tester", Command: "pair set", At: time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC)}
	var id string
	if _, err := db.Write(ctx, m, func(tx *Tx) (err error) { id, err = tx.AddPairing(elder, vol, "2026-11-28", "{}"); return err }); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Write(ctx, m, func(tx *Tx) error { _, err := tx.AddPairing(elder, vol, "2026-11-28", "{}"); return err }); !errors.Is(err, ErrInvalid) {
		t.Fatalf("pairing a paired household: %v, want ErrInvalid", err)
	}
	if _, err := db.Write(ctx, m, func(tx *Tx) error { _, err := tx.AddPairing(other, vol, "2026-11-28", "{}"); return err }); err != nil {
		t.Fatalf("another household: %v", err)
	}
	_, err := db.Write(ctx, m, func(tx *Tx) error {
		if err := tx.EndPairing(id, "2026-11-29", "moved"); err != nil {
			return err
		}
		_, err := tx.AddPairing(elder, vol, "2026-11-29", "{}")
		return err
	})
	if err != nil {
		t.Fatalf("re-pairing after the end: %v", err)
	}
}

// TestViewInsideWrite: a Tx's View sees the write's own rows, and the DB's
// View sees them only after the commit.
func TestViewInsideWrite(t *testing.T) {
	ctx := context.Background()
	db, elder, _, vol, _ := decideLedger(t)
	m := Meta{Who: "tester", Command: "pair set", At: time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC)}
	_, err := db.Write(ctx, m, func(tx *Tx) error {
		if _, err := tx.AddPairing(elder, vol, "2026-11-28", "{}"); err != nil {
			return err
		}
		ps, err := tx.Pairings(ctx, true)
		if err != nil || len(ps) != 1 {
			t.Errorf("inside the write: %d pairings (%v), want 1", len(ps), err)
		}
		return errors.New("roll back")
	})
	if err == nil {
		t.Fatal("want the write rolled back")
	}
	if ps, err := db.Pairings(ctx, true); err != nil || len(ps) != 0 {
		t.Fatalf("after the rollback: %d pairings (%v), want 0", len(ps), err)
	}
}

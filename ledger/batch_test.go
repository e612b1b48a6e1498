package ledger

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"
)

// TestBatchWrite: a change larger than one entry holds is written as a
// batch of entries in one transaction; the chains verify, replay matches,
// and undo reverses the whole batch.
func TestBatchWrite(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	m := Meta{Who: "tester", Command: "init", At: time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)}
	db, err := Create(ctx, filepath.Join(t.TempDir(), "l.db"), Options{Seed: "batch"}, m, "batch", 60)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	n := chunkOps*2 + 10
	m.Command = "household add"
	first, err := db.Write(ctx, m, func(tx *Tx) error {
		for i := range n {
			if _, err := tx.AddHousehold(Address{Building: fmt.Sprint(1 + i/1000), Room: fmt.Sprint(101 + i%1000)}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	es, err := db.Entries(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != 4 { // init + three parts
		t.Fatalf("%d entries, want 4", len(es))
	}
	for _, e := range es[:3] {
		if e.Batch != first.ID {
			t.Errorf("entry %s has batch %q, want %q", e.ID, e.Batch, first.ID)
		}
	}
	if probs, err := db.Check(ctx); err != nil || len(probs) > 0 {
		t.Fatalf("check: %v %v", probs, err)
	}
	m.Command = "undo"
	if _, err := db.Undo(ctx, m, Short(es[1].ID)); err != nil { // naming a middle part undoes the batch
		t.Fatal(err)
	}
	hs, err := db.Households(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(hs) != 0 {
		t.Errorf("%d households left after undoing the batch, want 0", len(hs))
	}
	if probs, err := db.Check(ctx); err != nil || len(probs) > 0 {
		t.Fatalf("check after undo: %v %v", probs, err)
	}
	if _, err := db.Undo(ctx, m, Short(es[2].ID)); err == nil {
		t.Errorf("undoing a reversed batch again succeeded")
	}
}

package ledger

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"
	"time"
)

// TestSeedMakesNoSecrets: VOL_SEED makes IDs reproducible, never keys: two
// ledgers made with one seed have the same IDs and different keys.
func TestSeedMakesNoSecrets(t *testing.T) {
	ctx := context.Background()
	m := Meta{Who: "tester", Command: "init", At: time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)}
	var ids []string
	var keys [][]byte
	for i := range 2 {
		db, err := Create(ctx, filepath.Join(t.TempDir(), "l.db"), Options{Seed: "same"}, m, "seeded", 60)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var id string
		_, err = db.Write(ctx, m, func(tx *Tx) (err error) {
			id, err = tx.AddPerson(PersonFields{Name: "王秀英", Role: RolePropertyStaff, Present: true})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		var key []byte
		if err := db.sql.QueryRow(`SELECT key FROM pkeys WHERE subject = ?`, id).Scan(&key); err != nil {
			t.Fatalf("ledger %d: %v", i, err)
		}
		ids, keys = append(ids, id), append(keys, key)
	}
	if ids[0] != ids[1] {
		t.Errorf("IDs %s and %s: a seed makes IDs reproducible", ids[0], ids[1])
	}
	if bytes.Equal(keys[0], keys[1]) || len(keys[0]) != 32 {
		t.Errorf("the same seed gave the same 32-byte key twice: keys are secrets")
	}
}

package ledger

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// newTestLedger creates a ledger at path with one household.
func newTestLedger(t *testing.T, path string) (*DB, Meta) {
	t.Helper()
	ctx := context.Background()
	m := Meta{Who: "tester", Command: "init", At: time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)}
	db, err := Create(ctx, path, Options{Seed: "backup"}, m, "凯旋华庭", 60)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	m.Command = "household add"
	if _, err := db.Write(ctx, m, func(tx *Tx) error { _, err := tx.AddHousehold(Address{Building: "1", Room: "101"}); return err }); err != nil {
		t.Fatal(err)
	}
	return db, m
}

// TestNewestBackupOddNames: a ledger in a folder, or under a name, that
// filepath.Glob reads as a pattern still finds its newest backup.
func TestNewestBackupOddNames(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, tc := range []struct{ folder, file string }{
		{"plain", "ledger.db"},
		{"site [1]", "ledger.db"},
		{"site", "ledger[a-z].db"},
		{"*", "l*.db"},
	} {
		t.Run(tc.folder+"/"+tc.file, func(t *testing.T) {
			t.Parallel()
			dir := filepath.Join(t.TempDir(), tc.folder)
			if err := os.Mkdir(dir, 0o700); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, tc.file)
			db, m := newTestLedger(t, path)
			if got := NewestBackup(path); got != "" {
				t.Fatalf("NewestBackup before any backup = %q, want none", got)
			}
			var want string
			for i := range 2 {
				at := m.At.Add(time.Duration(i) * time.Hour)
				want = db.DefaultBackupPath(at, false)
				if err := db.Backup(ctx, want, BackupOptions{}, at); err != nil {
					t.Fatal(err)
				}
			}
			if got := NewestBackup(path); got != want {
				t.Errorf("NewestBackup = %q, want %q", got, want)
			}
		})
	}
}

// TestRestoreBadPurgeCutoff: a medicine purge of the replaced ledger whose
// cutoff does not read stops the restore before anything is replaced
// (it was skipped, so purged values could come back).
func TestRestoreBadPurgeCutoff(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "ledger.db")
	db, m := newTestLedger(t, path)
	backup := filepath.Join(dir, "backup.db")
	if err := db.Backup(ctx, backup, BackupOptions{}, m.At); err != nil {
		t.Fatal(err)
	}
	if _, err := db.sql.ExecContext(ctx, `INSERT INTO med_purges (id, at, cutoff, requests) VALUES ('p', '2026-11-28T10:00:00Z', 'last spring', 0)`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.sql.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	kept, _, err := Restore(ctx, path, backup, "", Options{}, m)
	if !errors.Is(err, ErrCorrupt) {
		t.Fatalf("Restore with a purge cutoff that does not read: %v, want ErrCorrupt", err)
	}
	if kept != "" {
		t.Errorf("the ledger was replaced (kept as %s)", kept)
	}
	if after, err := os.ReadFile(path); err != nil || !bytes.Equal(after, before) {
		t.Errorf("the ledger changed (%v)", err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		switch e.Name() {
		case "ledger.db", "ledger.db-wal", "ledger.db-shm", "backup.db":
		default:
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

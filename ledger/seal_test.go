package ledger

import (
	"context"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestSeal: a checked write leaves the file sealed (in memory for the
// next write, beside the ledger once closed); a change behind vol's back
// (here a value no index covers, which only the replay finds) breaks the
// seal, so the next write runs the whole check and refuses; a change made
// after vol's write and before its close leaves no seal; a damaged seal is
// no seal.
func TestSeal(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "l.db")
	m := Meta{Who: "tester", Command: "init", At: time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)}
	db, err := Create(ctx, path, Options{Seed: "seal"}, m, "seal", 60)
	if err != nil {
		t.Fatal(err)
	}
	m.Command = "household add"
	room := 100
	add := func(db *DB) error {
		room++
		_, err := db.Write(ctx, m, func(tx *Tx) error {
			_, err := tx.AddHousehold(Address{Building: "1", Room: fmt.Sprint(room)})
			return err
		})
		return err
	}
	if err := add(db); err != nil {
		t.Fatal(err)
	}
	if !db.sealed(db.sql) {
		t.Fatal("not sealed after a write")
	}
	if err := add(db); err != nil { // the second write of one command
		t.Fatal(err)
	}
	// Another connection's commit between two writes of one command: the
	// next write is not taken as sealed (PRAGMA data_version moved).
	behindBack(t, path, `UPDATE households SET area = area`)
	if db.sealed(db.sql) {
		t.Fatal("sealed after another connection's commit within the command")
	}
	if err := add(db); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(sealPath(path))
	if err != nil {
		t.Fatal(err)
	}
	d, err := fileDigest(path)
	if err != nil || strings.TrimSpace(string(b)) != hex.EncodeToString(d) {
		t.Fatalf("seal %q, file %x (%v)", b, d, err)
	}
	if fi, err := os.Stat(sealPath(path)); err != nil || fi.Mode().Perm()&0o077 != 0 {
		t.Errorf("seal mode %v (%v)", fi.Mode(), err)
	}

	// Opened again: sealed by the file; still sealed after a read.
	db, err = Open(ctx, path, Options{Seed: "seal"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Entries(ctx, 0); err != nil {
		t.Fatal(err)
	}
	if !db.sealed(db.sql) {
		t.Fatal("not sealed when opened again")
	}
	if err := add(db); err != nil {
		t.Fatal(err)
	}
	// Changed between the write and the close: no seal is left.
	behindBack(t, path, `UPDATE households SET area = area`) // a write, even of the same values
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(sealPath(path)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a seal was left after a change behind vol's back: %v", err)
	}

	// A clean write seals again; then a value no index covers is changed:
	// the next write checks in full and refuses, and the file stays.
	db, err = Open(ctx, path, Options{Seed: "seal"})
	if err != nil {
		t.Fatal(err)
	}
	if err := add(db); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	behindBack(t, path, `UPDATE households SET room = room || 'x' WHERE room = '101'`)
	db, err = Open(ctx, path, Options{Seed: "seal"})
	if err != nil {
		t.Fatal(err)
	}
	if db.sealed(db.sql) {
		t.Fatal("sealed after a change behind vol's back")
	}
	if err := add(db); !errors.Is(err, ErrCorrupt) {
		t.Errorf("a write after a change behind vol's back: %v, want ErrCorrupt", err)
	}
	db.Close()

	// A damaged seal is no seal.
	if err := os.WriteFile(sealPath(path), []byte("not a digest"), 0o600); err != nil {
		t.Fatal(err)
	}
	db, err = Open(ctx, path, Options{Seed: "seal"})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if db.sealed(db.sql) {
		t.Error("sealed by a damaged seal")
	}
}

// behindBack runs a statement on the file as another program would.
func behindBack(t *testing.T, path, stmt string) {
	t.Helper()
	s, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Exec(stmt); err != nil {
		t.Fatal(err)
	}
}

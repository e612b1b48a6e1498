package main

import (
	"crypto/sha256"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestOutputsNeverOverwriteTheLedger: every command that writes a file
// refuses a path that is the ledger or one of its companions, by name, by
// symbolic link or as an earlier backup, and leaves the ledger as it was.
func TestOutputsNeverOverwriteTheLedger(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "ledger.db")
	volAt(t, db, "demo", "--db", db)
	volAt(t, db, "alloc", "--commit")
	round := regexp.MustCompile(`"id": "([0-9a-f-]{36})"`).FindStringSubmatch(volAt(t, db, "rounds", "--json"))[1]
	backup := filepath.Join(dir, "earlier.db")
	volAt(t, db, "backup", backup)
	link := filepath.Join(dir, "innocent.xlsx")
	if err := os.Symlink(db, link); err != nil {
		t.Fatal(err)
	}
	csvDir := filepath.Join(dir, "csv")
	if err := os.Mkdir(csvDir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(db, filepath.Join(csvDir, "people.csv")); err != nil {
		t.Fatal(err)
	}
	sheetPath := filepath.Join(dir, "r.csv")
	if err := os.WriteFile(sheetPath, []byte("楼号,单元,室号,姓名\n1,1,101,何鹏\n1,1,101,\u202e\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(db, sheetPath+".rejects.csv"); err != nil {
		t.Fatal(err)
	}
	before := fileSum(t, db)
	for _, args := range [][]string{
		{"export", "-o", db},
		{"export", "-o", link},
		{"export", "-o", db + "-wal"},
		{"export", "--format", "csv", "--table", "people", "-o", db},
		{"export", "--format", "csv", "-o", csvDir},
		{"sync", "export", "-o", db},
		{"report", "-o", db},
		{"report", "-o", link},
		{"sync", "export", "-o", link},
		{"round", "sheet", round, "-o", db},
		{"round", "sheet", round, "-o", db + "-shm"},
		{"backup", db},
		{"backup", backup},
		{"backup", link},
		{"import", "--skip-bad", sheetPath},
	} {
		code, _, errOut := runVol(t, db, args...)
		if code != 1 || !strings.Contains(errOut, "the ledger's own file") || strings.Count(errOut, "\n") != 1 {
			t.Errorf("vol %s: exit %d, stderr %q; want exit 1 and one line refusing the ledger's own file", strings.Join(args, " "), code, errOut)
		}
		if got := fileSum(t, db); got != before {
			t.Fatalf("vol %s changed the ledger", strings.Join(args, " "))
		}
	}
	volAt(t, db, "check")
}

func fileSum(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

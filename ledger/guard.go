package ledger

import (
	"context"
	"os"
	"path/filepath"
	"strings"
)

// ErrOwnFile is wrapped when a command is asked to write its output over
// the ledger or one of its companions.
var ErrOwnFile = errFieldless("the ledger's own file")

type errFieldless string

func (e errFieldless) Error() string { return string(e) }

// CheckOutput refuses an output path that is the ledger itself, its WAL or
// shared-memory file, a copy kept by vol restore (.replaced-*), or a
// backup this ledger took, by the files' identities (os.SameFile: through
// symbolic links, hard links and case-insensitive names), so no export,
// sheet or sync file is ever written over them. field names the flag or
// argument for the error. A path that does not exist yet is always fine.
func (db *DB) CheckOutput(ctx context.Context, field, path string) error {
	out, err := os.Stat(path)
	if err != nil {
		return nil // nothing there to overwrite
	}
	own := []string{db.path, db.path + "-wal", db.path + "-shm", sealPath(db.path)}
	if es, err := os.ReadDir(filepath.Dir(db.path)); err == nil {
		prefix := filepath.Base(db.path) + ".replaced-"
		for _, e := range es {
			if strings.HasPrefix(e.Name(), prefix) {
				own = append(own, filepath.Join(filepath.Dir(db.path), e.Name()))
			}
		}
	}
	backups, err := db.Backups(ctx)
	if err != nil {
		return err
	}
	for _, b := range backups {
		own = append(own, b.Path)
	}
	for _, p := range own {
		if st, err := os.Stat(p); err == nil && os.SameFile(out, st) {
			return &FieldError{Field: field, Value: path, Err: ErrOwnFile,
				Want: T("a new file, not the ledger, its -wal or -shm file, a replaced copy or a backup")}
		}
	}
	return nil
}

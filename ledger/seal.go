package ledger

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// The seal lets a write skip the check before it when the file is, byte
// for byte, as vol left it after its last checked write: a digest of the
// ledger file and its WAL in a file beside the ledger, "<ledger>-seal",
// written when the ledger is closed, for the next command. A file edited
// behind vol's back (the sqlite3 shell, a spreadsheet tool, flipped bytes
// on disk) no longer matches its seal and gets the whole check again, as it
// did before every write. Within one command, from its checked write to
// its close (or its next write), SQLite's PRAGMA data_version stands in for
// the digest: it changes when another connection, of any process, commits
// to the file; so a write hashes the file twice (before it, against the
// seal, and after closing, for the next seal), not four times. What that
// window does not see is bytes written into the file by something other
// than SQLite in the milliseconds between a command's write and its close.
// The seal is not a secret and not a defence against someone who rewrites
// it along with the file (nor are the journal's hashes against someone who
// recomputes them: README, What vol check detects); it only says "nothing
// changed since vol checked". Losing it costs one full check.

// sealSuffix names the seal beside the ledger.
const sealSuffix = "-seal"

// sealPath is the seal of the ledger at path.
func sealPath(path string) string { return path + sealSuffix }

// fileDigest hashes the ledger file and its WAL as they stand (a missing
// WAL as an empty one: SQLite deletes it when the last connection closes
// and makes an empty one when the next opens: both hash alike).
func fileDigest(path string) ([]byte, error) {
	h := sha256.New()
	for _, p := range []string{path, path + "-wal"} {
		f, err := os.Open(p)
		if errors.Is(err, fs.ErrNotExist) && p != path {
			h.Write([]byte{0})
			continue
		}
		if err != nil {
			return nil, err
		}
		if st, err := f.Stat(); err == nil && st.Size() == 0 && p != path {
			f.Close()
			h.Write([]byte{0})
			continue
		}
		n, err := io.Copy(h, f)
		f.Close()
		if err != nil {
			return nil, err
		}
		// The length ends each part, so the file's end and the WAL's start
		// cannot be traded.
		h.Write([]byte{1, byte(n), byte(n >> 8), byte(n >> 16), byte(n >> 24), byte(n >> 32), byte(n >> 40)})
	}
	return h.Sum(nil), nil
}

// sealed reports whether the file is as vol left it after a checked write:
// by this DB's last commit (no other connection committed since), or by
// the seal another command left. q is the connection's current user (the
// write's transaction: the DB has one connection).
func (db *DB) sealed(q querier) bool {
	if db.sealDue && db.unchangedSinceCommit(q) {
		return true
	}
	d, err := fileDigest(db.path)
	if err != nil {
		return false
	}
	b, err := os.ReadFile(sealPath(db.path))
	if err != nil || len(b) > 2*sha256.Size+1 {
		return false
	}
	want, err := hex.DecodeString(string(bytes.TrimSpace(b)))
	return err == nil && bytes.Equal(d, want)
}

// noteCommit remembers, after a checked write committed, SQLite's count of
// other connections' commits (nothing when the file is too large to be
// checked before writes).
func (db *DB) noteCommit() {
	db.sealDue = false
	if st, err := os.Stat(db.path); err != nil || st.Size() > quickCheckLimit {
		return
	}
	if v, err := readDataVersion(db.sql); err == nil {
		db.sealDue, db.dataVersion = true, v
	}
}

// readDataVersion reads PRAGMA data_version through q, on the DB's one
// connection.
func readDataVersion(q querier) (int64, error) {
	var v int64
	err := q.QueryRowContext(context.Background(), "PRAGMA data_version").Scan(&v)
	return v, err
}

// unchangedSinceCommit reports whether no other connection committed to
// the file since this DB's last checked write.
func (db *DB) unchangedSinceCommit(q querier) bool {
	v, err := readDataVersion(q)
	return err == nil && v == db.dataVersion
}

// closeSealed closes the SQL handle and, when this DB's last write left
// the file checked and no other connection committed since, writes the
// seal of the file as closing left it (the WAL folded in). Otherwise it
// removes a seal that could be stale.
func (db *DB) closeSealed() error {
	due := db.sealDue && db.unchangedSinceCommit(db.sql)
	err := db.sql.Close()
	if err != nil || !due {
		if db.sealDue {
			_ = os.Remove(sealPath(db.path)) // at worst the next write checks in full
		}
		return err
	}
	d, err := fileDigest(db.path)
	if err != nil {
		return nil // no seal: the next write checks in full
	}
	writeSeal(db.path, d)
	return nil
}

// writeSeal writes the seal by a rename, so a reader never sees half of
// one; not synced to disk: a seal lost to a power cut costs one check.
func writeSeal(path string, d []byte) {
	f, err := os.CreateTemp(filepath.Dir(path), tempName(".vol-seal-", ".tmp"))
	if err != nil {
		return
	}
	_, werr := f.WriteString(hex.EncodeToString(d) + "\n")
	cerr := f.Close()
	if werr != nil || cerr != nil || os.Rename(f.Name(), sealPath(path)) != nil {
		_ = os.Remove(f.Name())
	}
}

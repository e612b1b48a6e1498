package ledger

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"filippo.io/age"

	"vol/ledger/atomicfile"
)

// ageMagic starts every age-encrypted file.
const ageMagic = "age-encryption.org/v1"

// BackupOptions say how to protect a backup.
type BackupOptions struct {
	Passphrase string // encrypt with age (scrypt) when set
	WorkFactor int    // scrypt log2(N); 0 = age's default (18). Tests lower it.
}

// DefaultBackupPath is where vol backup writes when no file is named: a
// backups folder beside the ledger, one file per moment.
func (db *DB) DefaultBackupPath(at time.Time, encrypted bool) string {
	stem := strings.TrimSuffix(filepath.Base(db.path), filepath.Ext(db.path))
	name := stem + "-" + at.UTC().Format("20060102-150405") + ".db"
	if encrypted {
		name += ".age"
	}
	return filepath.Join(filepath.Dir(db.path), "backups", name)
}

// Backup writes a consistent copy of the ledger to dest: VACUUM INTO a
// private temporary file beside dest, a full check of the copy, fsync, then
// rename, so dest is either absent or a whole, checked ledger. With a
// passphrase the copy is encrypted (age, scrypt) before the rename.
func (db *DB) Backup(ctx context.Context, dest string, opt BackupOptions, at time.Time) error {
	dir := filepath.Dir(dest)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	if _, err := os.Stat(dest); err == nil {
		return Errorf("%s: %w", dest, ErrExists)
	}
	// The plain copy is made beside the ledger, never in dest's folder: an
	// encrypted backup headed for a USB stick must not leave a plaintext
	// copy there, even a deleted one.
	plainDir := dir
	if opt.Passphrase != "" {
		plainDir = filepath.Dir(db.path)
	}
	plain, err := atomicfile.NewTemp(plainDir, tempName(".vol-backup-", ".db"))
	if err != nil {
		return err
	}
	defer plain.Remove()
	if _, err := db.sql.ExecContext(ctx, "VACUUM INTO ?", plain.Name); err != nil {
		return Errorf("backup: %w", classify(err))
	}
	copyDB, err := Open(ctx, plain.Name, Options{})
	if err != nil {
		return Errorf("backup copy: %w", err)
	}
	probs, err := copyDB.Check(ctx)
	var lamport int64
	if err == nil {
		err = copyDB.sql.QueryRowContext(ctx, `SELECT coalesce(max(lamport), 0) FROM journal`).Scan(&lamport)
	}
	if err == nil {
		err = copyDB.keyForBackup(ctx, opt.Passphrase != "")
	}
	if err == nil {
		_, err = copyDB.sql.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
	}
	if cerr := copyDB.Close(); err == nil {
		err = cerr
	}
	os.Remove(plain.Name + "-wal")
	os.Remove(plain.Name + "-shm")
	os.Remove(sealPath(plain.Name))
	if err != nil {
		return Errorf("backup copy: %w", err)
	}
	if len(probs) > 0 {
		return Errorf("backup copy failed its check (%s): %w", probs[0], ErrCorrupt)
	}
	Crash("backup-mid")
	final := plain
	if opt.Passphrase != "" {
		enc, err := atomicfile.NewTemp(dir, tempName(".vol-backup-", ".age"))
		if err != nil {
			return err
		}
		defer enc.Remove()
		if err := encryptFile(plain.Name, enc, opt); err != nil {
			return err
		}
		final = enc
	}
	if err := final.Commit(dest, nil); err != nil {
		return err
	}
	_, err = db.sql.ExecContext(ctx, `INSERT OR REPLACE INTO backups (path, at, lamport, encrypted) VALUES (?, ?, ?, ?)`,
		absPath(dest), at.UTC().Format(time.RFC3339), lamport, b2i(opt.Passphrase != ""))
	return classify(err)
}

// keyForBackup prepares a backup copy: wherever it is put back, it is
// not this device any more (it takes a new device ID when it first writes),
// and a plain backup holds no private key (it is overwritten, not just
// unlinked): restoring it makes a new key the other copies must trust
// again. An encrypted backup keeps the key, so the restored copy hands over
// from this device with a signature (see deviceFor).
func (db *DB) keyForBackup(ctx context.Context, encrypted bool) error {
	if _, err := db.sql.ExecContext(ctx, `UPDATE meta SET value = 'backup' WHERE key = 'home'`); err != nil {
		return classify(err)
	}
	if encrypted {
		return nil
	}
	for _, q := range []string{"PRAGMA secure_delete = ON", `DELETE FROM meta WHERE key = 'device_key'`} {
		if _, err := db.sql.ExecContext(ctx, q); err != nil {
			return classify(err)
		}
	}
	return nil
}

// BackupInfo is one backup this copy of the ledger took.
type BackupInfo struct {
	Path      string
	At        string
	Encrypted bool
	Exists    bool
}

// Backups lists the backups this ledger took, newest first.
func (db *DB) Backups(ctx context.Context) ([]BackupInfo, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT path, at, encrypted FROM backups ORDER BY at DESC, path DESC`)
	if err != nil {
		return nil, classify(err)
	}
	defer rows.Close()
	out := []BackupInfo{}
	for rows.Next() {
		var b BackupInfo
		if err := rows.Scan(&b.Path, &b.At, &b.Encrypted); err != nil {
			return nil, classify(err)
		}
		_, serr := os.Stat(b.Path)
		b.Exists = serr == nil
		out = append(out, b)
	}
	return out, classify(rows.Err())
}

// NewestBackup names the newest backup of the ledger at path that still
// exists, read without opening the ledger (which may be damaged): "" when
// none is found (or the backups folder cannot be read).
func NewestBackup(path string) string {
	stem := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	dir := filepath.Join(filepath.Dir(path), "backups")
	// The names DefaultBackupPath gives: stem-YYYYMMDD-HHMMSS.db[.age].
	// Read from the folder rather than globbed: a folder or ledger name
	// with [ or * in it is a pattern to filepath.Glob, which then found
	// nothing, or the wrong files.
	entries, err := os.ReadDir(dir)
	if err != nil {
		return ""
	}
	newest := ""
	for _, e := range entries {
		name := e.Name()
		if rest, ok := strings.CutPrefix(name, stem+"-"); ok && strings.Contains(rest, ".db") && name > newest {
			newest = name
		}
	}
	if newest == "" {
		return ""
	}
	return filepath.Join(dir, newest)
}

// IsEncrypted reports whether a file is an age-encrypted backup.
func IsEncrypted(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, len(ageMagic))
	_, err = io.ReadFull(f, head)
	return err == nil && string(head) == ageMagic
}

// seal returns a writer that encrypts what it is given to w with a
// passphrase (age, scrypt; workFactor 0 keeps age's default). Close it to
// finish.
func seal(w io.Writer, passphrase string, workFactor int) (io.WriteCloser, error) {
	r, err := age.NewScryptRecipient(passphrase)
	if err != nil {
		return nil, err
	}
	if workFactor > 0 {
		r.SetWorkFactor(workFactor)
	}
	return age.Encrypt(w, r)
}

// unseal returns the plain text of an age file encrypted with a
// passphrase; any error means the passphrase does not open it.
func unseal(r io.Reader, passphrase string) (io.Reader, error) {
	id, err := age.NewScryptIdentity(passphrase)
	if err != nil {
		return nil, err
	}
	return age.Decrypt(r, id)
}

// encryptFile writes src encrypted (age, scrypt) into dst.
func encryptFile(src string, dst *atomicfile.Temp, opt BackupOptions) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	return dst.Fill(func(w io.Writer) error {
		sw, err := seal(w, opt.Passphrase, opt.WorkFactor)
		if err != nil {
			return err
		}
		if _, err := io.Copy(sw, in); err != nil {
			return err
		}
		return sw.Close()
	})
}

// ErrPassphrase: the passphrase does not open the backup.
var ErrPassphrase = Errorf("wrong passphrase, or not a vol backup")

// decryptFile writes the plain text of the backup src into dst.
func decryptFile(src string, dst *atomicfile.Temp, passphrase string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	r, err := unseal(bufio.NewReader(in), passphrase)
	if err != nil {
		return Errorf("%s: %w", src, ErrPassphrase)
	}
	return dst.Fill(func(w io.Writer) error {
		if _, err := io.Copy(w, r); err != nil {
			return Errorf("%s: %w", src, err)
		}
		return nil
	})
}

// Restore replaces the ledger at path with the backup src after checking
// it: the replaced ledger is kept beside it (its name is returned), the
// restored copy gets a new device ID when it next writes, and every erasure
// and medicine purge the replaced ledger recorded that the backup
// lacks is applied again, so restoring never brings erased data back.
func Restore(ctx context.Context, path, src, passphrase string, opt Options, m Meta) (kept string, reerased int, err error) {
	dir := filepath.Dir(path)
	candidate, err := atomicfile.NewTemp(dir, tempName(".vol-restore-", ".db"))
	if err != nil {
		return "", 0, err
	}
	defer func() {
		candidate.Remove()
		os.Remove(candidate.Name + "-wal")
		os.Remove(candidate.Name + "-shm")
		os.Remove(sealPath(candidate.Name))
	}()
	if IsEncrypted(src) {
		if passphrase == "" {
			return "", 0, Errorf("%s is encrypted: %w", src, ErrPassphrase)
		}
		if err := decryptFile(src, candidate, passphrase); err != nil {
			return "", 0, err
		}
	} else if err := copyFile(src, candidate); err != nil {
		return "", 0, err
	}
	check, err := Open(ctx, candidate.Name, Options{})
	if err != nil {
		return "", 0, Errorf("%s: %w", src, err)
	}
	probs, err := check.Check(ctx)
	if err == nil && len(probs) > 0 {
		err = Errorf("%s failed its check: %s", src, probs[0])
	}
	if err == nil {
		_, err = check.sql.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
	}
	if cerr := check.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", 0, err
	}
	// The erasures and purges the current ledger knows of, to apply again.
	// A ledger that does not open (damaged) is kept all the same, with its
	// WAL, so nothing is ever overwritten without a copy.
	var erased []erasure
	var purges []time.Time
	var stones []map[string]any
	if _, err := os.Stat(path); err == nil {
		if cur, err := Open(ctx, path, opt); err == nil {
			erased, err = cur.erasures(ctx)
			if err == nil {
				stones, err = cur.tombstones(ctx)
			}
			var cutoffs []string
			if err == nil {
				cutoffs, err = cur.purgeCutoffs(ctx)
			}
			// Read before anything is replaced: a cutoff that does not
			// read stops the restore, rather than a purge quietly not
			// applied again.
			for _, c := range cutoffs {
				at, perr := time.Parse(time.RFC3339, c)
				if perr != nil && err == nil {
					err = Errorf("%s: medicine purge cutoff %q: %w", path, c, ErrCorrupt)
				}
				purges = append(purges, at)
			}
			if err == nil {
				_, err = cur.sql.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
			}
			if cerr := cur.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				return "", 0, err
			}
		}
		kept = path + ".replaced-" + m.At.UTC().Format("20060102-150405")
		for _, suffix := range []string{"", "-wal", "-shm"} {
			if err := os.Rename(path+suffix, kept+suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
				return "", 0, err
			}
		}
		// The kept copy goes without its seal: one file beside the
		// ledger per restore, checked in full if it is ever opened.
		if err := os.Remove(sealPath(path)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return "", 0, err
		}
	}
	if err := candidate.Commit(path, nil); err != nil {
		return kept, 0, err
	}
	db, err := Open(ctx, path, opt)
	if err != nil {
		return kept, 0, err
	}
	defer func() {
		if cerr := db.Close(); err == nil {
			err = cerr
		}
	}()
	// A new home: the restored copy takes a new device ID when it next
	// writes, so it never reuses the sequence numbers the replaced one used.
	if _, err := db.sql.ExecContext(ctx, `UPDATE meta SET value = 'restored' WHERE key = 'home'`); err != nil {
		return kept, 0, classify(err)
	}
	have, err := db.erasures(ctx)
	if err != nil {
		return kept, 0, err
	}
	done := map[string]bool{}
	for _, e := range have {
		done[e.id] = true
	}
	m.Command = "erase"
	for _, e := range erased {
		if done[e.id] {
			continue
		}
		if _, err := db.Write(ctx, m, func(tx *Tx) error { return tx.eraseSubject(e.id, e.why) }); err != nil {
			return kept, reerased, err
		}
		reerased++
		// An erasure takes the person's merged twins with it: they are not
		// erased again, nor counted twice (the count is of people).
		now, err := db.erasures(ctx)
		if err != nil {
			return kept, reerased, err
		}
		for _, x := range now {
			done[x.id] = true
		}
	}
	// The tombstones of those erasures come back too, so a sheet still
	// listing the people does not add them again.
	if _, err := db.Write(ctx, m, func(tx *Tx) error {
		for _, st := range stones {
			id := st["id"].(string)
			delete(st, "id")
			if _, err := readRow(tx.ctx, cached{tx}, tTombstones, id); err == nil {
				continue
			}
			if err := tx.insert(tTombstones, id, st); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		return kept, reerased, err
	}
	for _, at := range purges {
		m.Command = "med purge"
		if _, err := db.Write(ctx, m, func(tx *Tx) error { _, err := tx.PurgeMed(at); return err }); err != nil {
			return kept, reerased, err
		}
	}
	if reerased > 0 || len(purges) > 0 {
		if err := db.Compact(ctx); err != nil {
			return kept, reerased, err
		}
	}
	return kept, reerased, nil
}

type erasure struct{ id, why string }

// tombstones reads every tombstone row, its id included.
func (db *DB) tombstones(ctx context.Context) ([]map[string]any, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT id, household_id, salt, mac FROM tombstones ORDER BY id`)
	if err != nil {
		return nil, classify(err)
	}
	defer rows.Close()
	var out []map[string]any
	for rows.Next() {
		var id, salt, mac string
		var household sql.NullString
		if err := rows.Scan(&id, &household, &salt, &mac); err != nil {
			return nil, classify(err)
		}
		st := map[string]any{"id": id, "salt": salt, "mac": mac, "household_id": nil}
		if household.Valid {
			st["household_id"] = household.String
		}
		out = append(out, st)
	}
	return out, classify(rows.Err())
}

func (db *DB) erasures(ctx context.Context) ([]erasure, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT e.id, coalesce(w.value, e.why) FROM erasures e
		LEFT JOIN pvalues w ON w.ref = e.why_ref ORDER BY e.id`)
	if err != nil {
		return nil, classify(err)
	}
	defer rows.Close()
	var out []erasure
	for rows.Next() {
		var e erasure
		if err := rows.Scan(&e.id, &e.why); err != nil {
			return nil, classify(err)
		}
		out = append(out, e)
	}
	return out, classify(rows.Err())
}

// copyFile copies the ledger src into dst, after checking it starts as
// a SQLite file does.
func copyFile(src string, dst *atomicfile.Temp) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	head := make([]byte, 16)
	if n, _ := io.ReadFull(in, head); n < 16 || !bytes.Equal(head, []byte("SQLite format 3\x00")) {
		return Errorf("%s: %w", src, ErrNotLedger)
	}
	if _, err := in.Seek(0, io.SeekStart); err != nil {
		return err
	}
	return dst.Fill(func(w io.Writer) error {
		_, err := io.Copy(w, in)
		return err
	})
}

func absPath(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}

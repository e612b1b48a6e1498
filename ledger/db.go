package ledger

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// ApplicationID is stamped in every ledger file's header ("vol1") so that vol
// refuses a SQLite file that is not one of its ledgers.
const ApplicationID = 0x766F6C31

// busyTimeout is how long a command waits for another vol holding the file.
const busyTimeout = 5 * time.Second

//go:embed migrations/*.sql
var migrationFS embed.FS

// DB is an open ledger file.
type DB struct {
	View // reads the file as it stands
	sql  *sql.DB
	path string
	seed string
	// mergeInArrivalOrder breaks the merge order rule on purpose (tests
	// only: the control that shows the convergence tests catch it). New
	// entries are then applied on top of the register as they arrive,
	// instead of the register being rebuilt from the union of the journals
	// in replay order.
	mergeInArrivalOrder bool
	// sealDue says this DB's last write left the file checked and the seal
	// file is to be written at Close, if dataVersion, SQLite's count of
	// commits by other connections read after that write, still holds
	// (seal.go).
	sealDue     bool
	dataVersion int64
}

// Options tune how a ledger is opened or created.
type Options struct {
	// Seed, when set, makes new IDs deterministic (tests, golden files and
	// scripted stories: VOL_SEED).
	Seed string
	// Timezone is the compound's time zone Create records (an IANA name).
	Timezone string
}

// DefaultPath is the ledger used when neither --db nor $VOL_DB is given:
// $XDG_DATA_HOME/vol/ledger.db, else %LOCALAPPDATA%\vol\ledger.db on Windows,
// else ~/.local/share/vol/ledger.db. getenv reads the environment (os.Getenv,
// or a test's); the home folder is os.UserHomeDir's. It returns an error
// only when the home folder is unknown.
func DefaultPath(getenv func(string) string) (string, error) {
	if d := getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "vol", "ledger.db"), nil
	}
	if runtime.GOOS == "windows" {
		if d := getenv("LOCALAPPDATA"); d != "" {
			return filepath.Join(d, "vol", "ledger.db"), nil
		}
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", Errorf("finding the default ledger: %w", err)
	}
	return filepath.Join(home, ".local", "share", "vol", "ledger.db"), nil
}

func dsn(path string) string {
	return path + "?_pragma=foreign_keys(1)&_pragma=busy_timeout(" +
		strconv.Itoa(int(busyTimeout/time.Millisecond)) + ")&_txlock=immediate"
}

func openSQL(path string) (*sql.DB, error) {
	s, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		return nil, err
	}
	// One connection: a command is one transaction, and pragmas stay simple.
	s.SetMaxOpenConns(1)
	return s, nil
}

// Open opens an existing ledger. It returns ErrNoLedger when path does not
// exist (it never creates one), ErrNotLedger for a file that is not a vol
// ledger, ErrTooNew for a file from a newer vol (left untouched).
func Open(ctx context.Context, path string, opt Options) (*DB, error) {
	st, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, Errorf("%s: %w", path, ErrNoLedger)
	}
	if err != nil {
		return nil, Errorf("%s: %w", path, err)
	}
	if st.IsDir() {
		return nil, Errorf("%s is a folder: %w", path, ErrNotLedger)
	}
	s, err := openSQL(path)
	if err != nil {
		return nil, err
	}
	db := &DB{View: View{q: s}, sql: s, path: path, seed: opt.Seed}
	if err := db.checkHeader(ctx); err != nil {
		s.Close()
		return nil, Errorf("%s: %w", path, err)
	}
	if err := db.migrate(ctx); err != nil {
		s.Close()
		return nil, Errorf("%s: %w", path, err)
	}
	return db, nil
}

// Create makes a new ledger file at path (mode 0600, its folder 0700 when
// vol creates it) and writes its first entry. It returns ErrExists when a
// file is already there.
func Create(ctx context.Context, path string, opt Options, m Meta, compound string, elderAge int) (*DB, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return nil, Errorf("%s: %w", path, ErrExists)
	}
	if err != nil {
		return nil, err
	}
	f.Close()
	db, err := create(ctx, path, opt, m, compound, elderAge)
	if err != nil {
		os.Remove(path)
		os.Remove(path + "-wal")
		os.Remove(path + "-shm")
		os.Remove(sealPath(path))
		return nil, err
	}
	return db, nil
}

func create(ctx context.Context, path string, opt Options, m Meta, compound string, elderAge int) (*DB, error) {
	s, err := openSQL(path)
	if err != nil {
		return nil, err
	}
	db := &DB{View: View{q: s}, sql: s, path: path, seed: opt.Seed}
	if _, err := s.ExecContext(ctx, fmt.Sprintf("PRAGMA application_id = %d", ApplicationID)); err != nil {
		s.Close()
		return nil, err
	}
	if _, err := s.ExecContext(ctx, "PRAGMA journal_mode = WAL"); err != nil {
		s.Close()
		return nil, err
	}
	if err := db.migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	ids := newIDSource(opt.Seed, "init", 0)
	ledgerID, deviceID := ids.next(m.At), ids.next(m.At)
	key, err := newKey()
	if err != nil {
		s.Close()
		return nil, err
	}
	_, err = s.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES ('ledger_id', ?), ('device_id', ?), ('created', ?), ('home', ?),
		('device_key', ?), ('trust_ready', '1')`,
		ledgerID, deviceID, m.At.UTC().Format(time.RFC3339), home(path), encodeKey(key))
	if err != nil {
		s.Close()
		return nil, err
	}
	m.Command = "init"
	_, err = db.Write(ctx, m, func(tx *Tx) error {
		if err := tx.announceKey(); err != nil {
			return err
		}
		if err := tx.SetSetting(SettingCompound, compound); err != nil {
			return err
		}
		if opt.Timezone != "" {
			if err := tx.SetSetting(SettingTimezone, opt.Timezone); err != nil {
				return err
			}
		}
		return tx.SetSetting(SettingElderAge, strconv.Itoa(elderAge))
	})
	if err != nil {
		s.Close()
		return nil, err
	}
	return db, nil
}

// home names where this copy of the ledger lives: its absolute path and the
// machine. A file found elsewhere is a copy (or was moved) and must not go on
// writing under the original's device ID.
func home(path string) string {
	abs, err := filepath.Abs(path)
	if err == nil {
		if real, err := filepath.EvalSymlinks(abs); err == nil {
			abs = real
		}
	}
	host, _ := os.Hostname()
	return abs + "\x00" + host
}

// Close closes the file.
func (db *DB) Close() error { return db.closeSealed() }

// Path is the file this ledger lives in.
func (db *DB) Path() string { return db.path }

func (db *DB) checkHeader(ctx context.Context) error {
	var appID int64
	if err := db.sql.QueryRowContext(ctx, "PRAGMA application_id").Scan(&appID); err != nil {
		return classify(err)
	}
	if appID != ApplicationID {
		return ErrNotLedger
	}
	v, err := db.userVersion(ctx)
	if err != nil {
		return err
	}
	if v > len(migrations()) {
		return Errorf("schema version %d, this vol knows %d: %w", v, len(migrations()), ErrTooNew)
	}
	var mode string
	if err := db.sql.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		return classify(err)
	}
	if mode != "wal" {
		if _, err := db.sql.ExecContext(ctx, "PRAGMA journal_mode = WAL"); err != nil {
			return classify(err)
		}
	}
	return nil
}

func (db *DB) userVersion(ctx context.Context) (int, error) {
	var v int
	err := db.sql.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v)
	return v, classify(err)
}

// migrations returns the embedded migration files in order.
func migrations() []string {
	names, _ := fs.Glob(migrationFS, "migrations/*.sql")
	sort.Strings(names)
	return names
}

// migrate applies each pending migration in its own immediate transaction
// together with its user_version bump.
func (db *DB) migrate(ctx context.Context) error {
	return migrateSQL(ctx, db.sql)
}

func migrateSQL(ctx context.Context, s *sql.DB) error {
	names := migrations()
	var v int
	if err := s.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return classify(err)
	}
	if v >= len(names) {
		return nil // up to date, as every ledger is but once per vol upgrade: one read
	}
	for i, name := range names {
		var v int
		if err := s.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
			return classify(err)
		}
		if v > i {
			continue
		}
		body, err := migrationFS.ReadFile(name)
		if err != nil {
			return err
		}
		tx, err := s.BeginTx(ctx, nil)
		if err != nil {
			return classify(err)
		}
		if _, err := tx.ExecContext(ctx, string(body)); err != nil {
			tx.Rollback()
			return Errorf("migration %s: %w", name, classify(err))
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", i+1)); err != nil {
			tx.Rollback()
			return classify(err)
		}
		if err := tx.Commit(); err != nil {
			return classify(err)
		}
	}
	return nil
}

// classify turns SQLite's errors into the package's sentinels where one fits.
func classify(err error) error {
	if err == nil {
		return nil
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			return ErrBusy
		case sqlite3.SQLITE_NOTADB:
			return ErrNotLedger
		case sqlite3.SQLITE_CORRUPT:
			return ErrCorrupt
		case sqlite3.SQLITE_READONLY:
			return ErrReadOnly
		case sqlite3.SQLITE_FULL:
			return Errorf("%w (the disk is full)", ErrIO)
		case sqlite3.SQLITE_IOERR:
			return Errorf("%w (SQLite I/O error %d)", ErrIO, se.Code())
		case sqlite3.SQLITE_CONSTRAINT:
			msg := err.Error()
			if strings.Contains(msg, "UNIQUE") || strings.Contains(msg, "PRIMARY KEY") {
				return ErrDuplicate
			}
			if strings.Contains(msg, "FOREIGN KEY") {
				return Errorf("other rows refer to it: %w", ErrInUse)
			}
		}
	}
	return err
}

// Meta says who makes a change, when, and with which command.
type Meta struct {
	Who     string
	Command string
	At      time.Time
}

func (db *DB) meta(ctx context.Context, q querier, key string) (string, error) {
	var v string
	err := q.QueryRowContext(ctx, "SELECT value FROM meta WHERE key = ?", key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", Errorf("the file lacks its %q record: %w", key, ErrNotLedger)
	}
	return v, classify(err)
}

// Identity is the ledger's and this copy's identity.
type Identity struct {
	LedgerID, DeviceID string
}

// Identity reads the ledger and device IDs.
func (db *DB) Identity(ctx context.Context) (Identity, error) {
	l, err := db.meta(ctx, db.sql, "ledger_id")
	if err != nil {
		return Identity{}, err
	}
	d, err := db.meta(ctx, db.sql, "device_id")
	return Identity{LedgerID: l, DeviceID: d}, err
}

type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

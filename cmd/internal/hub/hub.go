// Package hub is the street office's store of its compounds' daily reports
// (vol hub, issue 21): which compounds it trusts and by which keys, one
// report per compound and day, and the district's figures read from them.
//
// One code path serves two stores through database/sql: an embedded SQLite
// file (modernc.org/sqlite) and PostgreSQL (pgx's stdlib driver). Queries
// are written once with ? placeholders (rebound to $1… for PostgreSQL) and
// use only what both take: INSERT … ON CONFLICT, savepoints, row locks
// where PostgreSQL needs them (SQLite's writes are serialised by BEGIN
// IMMEDIATE). The compound (its ledger ID) leads the key of every large
// table, so PostgreSQL partitions them by hash of it.
//
// Invariants: the store holds what reports carry (counts, the compounds'
// names and places, IDs, keys, drug names asked for by 3 households or
// more) and nothing else from outside; a report is stored only when its
// signature verifies and its key is trusted for its compound; for each
// compound and day it keeps the report made last (then the larger hash),
// whatever order the files came in; every file is stored whole or not at
// all. Status, Trend and Needs are what vol hub prints and what a web
// page of the hub is to serve.
package hub

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // PostgreSQL
	_ "modernc.org/sqlite"             // the embedded store

	"vol/cmd/internal/report"
	"vol/ledger"
)

// schemaVersion is the store's layout; a store of a newer vol is refused,
// an older one brought up to date when opened (upgrade).
const schemaVersion = 2

// application marks a store as a vol hub's.
const application = "vol-hub"

// Partitions is how many hash partitions PostgreSQL splits the reports
// into (by ledger ID).
const Partitions = 8

// MaxFiles bounds the files one import takes (a district's day is a few
// thousand).
const MaxFiles = 100_000

// Errors of the hub.
var (
	// ErrNoHub: no hub store at the place given (vol hub init makes one).
	ErrNoHub = ledger.Errorf("no hub store here (vol hub init makes one)")
	// ErrNotHub: the place holds something else.
	ErrNotHub = ledger.Errorf("not a vol hub store")
	// ErrTooNew: the store was made by a newer vol.
	ErrTooNew = ledger.Errorf("hub store made by a newer vol: upgrade vol")
	// ErrExists: vol hub init found a store already.
	ErrExists = ledger.Errorf("a hub store is already there")
	// ErrRevoked: a report signed by a key the office revoked.
	ErrRevoked = ledger.Errorf("signed by a key the hub revoked (vol hub trust on a report of it trusts it again)")
	// ErrNoKey: vol hub revoke was given a fingerprint the hub does not know.
	ErrNoKey = ledger.Errorf("no key with this fingerprint is trusted or waiting here")
)

// Store is an open hub store.
type Store struct {
	db *sql.DB
	pg bool
}

// IsPostgres reports whether a --hub value names a PostgreSQL database
// (a postgres:// or postgresql:// URL) rather than a file.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

func open(dsn string) (*Store, error) {
	if IsPostgres(dsn) {
		db, err := sql.Open("pgx", dsn)
		if err != nil {
			return nil, ledger.Errorf("the hub's PostgreSQL URL: %w", ErrNotHub)
		}
		return &Store{db: db, pg: true}, nil
	}
	db, err := sql.Open("sqlite", dsn+"?_pragma=busy_timeout(60000)&_txlock=immediate&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)")
	if err != nil {
		return nil, err
	}
	return &Store{db: db}, nil
}

// Init makes a new hub store: a SQLite file (mode 0600) at a path, or the
// tables in a PostgreSQL database. It returns ErrExists when one is there.
func Init(ctx context.Context, dsn string) (*Store, error) {
	if !IsPostgres(dsn) {
		f, err := os.OpenFile(dsn, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, os.ErrExist) {
			return nil, &ledger.FieldError{Field: "--hub", Value: dsn, Err: ErrExists}
		}
		if err != nil {
			return nil, err
		}
		if err := f.Close(); err != nil {
			return nil, err
		}
	}
	s, err := open(dsn)
	if err != nil {
		return nil, err
	}
	if err := s.create(ctx); err != nil {
		s.db.Close()
		if !s.pg {
			_ = os.Remove(dsn)
		}
		return nil, err
	}
	return s, nil
}

// Open opens an existing hub store. It returns ErrNoHub, ErrNotHub or
// ErrTooNew (each naming the place, a URL without its password), and the
// store's errors.
func Open(ctx context.Context, dsn string) (*Store, error) {
	if !IsPostgres(dsn) {
		if _, err := os.Stat(dsn); errors.Is(err, os.ErrNotExist) {
			return nil, &ledger.FieldError{Field: "--hub", Value: dsn, Err: ErrNoHub}
		}
	}
	s, err := open(dsn)
	if err != nil {
		return nil, err
	}
	var app, version string
	err = s.db.QueryRowContext(ctx, `SELECT a.value, v.value FROM hub_meta a, hub_meta v WHERE a.key = 'application' AND v.key = 'schema'`).Scan(&app, &version)
	switch {
	case err != nil && s.missingTable(err):
		s.db.Close()
		return nil, &ledger.FieldError{Field: "--hub", Value: Redact(dsn), Err: ErrNoHub}
	case err != nil:
		s.db.Close()
		return nil, s.fault(err)
	case app != application:
		s.db.Close()
		return nil, &ledger.FieldError{Field: "--hub", Value: Redact(dsn), Err: ErrNotHub}
	}
	n, err := strconv.Atoi(version)
	if err != nil || n > schemaVersion {
		s.db.Close()
		return nil, &ledger.FieldError{Field: "--hub", Value: Redact(dsn), Err: ErrTooNew}
	}
	if n < schemaVersion {
		if err := s.upgrade(ctx, n); err != nil {
			s.db.Close()
			return nil, err
		}
	}
	return s, nil
}

// Redact is a --hub value fit to show: a URL without its password.
func Redact(dsn string) string {
	if !IsPostgres(dsn) {
		return dsn
	}
	scheme, rest, _ := strings.Cut(dsn, "://")
	if at := strings.LastIndex(rest, "@"); at >= 0 {
		user, _, _ := strings.Cut(rest[:at], ":")
		rest = user + "@" + rest[at+1:]
	}
	return scheme + "://" + rest
}

func (s *Store) missingTable(err error) bool {
	m := err.Error()
	return strings.Contains(m, "no such table") || strings.Contains(m, "does not exist") || strings.Contains(m, "not a database")
}

// fault wraps an error of the store itself (a lost connection, a disk
// full) so it reads as the hub's.
func (s *Store) fault(err error) error {
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return ledger.Errorf("the hub store: %w", err)
}

// Close closes the store.
func (s *Store) Close() error { return s.db.Close() }

// Postgres reports whether the store is PostgreSQL.
func (s *Store) Postgres() bool { return s.pg }

// q rebinds a query written with ? for the store.
func (s *Store) q(query string) string {
	if !s.pg {
		return query
	}
	var b strings.Builder
	n := 0
	for _, c := range query {
		if c == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

// figureCols are the reports' figure columns: the report's figure keys.
func figureCols() []string { return report.FigureKeys }

// create lays out a new store.
func (s *Store) create(ctx context.Context) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.fault(err)
	}
	defer tx.Rollback()
	if s.pg {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'hub_meta'`).Scan(&n); err != nil {
			return s.fault(err)
		}
		if n > 0 {
			return &ledger.FieldError{Field: "--hub", Err: ErrExists}
		}
	}
	var figs strings.Builder
	for _, k := range figureCols() {
		figs.WriteString("\n\t" + k + " BIGINT,")
	}
	// PostgreSQL partitions the large tables by compound. (SQLite's rowid
	// tables: a day's scan through reports_day costs a rowid lookup a row,
	// cheaper than WITHOUT ROWID's lookup by the text key.)
	partition := ""
	if s.pg {
		partition = " PARTITION BY HASH (ledger_id)"
	}
	stmts := []string{
		`CREATE TABLE hub_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
		// The compounds the office trusts: their names and places as the
		// latest report gave them, and the street the office was told
		// (vol hub trust --street) for a compound whose reports name none.
		`CREATE TABLE compounds (
	ledger_id TEXT PRIMARY KEY,
	compound TEXT NOT NULL,
	street TEXT NOT NULL,
	district TEXT NOT NULL,
	told_street TEXT NOT NULL,
	made_at TEXT NOT NULL,
	trusted_at TEXT NOT NULL)`,
		`CREATE TABLE compound_keys (
	ledger_id TEXT NOT NULL REFERENCES compounds (ledger_id),
	pubkey TEXT NOT NULL,
	fingerprint TEXT NOT NULL,
	added_at TEXT NOT NULL,
	PRIMARY KEY (ledger_id, pubkey))`,
		// Keys the office revoked (a lost laptop): their reports, and the
		// links they sign, are refused until the office trusts them again.
		revokedKeysTable,
		// Fingerprints read out by phone, waiting for their first report.
		`CREATE TABLE pending_keys (
	fingerprint TEXT PRIMARY KEY,
	told_street TEXT NOT NULL,
	added_at TEXT NOT NULL)`,
		`CREATE TABLE reports (
	ledger_id TEXT NOT NULL,
	day TEXT NOT NULL,
	made_at TEXT NOT NULL,
	hash TEXT NOT NULL,
	pubkey TEXT NOT NULL,
	compound TEXT NOT NULL,
	street TEXT NOT NULL,
	district TEXT NOT NULL,
	head_entries BIGINT NOT NULL,
	head_hash TEXT NOT NULL,` + figs.String() + `
	packs_short BIGINT,
	med_not_found_other BIGINT NOT NULL,
	imported_at TEXT NOT NULL,
	PRIMARY KEY (ledger_id, day))` + partition,
		// The signed files as they came, apart, so a day's scan of the
		// figures reads small rows.
		`CREATE TABLE report_files (
	ledger_id TEXT NOT NULL,
	day TEXT NOT NULL,
	body TEXT NOT NULL,
	PRIMARY KEY (ledger_id, day))` + partition,
		`CREATE INDEX reports_day ON reports (day)`,
		`CREATE TABLE report_drugs (
	ledger_id TEXT NOT NULL,
	day TEXT NOT NULL,
	drug TEXT NOT NULL,
	households BIGINT NOT NULL,
	PRIMARY KEY (ledger_id, day, drug))` + partition,
		`CREATE INDEX report_drugs_day ON report_drugs (day)`,
	}
	if s.pg {
		for i := range Partitions {
			for _, t := range []string{"reports", "report_files", "report_drugs"} {
				stmts = append(stmts, fmt.Sprintf(`CREATE TABLE %s_p%d PARTITION OF %s FOR VALUES WITH (MODULUS %d, REMAINDER %d)`, t, i, t, Partitions, i))
			}
		}
	}
	for _, st := range stmts {
		if _, err := tx.ExecContext(ctx, st); err != nil {
			if strings.Contains(err.Error(), "already exists") {
				return &ledger.FieldError{Field: "--hub", Err: ErrExists}
			}
			return s.fault(err)
		}
	}
	for k, v := range map[string]string{"application": application, "schema": strconv.Itoa(schemaVersion)} {
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO hub_meta (key, value) VALUES (?, ?)`), k, v); err != nil {
			return s.fault(err)
		}
	}
	return s.fault(tx.Commit())
}

const revokedKeysTable = `CREATE TABLE revoked_keys (
	ledger_id TEXT NOT NULL,
	pubkey TEXT NOT NULL,
	fingerprint TEXT NOT NULL,
	revoked_at TEXT NOT NULL,
	PRIMARY KEY (ledger_id, pubkey))`

// upgrade brings a store of an older layout (version) up to this one, in
// one transaction: version 1 had no revoked_keys.
func (s *Store) upgrade(ctx context.Context, version int) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		var now string
		if err := tx.QueryRowContext(ctx, `SELECT value FROM hub_meta WHERE key = 'schema'`).Scan(&now); err != nil {
			return err
		}
		if now != strconv.Itoa(version) { // another vol upgraded it meanwhile
			return nil
		}
		if version < 2 {
			if _, err := tx.ExecContext(ctx, revokedKeysTable); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, s.q(`UPDATE hub_meta SET value = ? WHERE key = 'schema'`), strconv.Itoa(schemaVersion))
		return err
	})
}

// stamp is a time as the store keeps it.
func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// Fingerprint normalises a fingerprint as typed (spaces, dashes,
// full-width digits) to its 20 digits in groups of four; ok only for 20
// digits.
func Fingerprint(s string) (string, bool) {
	var d strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			d.WriteRune(r)
		case r >= '０' && r <= '９':
			d.WriteRune('0' + r - '０')
		case r == ' ' || r == '-' || r == '\u3000':
		default:
			return "", false
		}
	}
	if d.Len() != 20 {
		return "", false
	}
	x := d.String()
	return x[0:4] + " " + x[4:8] + " " + x[8:12] + " " + x[12:16] + " " + x[16:20], true
}

// Registered is a key vol hub trust registered.
type Registered struct {
	LedgerID    string `json:"ledger_id"`
	Compound    string `json:"compound"`
	Street      string `json:"street"`
	Fingerprint string `json:"fingerprint"`
	// NewCompound: the compound was not trusted before; NewKey: the key
	// was not (false for both: it was, nothing changed).
	NewCompound bool `json:"new_compound"`
	NewKey      bool `json:"new_key"`
	// Pending: a fingerprint waits for its first report.
	Pending bool `json:"pending"`
}

// TrustReport registers the compound a report is of (by its ledger ID) and
// the key that signed it; the caller showed the fingerprint to compare.
// street is the street the office was told, taken only when the report
// names none (the compound's settings win): given with a report that names
// one, it is refused.
func (s *Store) TrustReport(ctx context.Context, r *report.Report, street string, now time.Time) (Registered, error) {
	reg := Registered{LedgerID: r.LedgerID, Compound: r.Compound, Street: r.Street, Fingerprint: r.Signer.Fingerprint}
	if street != "" {
		if r.Street != "" {
			return reg, &ledger.FieldError{Field: "--street", Value: street, Err: ledger.ErrInvalid,
				Want: ledger.T("no --street: the report names its street (%s), and the compound's settings win", r.Street)}
		}
		if err := ledger.CheckLabel("--street", street); err != nil {
			return reg, err
		}
		reg.Street = street
	}
	err := s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.q(`INSERT INTO compounds (ledger_id, compound, street, district, told_street, made_at, trusted_at)
			VALUES (?, ?, ?, ?, ?, '', ?) ON CONFLICT (ledger_id) DO NOTHING`), r.LedgerID, r.Compound, r.Street, r.District, street, stamp(now))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n > 0 {
			reg.NewCompound = true
		} else if street != "" {
			if _, err := tx.ExecContext(ctx, s.q(`UPDATE compounds SET told_street = ? WHERE ledger_id = ?`), street, r.LedgerID); err != nil {
				return err
			}
		}
		res, err = tx.ExecContext(ctx, s.q(`INSERT INTO compound_keys (ledger_id, pubkey, fingerprint, added_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (ledger_id, pubkey) DO NOTHING`), r.LedgerID, r.Signer.PublicKey, r.Signer.Fingerprint, stamp(now))
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		reg.NewKey = n > 0
		if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM revoked_keys WHERE ledger_id = ? AND pubkey = ?`), r.LedgerID, r.Signer.PublicKey); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, s.q(`DELETE FROM pending_keys WHERE fingerprint = ?`), r.Signer.Fingerprint)
		return err
	})
	return reg, err
}

// TrustFingerprint registers a key by its fingerprint, read out by phone:
// the compound it is of is registered when the first report signed by it
// is imported, with street as the street the office was told (for a
// compound whose reports name none). A fingerprint of a key trusted
// already changes nothing. It returns ledger.ErrInvalid for a value that
// is not 20 digits.
func (s *Store) TrustFingerprint(ctx context.Context, fingerprint, street string, now time.Time) (Registered, error) {
	fp, ok := Fingerprint(fingerprint)
	if !ok {
		return Registered{}, &ledger.FieldError{Field: "FINGERPRINT", Value: trimValue(fingerprint), Err: ledger.ErrInvalid,
			Want: ledger.T("the 20 digits vol sync whoami shows on the compound's laptop, such as 1234 5678 9012 3456 7890, or a report file")}
	}
	if street != "" {
		if err := ledger.CheckLabel("--street", street); err != nil {
			return Registered{}, err
		}
	}
	reg := Registered{Fingerprint: fp, Street: street}
	err := s.write(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, s.q(`SELECT k.ledger_id, c.compound FROM compound_keys k JOIN compounds c ON c.ledger_id = k.ledger_id
			WHERE k.fingerprint = ? ORDER BY k.ledger_id LIMIT 1`), fp).Scan(&reg.LedgerID, &reg.Compound)
		if err == nil {
			return nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		reg.Pending, reg.NewKey = true, true
		if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM revoked_keys WHERE fingerprint = ?`), fp); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, s.q(`INSERT INTO pending_keys (fingerprint, told_street, added_at) VALUES (?, ?, ?)
			ON CONFLICT (fingerprint) DO UPDATE SET told_street = excluded.told_street`), fp, street, stamp(now))
		return err
	})
	return reg, err
}

// write runs fn in one transaction.
func (s *Store) write(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.fault(err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		var fe *ledger.FieldError
		if errors.As(err, &fe) {
			return err
		}
		return s.fault(err)
	}
	return s.fault(tx.Commit())
}

// File is one report file to import: its name (to say which) and bytes,
// or the error reading it.
type File struct {
	Name string
	Raw  []byte
	Err  error
}

// Outcomes of an import, per file.
const (
	Stored    = "stored"    // the compound's first report of the day
	Replaced  = "replaced"  // it replaced an earlier report of that day
	Unchanged = "unchanged" // the same report is stored already
	Older     = "older"     // a later report of that day is stored: kept
	Refused   = "refused"   // not stored (Err says why)
)

// Outcome is what an import did with one file.
type Outcome struct {
	File     string `json:"file"`
	Outcome  string `json:"outcome"`
	LedgerID string `json:"ledger_id,omitempty"`
	Compound string `json:"compound,omitempty"`
	Date     string `json:"date,omitempty"`
	// Other is the made_at of the report replaced (Replaced) or kept
	// (Older).
	Other string `json:"other,omitempty"`
	// Registered: the compound was registered by a fingerprint waiting
	// for this report (vol hub trust FINGERPRINT).
	Registered bool  `json:"registered,omitempty"`
	Err        error `json:"-"`
}

// batch is how many files one transaction takes.
const batch = 250

type parsed struct {
	i    int
	r    *report.Report
	raw  []byte
	hash string
}

// Import verifies and stores report files, each whole or not at all: a
// damaged or forged file, or one of a compound or key not trusted, is
// refused (its Outcome says why) and the others go on. For each compound
// and day the store keeps the report made last, then the one with the
// larger hash, whatever order files come in; the same file twice changes
// nothing. Outcomes are in the order of files. The error is the store's
// (nothing after the failing batch was stored; what was is said).
func (s *Store) Import(ctx context.Context, files []File, now time.Time) ([]Outcome, error) {
	out := make([]Outcome, len(files))
	var ps []parsed
	for i, f := range files {
		out[i] = Outcome{File: f.Name, Outcome: Refused, Err: f.Err}
		if f.Err != nil {
			continue
		}
		r, err := report.Parse(f.Raw)
		if err != nil {
			out[i].Err = err
			continue
		}
		canon, err := r.Canonical()
		if err != nil {
			out[i].Err = err
			continue
		}
		sum := sha256.Sum256(canon)
		out[i].LedgerID, out[i].Compound, out[i].Date = r.LedgerID, r.Compound, r.Date
		ps = append(ps, parsed{i: i, r: r, raw: f.Raw, hash: hex.EncodeToString(sum[:])})
	}
	// Compounds in one order, so two importers lock them in the same order
	// (no deadlock), and a compound's reports of a day in the order kept.
	sort.SliceStable(ps, func(a, b int) bool {
		x, y := ps[a].r, ps[b].r
		if x.LedgerID != y.LedgerID {
			return x.LedgerID < y.LedgerID
		}
		if x.Date != y.Date {
			return x.Date < y.Date
		}
		if x.MadeAt != y.MadeAt {
			return x.MadeAt < y.MadeAt
		}
		return ps[a].hash < ps[b].hash
	})
	for len(ps) > 0 {
		n := min(batch, len(ps))
		if err := s.importBatch(ctx, ps[:n], out, now); err != nil {
			return out, err
		}
		ps = ps[n:]
	}
	return out, nil
}

func (s *Store) importBatch(ctx context.Context, ps []parsed, out []Outcome, now time.Time) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.fault(err)
	}
	defer tx.Rollback()
	done := make([]Outcome, len(ps))
	for j, p := range ps {
		done[j] = out[p.i]
		if _, err := tx.ExecContext(ctx, `SAVEPOINT report`); err != nil {
			return s.fault(err)
		}
		o, err := s.importOne(ctx, tx, p, now)
		if err != nil {
			if _, rerr := tx.ExecContext(ctx, `ROLLBACK TO SAVEPOINT report`); rerr != nil {
				return s.fault(rerr)
			}
			if !refusal(err) {
				return s.fault(err)
			}
			done[j].Err = err
		} else {
			o.File, o.LedgerID, o.Compound, o.Date = done[j].File, done[j].LedgerID, done[j].Compound, done[j].Date
			done[j] = o
		}
		if _, err := tx.ExecContext(ctx, `RELEASE SAVEPOINT report`); err != nil {
			return s.fault(err)
		}
	}
	if err := tx.Commit(); err != nil {
		return s.fault(err)
	}
	for j, p := range ps {
		out[p.i] = done[j]
	}
	return nil
}

// refusal reports whether err refuses a file (rather than the store
// failing).
func refusal(err error) bool {
	return errors.Is(err, report.ErrUnknown) || errors.Is(err, report.ErrChangedKey) || errors.Is(err, ErrRevoked)
}

// Revoked is a key vol hub revoke revoked.
type Revoked struct {
	LedgerID    string `json:"ledger_id,omitempty"`
	Compound    string `json:"compound,omitempty"`
	Fingerprint string `json:"fingerprint"`
	// Pending: it was a fingerprint waiting for its first report (now
	// forgotten); Already: revoked before, nothing changed.
	Pending bool `json:"pending,omitempty"`
	Already bool `json:"already,omitempty"`
	// Reports: the stored reports it signed, which stay (they were taken
	// while it was trusted); KeysLeft: the compound's keys still trusted.
	Reports  int `json:"reports"`
	KeysLeft int `json:"keys_left"`
}

// Revoke stops trusting the key with a fingerprint (a lost or stolen
// laptop): its reports are refused from now on, and so are the links it
// signs in other reports, until the office trusts it again (TrustReport,
// TrustFingerprint). Reports it signed before stay. A fingerprint waiting
// for its first report is forgotten. It returns ErrNoKey for a fingerprint
// the hub does not know, ledger.ErrInvalid for one that is not 20 digits.
func (s *Store) Revoke(ctx context.Context, fingerprint string, now time.Time) ([]Revoked, error) {
	fp, ok := Fingerprint(fingerprint)
	if !ok {
		return nil, &ledger.FieldError{Field: "FINGERPRINT", Value: trimValue(fingerprint), Err: ledger.ErrInvalid,
			Want: ledger.T("the 20 digits vol hub trust showed, such as 1234 5678 9012 3456 7890")}
	}
	var out []Revoked
	err := s.write(ctx, func(tx *sql.Tx) error {
		out = nil
		rows, err := tx.QueryContext(ctx, s.q(`SELECT k.ledger_id, k.pubkey, c.compound FROM compound_keys k JOIN compounds c ON c.ledger_id = k.ledger_id
			WHERE k.fingerprint = ? ORDER BY k.ledger_id, k.pubkey`), fp)
		if err != nil {
			return err
		}
		type key struct{ ledgerID, pubkey, compound string }
		var keys []key
		for rows.Next() {
			var k key
			if err := rows.Scan(&k.ledgerID, &k.pubkey, &k.compound); err != nil {
				rows.Close()
				return err
			}
			keys = append(keys, k)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		// And keys the hub took reports of because trusted keys vouched
		// for them (a copy, a second laptop): found by their reports.
		rows, err = tx.QueryContext(ctx, `SELECT DISTINCT r.ledger_id, r.pubkey, c.compound FROM reports r JOIN compounds c ON c.ledger_id = r.ledger_id
			WHERE NOT EXISTS (SELECT 1 FROM compound_keys k WHERE k.ledger_id = r.ledger_id AND k.pubkey = r.pubkey)
			AND NOT EXISTS (SELECT 1 FROM revoked_keys v WHERE v.ledger_id = r.ledger_id AND v.pubkey = r.pubkey)
			ORDER BY 1, 2`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var k key
			if err := rows.Scan(&k.ledgerID, &k.pubkey, &k.compound); err != nil {
				rows.Close()
				return err
			}
			if ledger.Fingerprint(k.pubkey) == fp {
				keys = append(keys, k)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, k := range keys {
			rv := Revoked{LedgerID: k.ledgerID, Compound: k.compound, Fingerprint: fp}
			if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM compound_keys WHERE ledger_id = ? AND pubkey = ?`), k.ledgerID, k.pubkey); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO revoked_keys (ledger_id, pubkey, fingerprint, revoked_at) VALUES (?, ?, ?, ?)
				ON CONFLICT (ledger_id, pubkey) DO NOTHING`), k.ledgerID, k.pubkey, fp, stamp(now)); err != nil {
				return err
			}
			if err := tx.QueryRowContext(ctx, s.q(`SELECT count(*) FROM reports WHERE ledger_id = ? AND pubkey = ?`), k.ledgerID, k.pubkey).Scan(&rv.Reports); err != nil {
				return err
			}
			if err := tx.QueryRowContext(ctx, s.q(`SELECT count(*) FROM compound_keys WHERE ledger_id = ?`), k.ledgerID).Scan(&rv.KeysLeft); err != nil {
				return err
			}
			out = append(out, rv)
		}
		res, err := tx.ExecContext(ctx, s.q(`DELETE FROM pending_keys WHERE fingerprint = ?`), fp)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n > 0 {
			out = append(out, Revoked{Fingerprint: fp, Pending: true})
		}
		if len(out) > 0 {
			return nil
		}
		var ledgerID, compound string
		err = tx.QueryRowContext(ctx, s.q(`SELECT r.ledger_id, c.compound FROM revoked_keys r JOIN compounds c ON c.ledger_id = r.ledger_id
			WHERE r.fingerprint = ? ORDER BY r.ledger_id LIMIT 1`), fp).Scan(&ledgerID, &compound)
		if errors.Is(err, sql.ErrNoRows) {
			return &ledger.FieldError{Field: "FINGERPRINT", Value: fp, Err: ErrNoKey}
		}
		if err != nil {
			return err
		}
		out = append(out, Revoked{LedgerID: ledgerID, Compound: compound, Fingerprint: fp, Already: true})
		return nil
	})
	return out, err
}

// importOne stores one verified report in tx, deciding under the
// compound's lock.
func (s *Store) importOne(ctx context.Context, tx *sql.Tx, p parsed, now time.Time) (Outcome, error) {
	r := p.r
	o := Outcome{}
	lock := ""
	if s.pg {
		lock = " FOR UPDATE"
	}
	var madeAt string
	err := tx.QueryRowContext(ctx, s.q(`SELECT made_at FROM compounds WHERE ledger_id = ?`+lock), r.LedgerID).Scan(&madeAt)
	if errors.Is(err, sql.ErrNoRows) {
		// A fingerprint read out by phone may be waiting for this report.
		var told string
		err := tx.QueryRowContext(ctx, s.q(`SELECT told_street FROM pending_keys WHERE fingerprint = ?`+lock), r.Signer.Fingerprint).Scan(&told)
		if errors.Is(err, sql.ErrNoRows) {
			return o, ledger.Errorf("%w", report.ErrUnknown)
		}
		if err != nil {
			return o, err
		}
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO compounds (ledger_id, compound, street, district, told_street, made_at, trusted_at)
			VALUES (?, ?, ?, ?, ?, '', ?) ON CONFLICT (ledger_id) DO NOTHING`), r.LedgerID, r.Compound, r.Street, r.District, told, stamp(now)); err != nil {
			return o, err
		}
		if err := tx.QueryRowContext(ctx, s.q(`SELECT made_at FROM compounds WHERE ledger_id = ?`+lock), r.LedgerID).Scan(&madeAt); err != nil {
			return o, err
		}
	} else if err != nil {
		return o, err
	}
	keys, err := s.strings(ctx, tx, `SELECT pubkey FROM compound_keys WHERE ledger_id = ?`, r.LedgerID)
	if err != nil {
		return o, err
	}
	revoked, err := s.strings(ctx, tx, `SELECT pubkey FROM revoked_keys WHERE ledger_id = ?`, r.LedgerID)
	if err != nil {
		return o, err
	}
	if len(revoked) > 0 {
		if slices.Contains(revoked, r.Signer.PublicKey) {
			return o, ledger.Errorf("%w", ErrRevoked)
		}
		// A revoked key vouches for no one and is vouched for by no one.
		kept := *r
		kept.Trust = slices.DeleteFunc(slices.Clone(r.Trust), func(l ledger.TrustLink) bool {
			return slices.Contains(revoked, l.PubKey) || slices.Contains(revoked, l.VoucherKey)
		})
		r = &kept
	}
	if !r.Trusted(keys) {
		// A key of a known compound whose fingerprint was read out.
		res, err := tx.ExecContext(ctx, s.q(`DELETE FROM pending_keys WHERE fingerprint = ?`), r.Signer.Fingerprint)
		if err != nil {
			return o, err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			if len(keys) == 0 {
				return o, ledger.Errorf("%w", report.ErrUnknown)
			}
			return o, ledger.Errorf("%w", report.ErrChangedKey)
		}
		o.Registered = true
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO compound_keys (ledger_id, pubkey, fingerprint, added_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (ledger_id, pubkey) DO NOTHING`), r.LedgerID, r.Signer.PublicKey, r.Signer.Fingerprint, stamp(now)); err != nil {
			return o, err
		}
	}
	var oldMade, oldHash string
	err = tx.QueryRowContext(ctx, s.q(`SELECT made_at, hash FROM reports WHERE ledger_id = ? AND day = ?`), r.LedgerID, r.Date).Scan(&oldMade, &oldHash)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		o.Outcome = Stored
	case err != nil:
		return o, err
	case oldHash == p.hash:
		o.Outcome = Unchanged
		return o, nil
	case oldMade > r.MadeAt || (oldMade == r.MadeAt && oldHash > p.hash):
		o.Outcome, o.Other = Older, oldMade
		return o, nil
	default:
		o.Outcome, o.Other = Replaced, oldMade
		for _, q := range []string{`DELETE FROM reports WHERE ledger_id = ? AND day = ?`, `DELETE FROM report_files WHERE ledger_id = ? AND day = ?`,
			`DELETE FROM report_drugs WHERE ledger_id = ? AND day = ?`} {
			if _, err := tx.ExecContext(ctx, s.q(q), r.LedgerID, r.Date); err != nil {
				return o, err
			}
		}
	}
	if err := s.insertReport(ctx, tx, p, now); err != nil {
		return o, err
	}
	if r.MadeAt >= madeAt {
		if _, err := tx.ExecContext(ctx, s.q(`UPDATE compounds SET compound = ?, street = ?, district = ?, made_at = ? WHERE ledger_id = ?`),
			r.Compound, r.Street, r.District, r.MadeAt, r.LedgerID); err != nil {
			return o, err
		}
	}
	return o, nil
}

func (s *Store) insertReport(ctx context.Context, tx *sql.Tx, p parsed, now time.Time) error {
	r := p.r
	cols := []string{"ledger_id", "day", "made_at", "hash", "pubkey", "compound", "street", "district", "head_entries", "head_hash"}
	args := []any{r.LedgerID, r.Date, r.MadeAt, p.hash, r.Signer.PublicKey, r.Compound, r.Street, r.District, r.Head.Entries, r.Head.Hash}
	for _, k := range figureCols() {
		cols = append(cols, k)
		args = append(args, nullInt(r.Figures[k]))
	}
	cols = append(cols, "packs_short", "med_not_found_other", "imported_at")
	args = append(args, nullInt(r.Needs.PacksShort), r.Needs.MedNotFoundOther, stamp(now))
	q := `INSERT INTO reports (` + strings.Join(cols, ", ") + `) VALUES (?` + strings.Repeat(", ?", len(cols)-1) + `)`
	if _, err := tx.ExecContext(ctx, s.q(q), args...); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO report_files (ledger_id, day, body) VALUES (?, ?, ?)`), r.LedgerID, r.Date, string(p.raw)); err != nil {
		return err
	}
	for _, d := range r.Needs.MedNotFound {
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO report_drugs (ledger_id, day, drug, households) VALUES (?, ?, ?, ?)`),
			r.LedgerID, r.Date, d.Drug, d.Households); err != nil {
			return err
		}
	}
	return nil
}

func nullInt(p *int64) any {
	if p == nil {
		return nil
	}
	return *p
}

func (s *Store) strings(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, query string, args ...any) ([]string, error) {
	rows, err := q.QueryContext(ctx, s.q(query), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// trimValue keeps a value from outside short and printable for an error.
func trimValue(s string) string {
	r := []rune(s)
	if len(r) > 40 {
		s = string(r[:40]) + "…"
	}
	return ledger.Printable(s)
}

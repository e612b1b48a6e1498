package main

// Damaged and unusual ledger files. For each fault, vol must notice it at
// open (an error naming the file, exit 1) or in vol check (exit 3), refuse
// to write, leave the file byte for byte as it was (sha256 before and after
// every command), never create a fresh ledger in its place, and, where a
// backup lies beside it in backups/, name the newest backup.
//
// What vol detects, and what it cannot (SQLite pages carry no checksums;
// vol check runs SQLite's integrity check, verifies the journal's hash
// chains and every personal value's keyed hash, and compares the register
// with a replay of the journal):
//
//   - Refused at open, the file named: a zeroed 100-byte header, a text
//     file, an empty file, a SQLite file that is not a ledger (no
//     application_id "vol1"): "not a vol ledger"; a ledger from a newer vol
//     (schema version ahead): "upgrade vol". Damage to the schema page, and a
//     file truncated to half its length: "the ledger file is damaged" (SQLite:
//     "database disk image is malformed").
//   - Found by vol check (exit 3): bytes flipped in a table's rows or in a
//     b-tree page's structure. In the register's rows and page pointers
//     SQLite's integrity check reports it ("Rowid out of order", "invalid
//     page number", a row missing from an index); in the journal, the
//     integrity check or the hash chain; in a personal value, its keyed hash
//     ("changed outside vol"); a changed value no index covers (a person's
//     skills), only the replay of the journal ("expected 医生, found 厨师").
//     Commands that read damaged pages fail ("the ledger file is damaged").
//   - Not detected: bytes flipped in a page's unused space (between its cell
//     pointers and its cells) or on a free page. Nothing vol or SQLite
//     reads changes: the file is as good as before, and the next VACUUM
//     (vol erase) rewrites those bytes.
//   - Not detected: a ledger copied without its -wal while the WAL still
//     held commits (TestLedgerCopiedWithoutWAL). The copy is a whole, older
//     ledger whose journal verifies; the commits only in the WAL are missing
//     from it. A copy in another folder takes a new device ID when it first
//     writes, so its entries never collide with the original's.
//   - A full disk (simulated with a file-size limit, TestLedgerOnFullDisk)
//     or a read-only file (TestReadOnlyLedger, not as root): the write fails
//     with exit 1 and the ledger is left as it was and still checks.

import (
	"bytes"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"vol/ledger"
)

func fileSHA(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("the ledger file: %v", err)
	}
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// copyFileTo copies src to dst (mode 0600).
func copyFileTo(t *testing.T, src, dst string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, mustRead(t, src), 0o600); err != nil {
		t.Fatal(err)
	}
}

// ledgerPage is where a page of a table lives in a ledger file.
type ledgerPage struct {
	offset int64 // of the page in the file
	size   int   // page size
	header int   // offset of the b-tree page header inside the page (100 on page 1)
}

// findPage finds a page of a table or index in a (checkpointed) ledger
// file with SQLite's dbstat table: its n-th page of the type given ("leaf"
// or "internal"; "roomiest leaf" orders leaves by their unused bytes).
func findPage(t *testing.T, path, name, pagetype string, n int) ledgerPage {
	t.Helper()
	db, err := sql.Open("sqlite", path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var size, pageno int
	if err := db.QueryRow("PRAGMA page_size").Scan(&size); err != nil {
		t.Fatal(err)
	}
	order := "pageno"
	if pagetype == "roomiest leaf" {
		pagetype, order = "leaf", "unused DESC, pageno"
	}
	err = db.QueryRow(`SELECT pageno FROM dbstat WHERE name = ? AND pagetype = ? ORDER BY `+order+` LIMIT 1 OFFSET ?`, name, pagetype, n).Scan(&pageno)
	if err != nil {
		t.Fatalf("no %s page %d of %s: %v", pagetype, n, name, err)
	}
	p := ledgerPage{offset: int64(pageno-1) * int64(size), size: size}
	if pageno == 1 {
		p.header = 100
	}
	return p
}

// flip inverts n bytes of a file from offset on.
func flip(t *testing.T, path string, offset int64, n int) {
	t.Helper()
	b := mustRead(t, path)
	if offset < 0 || offset+int64(n) > int64(len(b)) {
		t.Fatalf("flip %d bytes at %d: the file has %d", n, offset, len(b))
	}
	for i := range int64(n) {
		b[offset+i] ^= 0xff
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// replaceInTable replaces the first occurrence of old (in place, same
// length) in the pages of a table: a changed value SQLite's structure does
// not see.
func replaceInTable(t *testing.T, path, name, old, new string) {
	t.Helper()
	if len(old) != len(new) {
		t.Fatalf("%q and %q differ in length", old, new)
	}
	db, err := sql.Open("sqlite", path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	var size int
	if err := db.QueryRow("PRAGMA page_size").Scan(&size); err != nil {
		t.Fatal(err)
	}
	rows, err := db.Query(`SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno`, name)
	if err != nil {
		t.Fatal(err)
	}
	var pages []int64
	for rows.Next() {
		var p int64
		rows.Scan(&p)
		pages = append(pages, p)
	}
	rows.Close()
	db.Close()
	b := mustRead(t, path)
	for _, p := range pages {
		page := b[(p-1)*int64(size) : p*int64(size)]
		if i := bytes.Index(page, []byte(old)); i >= 0 {
			copy(page[i:], new)
			if err := os.WriteFile(path, b, 0o600); err != nil {
				t.Fatal(err)
			}
			return
		}
	}
	t.Fatalf("no %q in the pages of %s", old, name)
}

// pageLayout reads a b-tree page's header: where its cell pointers end and
// where its cell content starts.
func pageLayout(t *testing.T, path string, p ledgerPage) (pointersEnd, contentStart int) {
	t.Helper()
	page := mustRead(t, path)[p.offset : p.offset+int64(p.size)]
	h := page[p.header:]
	hdr := 8
	if h[0] == 0x02 || h[0] == 0x05 { // interior pages have a right-most pointer
		hdr = 12
	}
	cells := int(binary.BigEndian.Uint16(h[3:5]))
	contentStart = int(binary.BigEndian.Uint16(h[5:7]))
	if contentStart == 0 {
		contentStart = 65536
	}
	return p.header + hdr + 2*cells, contentStart
}

// TestDamagedLedgerFiles damages copies of a real ledger (the sample
// compound, with a backup beside it) and runs read and write commands on
// each: see the list at the top of this file.
func TestDamagedLedgerFiles(t *testing.T) {
	t.Parallel()
	base := testEnv(t, "base")
	baseDB := filepath.Join(filepath.Dir(base["VOL_DB"]), "ledger.db")
	base["VOL_DB"] = baseDB
	mustVol(t, base, "demo", "--db", baseDB)
	mustVol(t, base, "backup")
	backup := ledger.NewestBackup(baseDB)
	if backup == "" {
		t.Fatal("no backup beside the base ledger")
	}
	small := filepath.Join(t.TempDir(), "small.csv")
	writeTestRegister(t, small, 20, 30, "坏")

	type fault struct {
		name   string
		damage func(t *testing.T, path string)
		// where vol notices it: "open", "check", "open or check", or "none"
		// (the bytes changed are never read: the file works as before)
		at string
	}
	faults := []fault{
		{"people data page", func(t *testing.T, path string) {
			p := findPage(t, path, "people", "leaf", 3)
			_, content := pageLayout(t, path, p)
			flip(t, path, p.offset+int64(content+(p.size-content)/2), 8) // inside a row
		}, "open or check"},
		{"a value in a people row", func(t *testing.T, path string) {
			replaceInTable(t, path, "people", "医生", "厨师") // a skill: no index covers it
		}, "check"},
		{"people b-tree page", func(t *testing.T, path string) {
			p := findPage(t, path, "people", "internal", 0)
			flip(t, path, p.offset+int64(p.header)+8, 4) // the right-most child pointer
		}, "open or check"},
		{"journal data page", func(t *testing.T, path string) {
			p := findPage(t, path, "journal", "leaf", 0)
			_, content := pageLayout(t, path, p)
			flip(t, path, p.offset+int64(content+40), 4)
		}, "open or check"},
		{"personal values data page", func(t *testing.T, path string) {
			p := findPage(t, path, "pvalues", "leaf", 5)
			flip(t, path, p.offset+int64(p.size-3), 2) // the end of the last value
		}, "open or check"},
		{"schema page", func(t *testing.T, path string) {
			p := findPage(t, path, "sqlite_schema", "leaf", 0)
			_, content := pageLayout(t, path, p)
			flip(t, path, p.offset+int64(content+20), 16)
		}, "open or check"},
		{"unused space in a page", func(t *testing.T, path string) {
			p := findPage(t, path, "households", "roomiest leaf", 0)
			start, end := pageLayout(t, path, p)
			if end-start < 64 {
				t.Fatalf("the page has only %d unused bytes", end-start)
			}
			flip(t, path, p.offset+int64(start+16), 32)
		}, "none"},
		{"free page", func(t *testing.T, path string) {
			// A table filled and dropped leaves free pages (behind vol's
			// back, but nothing vol reads changes).
			tamper(t, path, `CREATE TABLE scratch (x BLOB);
				WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 64)
				INSERT INTO scratch SELECT randomblob(2000) FROM n;
				DROP TABLE scratch`)
			b := mustRead(t, path)
			size := int64(binary.BigEndian.Uint16(b[16:18]))
			trunk := int64(binary.BigEndian.Uint32(b[32:36]))
			if trunk == 0 || binary.BigEndian.Uint32(b[36:40]) < 2 {
				t.Fatal("no free pages")
			}
			leaf := int64(binary.BigEndian.Uint32(b[(trunk-1)*size+8:]))
			flip(t, path, (leaf-1)*size+100, 64)
		}, "none"},
		{"truncated to half", func(t *testing.T, path string) {
			st, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.Truncate(path, st.Size()/2); err != nil {
				t.Fatal(err)
			}
		}, "open or check"},
		{"zeroed header", func(t *testing.T, path string) {
			b := mustRead(t, path)
			copy(b, make([]byte, 100))
			os.WriteFile(path, b, 0o600)
		}, "open"},
		{"empty file", func(t *testing.T, path string) { os.WriteFile(path, nil, 0o600) }, "open"},
		{"text file", func(t *testing.T, path string) { os.WriteFile(path, mustRead(t, small), 0o600) }, "open"},
		{"sqlite file that is not a ledger", func(t *testing.T, path string) {
			os.Remove(path)
			tamper(t, path, "CREATE TABLE households (id TEXT PRIMARY KEY, address TEXT); INSERT INTO households VALUES ('1', '1-1-101')")
		}, "open"},
		// Not damage: restoring a backup would lose data, so no backup is named.
		{"ledger from a newer vol", func(t *testing.T, path string) { tamper(t, path, "PRAGMA user_version = 999") }, "open (not damage)"},
	}
	for _, f := range faults {
		t.Run(strings.ReplaceAll(f.name, " ", "-"), func(t *testing.T) {
			t.Parallel() // each damages its own copy
			dir := t.TempDir()
			path := filepath.Join(dir, "ledger.db")
			copyFileTo(t, baseDB, path)
			copyFileTo(t, backup, filepath.Join(dir, "backups", filepath.Base(backup)))
			newest := ledger.NewestBackup(path)
			f.damage(t, path)
			want := fileSHA(t, path)
			if want == fileSHA(t, baseDB) {
				t.Fatal("the damage changed nothing")
			}
			env := withEnv(base, "VOL_DB", path, "VOL_SEED", "damaged")
			same := func(args []string) {
				t.Helper()
				if got := fileSHA(t, path); got != want {
					t.Fatalf("vol %s changed the damaged file", strings.Join(args, " "))
				}
			}
			run := func(args ...string) (int, string) {
				t.Helper()
				code, out, errOut := vol(t, env, args...)
				same(args)
				t.Logf("vol %s: exit %d: %s", strings.Join(args, " "), code, strings.TrimSpace(errOut+firstLine(out)))
				return code, errOut + out
			}

			// Reading: detected at open (every command refuses the file) or by
			// vol check (exit 3; a read of the damaged table may fail too).
			statusCode, statusOut := run("status")
			checkCode, checkOut := run("check")
			detected := "none"
			switch {
			case checkCode == exitFailure && statusCode == exitFailure:
				detected = "open"
				for _, out := range []string{statusOut, checkOut} {
					if !strings.Contains(out, path) {
						t.Errorf("the error at open does not name the file %s: %s", path, out)
					}
					if f.at != "open (not damage)" && !strings.Contains(out, newest) {
						t.Errorf("the error at open does not name the newest backup %s: %s", newest, out)
					}
				}
			case checkCode == exitCheckFailed:
				detected = "check"
				if !strings.Contains(checkOut, newest) {
					t.Errorf("vol check does not name the newest backup %s:\n%s", newest, checkOut)
				}
				if statusCode != exitOK && !strings.Contains(statusOut, newest) {
					t.Errorf("reading the damaged table fails without naming the newest backup %s: %s", newest, statusOut)
				}
			case checkCode == exitOK && statusCode == exitOK:
			default:
				t.Fatalf("status exit %d, check exit %d: want 1 and 1 (refused at open) or check 3 (found by check)\n%s\n%s",
					statusCode, checkCode, statusOut, checkOut)
			}
			if !strings.Contains(f.at, detected) {
				t.Errorf("the fault was noticed at %q, want %s", detected, f.at)
			}

			// Writing: refused, the file untouched, never a fresh ledger.
			writes := [][]string{
				{"init"},
				{"household", "add", "99-9-909"},
				{"person", "add", "新来的", "--address", "1-1-101", "--birth", "1990"},
				{"import", small},
				{"backup", filepath.Join(dir, "copy.db")},
			}
			for _, args := range writes {
				if detected == "none" {
					break // an undamaged ledger: see below
				}
				code, out, errOut := vol(t, env, args...)
				t.Logf("vol %s: exit %d: %s", strings.Join(args, " "), code, strings.TrimSpace(errOut+firstLine(out)))
				if code == exitOK {
					t.Errorf("vol %s wrote to a damaged ledger (found at %s)", strings.Join(args, " "), detected)
				} else if args[0] != "init" && f.at != "open (not damage)" && !strings.Contains(errOut, newest) {
					t.Errorf("vol %s refuses the damaged ledger without naming the newest backup %s: %s", strings.Join(args, " "), newest, strings.TrimSpace(errOut))
				}
				if got := fileSHA(t, path); got != want {
					t.Errorf("vol %s changed the damaged file", strings.Join(args, " "))
					want = got // go on: report every command that writes
				}
			}
			if _, err := os.Stat(filepath.Join(dir, "copy.db")); err == nil {
				t.Errorf("vol backed up a damaged ledger")
			}
			if detected == "none" {
				// The flip is invisible: the file works, and writes go on.
				mustVol(t, env, "household", "add", "99-9-909")
				mustCheck(t, env, "after a write")
			}
		})
	}
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}

// TestLedgerCopiedWithoutWAL copies a ledger's main file while its WAL
// still holds commits (another connection keeps vol from checkpointing it
// when it closes): the copy is a whole, older ledger. vol cannot tell (see
// the top of this file); the copy checks, lacks the WAL's commits, and
// writes under a new device ID.
func TestLedgerCopiedWithoutWAL(t *testing.T) {
	t.Parallel()
	env := smallLedger(t, "walcopy")
	path := env["VOL_DB"]
	mustVol(t, env, "household", "add", "9-9-901") // checkpointed when vol closes
	before := entries(t, env)
	// Hold the file open: vol is then never the last connection, so it
	// leaves its commits in the WAL.
	hold, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer hold.Close()
	hold.SetMaxOpenConns(1)
	var n int
	if err := hold.QueryRow("SELECT count(*) FROM journal").Scan(&n); err != nil {
		t.Fatal(err)
	}
	mustVol(t, env, "household", "add", "9-9-902")
	mustVol(t, env, "household", "add", "9-9-903")
	if st, err := os.Stat(path + "-wal"); err != nil || st.Size() == 0 {
		t.Fatalf("the WAL should hold the last commits: %v", err)
	}
	copyEnv := withEnv(env, "VOL_DB", filepath.Join(t.TempDir(), "copy.db"))
	copyFileTo(t, path, copyEnv["VOL_DB"])
	original := fileSHA(t, path)

	mustCheck(t, copyEnv, "of the copy without its WAL")
	if got := entries(t, copyEnv); got != before {
		t.Fatalf("the copy without the WAL has %d entries, want %d (the commits in the WAL missing)", got, before)
	}
	if out := mustVol(t, copyEnv, "household", "list"); strings.Contains(out, "9号楼9单元902室") || !strings.Contains(out, "9号楼9单元901室") {
		t.Fatalf("the copy should hold 901 and not 902:\n%s", out)
	}
	// Writing to the copy: a new device ID, so its entries never collide
	// with the original's (which wrote sequence numbers the copy lacks).
	mustVol(t, copyEnv, "household", "add", "9-9-904")
	var log []entryJSON
	// (The new device first records its key, the hand-over from the
	// original and what it holds: an entry "device", number 1.)
	if err := json.Unmarshal([]byte(mustVol(t, copyEnv, "log", "--json", "--limit", "3")), &log); err != nil {
		t.Fatal(err)
	}
	if len(log) != 3 || log[0].Device != log[1].Device || log[1].Device == log[2].Device || log[1].Seq != 1 || log[1].Command != "device" || log[0].Seq != 2 {
		t.Errorf("the copy's first write: device %s seq %d after %s (device %s seq %d) after device %s: want a new device starting at 1 with its setup",
			log[0].Device, log[0].Seq, log[1].Command, log[1].Device, log[1].Seq, log[2].Device)
	}
	mustCheck(t, copyEnv, "of the copy after a write")
	if fileSHA(t, path) != original {
		t.Fatal("working on the copy changed the original")
	}
	hold.Close()
	mustCheck(t, env, "of the original")
	if got := entries(t, env); got != before+2 {
		t.Fatalf("the original has %d entries, want %d", got, before+2)
	}
}

// TestReadOnlyLedger: a ledger file the user may not write (mode 0400) is
// read, and every write fails with exit 1 leaving it as it was. Root may
// write any file, so as root (CI) the writes run as the user nobody, to
// whom the file is read-only too.
func TestReadOnlyLedger(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no POSIX file modes on Windows")
	}
	t.Parallel()
	env := smallLedger(t, "readonly")
	path := env["VOL_DB"]
	mode := os.FileMode(0o400)
	asRoot := os.Geteuid() == 0
	if asRoot { // nobody may run vol and read the file and its folders, not write them
		mode = 0o444
		if err := os.Chmod(filepath.Dir(volBin), 0o755); err != nil {
			t.Fatal(err)
		}
		for d := filepath.Dir(path); d != filepath.Dir(d) && strings.HasPrefix(d, os.TempDir()); d = filepath.Dir(d) {
			if err := os.Chmod(d, 0o755); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := os.Chmod(path, mode); err != nil {
		t.Fatal(err)
	}
	want := fileSHA(t, path)
	n := peopleCount(t, env)
	for _, args := range [][]string{{"household", "add", "99-9-909"}, {"person", "add", "新来的", "--address", "1-1-101"}} {
		var code int
		var errOut string
		if !asRoot {
			code, _, errOut = vol(t, env, args...)
		} else {
			c := volProcess(env, args...)
			asNobody(c)
			var stderr strings.Builder
			c.Stderr = &stderr
			err := c.Run()
			code, errOut = 0, stderr.String()
			var ee *exec.ExitError
			if errors.As(err, &ee) {
				code = ee.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
		}
		t.Logf("vol %s: exit %d: %s", strings.Join(args, " "), code, strings.TrimSpace(errOut))
		if code != exitFailure || !strings.Contains(errOut, path) {
			t.Errorf("vol %s on a read-only ledger: exit %d, want 1 and an error naming %s: %s", strings.Join(args, " "), code, path, errOut)
		}
		if fileSHA(t, path) != want {
			t.Fatalf("vol %s changed a read-only ledger", strings.Join(args, " "))
		}
	}
	if got := peopleCount(t, env); got != n {
		t.Fatalf("%d people, want %d", got, n)
	}
}

// TestLedgerOnFullDisk runs vol import in a child whose file size is
// limited (ulimit -f), as on a full disk: with 8 KiB not even the -shm file
// fits (refused at open), with 128 KiB the WAL fills up mid-import. Either
// way the import fails with exit 1 (not a crash, not SIGXFSZ) and an error
// naming the ledger file, the file is left byte for byte, and afterwards it
// checks and holds nothing of the import.
func TestLedgerOnFullDisk(t *testing.T) {
	skipWithoutSignals(t)
	t.Parallel()
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash for ulimit")
	}
	big := filepath.Join(t.TempDir(), "big.csv")
	writeTestRegister(t, big, 4000, 40, "满")
	for _, kib := range []int{8, 128} {
		t.Run(fmt.Sprintf("ulimit-%dKiB", kib), func(t *testing.T) {
			t.Parallel() // each has its own ledger; the limit is the child's
			env := smallLedger(t, "fulldisk")
			path := env["VOL_DB"]
			want, n, journal := fileSHA(t, path), peopleCount(t, env), entries(t, env)

			c := volProcess(env, "import", big)
			c.Args = append([]string{bash, "-c", fmt.Sprintf(`ulimit -f %d; exec "$0" "$@"`, kib), c.Path}, c.Args[1:]...)
			c.Path = bash
			ch := runChild(t, c)
			if ch.err == nil || ch.exitCode() != exitFailure {
				t.Fatalf("an import past the file-size limit: want exit 1, got %s", ch)
			}
			errOut := strings.TrimSpace(ch.stderr.String())
			t.Logf("full disk: %s", errOut)
			if strings.Contains(errOut, "panic") {
				t.Fatalf("vol panicked on a full disk:\n%s", errOut)
			}
			if !strings.Contains(errOut, path) || strings.Contains(errOut, ", column ") {
				t.Errorf("a full disk should be reported against the ledger file %s, not a row of the sheet: %s", path, errOut)
			}
			if fileSHA(t, path) != want {
				t.Fatal("a failed import on a full disk changed the ledger file")
			}
			mustCheck(t, env, "after a full disk")
			if got, gotJ := peopleCount(t, env), entries(t, env); got != n || gotJ != journal {
				t.Fatalf("after a failed import: %d people and %d entries, want %d and %d", got, gotJ, n, journal)
			}
			mustVol(t, env, "import", big) // with room to write, it goes through
			if got := peopleCount(t, env); got != n+4000 {
				t.Fatalf("after the import: %d people, want %d", got, n+4000)
			}
		})
	}
}

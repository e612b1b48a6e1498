package main

// Crash tests: vol is killed (SIGKILL, as a power cut or kill -9 would) in
// the middle of a change, in its own process, and the ledger must be whole
// afterwards: vol check passes, and the change is there in full or not at
// all. The crash points are ledger.Crash calls, armed by VOL_CRASH; the
// random kills come from this process after a delay.

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"vol/ledger"
)

// childTimeout is how long any vol child may run: a hung child is killed
// and its test fails (never blocks CI). It is a guard, not an assertion on
// how fast vol is.
const childTimeout = 90 * time.Second

// child is a vol process started by a test.
type child struct {
	cmd            *exec.Cmd
	stdout, stderr bytes.Buffer
	err            error // from Wait
	hung           atomic.Bool
	done           chan struct{}
}

// startChild starts c (from volProcess) with a deadline: past childTimeout
// it is killed and marked hung.
func startChild(c *exec.Cmd) (*child, error) {
	ch := &child{cmd: c, done: make(chan struct{})}
	c.Stdout, c.Stderr = &ch.stdout, &ch.stderr
	if err := c.Start(); err != nil {
		return nil, err
	}
	go func() {
		guard := time.AfterFunc(childTimeout, func() {
			ch.hung.Store(true)
			c.Process.Kill()
		})
		ch.err = c.Wait()
		guard.Stop()
		close(ch.done)
	}()
	return ch, nil
}

// runChild runs c to its end (or its deadline).
func runChild(t *testing.T, c *exec.Cmd) *child {
	t.Helper()
	ch, err := startChild(c)
	if err != nil {
		t.Fatal(err)
	}
	ch.wait()
	if ch.hung.Load() {
		t.Fatalf("vol %s hung and was killed after %v\n%s", strings.Join(c.Args[1:], " "), childTimeout, ch.stderr.String())
	}
	return ch
}

func (ch *child) wait() { <-ch.done }

// exitCode is the child's exit status, -1 when a signal ended it.
func (ch *child) exitCode() int { return ch.cmd.ProcessState.ExitCode() }

// sigkilled reports whether the child died of SIGKILL.
func (ch *child) sigkilled() bool {
	var ee *exec.ExitError
	if !errors.As(ch.err, &ee) {
		return false
	}
	ws, ok := ee.ProcessState.Sys().(syscall.WaitStatus)
	return ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL
}

func (ch *child) String() string {
	return fmt.Sprintf("vol %s: %v\nstdout: %s\nstderr: %s", strings.Join(ch.cmd.Args[1:], " "), ch.err, ch.stdout.String(), ch.stderr.String())
}

// mustBeKilled fails unless the child died of SIGKILL: proof that the crash
// point was really reached.
func mustBeKilled(t *testing.T, ch *child) {
	t.Helper()
	if !ch.sigkilled() {
		t.Fatalf("want the child killed by SIGKILL at its crash point, got %s", ch)
	}
}

// skipWithoutSignals skips where processes cannot be killed with SIGKILL.
func skipWithoutSignals(t *testing.T) {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("no SIGKILL or rlimits on Windows")
	}
}

// withEnv is env plus more variables (env itself is left alone).
func withEnv(env map[string]string, kv ...string) map[string]string {
	out := make(map[string]string, len(env)+len(kv)/2)
	for k, v := range env {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i]] = kv[i+1]
	}
	return out
}

// writeTestRegister writes a CSV register of n people, four to a flat,
// 500 flats to a building from building first on; tag keeps the names of
// one file apart from another's. Some are elders, some volunteers.
func writeTestRegister(t *testing.T, path string, n, first int, tag string) {
	t.Helper()
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(sampleRows(t)[0]) // 楼号,单元,室号,姓名,性别,出生年月,联系电话,在住,身份,志愿者,技能,备注
	sexes := []string{"男", "女"}
	for i := range n {
		flat := i / 4
		volunteer, skills := "否", ""
		if i%10 == 3 {
			volunteer, skills = "是", "司机、上海话"
		}
		w.Write([]string{
			fmt.Sprint(first + flat/500), fmt.Sprint(1 + flat/250%2), fmt.Sprint(101 + flat%250),
			fmt.Sprintf("居民%s%05d", tag, i), sexes[i%2], fmt.Sprintf("%d-%02d", 1935+i%70, 1+i%12),
			fmt.Sprintf("139%08d", i), "是", "居民", volunteer, skills, "",
		})
	}
	w.Flush()
	if err := os.WriteFile(path, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}

// peopleCount is the number of people listed in the ledger.
func peopleCount(t *testing.T, env map[string]string) int {
	t.Helper()
	var people []json.RawMessage
	if err := json.Unmarshal([]byte(mustVol(t, env, "person", "list", "--json")), &people); err != nil {
		t.Fatal(err)
	}
	return len(people)
}

// mustCheck fails unless vol check passes.
func mustCheck(t *testing.T, env map[string]string, when string) {
	t.Helper()
	if code, out, errOut := vol(t, env, "check"); code != 0 {
		t.Fatalf("vol check %s: exit %d\n%s%s", when, code, out, errOut)
	}
}

// crashRows is the size of the register the crash tests import.
const crashRows = 2000

// TestCrashDuringImport kills vol import at each crash point inside the
// import and around its commit. Before the commit the ledger holds nothing of
// the import; after it, all of it; either way vol check passes, and running
// the import again finishes the job exactly once.
func TestCrashDuringImport(t *testing.T) {
	skipWithoutSignals(t)
	t.Parallel()
	register := filepath.Join(t.TempDir(), "register.csv")
	writeTestRegister(t, register, crashRows, 1, "")

	control := testEnv(t, "control")
	mustVol(t, control, "init")
	empty, emptyEntries := registerState(t, control), entries(t, control)
	mustVol(t, control, "import", register)
	full, fullEntries := registerState(t, control), entries(t, control)
	if fullEntries <= emptyEntries || full == empty {
		t.Fatalf("control import: %d entries before, %d after", emptyEntries, fullEntries)
	}

	for _, tc := range []struct {
		point     string
		committed bool
	}{
		{"import-first-row", false},
		{"import-middle", false},
		{"import-last-row", false},
		{"before-commit", false},
		{"after-commit", true},
	} {
		t.Run(tc.point, func(t *testing.T) {
			t.Parallel() // each has its own ledger; the children are processes
			env := testEnv(t, "crash")
			mustVol(t, env, "init")
			ch := runChild(t, volProcess(withEnv(env, "VOL_CRASH", tc.point), "import", register))
			mustBeKilled(t, ch)
			mustCheck(t, env, "after the crash")
			want, wantEntries := empty, emptyEntries
			if tc.committed {
				want, wantEntries = full, fullEntries
			}
			if got := entries(t, env); got != wantEntries {
				t.Fatalf("after a crash at %s: %d journal entries, want %d", tc.point, got, wantEntries)
			}
			if got := registerState(t, env); got != want {
				t.Fatalf("after a crash at %s the register is neither empty nor the whole import:\n%s", tc.point, firstDiff(got, want))
			}
			// Running the import again finishes the job, once.
			mustVol(t, env, "import", register)
			if got := registerState(t, env); got != full {
				t.Fatalf("re-run import after a crash at %s:\n%s", tc.point, firstDiff(got, full))
			}
			if got := entries(t, env); got != fullEntries {
				t.Fatalf("re-run import after a crash at %s: %d entries, want %d", tc.point, got, fullEntries)
			}
			mustVol(t, env, "import", register)
			if got := entries(t, env); got != fullEntries {
				t.Fatalf("a third import added %d entries", got-fullEntries)
			}
			mustCheck(t, env, "after the re-run")
		})
	}
}

// smallLedger is a ledger with a few hundred people in it.
func smallLedger(t *testing.T, name string) map[string]string {
	t.Helper()
	env := testEnv(t, name)
	mustVol(t, env, "init", "--compound", "测试小区")
	register := filepath.Join(t.TempDir(), "small.csv")
	writeTestRegister(t, register, 200, 1, "")
	mustVol(t, env, "import", register)
	return env
}

// TestCrashDuringExport kills vol export after it wrote the whole temporary
// file, before the rename: nothing appears at the path (and a file already
// there is left as it was); running it again writes the workbook.
func TestCrashDuringExport(t *testing.T) {
	skipWithoutSignals(t)
	t.Parallel()
	env := smallLedger(t, "export")
	dir := t.TempDir()
	out := filepath.Join(dir, "out.xlsx")
	crash := withEnv(env, "VOL_CRASH", "export-before-rename")

	ch := runChild(t, volProcess(crash, "export", "-o", out))
	mustBeKilled(t, ch)
	if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("after a crash before the rename, %s exists (%v)", out, err)
	}
	leftovers(t, dir, "out.xlsx")

	mustVol(t, env, "export", "-o", out)
	x, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatalf("the re-run's workbook: %v", err)
	}
	rows, err := x.GetRows("people")
	x.Close()
	if err != nil || len(rows) != 2+200 {
		t.Fatalf("the re-run's people sheet: %d rows (%v), want title, header and 200 people", len(rows), err)
	}

	// A crash while replacing a workbook leaves the old one as it was.
	before, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	mustVol(t, env, "household", "add", "9-1-101")
	ch = runChild(t, volProcess(crash, "export", "-o", out))
	mustBeKilled(t, ch)
	if after, err := os.ReadFile(out); err != nil || !bytes.Equal(after, before) {
		t.Fatalf("a crash while replacing %s changed it (%v)", out, err)
	}
}

// leftovers logs the temporary files a crash left in dir (a crash cannot
// remove them) and fails if one is readable by others: they hold the same
// personal data as the file they were to become.
func leftovers(t *testing.T, dir, want string) []string {
	t.Helper()
	des, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, de := range des {
		if de.Name() == want {
			continue
		}
		names = append(names, de.Name())
		st, err := os.Stat(filepath.Join(dir, de.Name()))
		if err == nil && !de.IsDir() && st.Mode().Perm() != 0o600 {
			t.Errorf("crash leftover %s has mode %v, want 0600", de.Name(), st.Mode().Perm())
		}
	}
	if len(names) > 0 {
		t.Logf("the crash left temporary files in %s: %s", dir, strings.Join(names, ", "))
	}
	return names
}

// TestCrashDuringBackup kills vol backup after the checked copy, before the
// rename: no backup appears at its path, the ledger still checks, and
// running it again takes the backup, which vol backup --list then shows.
func TestCrashDuringBackup(t *testing.T) {
	skipWithoutSignals(t)
	t.Parallel()
	env := smallLedger(t, "backup")
	crash := withEnv(env, "VOL_CRASH", "backup-mid")
	backups := filepath.Join(filepath.Dir(env["VOL_DB"]), "backups")

	ch := runChild(t, volProcess(crash, "backup"))
	mustBeKilled(t, ch)
	if b := ledger.NewestBackup(env["VOL_DB"]); b != "" {
		t.Fatalf("after a crash before the rename, a backup exists: %s", b)
	}
	leftovers(t, backups, "")
	mustCheck(t, env, "after the crash")
	if out := mustVol(t, env, "backup", "--list"); strings.Contains(out, ".db") {
		t.Fatalf("backup --list shows a backup the crash never finished:\n%s", out)
	}

	_, _, errOut := vol(t, env, "backup")
	b := ledger.NewestBackup(env["VOL_DB"])
	if b == "" || !strings.Contains(errOut, filepath.Base(b)) {
		t.Fatalf("re-run backup: newest backup %q, vol said %q", b, errOut)
	}
	list := mustVol(t, env, "backup", "--list")
	if !strings.Contains(list, filepath.Base(b)) || strings.Count(list, ".db") != 1 {
		t.Fatalf("backup --list after the re-run:\n%s", list)
	}
	// The backup is a whole ledger that checks.
	restored := testEnv(t, "restored")
	if err := os.WriteFile(restored["VOL_DB"], mustRead(t, b), 0o600); err != nil {
		t.Fatal(err)
	}
	mustCheck(t, restored, "of the backup")
	if got, want := registerState(t, restored), registerState(t, env); got != want {
		t.Fatalf("the backup's register differs:\n%s", firstDiff(got, want))
	}
}

// TestCrashDuringEncryptedBackupLeavesNoPlaintext: an encrypted backup is
// for a USB stick or a chat; a crash while it is written must not leave the
// ledger unencrypted in the folder it was going to.
func TestCrashDuringEncryptedBackupLeavesNoPlaintext(t *testing.T) {
	skipWithoutSignals(t)
	t.Parallel()
	// VOL_TEST_SCRYPT_LOGN cheapens the child's scrypt (the test build reads
	// it); the in-process backup below pays age's full cost, as shipped.
	env := withEnv(smallLedger(t, "encrypted"), "VOL_PASSPHRASE", "正确 马 电池 钉书针", "VOL_TEST_SCRYPT_LOGN", "10")
	usb := t.TempDir()
	dest := filepath.Join(usb, "ledger.db.age")
	ch := runChild(t, volProcess(withEnv(env, "VOL_CRASH", "backup-mid"), "backup", "--encrypt", dest))
	mustBeKilled(t, ch)
	if _, err := os.Stat(dest); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("after a crash before the rename, %s exists (%v)", dest, err)
	}
	for _, name := range leftovers(t, usb, "") {
		if b, err := os.ReadFile(filepath.Join(usb, name)); err == nil && bytes.HasPrefix(b, []byte("SQLite format 3\x00")) {
			t.Errorf("an encrypted backup's crash left the ledger in plain text at its destination: %s (%d bytes)", name, len(b))
		}
	}
	mustVol(t, env, "backup", "--encrypt", dest)
	if !ledger.IsEncrypted(dest) {
		t.Fatalf("%s is not encrypted", dest)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// killRows is the size of the register the random kills interrupt.
const killRows = 10000

// TestRandomKillsDuringImport kills vol import from outside after delays
// drawn from a seeded PCG, spread over the time an uninterrupted import
// takes: each kill leaves a ledger that checks and holds nothing or all of
// the import. At least one kill must land inside the import's transaction
// (its uncommitted pages already spilled into the WAL), or the test proves
// nothing: more kills are tried in the middle of the run until one does.
func TestRandomKillsDuringImport(t *testing.T) {
	skipWithoutSignals(t)
	if testing.Short() {
		t.Skip("random kills take a while (-short)")
	}
	t.Parallel() // its children are processes; its delays are measured under the same load
	register := filepath.Join(t.TempDir(), "big.csv")
	writeTestRegister(t, register, killRows, 1, "")

	// The control run, in its own process, measures the import's duration.
	control := testEnv(t, "control")
	mustVol(t, control, "init")
	emptyEntries := entries(t, control)
	start := time.Now()
	ch := runChild(t, volProcess(control, "import", register))
	took := time.Since(start)
	if ch.err != nil {
		t.Fatalf("control import: %s", ch)
	}
	fullEntries := entries(t, control)
	full := registerState(t, control)
	if fullEntries <= emptyEntries { // one entry, or a batch of them past 20,000 operations
		t.Fatalf("control import: %d entries before, %d after", emptyEntries, fullEntries)
	}

	// outcomes counts where the kills landed.
	outcomes := map[string]int{}
	var landed []string
	try := func(delay time.Duration) {
		t.Helper()
		env := testEnv(t, "kill")
		mustVol(t, env, "init")
		ch, err := startChild(volProcess(env, "import", register))
		if err != nil {
			t.Fatal(err)
		}
		time.Sleep(delay)
		ch.cmd.Process.Kill()
		ch.wait()
		if ch.hung.Load() {
			t.Fatalf("import hung: %s", ch)
		}
		killed := ch.sigkilled()
		if !killed && ch.err != nil {
			t.Fatalf("import failed without being killed: %s", ch)
		}
		var wal int64 // the WAL as the kill left it, before vol opens the file again
		if st, err := os.Stat(env["VOL_DB"] + "-wal"); err == nil {
			wal = st.Size()
		}
		mustCheck(t, env, fmt.Sprintf("after a kill at %v", delay))
		where := ""
		switch n := entries(t, env); n {
		case fullEntries:
			where = "after the commit"
			if !killed {
				where = "too late (the import had finished)"
			}
			if got := peopleCount(t, env); got != killRows {
				t.Fatalf("kill at %v after the commit: %d people, want %d", delay, got, killRows)
			}
			if got := registerState(t, env); got != full {
				t.Fatalf("kill at %v after the commit: the register is not the whole import:\n%s", delay, firstDiff(got, full))
			}
		case emptyEntries:
			if !killed {
				t.Fatalf("import exited 0 but the journal has no entry for it: %s", ch)
			}
			where = "before the transaction wrote"
			if wal > 0 {
				where = "inside the transaction"
			}
			if got := peopleCount(t, env); got != 0 {
				t.Fatalf("kill at %v before the commit: %d people, want none", delay, got)
			}
		default:
			t.Fatalf("kill at %v: %d journal entries, want %d or %d", delay, n, emptyEntries, fullEntries)
		}
		outcomes[where]++
		landed = append(landed, fmt.Sprintf("%v: %s (WAL %d KiB)", delay.Round(time.Millisecond), where, wal>>10))
	}

	r := rand.New(rand.NewPCG(20221, 370))
	const kills = 5
	for i := range kills {
		// one delay in each fifth of the run, from 5% to 105% of it
		f := 0.05 + (float64(i)+r.Float64())/kills
		try(time.Duration(f * float64(took)))
	}
	// The load on the machine may differ from the control run's: aim at the
	// middle of the run until a kill lands inside the transaction.
	for _, f := range []float64{0.5, 0.65, 0.35, 0.8, 0.2} {
		if outcomes["inside the transaction"] > 0 {
			break
		}
		try(time.Duration(f * float64(took)))
	}
	t.Logf("import of %d rows took %v uninterrupted; kills at\n%s", killRows, took.Round(time.Millisecond), strings.Join(landed, "\n"))
	if outcomes["inside the transaction"] == 0 {
		t.Fatalf("no kill landed inside the import's transaction: the test proved nothing")
	}
}

// TestInterruptDuringImport presses Ctrl-C (SIGINT) in the middle of an
// import: vol stops with exit 130 and says so in one line, and the ledger is as it was
// (the statements of a change do not watch the interrupt one by one; the
// change must still stop before its next operation and roll back).
func TestInterruptDuringImport(t *testing.T) {
	skipWithoutSignals(t)
	t.Parallel()
	register := filepath.Join(t.TempDir(), "register.csv")
	writeTestRegister(t, register, crashRows, 1, "")
	env := testEnv(t, "interrupt")
	mustVol(t, env, "init")
	before, beforeEntries := registerState(t, env), entries(t, env)
	ch := runChild(t, volProcess(withEnv(env, "VOL_INTERRUPT", "import-middle"), "import", register))
	if ch.exitCode() != exitInterrupted || ch.stderr.String() != "vol: interrupted\n" {
		t.Fatalf("want exit %d and one line saying so after Ctrl-C, got %s", exitInterrupted, ch)
	}
	mustCheck(t, env, "after the interrupt")
	if got := entries(t, env); got != beforeEntries {
		t.Fatalf("after an interrupted import: %d journal entries, want %d", got, beforeEntries)
	}
	if got := registerState(t, env); got != before {
		t.Fatalf("an interrupted import changed the register:\n%s", firstDiff(got, before))
	}
}

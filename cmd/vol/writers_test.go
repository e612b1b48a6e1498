package main

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// TestTwoWritersAtOnce runs two vol processes writing to one ledger at the
// same time, round after round: one imports a register (a new file each
// round, so each import adds people), the other commits ration rounds and
// delivers them while the import runs. Every command either succeeds with
// its whole effect or fails with "ledger busy, try again" and no effect; at
// the end the committed rounds, the deliveries, the people and the journal
// add up to the successful commands exactly, and vol check passes.
func TestTwoWritersAtOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("two writers take a while (-short)")
	}
	t.Parallel() // the writers are processes
	env := testEnv(t, "writers")
	mustVol(t, env, "demo", "--db", env["VOL_DB"])
	people, journal := peopleCount(t, env), entries(t, env)
	dir := t.TempDir()
	const rounds, rows = 10, 2000

	// ok reports whether a writing command succeeded; it fails the test
	// unless the command either succeeded or was refused as busy.
	busy := 0
	ok := func(ch *child) bool {
		t.Helper()
		switch {
		case ch.err == nil:
			return true
		case ch.exitCode() == 1 && strings.Contains(ch.stderr.String(), "ledger busy, try again"):
			busy++
			return false
		}
		t.Fatalf("a writer neither succeeded nor was refused as busy: %s", ch)
		return false
	}

	allocs := map[string]bool{} // committed round ID → its delivery succeeded
	imports, overlapped := 0, 0
	for i := range rounds {
		register := filepath.Join(dir, fmt.Sprintf("register-%02d.csv", i))
		writeTestRegister(t, register, rows, 20+i, fmt.Sprintf("%02d", i))
		imp, err := startChild(volProcess(env, "import", register))
		if err != nil {
			t.Fatal(err)
		}
		// The other writer: rounds and deliveries until the import is over
		// (at least one of each).
		for k := 0; k == 0 || running(imp); k++ {
			if running(imp) {
				overlapped++
			}
			alloc := runChild(t, volProcess(env, "alloc", "--surplus", "5", "--commit", "--json"))
			if !ok(alloc) {
				continue
			}
			var out struct {
				Round string `json:"round"`
				Given int    `json:"given"`
			}
			if err := json.Unmarshal(alloc.stdout.Bytes(), &out); err != nil || out.Round == "" || out.Given != 5 {
				t.Fatalf("alloc --commit --json: round %q, given %d (%v)\n%s", out.Round, out.Given, err, alloc.stdout.String())
			}
			allocs[out.Round] = false
			if ok(runChild(t, volProcess(env, "round", "deliver", out.Round, "--all"))) {
				allocs[out.Round] = true
			}
		}
		imp.wait()
		if imp.hung.Load() {
			t.Fatalf("import hung: %s", imp)
		}
		if ok(imp) {
			imports++
		}
	}
	if got, want := peopleCount(t, env), people+imports*rows; got != want {
		t.Errorf("%d people, want %d (%d people before, %d imports of %d rows succeeded)", got, want, people, imports, rows)
	}

	// The rounds in the ledger are exactly the successful commits, each
	// delivered in full when its delivery succeeded and not at all otherwise.
	var listed []roundJSON
	if err := json.Unmarshal([]byte(mustVol(t, env, "rounds", "--json")), &listed); err != nil {
		t.Fatal(err)
	}
	if len(listed) != len(allocs) {
		t.Errorf("%d rounds in the ledger, %d alloc --commit succeeded", len(listed), len(allocs))
	}
	deliveries := 0
	for _, r := range listed {
		delivered, found := allocs[r.ID]
		switch {
		case !found:
			t.Errorf("round %s is in the ledger but no alloc --commit reported it", r.ID)
		case delivered && r.Delivered != r.Recipients:
			t.Errorf("round %s: delivery succeeded but %d of %d lines are delivered", r.ID, r.Delivered, r.Recipients)
		case !delivered && r.Delivered != 0:
			t.Errorf("round %s: delivery failed but %d lines are delivered", r.ID, r.Delivered)
		}
		if delivered {
			deliveries++
		}
	}
	// One entry per successful command (an import of 2,000 rows is far
	// below the 20,000 operations that make a batch of entries).
	if got, want := entries(t, env), journal+imports+len(allocs)+deliveries; got != want {
		t.Errorf("%d journal entries, want %d (+%d imports, +%d rounds, +%d deliveries)", got, want, imports, len(allocs), deliveries)
	}
	mustCheck(t, env, "after two writers")
	t.Logf("%d rounds: %d imports, %d alloc commits, %d deliveries succeeded; %d refused as busy; %d commands started while an import ran",
		rounds, imports, len(allocs), deliveries, busy, overlapped)
	if overlapped == 0 {
		t.Fatalf("no command ran while an import did: the writers never met")
	}
}

// running reports whether the child is still running.
func running(ch *child) bool {
	select {
	case <-ch.done:
		return false
	default:
		return true
	}
}

// TestWritersRefusedWhileLocked holds the ledger's write lock (as a long
// import would) past vol's 5-second busy timeout while four writers start
// at once: each fails with exit 1 and "ledger busy, try again", none
// changes anything, and each succeeds once the lock is released.
func TestWritersRefusedWhileLocked(t *testing.T) {
	t.Parallel() // mostly waiting out the busy timeout
	env := smallLedger(t, "locked")
	var round struct {
		Round string `json:"round"`
	}
	if err := json.Unmarshal([]byte(mustVol(t, env, "alloc", "--surplus", "3", "--commit", "--json")), &round); err != nil {
		t.Fatal(err)
	}
	register := filepath.Join(t.TempDir(), "more.csv")
	writeTestRegister(t, register, 100, 50, "锁")
	writers := [][]string{
		{"import", register},
		{"alloc", "--surplus", "3", "--commit"},
		{"round", "deliver", round.Round, "--all"},
		{"household", "add", "9-9-909"},
	}
	people, journal := peopleCount(t, env), entries(t, env)

	lock, err := sql.Open("sqlite", env["VOL_DB"]+"?_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Close()
	tx, err := lock.Begin() // BEGIN IMMEDIATE: the write lock
	if err != nil {
		t.Fatal(err)
	}
	var children []*child
	for _, args := range writers {
		ch, err := startChild(volProcess(env, args...))
		if err != nil {
			t.Fatal(err)
		}
		children = append(children, ch)
	}
	for _, ch := range children {
		ch.wait()
		if ch.hung.Load() || ch.exitCode() != exitFailure || !strings.Contains(ch.stderr.String(), "ledger busy, try again") {
			t.Errorf("a writer while the ledger is locked: want exit 1 and \"ledger busy, try again\", got %s", ch)
		}
	}
	tx.Rollback()
	lock.Close()
	if got, gotJ := peopleCount(t, env), entries(t, env); got != people || gotJ != journal {
		t.Fatalf("refused writers changed the ledger: %d people and %d entries, want %d and %d", got, gotJ, people, journal)
	}
	mustCheck(t, env, "after refused writers")
	for _, args := range writers {
		mustVol(t, env, args...)
	}
	if got := entries(t, env); got != journal+len(writers) {
		t.Fatalf("the writers once the lock is gone: %d entries, want %d", got, journal+len(writers))
	}
}

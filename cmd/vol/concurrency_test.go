package main

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// Two coordinators run the same deciding command at once. Each test holds
// both vol processes at the start of their write (a test build's barrier,
// after whatever they read first), lets one finish, then the other: the
// second has read the ledger before the first wrote, which is the race.
// Deciding inside the write means the second never records a decision made
// on the state the first changed.

// racer is a vol process held at its barrier.
type racer struct {
	t        *testing.T
	cmd      *exec.Cmd
	dir      string // its barrier folder
	out, err bytes.Buffer
	code     int
}

// startRacer starts vol with args on the ledger db and waits until it is
// held at its first write.
func startRacer(t *testing.T, db string, args ...string) *racer {
	t.Helper()
	r := &racer{t: t, dir: t.TempDir()}
	r.cmd = exec.Command(testBinary(t), args...)
	r.cmd.Env = raceEnv(db, "VOL_TEST_BARRIER="+r.dir)
	r.cmd.Stdout, r.cmd.Stderr = &r.out, &r.err
	if err := r.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(time.Minute)
	for {
		if m, _ := filepath.Glob(filepath.Join(r.dir, "ready.*")); len(m) > 0 {
			return r
		}
		if time.Now().After(deadline) {
			_ = r.cmd.Process.Kill()
			t.Fatalf("vol %v never reached its write: %s", args, r.err.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// finish lets the racer write and waits for it.
func (r *racer) finish() *racer {
	r.t.Helper()
	if err := os.WriteFile(filepath.Join(r.dir, "go"), nil, 0o600); err != nil {
		r.t.Fatal(err)
	}
	err := r.cmd.Wait()
	if ee, ok := err.(*exec.ExitError); ok {
		r.code = ee.ExitCode()
	} else if err != nil {
		r.t.Fatal(err)
	}
	return r
}

func raceEnv(db string, extra ...string) []string {
	return append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"), "USER=chair", "LANG=en_US.UTF-8",
		"VOL_NOW=2026-11-28T09:00:00Z", "VOL_DB=" + db}, extra...)
}

// volAt runs vol on the ledger db to set a race up, and returns stdout.
func volAt(t *testing.T, db string, args ...string) string {
	t.Helper()
	c := exec.Command(testBinary(t), args...)
	c.Env = raceEnv(db)
	var out, errb bytes.Buffer
	c.Stdout, c.Stderr = &out, &errb
	if err := c.Run(); err != nil {
		t.Fatalf("vol %v: %v: %s", args, err, errb.String())
	}
	return out.String()
}

// sampleLedger is a new ledger of the sample compound.
func sampleLedger(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "kaixuan.db")
	volAt(t, db, "demo", "--db", db)
	return db
}

// count runs a counting query on the ledger file.
func count(t *testing.T, db, query string) int {
	t.Helper()
	s, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var n int
	if err := s.QueryRow(query).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func TestRaceAllocCommit(t *testing.T) {
	t.Parallel()
	db := sampleLedger(t)
	a := startRacer(t, db, "alloc", "--surplus", "50", "--commit")
	b := startRacer(t, db, "alloc", "--surplus", "50", "--commit")
	a.finish()
	b.finish()
	if a.code != 0 {
		t.Fatalf("first: exit %d: %s", a.code, a.err.String())
	}
	if b.code != 1 || !strings.Contains(b.err.String(), "committed by another command while this one ran; nothing was recorded") {
		t.Errorf("second: exit %d, stderr %q; want exit 1 saying the first round came in between", b.code, b.err.String())
	}
	if n := count(t, db, `SELECT count(*) FROM rounds`); n != 1 {
		t.Errorf("%d rounds from one history, want 1", n)
	}
	volAt(t, db, "check")
}

// TestRaceAllocCommitAtOnce lets both write at the same moment: SQLite
// serialises them, and still only one round is recorded.
func TestRaceAllocCommitAtOnce(t *testing.T) {
	t.Parallel()
	db := sampleLedger(t)
	a := startRacer(t, db, "alloc", "--surplus", "50", "--commit")
	b := startRacer(t, db, "alloc", "--surplus", "50", "--commit")
	for _, r := range []*racer{a, b} {
		if err := os.WriteFile(filepath.Join(r.dir, "go"), nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	a.finish()
	b.finish()
	if a.code+b.code != 1 {
		t.Errorf("exits %d and %d, want one 0 and one 1:\n%s\n%s", a.code, b.code, a.err.String(), b.err.String())
	}
	if loser := a.err.String() + b.err.String(); !strings.Contains(loser, "committed by another command while this one ran") {
		t.Errorf("the second says why it recorded nothing: %q", loser)
	}
	if n := count(t, db, `SELECT count(*) FROM rounds`); n != 1 {
		t.Errorf("%d rounds, want 1", n)
	}
}

func TestRaceMedRunPlan(t *testing.T) {
	t.Parallel()
	db := sampleLedger(t)
	for _, h := range []string{"1-1-101", "1-1-102", "1-1-201"} {
		volAt(t, db, "med", "request", h, "--drug", "氨氯地平")
	}
	a := startRacer(t, db, "med", "run", "plan", "--max-households", "2", "--commit", "--json")
	b := startRacer(t, db, "med", "run", "plan", "--max-households", "2", "--commit", "--json")
	a.finish()
	b.finish()
	if a.code != 0 || b.code != 0 {
		t.Fatalf("exits %d, %d: %s %s", a.code, b.code, a.err.String(), b.err.String())
	}
	if n := count(t, db, `SELECT count(*) FROM (SELECT request_id FROM med_run_items GROUP BY request_id HAVING count(*) > 1)`); n != 0 {
		t.Errorf("%d request(s) planned in two runs", n)
	}
	if n := count(t, db, `SELECT count(DISTINCT request_id) FROM med_run_items`); n != 3 {
		t.Errorf("%d requests planned, want all 3 (the second run takes what the first left)", n)
	}
	var second runJSON
	if err := json.Unmarshal(b.out.Bytes(), &second); err != nil || len(second.Items) != 1 || second.Items[0].Address != "1号楼1单元201室" {
		t.Errorf("second run %+v (%v), want the one household the first left", second, err)
	}
	if !strings.Contains(b.err.String(), "changed while this command waited") {
		t.Errorf("second: stderr %q, want it to say the ledger changed while it waited", b.err.String())
	}
	volAt(t, db, "check")
}

func TestRaceMedRunCloseAndCardTaken(t *testing.T) {
	t.Parallel()
	db := sampleLedger(t)
	volAt(t, db, "med", "request", "何鹏@1-1-101", "--drug", "氨氯地平")
	var run runJSON
	if err := json.Unmarshal([]byte(volAt(t, db, "med", "run", "plan", "--commit", "--json")), &run); err != nil {
		t.Fatal(err)
	}
	take := startRacer(t, db, "med", "card", "take", "何鹏@1-1-101", "--by", "杨强平@1-2-1002")
	closing := startRacer(t, db, "med", "run", "close", shortID(run.ID))
	take.finish()
	closing.finish()
	if take.code != 0 {
		t.Fatalf("card take: exit %d: %s", take.code, take.err.String())
	}
	if closing.code != 1 || !strings.Contains(closing.err.String(), "a run whose cards are all back home (1 household") {
		t.Errorf("close: exit %d, stderr %q; want it refused: the card left while it waited", closing.code, closing.err.String())
	}
	if n := count(t, db, `SELECT count(*) FROM med_runs WHERE status = 'open'`); n != 1 {
		t.Errorf("%d open runs, want the run still open", n)
	}
}

func TestRacePairElders(t *testing.T) {
	t.Parallel()
	db := sampleLedger(t)
	a := startRacer(t, db, "pair", "elders")
	b := startRacer(t, db, "pair", "elders")
	a.finish()
	b.finish()
	if a.code != 0 || b.code != 0 {
		t.Fatalf("exits %d, %d: %s %s", a.code, b.code, a.err.String(), b.err.String())
	}
	if n := count(t, db, `SELECT count(*) FROM (SELECT elder_household FROM pairings WHERE ended = '' GROUP BY elder_household HAVING count(*) > 1)`); n != 0 {
		t.Errorf("%d elder households paired twice", n)
	}
	if n := count(t, db, `SELECT count(*) FROM (SELECT volunteer FROM pairings WHERE ended = '' GROUP BY volunteer HAVING count(*) > 1)`); n != 0 {
		t.Errorf("%d volunteers given two households (capacity 1)", n)
	}
	if n := count(t, db, `SELECT count(*) FROM pairings WHERE ended = ''`); n != 35 {
		t.Errorf("%d current pairings, want 35", n)
	}
	if !strings.Contains(b.err.String(), "nothing to pair") {
		t.Errorf("second: stderr %q, want nothing left to pair", b.err.String())
	}
	volAt(t, db, "check")
}

// TestRacePairSet: two coordinators pair one elder household with two
// volunteers at once: the second ends the first's pairing, never leaves
// the household paired twice.
func TestRacePairSet(t *testing.T) {
	t.Parallel()
	db := sampleLedger(t)
	elder := regexp.MustCompile(`"address": "([^"]+)"`).FindStringSubmatch(volAt(t, db, "elders", "--json"))[1]
	vols := regexp.MustCompile(`"id": "([0-9a-f-]{36})"`).FindAllStringSubmatch(volAt(t, db, "volunteers", "--json"), 2)
	a := startRacer(t, db, "pair", "set", elder, vols[0][1])
	b := startRacer(t, db, "pair", "set", elder, vols[1][1])
	a.finish()
	b.finish()
	if a.code != 0 || b.code != 0 {
		t.Fatalf("exits %d, %d: %s %s", a.code, b.code, a.err.String(), b.err.String())
	}
	if n := count(t, db, `SELECT count(*) FROM pairings WHERE ended = ''`); n != 1 {
		t.Errorf("%d current pairings of one household, want 1", n)
	}
	if n := count(t, db, `SELECT count(*) FROM pairings WHERE ended = '' AND volunteer = '`+vols[1][1]+`'`); n != 1 {
		t.Errorf("the later pair set does not hold")
	}
	volAt(t, db, "check")
}

// TestRaceAdoptAndWrite: a laptop joining (sync import --adopt) while
// another command writes to the same fresh ledger: the adoption, which
// empties the ledger, refuses rather than wipe the change.
func TestRaceAdoptAndWrite(t *testing.T) {
	t.Parallel()
	chair := sampleLedger(t)
	file := filepath.Join(t.TempDir(), "all.volsync")
	volAt(t, chair, "sync", "export", "-o", file)
	db := filepath.Join(t.TempDir(), "leader.db")
	volAt(t, db, "init", "--compound", "凯旋华庭")
	adopt := startRacer(t, db, "sync", "import", file, "--adopt")
	write := startRacer(t, db, "household", "add", "99-1-101")
	write.finish()
	adopt.finish()
	if write.code != 0 {
		t.Fatalf("household add: %s", write.err.String())
	}
	if adopt.code != 1 || !strings.Contains(adopt.err.String(), "another command wrote to it just now") {
		t.Errorf("adopt: exit %d, %q; want it refused", adopt.code, adopt.err.String())
	}
	if out := volAt(t, db, "household", "show", "99-1-101"); !strings.Contains(out, "99号楼1单元101室") {
		t.Errorf("the household added was wiped: %s", out)
	}
}

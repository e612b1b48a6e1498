package main

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
)

// TestRandomCommandsKeepTheLedgerConsistent runs a long random sequence of
// commands, good and bad, against one ledger: every command exits 0 or 1,
// every successful change adds exactly one journal entry, every refused one
// adds none, and vol check passes at the end.
func TestRandomCommandsKeepTheLedgerConsistent(t *testing.T) {
	t.Parallel()
	env := map[string]string{
		"VOL_DB":   filepath.Join(t.TempDir(), "ledger.db"),
		"VOL_NOW":  "2026-11-28T09:00:00Z",
		"VOL_SEED": "random",
		"USER":     "tester",
	}
	if code, _, errOut := vol(t, env, "init", "--compound", "随机"); code != 0 {
		t.Fatalf("init: %d %s", code, errOut)
	}
	r := rand.New(rand.NewPCG(7, 11))
	names := []string{"王芳", "李强", "张伟", "刘洋", "陈静", "杨磊"}
	addr := func() string {
		return fmt.Sprintf("%d-%d-%d0%d", 1+r.IntN(3), 1+r.IntN(2), 1+r.IntN(3), 1+r.IntN(2))
	}
	person := func() string { return names[r.IntN(len(names))] + "@" + addr() }
	entries := func() int {
		_, out, _ := vol(t, env, "log", "--json", "--limit", "0")
		var es []json.RawMessage
		if err := json.Unmarshal([]byte(out), &es); err != nil {
			t.Fatalf("log --json: %v", err)
		}
		return len(es)
	}
	ok, failed := 0, 0
	for i := 0; i < 400; i++ {
		var args []string
		switch r.IntN(9) {
		case 0, 1:
			args = []string{"household", "add", addr()}
		case 2, 3:
			args = []string{"person", "add", names[r.IntN(len(names))], "--address", addr(),
				"--birth", fmt.Sprint(1930 + r.IntN(90)), "--phone", fmt.Sprintf("139%08d", r.IntN(1e8))}
			if r.IntN(3) == 0 {
				args = append(args, "--volunteer", "--skills", "医生、司机")
			}
		case 4:
			args = []string{"person", "set", person(), "--present=" + fmt.Sprint(r.IntN(2) == 0), "--notes", names[r.IntN(len(names))]}
		case 5:
			args = []string{"person", "rm", person(), "--yes"}
		case 6:
			args = []string{"household", "rm", addr(), "--yes"}
		case 7:
			args = []string{"household", "set", addr(), "--address", addr()}
		case 8:
			args = []string{"undo"}
		}
		before := entries()
		code, _, errOut := vol(t, env, args...)
		after := entries()
		switch {
		case code == 0 && strings.Contains(errOut, "nothing changed"):
			if after != before {
				t.Fatalf("%v changed nothing but added %d entries", args, after-before)
			}
		case code == 0:
			ok++
			if after != before+1 {
				t.Fatalf("%v succeeded and added %d entries, want 1", args, after-before)
			}
		case code == 1:
			failed++
			if after != before {
				t.Fatalf("%v failed (%s) but added %d entries", args, errOut, after-before)
			}
		default:
			t.Fatalf("%v: exit %d: %s", args, code, errOut)
		}
	}
	if ok < 100 || failed < 20 {
		t.Fatalf("the sequence should mix successes and refusals: %d ok, %d failed", ok, failed)
	}
	if code, out, errOut := vol(t, env, "check"); code != 0 {
		t.Fatalf("check after %d changes: exit %d\n%s%s", ok, code, out, errOut)
	}
}

// TestExitCodes maps errors to exit codes the way vol help exit-codes says.
func TestExitCodes(t *testing.T) {
	t.Parallel()
	env := map[string]string{"VOL_DB": filepath.Join(t.TempDir(), "ledger.db"), "USER": "tester"}
	tests := []struct {
		args []string
		want int
	}{
		{[]string{"status"}, exitFailure},                  // no ledger yet
		{[]string{"init"}, exitOK},                         // creates it
		{[]string{"status"}, exitOK},                       // now it works
		{[]string{"household", "list"}, exitOK},            // an empty list is success
		{[]string{"nosuchcommand"}, exitUsage},             // unknown command
		{[]string{"status", "--nosuchflag"}, exitUsage},    // unknown flag
		{[]string{"status", "extra"}, exitUsage},           // wrong argument count
		{[]string{"household", "add", "abc"}, exitFailure}, // bad value
		{[]string{"household", "add", "3-2-501"}, exitOK},
		{[]string{"household", "rm", "3-2-501"}, exitUsage}, // destructive, not a terminal, no --yes
		{[]string{"log", "--limit", "-1"}, exitUsage},
	}
	for _, tt := range tests {
		if got, _, errOut := vol(t, env, tt.args...); got != tt.want {
			t.Errorf("vol %v: exit %d, want %d (%s)", tt.args, got, tt.want, errOut)
		}
	}
	// vol check exits 3 when the ledger was edited behind its back.
	db := env["VOL_DB"]
	if code, _, errOut := vol(t, env, "check"); code != exitOK {
		t.Fatalf("check on a sound ledger: %d %s", code, errOut)
	}
	tamper(t, db, "UPDATE households SET room = '502'")
	if got, _, _ := vol(t, env, "check"); got != exitCheckFailed {
		t.Errorf("check on a tampered ledger: exit %d, want %d", got, exitCheckFailed)
	}
}

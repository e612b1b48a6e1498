package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// progressCommands are the commands that show progress on a terminal's
// stderr, each with the words of its line; register is a CSV to import.
func progressCommands(dir, register string) []struct {
	args  []string
	label string
} {
	return []struct {
		args  []string
		label string
	}{
		{[]string{"import", register}, "importing ["},
		{[]string{"check"}, "| checking the ledger… 0s"},
		{[]string{"backup", filepath.Join(dir, "b.db")}, "taking the backup"},
		{[]string{"export", "-o", filepath.Join(dir, "out.xlsx")}, "exporting"},
		{[]string{"sync", "export", "-o", filepath.Join(dir, "s.volsync")}, "writing the sync file"},
		{[]string{"sync", "import", filepath.Join(dir, "s.volsync")}, "importing the sync file"},
		{[]string{"pair", "elders", "--dry-run"}, "pairing elders with volunteers"},
		{[]string{"pair", "elders"}, "pairing elders with volunteers"},
		{[]string{"restore", filepath.Join(dir, "b.db"), "--yes"}, "restoring"},
	}
}

// TestProgress: the long commands draw a line on stderr when it is a
// terminal and the work has taken IO.ProgressAfter (0 here: at once, so
// the test needs no slow work and no sleep), and clear it before they end;
// with stderr not a terminal, or the work done before ProgressAfter, they
// print no progress at all.
func TestProgress(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		io   IO
		show bool
	}{
		{"pipe", IO{ErrTerminal: false}, false},
		{"terminal", IO{ErrTerminal: true, ProgressAfter: 0}, true},
		{"quick", IO{ErrTerminal: true, ProgressAfter: time.Hour}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env := testEnv(t, "progress")
			mustVol(t, env, "init")
			dir := t.TempDir()
			register := filepath.Join(dir, "register.csv")
			writeTestRegister(t, register, 40, 1, "")
			for _, c := range progressCommands(dir, register) {
				code, _, errOut := volWith(t, env, tc.io, c.args...)
				if code != exitOK {
					t.Fatalf("vol %s: exit %d: %s", strings.Join(c.args, " "), code, errOut)
				}
				drawn := strings.Contains(errOut, "\r")
				if !tc.show {
					if drawn || strings.Contains(errOut, "\033[") {
						t.Errorf("vol %s printed progress: %q", strings.Join(c.args, " "), errOut)
					}
					continue
				}
				if !strings.Contains(errOut, "\r"+c.label) && !strings.Contains(errOut, c.label) {
					t.Errorf("vol %s: no %q on stderr: %q", strings.Join(c.args, " "), c.label, errOut)
				}
				// the line is cleared before the command says anything after it
				if i := strings.LastIndex(errOut, "\r"); i < 0 || !strings.HasPrefix(errOut[i:], "\r\033[K") {
					t.Errorf("vol %s left its progress line on the screen: %q", strings.Join(c.args, " "), errOut)
				}
			}
			mustCheck(t, env, "after the commands")
		})
	}
}

// TestProgressBar: import's bar counts the rows.
func TestProgressBar(t *testing.T) {
	t.Parallel()
	env := testEnv(t, "bar")
	mustVol(t, env, "init")
	register := filepath.Join(t.TempDir(), "register.csv")
	writeTestRegister(t, register, 40, 1, "")
	_, _, errOut := volWith(t, env, IO{ErrTerminal: true}, "import", register)
	if want := "\rimporting [..............................] 0/40\033[K"; !strings.Contains(errOut, want) {
		t.Errorf("stderr %q lacks the bar %q", errOut, want)
	}
}

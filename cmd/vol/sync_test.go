package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestSyncOrdersEndToEnd runs the CLI on three copies of the sample
// compound that diverge, then exchange their files in several orders (the
// ledger tests run every order in process): each time all three end with
// the same status, the same household list and the same conflicts, and
// pass vol check.
func TestSyncOrdersEndToEnd(t *testing.T) {
	t.Parallel()
	orders := [][3][]int{
		{{0, 1}, {0, 1}, {0, 1}},
		{{1, 0}, {0, 1}, {1, 0}},
		{{1, 0}, {1, 0}, {0, 1}},
	}
	for i, order := range orders {
		t.Run(fmt.Sprint("order", i), func(t *testing.T) {
			t.Parallel() // each order has its own three ledgers
			syncOrder(t, order)
		})
	}
}

func syncOrder(t *testing.T, order [3][]int) {
	dir := t.TempDir()
	names := []string{"a", "b", "c"}
	env := map[string]map[string]string{}
	for _, n := range names {
		os.MkdirAll(filepath.Join(dir, n), 0o700)
		env[n] = map[string]string{"VOL_DB": filepath.Join(dir, n, "ledger.db"), "VOL_NOW": "2026-11-28T09:00:00Z",
			"VOL_SEED": n, "USER": "coordinator-" + n, "LANG": "en"}
	}
	base := filepath.Join(dir, "base.volsync")
	mustVol(t, env["a"], "demo", "--db", env["a"]["VOL_DB"])
	mustVol(t, env["a"], "sync", "export", "-o", base)
	for _, n := range names[1:] {
		mustVol(t, env[n], "init", "--compound", "凯旋华庭")
		mustVol(t, env[n], "sync", "import", base, "--adopt")
	}
	meet(t, dir, env, names...)
	// Divergent work: the same elder's phone on two copies, an erasure
	// against an edit, the same new household on two copies, rounds.
	elder := firstID(t, mustVol(t, env["a"], "elders"))
	other := secondID(t, mustVol(t, env["a"], "elders"))
	for n, args := range map[string][][]string{
		"a": {{"person", "set", elder, "--phone", "13800000001"}, {"household", "add", "30-1-101"}, {"alloc", "--surplus", "10", "--commit"}},
		"b": {{"person", "set", elder, "--phone", "13900000002"}, {"erase", other, "--why", "asked", "--yes"}, {"household", "add", "30-1-101"}},
		"c": {{"person", "set", other, "--notes", "needs insulin"}, {"alloc", "--surplus", "10", "--commit"}, {"pair", "elders"}},
	} {
		for _, a := range args {
			mustVol(t, env[n], a...)
		}
	}
	files := map[string]string{}
	for _, n := range names {
		files[n] = filepath.Join(dir, n+"1.volsync")
		mustVol(t, env[n], "sync", "export", "-o", files[n])
	}
	for i, n := range names {
		var others []string
		for _, o := range names {
			if o != n {
				others = append(others, o)
			}
		}
		for _, k := range order[i] {
			mustVol(t, env[n], "sync", "import", files[others[k]])
		}
	}
	for _, n := range names {
		files[n] = filepath.Join(dir, n+"2.volsync")
		mustVol(t, env[n], "sync", "export", "-o", files[n])
	}
	for _, n := range names {
		for _, o := range names {
			if o != n {
				mustVol(t, env[n], "sync", "import", files[o])
			}
		}
	}
	want := map[string]string{}
	for _, n := range names {
		mustVol(t, env[n], "check")
		got := map[string]string{
			"status":     regexp.MustCompile(`"ledger": "[^"]*"`).ReplaceAllString(mustVol(t, env[n], "status", "--json"), ""),
			"households": mustVol(t, env[n], "household", "list"),
			"conflicts":  mustVol(t, env[n], "conflicts", "--json"),
			"rounds":     mustVol(t, env[n], "rounds"),
		}
		for k, v := range got {
			if n == "a" {
				want[k] = v
			} else if v != want[k] {
				t.Errorf("%s: %s differs from a's:\n%s\n--- a:\n%s", n, k, v, want[k])
			}
		}
		if raw, err := os.ReadFile(env[n]["VOL_DB"]); err != nil || strings.Contains(string(raw), "needs insulin") {
			t.Errorf("%s: the erased person's note is in the file (%v)", n, err)
		}
	}
	for _, kind := range []string{`"kind": "field"`, `"kind": "household"`, `"kind": "round"`} {
		if !strings.Contains(want["conflicts"], kind) {
			t.Errorf("no %s conflict listed:\n%s", kind, want["conflicts"])
		}
	}
}

// meet has every copy trust every other, as coordinators do once: each
// sends a file, and the other compares the fingerprint its import printed
// with vol sync whoami on the sender's laptop, then runs vol sync trust.
func meet(t *testing.T, dir string, env map[string]map[string]string, names ...string) {
	t.Helper()
	for _, x := range names {
		var me struct{ Fingerprint string }
		if err := json.Unmarshal([]byte(mustVol(t, env[x], "sync", "whoami", "--json")), &me); err != nil {
			t.Fatal(err)
		}
		file := filepath.Join(dir, x+"-meet.volsync")
		mustVol(t, env[x], "sync", "export", "-o", file)
		for _, y := range names {
			if y == x {
				continue
			}
			_, _, errOut := vol(t, env[y], "sync", "import", file)
			if strings.Contains(errOut, me.Fingerprint) {
				mustVol(t, env[y], "sync", "trust", me.Fingerprint)
			}
		}
	}
}

var idCell = regexp.MustCompile(`(?m)^\| ([0-9a-f]{8}) `)

func firstID(t *testing.T, table string) string  { return nthID(t, table, 0) }
func secondID(t *testing.T, table string) string { return nthID(t, table, 1) }

func nthID(t *testing.T, table string, n int) string {
	t.Helper()
	m := idCell.FindAllStringSubmatch(table, -1)
	if len(m) <= n {
		t.Fatalf("no ID %d in\n%s", n, table)
	}
	return m[n][1]
}

package main

import (
	"encoding/csv"
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestExportRoundLinesFull: the round_lines sheet names recipients as vol
// round show does, masked (林**) by default and in full with --full, like
// every other name in an export.
func TestExportRoundLinesFull(t *testing.T) {
	t.Parallel()
	env := testEnv(t, "export-lines")
	mustVol(t, env, "demo", "--db", env["VOL_DB"])
	var round struct {
		Round string `json:"round"`
	}
	if err := json.Unmarshal([]byte(mustVol(t, env, "alloc", "--surplus", "10", "--commit", "--json")), &round); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, full := range []bool{false, true} {
		show := []string{"round", "show", round.Round, "--json"}
		export := []string{"export", "--format", "csv", "--table", "round_lines", "-o", filepath.Join(dir, "lines.csv")}
		if full {
			show, export = append(show, "--full"), append(export, "--full")
		}
		var shown struct{ Lines []lineJSON }
		if err := json.Unmarshal([]byte(mustVol(t, env, show...)), &shown); err != nil {
			t.Fatal(err)
		}
		var want []string
		for _, l := range shown.Lines {
			want = append(want, l.Recipient)
		}
		mustVol(t, env, export...)
		recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(mustRead(t, filepath.Join(dir, "lines.csv"))), "\ufeff"))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range recs[1:] { // below the header: round, tier, recipient, ...
			if r[0] == round.Round {
				got = append(got, r[2])
			}
		}
		if len(want) == 0 || !slices.Equal(got, want) {
			t.Errorf("export --full=%v: round_lines recipients\n%q\nwant (vol round show)\n%q", full, got, want)
		}
		if masks := strings.Contains(strings.Join(got, ""), "*"); masks == full {
			t.Errorf("export --full=%v: recipients masked: %v, want %v", full, masks, !full)
		}
	}
}

package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestHoursAcrossCopies: two laptops mark the same shift at once and one
// erases a volunteer the other marks; once they have synced, both hold the
// same hours, the shared shift counted once, nothing left of the erased
// volunteer, and vol check passes on both.
func TestHoursAcrossCopies(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	env := map[string]map[string]string{}
	for _, n := range []string{"a", "b"} {
		if err := os.MkdirAll(filepath.Join(dir, n), 0o700); err != nil {
			t.Fatal(err)
		}
		env[n] = map[string]string{"VOL_DB": filepath.Join(dir, n, "ledger.db"), "VOL_NOW": "2026-12-09T02:00:00Z",
			"VOL_SEED": "hours-" + n, "USER": "coordinator-" + n, "LANG": "en"}
	}
	a, b := env["a"], env["b"]
	mustVol(t, a, "demo", "--db", a["VOL_DB"])
	mustVol(t, a, "post", "add", "东门", "--need", "2")
	mustVol(t, a, "rota", "plan", "--from", "2026-12-07", "--days", "1", "--commit")
	base := filepath.Join(dir, "base.volsync")
	mustVol(t, a, "sync", "export", "-o", base)
	mustVol(t, b, "init", "--compound", "凯旋华庭")
	mustVol(t, b, "sync", "import", base, "--adopt")
	meet(t, dir, env, "a", "b")

	var plan struct {
		Seats []struct {
			Shift    string
			PersonID string `json:"person_id"`
		}
	}
	if err := json.Unmarshal([]byte(mustVol(t, a, "rota", "plan", "--from", "2026-12-07", "--days", "1", "--json")), &plan); err != nil {
		t.Fatal(err)
	}
	var night string
	for _, s := range plan.Seats {
		if s.Shift == "夜" {
			night = s.PersonID
			break
		}
	}
	if night == "" {
		t.Fatal("nobody on the night shift")
	}
	for _, c := range []map[string]string{a, b} {
		mustVol(t, c, "shift", "done", "--all", "--date", "2026-12-07", "--shift", "早")
	}
	mustVol(t, a, "shift", "done", "--all", "--date", "2026-12-07", "--shift", "夜")
	mustVol(t, b, "erase", night, "--why", "asked", "--yes")

	fa, fb := filepath.Join(dir, "a1.volsync"), filepath.Join(dir, "b1.volsync")
	mustVol(t, a, "sync", "export", "-o", fa)
	mustVol(t, b, "sync", "export", "-o", fb)
	mustVol(t, a, "sync", "import", fb)
	mustVol(t, b, "sync", "import", fa)

	type hours struct {
		PersonID string `json:"person_id"`
		Shifts   int
		Hours    float64
	}
	var want string
	for _, n := range []string{"a", "b"} {
		mustVol(t, env[n], "check")
		out := mustVol(t, env[n], "hours", "--json")
		var got []hours
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatal(err)
		}
		// the two at the gate in the morning, and one of the night's two
		if len(got) != 3 {
			t.Errorf("%s: %d volunteers with hours, want 3:\n%s", n, len(got), out)
		}
		for _, h := range got {
			if h.PersonID == night {
				t.Errorf("%s: the erased volunteer still has hours:\n%s", n, out)
			}
			if h.Shifts != 1 || h.Hours != 8 {
				t.Errorf("%s: %s has %d shifts, %.1f hours; want 1 shift, 8.0 hours (a shift marked on both copies counts once)", n, h.PersonID, h.Shifts, h.Hours)
			}
		}
		if n == "a" {
			want = out
		} else if out != want {
			t.Errorf("b's hours differ from a's:\n%s\n--- a:\n%s", out, want)
		}
	}
}

// TestHoursExportSheets: the workbook has the rota and hours sheets, named
// in the user's words, and a volunteer's hours there are vol hours'.
func TestHoursExportSheets(t *testing.T) {
	t.Parallel()
	env := testEnv(t, "hours-export")
	env["VOL_NOW"] = "2026-12-09T02:00:00Z"
	mustVol(t, env, "demo", "--db", env["VOL_DB"])
	mustVol(t, env, "post", "add", "东门", "--need", "2")
	mustVol(t, env, "rota", "plan", "--from", "2026-12-07", "--days", "1", "--commit")
	mustVol(t, env, "shift", "done", "--all", "--date", "2026-12-07", "--shift", "早")
	out := filepath.Join(t.TempDir(), "all.xlsx")
	mustVol(t, env, "--lang", "zh", "export", "-o", out)
	x, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if got := strings.Join(x.GetSheetList(), ","); !strings.Contains(got, ",分配明细,值班表,志愿时长") {
		t.Fatalf("sheets: %s", got)
	}
	rota, err := x.GetRows("值班表")
	if err != nil {
		t.Fatal(err)
	}
	// a title, the header, 3 shifts × 2 at the gate
	if len(rota) != 8 || strings.Join(rota[1], ",") != "日期,班次,时间,岗位,志愿者,已值班" {
		t.Errorf("rota sheet: %q", rota)
	}
	served := 0
	for _, r := range rota[2:] {
		if r[5] == "是" {
			served++
			if r[1] != "早" {
				t.Errorf("a %s shift shown as served: %q", r[1], r)
			}
		}
	}
	if served != 2 {
		t.Errorf("%d seats served, want the 2 of the morning: %q", served, rota)
	}
	hours, err := x.GetRows("志愿时长")
	if err != nil {
		t.Fatal(err)
	}
	var want []struct {
		Name  string
		Hours float64
	}
	if err := json.Unmarshal([]byte(mustVol(t, env, "hours", "--json")), &want); err != nil {
		t.Fatal(err)
	}
	if len(hours) != 2+len(want) || len(want) != 2 {
		t.Fatalf("hours sheet %q, vol hours %v", hours, want)
	}
	for i, w := range want {
		if r := hours[2+i]; r[0] != w.Name || r[3] != "8.0" || w.Hours != 8 {
			t.Errorf("hours sheet row %q, vol hours %+v", r, w)
		}
	}
}

package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"vol/ledger"
)

// listAsLoaded is vol household list as it was when it loaded the whole
// register and filtered it in Go: the reference the SQL list must match.
func listAsLoaded(t *testing.T, a *App, reg *ledger.Register, present, away bool, building string, limit int, asJSON bool) string {
	t.Helper()
	inBuilding, err := a.buildingFilter(building)
	if err != nil {
		t.Fatal(err)
	}
	out := []householdJSON{}
	for _, f := range reg.Households {
		if (present && !f.Present) || (away && f.Present) || !inBuilding(f.Address) {
			continue
		}
		out = append(out, toHouseholdJSON(f))
		if limit > 0 && len(out) == limit {
			break
		}
	}
	var b bytes.Buffer
	if asJSON {
		printJSON(&b, out)
		return b.String()
	}
	rows := [][]string{}
	for _, h := range out {
		rows = append(rows, []string{shortID(h.ID), h.Address, a.yesno(h.Present), strconv.Itoa(h.PresentSize), strconv.Itoa(h.Listed)})
	}
	printTable(&b, []string{a.T("h.id"), a.T("h.address"), a.T("h.present"), a.T("h.size"), a.T("h.listed")}, rows)
	return b.String()
}

// TestHouseholdListMatchesRegister: on the sample compound, with a few
// addresses of every shape added, every way of calling household list
// prints byte for byte what loading the register printed.
func TestHouseholdListMatchesRegister(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env := map[string]string{
		"VOL_DB":   filepath.Join(t.TempDir(), "ledger.db"),
		"VOL_NOW":  "2026-11-28T09:00:00Z",
		"VOL_SEED": "list",
		"USER":     "tester",
	}
	if code, _, errOut := vol(t, env, "demo", "--db", env["VOL_DB"]); code != 0 {
		t.Fatalf("demo: %d %s", code, errOut)
	}
	if code, _, errOut := vol(t, env, "household", "add", "一期A区12甲号楼3单元1101室", "123弄5号底楼", "A座501", "B2座2单元0A",
		"3号楼地下室", "100-1-1"); code != 0 {
		t.Fatalf("household add: %d %s", code, errOut)
	}
	db, err := ledger.Open(ctx, env["VOL_DB"], ledger.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	on := time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)
	reg, err := db.Register(ctx, on)
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"en", "zh"} {
		a := newApp(IO{Getenv: func(string) string { return "" }})
		a.Lang = lang
		for _, c := range []struct {
			present, away bool
			building      string
			limit         int
		}{{}, {limit: 20}, {limit: 1}, {present: true}, {away: true}, {away: true, limit: 3}, {building: "3"},
			{building: "12甲", present: true}, {building: "A座"}, {building: "99"}, {present: true, limit: 500}} {
			for _, asJSON := range []bool{false, true} {
				args := []string{"household", "list", "--lang", lang, "--on", "2026-11-28", "--limit", strconv.Itoa(c.limit)}
				if c.present {
					args = append(args, "--present")
				}
				if c.away {
					args = append(args, "--away")
				}
				if c.building != "" {
					args = append(args, "--building", c.building)
				}
				if asJSON {
					args = append(args, "--json")
				}
				code, out, errOut := vol(t, env, args...)
				if code != 0 {
					t.Fatalf("%v: %d %s", args, code, errOut)
				}
				if want := listAsLoaded(t, a, reg, c.present, c.away, c.building, c.limit, asJSON); out != want {
					t.Errorf("%v printed\n%s\nwant\n%s", args, out, want)
				}
			}
		}
	}
}

// TestHouseholdListCountsWidth: the counts' width comes from the bound on
// the people while it fits the header, then from the largest household, and
// is unknown (-1) when even that does not fit.
func TestHouseholdListCountsWidth(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env := map[string]string{"VOL_DB": filepath.Join(t.TempDir(), "ledger.db"), "VOL_NOW": "2026-11-28T09:00:00Z", "USER": "tester"}
	if code, _, errOut := vol(t, env, "demo", "--db", env["VOL_DB"]); code != 0 {
		t.Fatalf("demo: %d %s", code, errOut)
	}
	db, err := ledger.Open(ctx, env["VOL_DB"], ledger.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	l := householdList{a: newApp(IO{Getenv: func(string) string { return "" }}), db: db}
	for _, c := range []struct{ limit, want int }{{8, 4}, {1, 1}, {0, -1}} { // about 1,100 people, 6 at most in one flat
		if got, err := l.countsWidth(ctx, c.limit); got != c.want || err != nil {
			t.Errorf("countsWidth(%d) = %d, %v; want %d", c.limit, got, err, c.want)
		}
	}
}

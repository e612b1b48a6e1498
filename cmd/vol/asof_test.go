package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"testing"
	"time"

	"vol/ledger"
)

// The week behind TestStatusAsOf: what the registers said at the end of
// each day, read with the list commands, from which the test counts the
// figures itself.
type asOfDay struct {
	day        string
	households []struct {
		ID string `json:"id"`
	}
	people []struct {
		ID        string `json:"id"`
		Household string `json:"household"`
		Role      string `json:"role"`
		Birth     string `json:"birth"`
		Present   bool   `json:"present"`
		Volunteer bool   `json:"volunteer"`
	}
	pairs struct {
		Pairs []struct {
			HouseholdID string `json:"household_id"`
			VolunteerID string `json:"volunteer_id"`
		} `json:"pairs"`
	}
	requests []struct {
		Status string `json:"status"`
	}
	cards []struct {
		Since string `json:"since"`
	}
	runs []struct {
		PlannedAt string `json:"planned_at"`
	}
	live map[string]any // vol status --json, then and there
}

// snapshot reads the registers at the end of day (23:59:59 in Shanghai).
func snapshot(t *testing.T, env map[string]string, day string) asOfDay {
	t.Helper()
	env["VOL_NOW"] = day + "T23:59:59+08:00"
	s := asOfDay{day: day}
	for _, r := range []struct {
		into any
		args []string
	}{
		{&s.households, []string{"household", "list", "--json"}},
		{&s.people, []string{"person", "list", "--json", "--full"}},
		{&s.pairs, []string{"pair", "list", "--json"}},
		{&s.requests, []string{"med", "list", "--json"}},
		{&s.cards, []string{"med", "cards", "--json"}},
		{&s.runs, []string{"med", "runs", "--json"}},
		{&s.live, []string{"status", "--json"}},
	} {
		if err := json.Unmarshal([]byte(mustVol(t, env, r.args...)), r.into); err != nil {
			t.Fatalf("%s: vol %v: %v", day, r.args, err)
		}
	}
	return s
}

// ageOn is a person's age in whole years on a day, a year-only birth
// counting as January (as the README defines it); -1 without a birth.
func ageOn(birth string, on time.Time) int {
	if len(birth) < 4 {
		return -1
	}
	y, err := strconv.Atoi(birth[:4])
	if err != nil {
		return -1
	}
	m := 1
	if len(birth) >= 7 {
		m, _ = strconv.Atoi(birth[5:7])
	}
	age := on.Year() - y
	if m > int(on.Month()) {
		age--
	}
	return age
}

// figures counts vol status's figures from the day's lists, as the README
// defines them, leaving out the people in gone (erased since).
func (s asOfDay) figures(t *testing.T, gone map[string]bool) map[string]any {
	t.Helper()
	on, err := time.Parse("2006-01-02", s.day)
	if err != nil {
		t.Fatal(err)
	}
	type hh struct{ size, elders, stranded int }
	hs := map[string]*hh{}
	for _, h := range s.households {
		hs[h.ID] = &hh{}
	}
	staff, volunteers := 0, 0
	present := map[string]bool{} // present volunteers
	for _, p := range s.people {
		if gone[p.ID] || !p.Present {
			continue
		}
		if p.Volunteer {
			volunteers++
			present[p.ID] = true
		}
		h := hs[p.Household]
		switch {
		case p.Role == "property_staff":
			staff++
		case h == nil:
		case p.Role == "resident":
			h.size++
			if ageOn(p.Birth, on) >= 60 {
				h.elders++
			}
		case p.Role == "stranded_worker":
			h.stranded++
		}
	}
	paired := map[string]bool{}
	for _, p := range s.pairs.Pairs {
		if present[p.VolunteerID] {
			paired[p.HouseholdID] = true
		}
	}
	f := map[string]int{"registered_households": len(hs)}
	for id, h := range hs {
		if h.size > 0 {
			f["present_households"]++
			f["present_residents"] += h.size
		}
		if h.size > 0 && h.elders == h.size {
			f["elder_households"]++
			f["elders"] += h.size
			if !paired[id] {
				f["unpaired_elder_households"]++
			}
		}
		if h.size >= 5 {
			f["large_households"]++
		}
		if h.stranded > 0 {
			f["stranded_worker_households"]++
		}
	}
	f["property_staff"], f["volunteers"] = staff, volunteers
	for _, r := range s.requests {
		if r.Status == "open" {
			f["med_open_requests"]++
		}
	}
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	end := time.Date(on.Year(), on.Month(), on.Day(), 24, 0, 0, 0, shanghai)
	f["med_cards_out"] = len(s.cards)
	for _, c := range s.cards {
		if since, err := time.Parse(time.RFC3339, c.Since); err != nil {
			t.Fatalf("%s: card since %q: %v", s.day, c.Since, err)
		} else if end.Sub(since) > 24*time.Hour {
			f["med_cards_overdue"]++
		}
	}
	for _, r := range s.runs {
		if at, err := time.Parse(time.RFC3339, r.PlannedAt); err != nil {
			t.Fatalf("%s: run planned %q: %v", s.day, r.PlannedAt, err)
		} else if at.After(end.Add(-7 * 24 * time.Hour)) {
			f["med_runs_this_week"]++
		}
	}
	out := map[string]any{"on": s.day}
	for _, k := range []string{"registered_households", "present_households", "present_residents", "elders", "elder_households",
		"large_households", "property_staff", "stranded_worker_households", "volunteers", "unpaired_elder_households",
		"med_open_requests", "med_cards_out", "med_cards_overdue", "med_runs_this_week"} {
		out[k] = float64(f[k]) // as JSON reads a number
	}
	return out
}

// figuresOf picks the keys of want from a status document.
func figuresOf(doc, want map[string]any) map[string]any {
	out := map[string]any{}
	for k := range want {
		out[k] = doc[k]
	}
	return out
}

// statusJSONOf runs vol status --json with the arguments and reads it.
func statusJSONOf(t *testing.T, env map[string]string, args ...string) map[string]any {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal([]byte(mustVol(t, env, append([]string{"status", "--json"}, args...)...)), &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

// TestStatusAsOf: a week of history on the sample compound (the register
// imported, rounds handed out and delivered, households added by hand and
// from a sheet, a resident moving away, elders paired, medicine requested,
// planned, carried and got, a card out overnight, a testing round planned,
// ticked and closed, someone born in
// December 1966 turning 60 on 1 December, and an erasure on the last day).
// vol status --as-of each day gives the figures the test counts itself
// from that day's lists, less the erased person, whom every past day
// loses; today's are vol status's own.
func TestStatusAsOf(t *testing.T) {
	t.Parallel()
	env := testEnv(t, "asof")
	at := func(day, clock string) { env["VOL_NOW"] = day + "T" + clock + ":00+08:00" }
	var days []asOfDay
	personID := func(s asOfDay, household string, birth string) string {
		for _, p := range s.people {
			if p.Household == household && p.Birth == birth {
				return p.ID
			}
		}
		t.Fatalf("%s: nobody born %s in household %s", s.day, birth, household)
		return ""
	}
	householdOf := func(address string) string {
		var h struct {
			ID string `json:"id"`
		}
		if err := json.Unmarshal([]byte(mustVol(t, env, "household", "show", address, "--json")), &h); err != nil || h.ID == "" {
			t.Fatalf("household %s: %v", address, err)
		}
		return h.ID
	}
	roundOf := func(out string) string {
		var r struct {
			Round string `json:"round"`
		}
		if err := json.Unmarshal([]byte(out), &r); err != nil || r.Round == "" {
			t.Fatalf("alloc --commit --json: %v\n%s", err, out)
		}
		return r.Round
	}

	// 28 November: the register, the day's round.
	at("2026-11-28", "09:00")
	mustVol(t, env, "demo", "--db", env["VOL_DB"])
	at("2026-11-28", "11:00")
	round1 := roundOf(mustVol(t, env, "alloc", "--commit", "--json"))
	days = append(days, snapshot(t, env, "2026-11-28"))

	// 29 November: the round delivered; two households added by hand,
	// one with a resident born in December 1966; two medicine requests.
	at("2026-11-29", "08:30")
	mustVol(t, env, "round", "deliver", round1, "--all")
	at("2026-11-29", "10:00")
	mustVol(t, env, "household", "add", "20-1-101", "20-1-102")
	mustVol(t, env, "person", "add", "张守业", "--address", "20-1-101", "--birth", "1940-02", "--sex", "男")
	mustVol(t, env, "person", "add", "张晓", "--address", "20-1-101", "--birth", "1985-06", "--sex", "女")
	mustVol(t, env, "person", "add", "李德厚", "--address", "20-1-102", "--birth", "1950-03", "--sex", "男")
	mustVol(t, env, "person", "add", "陈桂芳", "--address", "20-1-102", "--birth", "1966-12", "--sex", "女")
	at("2026-11-29", "16:00")
	mustVol(t, env, "med", "request", "1-1-101", "--drug", "氨氯地平")
	mustVol(t, env, "med", "request", "1-1-102", "--drug", "二甲双胍", "--urgent")
	days = append(days, snapshot(t, env, "2026-11-29"))

	// 30 November: an elder living alone moves away; the elders are
	// paired; a medicine run is planned.
	var alone string
	{
		var hs []struct {
			ID          string `json:"id"`
			Address     string `json:"address"`
			PresentSize int    `json:"present_size"`
			Listed      int    `json:"listed"`
			ElderOnly   bool   `json:"elder_only"`
		}
		if err := json.Unmarshal([]byte(mustVol(t, env, "household", "list", "--json")), &hs); err != nil {
			t.Fatal(err)
		}
		for _, h := range hs {
			if h.ElderOnly && h.PresentSize == 1 && h.Listed == 1 {
				alone = h.ID
				break
			}
		}
		if alone == "" {
			t.Fatal("the sample has no elder living alone")
		}
	}
	var mover string
	for _, p := range days[1].people {
		if p.Household == alone {
			mover = p.ID
		}
	}
	at("2026-11-30", "09:00")
	mustVol(t, env, "person", "set", mover, "--present=false")
	at("2026-11-30", "10:00")
	mustVol(t, env, "pair", "elders")
	at("2026-11-30", "14:00")
	var run struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal([]byte(mustVol(t, env, "med", "run", "plan", "--commit", "--json")), &run); err != nil || run.ID == "" {
		t.Fatalf("med run plan: %v", err)
	}
	days = append(days, snapshot(t, env, "2026-11-30"))

	// 1 December: 陈桂芳 turns 60, so 20-1-102 is elder-only from today
	// (nothing is written for it). A card leaves its home for the run.
	var volunteer string
	for _, p := range days[2].people {
		if p.Volunteer && p.Present {
			volunteer = p.ID
			break
		}
	}
	at("2026-12-01", "10:00")
	patient, home := "", householdOf("1-1-102")
	for _, p := range days[2].people {
		if p.Household == home {
			patient = p.ID
		}
	}
	mustVol(t, env, "med", "card", "take", patient, "--by", volunteer)
	days = append(days, snapshot(t, env, "2026-12-01"))

	// 2 December: the card is still out (overdue by evening); a sheet adds
	// three households; the elders are paired again; another round.
	sheet := filepath.Join(t.TempDir(), "more.csv")
	if err := os.WriteFile(sheet, []byte("楼号,单元,室号,姓名,性别,出生年月,在住,身份,志愿者\n"+
		"21,1,101,周建平,男,1972-08,是,居民,是\n21,1,101,周婷,女,2001-01,是,居民,否\n"+
		"21,1,102,吴阿婆,女,1938-05,是,居民,否\n21,1,103,,,,,,\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	at("2026-12-02", "09:00")
	mustVol(t, env, "import", sheet)
	at("2026-12-02", "09:30")
	mustVol(t, env, "pair", "elders")
	at("2026-12-02", "11:00")
	round2 := roundOf(mustVol(t, env, "alloc", "--commit", "--json"))
	at("2026-12-02", "20:00")
	var test struct {
		Round string `json:"round"`
	}
	if err := json.Unmarshal([]byte(mustVol(t, env, "test", "plan", "--date", "2026-12-03", "--stations", "4", "--commit", "--json")), &test); err != nil || test.Round == "" {
		t.Fatalf("test plan --commit: %v", err)
	}
	days = append(days, snapshot(t, env, "2026-12-02"))

	// 3 December: the card comes home; the run brings one drug and not the
	// other; the second round is delivered.
	at("2026-12-03", "09:00")
	mustVol(t, env, "med", "run", "result", run.ID, "--got", "二甲双胍@1-1-102", "--not-found", "氨氯地平@1-1-101")
	mustVol(t, env, "med", "card", "return", patient)
	at("2026-12-03", "15:00")
	mustVol(t, env, "round", "deliver", round2, "--all")
	at("2026-12-03", "16:00")
	mustVol(t, env, "test", "done", test.Round, "--unit", "1-1", "--unit", "1-2")
	days = append(days, snapshot(t, env, "2026-12-03"))

	// 4 December: 张晓 asks to be erased. Without her, 20-1-101 was an
	// elder's alone on every day since the 29th.
	at("2026-12-04", "09:00")
	mustVol(t, env, "test", "close", test.Round)
	at("2026-12-04", "10:00")
	erased := personID(days[5], householdOf("20-1-101"), "1985-06")
	mustVol(t, env, "erase", erased, "--why", "asked to be removed", "--yes")
	days = append(days, snapshot(t, env, "2026-12-04"))

	gone := map[string]bool{erased: true}
	env["VOL_NOW"] = "2026-12-04T23:59:59+08:00"
	for i, d := range days {
		live := d.figures(t, nil)
		if got := figuresOf(d.live, live); !reflect.DeepEqual(got, live) {
			// The test's own counting is wrong, not vol.
			t.Fatalf("%s: vol status then said\n%v\nthe lists then say\n%v", d.day, got, live)
		}
		want := d.figures(t, gone)
		got := statusJSONOf(t, env, "--as-of", d.day)
		if g := figuresOf(got, want); !reflect.DeepEqual(g, want) {
			t.Errorf("%s: status --as-of\n%v\nwant\n%v", d.day, g, want)
		}
		// The testing rounds open then (nobody tested at 20-1-101).
		if g, w := got["testing"], d.live["testing"]; !reflect.DeepEqual(g, w) {
			t.Errorf("%s: status --as-of testing\n%v\nthen\n%v", d.day, g, w)
		}
		if erasedThen := i >= 1 && i < len(days)-1; erasedThen && reflect.DeepEqual(live, want) {
			t.Errorf("%s: the erasure changes nothing that day: the story misses what it means to show", d.day)
		}
	}
	// Days with something of their own to show, so the check above can fail.
	for _, c := range []struct {
		day, key string
		want     float64
	}{
		{"2026-11-30", "unpaired_elder_households", 1}, // 20-1-101 (without 张晓); the mover's pair never was
		{"2026-12-01", "unpaired_elder_households", 2}, // and 20-1-102, 陈桂芳 60 today
		{"2026-12-02", "med_cards_overdue", 1},
		{"2026-12-03", "med_cards_out", 0},
	} {
		if got := statusJSONOf(t, env, "--as-of", c.day)[c.key]; got != c.want {
			t.Errorf("%s: %s %v, want %v", c.day, c.key, got, c.want)
		}
	}
	for day, want := range map[string]int{"2026-12-01": 0, "2026-12-02": 1, "2026-12-03": 1, "2026-12-04": 0} {
		if got, ok := statusJSONOf(t, env, "--as-of", day)["testing"].([]any); !ok || len(got) != want {
			t.Errorf("%s: %d testing round(s) open, want %d", day, len(got), want)
		}
	}
	// Today as of today is today: every key alike.
	if got, want := statusJSONOf(t, env, "--as-of", "2026-12-04"), statusJSONOf(t, env); !reflect.DeepEqual(got, want) {
		t.Errorf("status --as-of today\n%v\nstatus\n%v", got, want)
	}
	// Days the ledger cannot answer for, and a clash with --on.
	for _, args := range [][]string{
		{"--as-of", "2026-11-27"}, {"--as-of", "2026-12-05"}, {"--as-of", "12-01"},
		{"--as-of", "2026-12-01", "--on", "2026-12-02"},
	} {
		code, out, errOut := vol(t, env, append([]string{"status"}, args...)...)
		if code != exitUsage || out != "" || errOut == "" {
			t.Errorf("status %v: exit %d, stdout %q, stderr %q; want exit 2 with a line on stderr", args, code, out, errOut)
		}
	}
	if _, out, _ := vol(t, env, "status", "--as-of", "2026-11-27"); out != "" {
		t.Errorf("refused --as-of printed %q", out)
	}
}

// BenchmarkAsOfSample: rebuilding the sample compound (438 households,
// 1133 people, a 3 MB ledger) as of its first day, the replay alone.
func BenchmarkAsOfSample(b *testing.B) {
	env := map[string]string{"VOL_NOW": "2026-11-28T01:00:00Z", "VOL_SEED": "bench", "USER": "tester", "LANG": "en"}
	path := filepath.Join(b.TempDir(), "kaixuan.db")
	var out, errb bytes.Buffer
	io := IO{In: &bytes.Buffer{}, Out: &out, Err: &errb, Getenv: func(k string) string { return env[k] }}
	if code := run(context.Background(), []string{"demo", "--db", path}, io); code != 0 {
		b.Fatalf("demo: exit %d\n%s", code, errb.String())
	}
	ctx := context.Background()
	db, err := ledger.Open(ctx, path, ledger.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	end := time.Date(2026, 11, 28, 23, 59, 59, 0, time.UTC)
	for b.Loop() {
		v, err := db.AsOf(ctx, end)
		if err != nil {
			b.Fatal(err)
		}
		if s, _, err := v.StatusOn(ctx, end, 60); err != nil || s.RegisteredHouseholds != 438 {
			b.Fatalf("%+v %v", s, err)
		}
		v.Close()
	}
}

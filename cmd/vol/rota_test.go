package main

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"vol/allocate"
	"vol/ledger"
)

// TestRotaPlanStory: a week of two posts on the sample compound; every
// hard rule holds, checked from the rota's JSON; the same ledger plans the
// same rota twice.
func TestRotaPlanStory(t *testing.T) {
	t.Parallel()
	env := testEnv(t, "rota")
	mustVol(t, env, "demo", "--db", env["VOL_DB"])
	mustVol(t, env, "post", "add", "东门", "--need", "3")
	mustVol(t, env, "post", "add", "医疗点", "--need", "1", "--skill", "医生", "--shifts", "早,中")
	out := mustVol(t, env, "rota", "plan", "--from", "2026-12-07", "--days", "7", "--json")
	if again := mustVol(t, env, "rota", "plan", "--from", "2026-12-07", "--days", "7", "--json"); again != out {
		t.Fatal("the same ledger planned two different rotas")
	}
	var plan struct {
		Seats []struct {
			Date, Shift, Start, End, Post, Reason string
			PersonID                              *string `json:"person_id"`
		}
	}
	if err := json.Unmarshal([]byte(out), &plan); err != nil {
		t.Fatal(err)
	}
	var people []struct {
		ID     string
		Age    *int
		Skills []string
	}
	if err := json.Unmarshal([]byte(mustVol(t, env, "person", "list", "--json")), &people); err != nil {
		t.Fatal(err)
	}
	byID := map[string]int{}
	for i, p := range people {
		byID[p.ID] = i
	}
	// 7 days × (3 shifts × 3 at the gate + 2 shifts × 1 doctor) = 77 places
	if len(plan.Seats) != 77 {
		t.Fatalf("%d places, want 77", len(plan.Seats))
	}
	type span struct{ start, end time.Time }
	spans := map[string][]span{}
	for _, s := range plan.Seats {
		if s.PersonID == nil {
			if s.Reason == "" {
				t.Errorf("an empty place without a reason: %+v", s)
			}
			continue
		}
		start, err1 := time.Parse(time.RFC3339, s.Start)
		end, err2 := time.Parse(time.RFC3339, s.End)
		if err1 != nil || err2 != nil || !end.After(start) {
			t.Fatalf("bad times %q %q", s.Start, s.End)
		}
		p := people[byID[*s.PersonID]]
		if s.Post == "医疗点" && !slices.Contains(p.Skills, "医生") {
			t.Errorf("%s on %s %s lacks the post's skill", *s.PersonID, s.Date, s.Shift)
		}
		if s.Shift == "夜" && p.Age != nil && *p.Age >= ledger.DefaultNightAge {
			t.Errorf("%s, %d, on a night shift", *s.PersonID, *p.Age)
		}
		spans[*s.PersonID] = append(spans[*s.PersonID], span{start, end})
	}
	filled := 0
	for id, ss := range spans {
		filled += len(ss)
		slices.SortFunc(ss, func(a, b span) int { return a.start.Compare(b.start) })
		for i := 1; i < len(ss); i++ {
			if gap := ss[i].start.Sub(ss[i-1].end); gap < 8*time.Hour {
				t.Errorf("%s rests %v between %v and %v", id, gap, ss[i-1].end, ss[i].start)
			}
		}
	}
	if filled != 77 { // 60 volunteers, 2 doctors: the sample staffs it all
		t.Errorf("%d of 77 places filled", filled)
	}
}

// TestRotaAvailability: what a volunteer said they cannot do holds in the
// plan: a weekday off, one shift off, a week's limit, no nights; a bad
// --not changes nothing.
func TestRotaAvailability(t *testing.T) {
	t.Parallel()
	env := testEnv(t, "avail")
	mustVol(t, env, "demo", "--db", env["VOL_DB"])
	mustVol(t, env, "post", "add", "东门", "--need", "4")
	var vols []struct{ ID string }
	if err := json.Unmarshal([]byte(mustVol(t, env, "volunteers", "--json")), &vols); err != nil {
		t.Fatal(err)
	}
	a, b, c := vols[0].ID, vols[1].ID, vols[2].ID
	mustVol(t, env, "avail", a, "--not", "周一", "--not", "2026-12-09:早")
	mustVol(t, env, "avail", b, "--max-per-week", "1")
	mustVol(t, env, "avail", c, "--no-nights")
	if code, _, errOut := vol(t, env, "avail", a, "--not", "周八"); code != exitFailure || !strings.Contains(errOut, "--not (周八)") {
		t.Fatalf("a bad --not: exit %d %s", code, errOut)
	}
	// 2026-12-07 is a Monday
	out := mustVol(t, env, "rota", "plan", "--from", "2026-12-07", "--days", "7", "--json")
	var plan struct {
		Seats []struct {
			Date, Shift string
			PersonID    *string `json:"person_id"`
		}
	}
	if err := json.Unmarshal([]byte(out), &plan); err != nil {
		t.Fatal(err)
	}
	nb := 0
	for _, s := range plan.Seats {
		if s.PersonID == nil {
			continue
		}
		switch *s.PersonID {
		case a:
			if s.Date == "2026-12-07" || (s.Date == "2026-12-09" && s.Shift == "早") {
				t.Errorf("a on %s %s, said off", s.Date, s.Shift)
			}
		case b:
			nb++
		case c:
			if s.Shift == "夜" {
				t.Errorf("c on a night shift %s", s.Date)
			}
		}
	}
	if nb > 1 {
		t.Errorf("b on %d shifts, at most 1 a week", nb)
	}
}

// TestRotaCommit: --commit records the plan; planning the same days again
// keeps it; the next week counts the shifts served for fairness.
func TestRotaCommit(t *testing.T) {
	t.Parallel()
	env := testEnv(t, "rotacommit")
	mustVol(t, env, "demo", "--db", env["VOL_DB"])
	mustVol(t, env, "post", "add", "东门", "--need", "2")
	preview := mustVol(t, env, "rota", "plan", "--from", "2026-12-07", "--days", "3", "--json")
	committed := mustVol(t, env, "rota", "plan", "--from", "2026-12-07", "--days", "3", "--json", "--commit")
	if committed != preview {
		t.Fatal("--commit recorded another plan than its preview")
	}
	// Planning the recorded days again keeps them unless it finds a
	// better rota (the solver is a local search, not proved optimal).
	type seats struct {
		Seats     []map[string]any
		Objective allocate.RotaObjective
	}
	var first, again seats
	if err := json.Unmarshal([]byte(committed), &first); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(mustVol(t, env, "rota", "plan", "--from", "2026-12-07", "--days", "3", "--json")), &again); err != nil {
		t.Fatal(err)
	}
	if again.Objective.Compare(first.Objective) > 0 {
		t.Errorf("planning the recorded days again is worse: %+v, was %+v", again.Objective, first.Objective)
	}
	if again.Objective.Kept != len(first.Seats) || !reflect.DeepEqual(again.Seats, first.Seats) {
		t.Errorf("planning the recorded days again moved people (kept %d of %d)", again.Objective.Kept, len(first.Seats))
	}
	// the next days favour those who served least: nobody of the first
	// three days' 18 places before everyone else served once
	var plan struct {
		Seats []struct {
			PersonID *string `json:"person_id"`
		}
	}
	if err := json.Unmarshal([]byte(committed), &plan); err != nil {
		t.Fatal(err)
	}
	served := map[string]bool{}
	for _, s := range plan.Seats {
		served[*s.PersonID] = true
	}
	next := mustVol(t, env, "rota", "plan", "--from", "2026-12-10", "--days", "1", "--json")
	if err := json.Unmarshal([]byte(next), &plan); err != nil {
		t.Fatal(err)
	}
	for _, s := range plan.Seats {
		if s.PersonID != nil && served[*s.PersonID] {
			t.Errorf("%s served already and is planned again while others have not", *s.PersonID)
		}
	}
	mustVol(t, env, "check")
}

package main

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestWhoCameAddsUp ticks the sample's round unit by unit, as the
// building leaders would, and checks after each batch that everyone
// present is tested, on the home-visit list or missing, once; that no one
// of a ticked unit is missing; and that the plan's units, its home-visit
// addresses and the property staff, all ticked, leave no one missing.
func TestWhoCameAddsUp(t *testing.T) {
	env := testEnv(t, "whocame")
	mustVol(t, env, "demo", "--db", env["VOL_DB"])
	var plan testPlanOut
	if err := json.Unmarshal([]byte(mustVol(t, env, "test", "plan", "--date", "2026-12-08", "--stations", "4", "--commit", "--json")), &plan); err != nil {
		t.Fatal(err)
	}
	var units []string
	for _, w := range plan.Waves {
		for _, u := range w.Units {
			if l := u.Building + u.Unit + "单元"; !slices.Contains(units, l) {
				units = append(units, l)
			}
		}
	}
	visitPeople := 0
	for _, v := range plan.HomeVisits {
		visitPeople += v.People
	}
	if len(units) < 10 || visitPeople == 0 || plan.Staff == 0 {
		t.Fatalf("the sample's plan has %d units, %d home-visit people, %d staff", len(units), visitPeople, plan.Staff)
	}
	type missing struct {
		Building, Unit, Address string
		PersonID                string `json:"person_id"`
	}
	type round struct {
		ID            string
		PresentPeople int `json:"present_people"`
		Tested        int
		HomeVisits    int `json:"home_visits"`
		Closed        bool
	}
	rounds := func() []round {
		var rs []round
		if err := json.Unmarshal([]byte(mustVol(t, env, "test", "rounds", "--json")), &rs); err != nil {
			t.Fatal(err)
		}
		return rs
	}
	var ticked []string
	for start := 0; start < len(units); start += 7 {
		batch := units[start:min(start+7, len(units))]
		args := []string{"test", "done", "2026-12-08"}
		for _, u := range batch {
			args = append(args, "--unit", u)
		}
		mustVol(t, env, args...)
		ticked = append(ticked, batch...)
		var ms []missing
		if err := json.Unmarshal([]byte(mustVol(t, env, "test", "missing", "2026-12-08", "--json")), &ms); err != nil {
			t.Fatal(err)
		}
		r := rounds()[0]
		seen := map[string]bool{}
		for _, m := range ms {
			if seen[m.PersonID] {
				t.Errorf("%s listed twice", m.PersonID)
			}
			seen[m.PersonID] = true
			if m.Building != "" && slices.Contains(ticked, m.Building+m.Unit+"单元") {
				t.Errorf("%s of ticked unit %s%s单元 listed as missing", m.Address, m.Building, m.Unit)
			}
		}
		// Unit ticks leave the home-visit people alone.
		if got, want := len(ms), plan.PresentPeople-r.Tested-visitPeople; got != want {
			t.Errorf("after %d units: %d missing, want %d present − %d tested − %d home-visit people = %d",
				len(ticked), got, plan.PresentPeople, r.Tested, visitPeople, want)
		}
	}
	args := []string{"test", "done", "2026-12-08", "--staff"}
	for _, v := range plan.HomeVisits {
		args = append(args, v.Address)
	}
	mustVol(t, env, args...)
	if out := mustVol(t, env, "test", "missing", "2026-12-08", "--json"); strings.TrimSpace(out) != "[]" {
		t.Errorf("every unit, home visit and the staff ticked, still missing:\n%s", out)
	}
	_, _, errOut := vol(t, env, "test", "close", "2026-12-08")
	if want := fmt.Sprintf("closed: %d tested, 0 missing, %d at home", plan.PresentPeople, visitPeople); !strings.Contains(errOut, want) {
		t.Errorf("vol test close said %q, want %q", errOut, want)
	}
	if r := rounds()[0]; !r.Closed || r.Tested != plan.PresentPeople || r.HomeVisits != visitPeople {
		t.Errorf("closed round %+v, want closed with %d tested, %d home visits", r, plan.PresentPeople, visitPeople)
	}
}

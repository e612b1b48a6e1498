package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// registerOf601 writes a register of 601 households and 1,688 present
// residents (百汇园一期's figures): 14 buildings of 2 units, 11 floors of 2
// flats, 115 households of 2 and 486 of 3, five with needs tested at home.
func registerOf601(t *testing.T) string {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	_ = w.Write([]string{"楼号", "单元", "室号", "姓名", "性别", "出生年月", "联系电话", "在住", "身份", "需求"})
	n, person := 0, 0
	for bld := 1; bld <= 14 && n < 601; bld++ {
		for unit := 1; unit <= 2 && n < 601; unit++ {
			for floor := 1; floor <= 11 && n < 601; floor++ {
				for flat := 1; flat <= 2 && n < 601; flat++ {
					size := 3
					if n%601 < 115 {
						size = 2
					}
					for range size {
						need := ""
						if person%337 == 5 {
							need = "卧床"
						}
						_ = w.Write([]string{fmt.Sprint(bld), fmt.Sprint(unit), fmt.Sprintf("%d%02d", floor, flat), fmt.Sprintf("居民%04d", person),
							"女", "1980-01", fmt.Sprintf("139%08d", person), "是", "居民", need})
						person++
					}
					n++
				}
			}
		}
	}
	w.Flush()
	if person != 1688 || n != 601 {
		t.Fatalf("%d households, %d people", n, person)
	}
	path := filepath.Join(t.TempDir(), "601.csv")
	if err := os.WriteFile(path, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

type testPlanOut struct {
	PresentPeople    int    `json:"present_people"`
	Start            string `json:"start"`
	Finish           string `json:"finish"`
	MaxQueue         int    `json:"max_queue"`
	LowerBoundFinish string `json:"lower_bound_finish"`
	Staff            int    `json:"staff"`
	Waves            []struct {
		Start string
		Units []struct {
			Building, Unit string
			Floors         *string
			Residents      int
		}
	}
	HomeVisits []struct {
		Address string
		People  int
	} `json:"home_visits"`
	Compare struct {
		AllAtOnce struct {
			MaxQueue int `json:"max_queue"`
		} `json:"all_at_once"`
		UnitByUnit struct{ Finish string } `json:"unit_by_unit"`
	}
}

// TestTestPlanCallsEveryoneOnce: on the sample compound and on a register
// of 601 households and 1,688 residents, the plan calls every present
// person exactly once (waves + staff + home visits = present_people = the
// present people of the register), the predicted queue stays within 30,
// the round ends within 10% of the lower bound, everyone at once makes a
// long queue, and the same ledger gives the same plan.
func TestTestPlanCallsEveryoneOnce(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name     string
		stations string
		setup    func(env map[string]string)
	}{
		{"sample", "4", func(env map[string]string) { mustVol(t, env, "demo", "--db", env["VOL_DB"]) }},
		{"601", "6", func(env map[string]string) {
			mustVol(t, env, "init", "--compound", "百汇园一期")
			mustVol(t, env, "import", registerOf601(t))
		}},
	} {
		env := testEnv(t, "waves-"+c.name)
		c.setup(env)
		args := []string{"test", "plan", "--date", "2026-12-08", "--stations", c.stations, "--json"}
		out := mustVol(t, env, args...)
		if again := mustVol(t, env, args...); again != out {
			t.Fatalf("%s: the same ledger planned two rounds", c.name)
		}
		var plan testPlanOut
		if err := json.Unmarshal([]byte(out), &plan); err != nil {
			t.Fatal(err)
		}
		var people []struct{ Present bool }
		if err := json.Unmarshal([]byte(mustVol(t, env, "person", "list", "--json")), &people); err != nil {
			t.Fatal(err)
		}
		present := 0
		for _, p := range people {
			if p.Present {
				present++
			}
		}
		called := plan.Staff
		seen := map[string]bool{}
		for _, w := range plan.Waves {
			for _, u := range w.Units {
				called += u.Residents
				k := u.Building + "/" + u.Unit + "/"
				if u.Floors != nil {
					k += *u.Floors
				}
				if seen[k] {
					t.Errorf("%s: %s called twice", c.name, k)
				}
				seen[k] = true
			}
		}
		for _, v := range plan.HomeVisits {
			called += v.People
		}
		if called != plan.PresentPeople || present != plan.PresentPeople || len(plan.HomeVisits) == 0 {
			t.Errorf("%s: %d called, present_people %d, %d present in the register, %d home visits", c.name, called, plan.PresentPeople, present, len(plan.HomeVisits))
		}
		if plan.MaxQueue > 30 {
			t.Errorf("%s: queue %d", c.name, plan.MaxQueue)
		}
		at := func(s string) time.Time {
			v, err := time.Parse(time.RFC3339, s)
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
		start, finish, bound := at(plan.Start), at(plan.Finish), at(plan.LowerBoundFinish)
		if d, lb := finish.Sub(start), bound.Sub(start); d > lb*11/10 || d < lb {
			t.Errorf("%s: %v, the lower bound %v", c.name, d, lb)
		}
		if plan.Compare.AllAtOnce.MaxQueue < plan.PresentPeople/2 || !at(plan.Compare.UnitByUnit.Finish).After(finish) {
			t.Errorf("%s: compare %+v", c.name, plan.Compare)
		}
		t.Logf("%s: %d people, %d waves, %v (bound %v), queue %d; at once queue %d; unit by unit until %s", c.name, plan.PresentPeople,
			len(plan.Waves), finish.Sub(start), bound.Sub(start), plan.MaxQueue, plan.Compare.AllAtOnce.MaxQueue, plan.Compare.UnitByUnit.Finish)
	}
}

var write601 = flag.String("o", "", "TestWrite601Register: where to write the register")

// TestWrite601Register writes registerOf601 to -o, for the bench's check
// of the testing prediction (testdata/bench/testing.sh); without -o it
// checks the register imports whole.
func TestWrite601Register(t *testing.T) {
	path := registerOf601(t)
	if *write601 != "" {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(*write601, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return
	}
	env := testEnv(t, "601")
	mustVol(t, env, "init", "--compound", "百汇园一期")
	mustVol(t, env, "import", path)
	var people []json.RawMessage
	if err := json.Unmarshal([]byte(mustVol(t, env, "person", "list", "--json")), &people); err != nil {
		t.Fatal(err)
	}
	if len(people) != 1688 {
		t.Fatalf("%d people imported", len(people))
	}
}

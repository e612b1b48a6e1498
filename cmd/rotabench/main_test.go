package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"vol/allocate"
)

// BenchmarkPlanRota plans issue 17's bench instances: 300 volunteers, and
// the same seats with 60 volunteers, too few to fill them all (generated).
func BenchmarkPlanRota(b *testing.B) {
	for _, n := range []int{300, 60} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			in := generated(n)
			var plan allocate.RotaPlan
			for b.Loop() {
				plan = allocate.PlanRota(in)
			}
			if v := allocate.CheckRota(in, plan); len(v) > 0 {
				b.Fatalf("plan breaks %+v", v)
			}
			b.Logf("%d seats, %+v, %d unfilled seats", len(in.Seats), plan.Objective, len(plan.Unfilled))
		})
	}
}

func TestGeneratedIsFixed(t *testing.T) {
	a, b := generated(60), generated(60)
	if fmt.Sprint(a) != fmt.Sprint(b) {
		t.Fatal("generated(60) differs between two calls")
	}
	if len(a.Seats) != 105 || len(a.Volunteers) != 60 || places(a) != 334 {
		t.Fatalf("generated(60): %d seats, %d volunteers, %d places; want 105, 60, 334", len(a.Seats), len(a.Volunteers), places(a))
	}
}

// tiny draws a small instance: 1-2 days of the three shifts, 1-2 posts,
// 1-3 volunteers; weeks of one day so the week's limit bites; the rest
// the default, none, or 4 hours.
func tiny(rnd *rand.Rand) allocate.RotaInput {
	in := allocate.RotaInput{Rest: []int64{0, -1, 240}[rnd.IntN(3)]}
	for d := range 1 + rnd.IntN(2) {
		for _, sh := range shifts {
			for p := range 1 + rnd.IntN(2) {
				in.Seats = append(in.Seats, allocate.RotaSeat{ID: fmt.Sprintf("d%d-%s-p%d", d, sh.name, p), Post: fmt.Sprint(p),
					Start: int64(d)*1440 + sh.start, End: int64(d)*1440 + sh.end, Week: d, Night: sh.night, Need: 1 + rnd.IntN(2),
					Skill: []string{"", "", "医护"}[rnd.IntN(3)], Place: allocate.Location{Building: fmt.Sprint(p + 1), BuildingNum: p + 1}})
			}
		}
	}
	for v := range 1 + rnd.IntN(3) {
		vol := allocate.RotaVolunteer{ID: fmt.Sprintf("v%d", v), History: rnd.IntN(4), MaxPerWeek: rnd.IntN(3), NoNights: rnd.IntN(3) == 0,
			Home: allocate.Location{Building: fmt.Sprint(1 + rnd.IntN(3)), BuildingNum: 1 + rnd.IntN(3)}}
		vol.NightsBefore = rnd.IntN(vol.History + 1)
		if rnd.IntN(2) == 0 {
			vol.Skills = []string{"医护"}
		}
		if rnd.IntN(2) == 0 {
			s := in.Seats[rnd.IntN(len(in.Seats))]
			vol.Unavailable = []allocate.RotaWindow{{Start: s.Start, End: s.Start + 60}}
		}
		in.Volunteers = append(in.Volunteers, vol)
	}
	return in
}

// TestModelIsTheRules checks the mixed-integer program against CheckRota
// and the objective on tiny instances: every assignment of the x
// variables satisfies the rows exactly when CheckRota finds nothing
// wrong, a pair without a variable is one CheckRota refuses alone, and
// each aim's value (increments filled in order) is the objective's field.
func TestModelIsTheRules(t *testing.T) {
	rnd := rand.New(rand.NewPCG(17, 17))
	tested := 0
	for i := 0; tested < 150; i++ {
		in := tiny(rnd)
		m, err := newModel(in)
		if err != nil {
			t.Fatal(err)
		}
		if len(m.pairs) > 13 {
			continue
		}
		tested++
		has := map[pair]bool{}
		for _, p := range m.pairs {
			has[p] = true
		}
		for vi, v := range in.Volunteers {
			for si, s := range in.Seats {
				alone := allocate.RotaPlan{Assignments: []allocate.RotaAssignment{{Seat: s.ID, Volunteer: v.ID}}}
				if ok := len(allocate.CheckRota(in, alone)) == 0; ok != has[pair{vi, si}] {
					t.Fatalf("instance %d: %s on %s: CheckRota says %v, the model has a variable: %v", i, v.ID, s.ID, ok, has[pair{vi, si}])
				}
			}
		}
		aims := m.aims()
		for mask := range 1 << len(m.pairs) {
			val := map[string]float64{}
			plan := allocate.RotaPlan{Assignments: []allocate.RotaAssignment{}}
			count, nights := make([]int, len(in.Volunteers)), make([]int, len(in.Volunteers))
			for k, p := range m.pairs {
				if mask&(1<<k) != 0 {
					val[fmt.Sprintf("x%d_%d", p.v, p.s)] = 1
					plan.Assignments = append(plan.Assignments, allocate.RotaAssignment{Seat: in.Seats[p.s].ID, Volunteer: in.Volunteers[p.v].ID})
					count[p.v]++
					if in.Seats[p.s].Night {
						nights[p.v]++
					}
				}
			}
			fits := true
			for vi := range in.Volunteers {
				// The increments fill in order; more than there are breaks
				// the link row, as it should only where the rules break.
				for k := 1; k <= count[vi]; k++ {
					val[fmt.Sprintf("L%d_%d", vi, k)] = 1
				}
				for k := 1; k <= nights[vi]; k++ {
					val[fmt.Sprintf("N%d_%d", vi, k)] = 1
				}
				fits = fits && count[vi] <= m.incL[vi] && nights[vi] <= m.incN[vi]
			}
			for _, r := range m.rows {
				var sum float64
				for _, x := range r.terms {
					sum += float64(x.c) * val[x.name]
				}
				switch r.op {
				case "<=":
					fits = fits && sum <= float64(r.rhs)
				case "=":
					fits = fits && sum == float64(r.rhs)
				default:
					t.Fatalf("row %s: op %s", r.name, r.op)
				}
			}
			bad := allocate.CheckRota(in, plan)
			if fits != (len(bad) == 0) {
				t.Fatalf("instance %d, plan %v: the rows hold: %v; CheckRota: %+v", i, plan.Assignments, fits, bad)
			}
			if !fits {
				continue
			}
			o := score(in, plan)
			for _, a := range aims {
				var sum float64
				for _, x := range a.terms {
					sum += float64(x.c) * val[x.name]
				}
				if got := int64(sum) + a.constant; got != a.field(o) {
					t.Fatalf("instance %d, plan %v: aim %s is %d, the objective's field %d", i, plan.Assignments, a.name, got, a.field(o))
				}
			}
		}
	}
}

func TestReadSolution(t *testing.T) {
	in := allocate.RotaInput{
		Seats:      []allocate.RotaSeat{{ID: "a", Start: 0, End: 480, Need: 2}, {ID: "b", Start: 1440, End: 1920, Need: 1}},
		Volunteers: []allocate.RotaVolunteer{{ID: "x"}, {ID: "y"}},
	}
	m, err := newModel(in)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, c := range []struct{ text, status, plan string }{
		{"Optimal - objective value 3.00000000\n      0 x0_0   1   -1\n      1 x0_1  1 -1\n      2 x1_0 0.9999999 0\n      5 L0_1 1 0\n", "Optimal",
			"[{a x false} {b x false} {a y false}]"},
		{"Stopped on time - objective value 2.00000000\n**    0 x0_0   1   -1\n      3 x1_1  0 -1\n", "Stopped on time", "[{a x false}]"},
		{"Stopped on time (no integer solution - continuous used) - objective value 12.00000000\n      0 x0_0 0.5 0\n", "Stopped on time (no integer solution - continuous used)", "<nil>"},
		{"Infeasible - objective value 0.00000000\n", "Infeasible", "<nil>"},
	} {
		path := filepath.Join(dir, "s.sol")
		if err := os.WriteFile(path, []byte(c.text), 0o644); err != nil {
			t.Fatal(err)
		}
		status, plan, err := m.readSolution(path)
		if err != nil {
			t.Fatal(err)
		}
		got := "<nil>"
		if plan != nil {
			got = fmt.Sprint(plan.Assignments)
		}
		if status != c.status || got != c.plan {
			t.Errorf("%q: status %q, plan %s; want %q, %s", strings.SplitN(c.text, "\n", 2)[0], status, got, c.status, c.plan)
		}
	}
}

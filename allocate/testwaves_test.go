package allocate

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"testing"
)

func randomCompound(rnd *rand.Rand) TestInput {
	in := TestInput{Stations: 1 + rnd.IntN(8), Service: int64(20 + rnd.IntN(70)), PerFloor: int64(rnd.IntN(61)),
		MaxQueue: 5 + rnd.IntN(46), Step: []int64{60, 300}[rnd.IntN(2)], Staff: rnd.IntN(3) * rnd.IntN(30)}
	for b := range 1 + rnd.IntN(12) {
		units := 1 + rnd.IntN(3)
		for u := range units {
			unit := TestUnit{Building: fmt.Sprint(b + 1), Unit: fmt.Sprint(u + 1), Rank: b*10 + u, Walk: int64(rnd.IntN(301))}
			if units == 1 && rnd.IntN(2) == 0 {
				unit.Unit = "" // a building without units
			}
			for f := range 1 + rnd.IntN(18) {
				unit.Floors = append(unit.Floors, TestFloor{f + 1, rnd.IntN(min(9, in.MaxQueue+1))})
			}
			in.Units = append(in.Units, unit)
		}
	}
	return in
}

// TestTestingPlanProperties: over random compounds, station counts and
// rates, every person is called exactly once (each unit's floors covered
// by exactly one group), the predicted queue stays within MaxQueue, the
// finish is no earlier than the lower bound, the outcome is what
// SimulateTesting gives for the waves, and shuffled units give the same
// plan.
func TestTestingPlanProperties(t *testing.T) {
	rnd := rand.New(rand.NewPCG(18, 1))
	for i := range 150 {
		in := randomCompound(rnd)
		plan := PlanTesting(in)
		total := in.Staff
		floors := map[[3]string]int{}
		for _, u := range in.Units {
			for _, f := range u.Floors {
				total += f.People
				if f.People > 0 {
					floors[[3]string{u.Building, u.Unit, fmt.Sprint(f.Floor)}] = f.People
				}
			}
		}
		called := plan.Staff
		last := int64(-1)
		for _, w := range plan.Waves {
			if w.Start <= last || w.Start%in.Step != 0 {
				t.Fatalf("instance %d: wave at %d after %d (step %d)", i, w.Start, last, in.Step)
			}
			last = w.Start
			for _, g := range w.Groups {
				called += g.People
				n := 0
				for k, people := range floors {
					var f int
					_, _ = fmt.Sscan(k[2], &f)
					if k[0] == g.Building && k[1] == g.Unit && (g.Floors == "" || f >= g.From && f <= g.To) {
						n += people
						delete(floors, k)
					}
				}
				if n != g.People {
					t.Fatalf("instance %d: group %+v holds %d people of its floors", i, g, n)
				}
			}
		}
		if called != total || plan.People != total || len(floors) > 0 {
			t.Fatalf("instance %d: %d called, %d present, %d floors left", i, called, total, len(floors))
		}
		if plan.Outcome.MaxQueue > in.MaxQueue {
			t.Fatalf("instance %d: queue %d > %d", i, plan.Outcome.MaxQueue, in.MaxQueue)
		}
		if total > 0 && plan.Outcome.Finish < plan.LowerBound {
			t.Fatalf("instance %d: finish %d before the lower bound %d", i, plan.Outcome.Finish, plan.LowerBound)
		}
		if got := SimulateTesting(in, plan.Waves); got != plan.Outcome {
			t.Fatalf("instance %d: SimulateTesting %+v, plan says %+v", i, got, plan.Outcome)
		}
		// Calling everyone at once makes every arrival its earliest, so
		// nothing ends sooner.
		if plan.AllAtOnce.Finish > plan.UnitByUnit.Finish || plan.AllAtOnce.Finish > plan.Outcome.Finish {
			t.Fatalf("instance %d: all at once %+v, unit by unit %+v, waves %+v", i, plan.AllAtOnce, plan.UnitByUnit, plan.Outcome)
		}
		shuffled := in
		shuffled.Units = append([]TestUnit(nil), in.Units...)
		rnd.Shuffle(len(shuffled.Units), func(a, b int) { shuffled.Units[a], shuffled.Units[b] = shuffled.Units[b], shuffled.Units[a] })
		a, _ := json.Marshal(plan)
		b, _ := json.Marshal(PlanTesting(shuffled))
		if string(a) != string(b) {
			t.Fatalf("instance %d: shuffled units, another plan", i)
		}
	}
}

// TestTestingNearTheBound: a compound of 2,200 people, 4 stations at 1.5
// a minute, a queue of 30: the waves end within 10% of the lower bound,
// where everyone at once makes a queue of the whole compound.
func TestTestingNearTheBound(t *testing.T) {
	var in TestInput
	for b := 1; b <= 30; b++ {
		for u := 1; u <= 2; u++ {
			unit := TestUnit{Building: fmt.Sprint(b), Unit: fmt.Sprint(u), Rank: b*10 + u, Walk: int64(60 + 10*b)}
			for f := 1; f <= 6+b%3; f++ {
				unit.Floors = append(unit.Floors, TestFloor{f, 4 + (b+f)%3})
			}
			in.Units = append(in.Units, unit)
		}
	}
	in.Staff = 20
	in.Stations, in.Service, in.PerFloor, in.MaxQueue, in.Step = 4, 40, 30, 30, 300
	plan := PlanTesting(in)
	t.Logf("%d people: finish %d, bound %d, %+v", plan.People, plan.Outcome.Finish, plan.LowerBound, plan)
	if plan.People < 2000 || plan.Outcome.MaxQueue > 30 {
		t.Fatalf("%d people, queue %d", plan.People, plan.Outcome.MaxQueue)
	}
	if over := float64(plan.Outcome.Finish-plan.LowerBound) / float64(plan.LowerBound); over > 0.10 {
		t.Errorf("finish %d is %.1f%% over the bound %d", plan.Outcome.Finish, 100*over, plan.LowerBound)
	}
	if plan.AllAtOnce.MaxQueue < plan.People*9/10 || plan.UnitByUnit.Finish < plan.Outcome.Finish*3/2 {
		t.Errorf("all at once %+v, unit by unit %+v", plan.AllAtOnce, plan.UnitByUnit)
	}
	// 60 units of 24-45 people: those over 30 are split by floors
	split := 0
	for _, w := range plan.Waves {
		for _, g := range w.Groups {
			if g.Floors != "" {
				split++
			}
		}
	}
	if split == 0 {
		t.Error("no unit over the queue was split by floors")
	}
}

package allocate

import (
	"math/rand/v2"
	"testing"
)

// TestRotaGapsAndWhy: the gaps of a recorded plan are the plan's own
// unfilled places; the explanation gives each seat one reason, and the
// reasons are the ones the rules give.
func TestRotaGapsAndWhy(t *testing.T) {
	in := RotaInput{
		Seats: []RotaSeat{
			{ID: "mon-night", Start: 22 * 60, End: 30 * 60, Night: true, Need: 1, Post: "gate"},
			{ID: "tue-morning", Start: 30 * 60, End: 38 * 60, Need: 1, Post: "gate"},
			{ID: "tue-med", Start: 30 * 60, End: 38 * 60, Need: 1, Post: "site", Skill: "医护"},
			{ID: "wed-morning", Start: 54 * 60, End: 62 * 60, Need: 2, Post: "gate"},
			{ID: "thu-morning", Start: 78 * 60, End: 86 * 60, Need: 1, Post: "gate"},
		},
		Volunteers: []RotaVolunteer{
			{ID: "a", History: 3, MaxPerWeek: 2, Unavailable: []RotaWindow{{78 * 60, 79 * 60}}},
			{ID: "b", History: 0},
		},
	}
	plan := RotaPlan{Assignments: []RotaAssignment{
		{Seat: "mon-night", Volunteer: "a"}, {Seat: "wed-morning", Volunteer: "a"}, {Seat: "tue-morning", Volunteer: "b"},
	}}
	gaps := mustJSON(t, RotaGaps(in, plan.Assignments))
	want := `[{"seat":"tue-med","missing":1,"reason":"no_skill"},{"seat":"wed-morning","missing":1,"reason":"can_fill"},{"seat":"thu-morning","missing":1,"reason":"can_fill"}]`
	if gaps != want {
		t.Fatalf("gaps %s\nwant %s", gaps, want)
	}
	why, ok := ExplainRota(in, plan, "a")
	if !ok {
		t.Fatal("a is a volunteer")
	}
	got := map[string]string{}
	for _, s := range why.Seats {
		got[s.Seat] = s.Why
		if s.Why == WhyClash && s.Other != "mon-night" {
			t.Errorf("tue-morning clashes with mon-night, not %q", s.Other)
		}
	}
	wantWhy := map[string]string{"mon-night": WhyHeld, "tue-morning": WhyClash, "tue-med": WhySkill,
		"wed-morning": WhyHeld, "thu-morning": WhyUnavailable}
	for k, v := range wantWhy {
		if got[k] != v {
			t.Errorf("a, %s: %q, want %q", k, got[k], v)
		}
	}
	if why.History != 3 || why.Held != 2 || why.Total != 3+2+0+1 || why.Volunteers != 2 {
		t.Errorf("counts %+v", why)
	}
	why, _ = ExplainRota(in, plan, "b")
	got = map[string]string{}
	for _, s := range why.Seats {
		got[s.Seat] = s.Why
	}
	// b: the night is full (a holds it: a has served more, so not fairer),
	// wed has room: b could take it (the recorded plan is not the best).
	if got["mon-night"] != WhyClash || got["wed-morning"] != WhyOpen || got["thu-morning"] != WhyOpen {
		t.Errorf("b: %+v", got)
	}
	in.Volunteers[0].MaxPerWeek = 2
	in.Seats[3].Week, in.Seats[4].Week = 0, 0
	why, _ = ExplainRota(in, RotaPlan{Assignments: []RotaAssignment{{Seat: "mon-night", Volunteer: "a"}, {Seat: "wed-morning", Volunteer: "a"}}}, "a")
	for _, s := range why.Seats {
		if s.Seat == "tue-med" && s.Why != WhySkill {
			t.Errorf("tue-med: %q", s.Why)
		}
	}
	if _, ok := ExplainRota(in, plan, "nobody"); ok {
		t.Error("explained a volunteer who is not in the input")
	}
}

// TestRotaWhyAgreesWithPlan: on random instances, a seat explained as
// open has a place empty that the volunteer could take in the plan
// (fill it and CheckRota finds nothing), and every other reason is one
// CheckRota would give if they took it.
func TestRotaWhyAgreesWithPlan(t *testing.T) {
	rnd := rand.New(rand.NewPCG(17, 9))
	for i := range 60 {
		in := randomRota(rnd, 3, 2, 5)
		plan := PlanRota(in)
		for _, v := range in.Volunteers {
			why, _ := ExplainRota(in, plan, v.ID)
			for _, s := range why.Seats {
				if s.Why == WhyHeld || s.Why == WhyFull {
					continue
				}
				try := RotaPlan{Assignments: append(append([]RotaAssignment{}, plan.Assignments...), RotaAssignment{Seat: s.Seat, Volunteer: v.ID})}
				bad := CheckRota(in, try)
				if s.Why == WhyOpen && len(bad) > 0 {
					t.Fatalf("instance %d: %s open for %s but %+v", i, s.Seat, v.ID, bad)
				}
				if s.Why == WhyOpen {
					t.Errorf("instance %d: the plan leaves %s open for %s: PlanRota missed a fill", i, s.Seat, v.ID)
				}
				if s.Why != WhyOpen && len(bad) == 0 {
					t.Fatalf("instance %d: %s %s for %s but CheckRota finds nothing", i, s.Seat, s.Why, v.ID)
				}
			}
		}
	}
}

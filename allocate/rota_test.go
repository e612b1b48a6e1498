package allocate

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// rotaShifts are the default shifts as minutes from a day's midnight.
var rotaShifts = []struct {
	name       string
	start, end int64
	night      bool
}{{"早", 6 * 60, 14 * 60, false}, {"中", 14 * 60, 22 * 60, false}, {"夜", 22 * 60, 30 * 60, true}}

// randomRota draws a small instance: days × 3 shifts × posts seats, weeks
// of two days so the week limit bites.
func randomRota(rnd *rand.Rand, days, posts, vols int) RotaInput {
	var in RotaInput
	skills := []string{"", "", "医护", "驾驶"}
	for d := range days {
		for _, sh := range rotaShifts {
			for p := range posts {
				in.Seats = append(in.Seats, RotaSeat{
					ID: fmt.Sprintf("d%d-%s-p%d", d, sh.name, p), Day: d, Shift: sh.name, Post: fmt.Sprintf("p%d", p),
					Start: int64(d)*1440 + sh.start, End: int64(d)*1440 + sh.end, Week: d / 2, Night: sh.night,
					Need: 1 + rnd.IntN(2), Skill: skills[rnd.IntN(len(skills))],
					Place: Location{Building: fmt.Sprint(1 + p), BuildingNum: 1 + p},
				})
			}
		}
	}
	for v := range vols {
		vol := RotaVolunteer{ID: fmt.Sprintf("v%02d", v), History: rnd.IntN(4), NightsBefore: rnd.IntN(2),
			MaxPerWeek: rnd.IntN(4), NoNights: rnd.IntN(4) == 0,
			Home: Location{Building: fmt.Sprint(1 + rnd.IntN(3)), BuildingNum: 1 + rnd.IntN(3)}}
		vol.NightsBefore = min(vol.NightsBefore, vol.History)
		for _, s := range skills[2:] {
			if rnd.IntN(2) == 0 {
				vol.Skills = append(vol.Skills, s)
			}
		}
		for range rnd.IntN(3) {
			d, sh := rnd.IntN(days), rotaShifts[rnd.IntN(3)]
			vol.Unavailable = append(vol.Unavailable, RotaWindow{Start: int64(d)*1440 + sh.start, End: int64(d)*1440 + sh.end})
		}
		in.Volunteers = append(in.Volunteers, vol)
	}
	return in
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// rotaScore computes a plan's objective from the input alone.
func rotaScore(in RotaInput, plan RotaPlan) RotaObjective {
	r := newRota(in)
	var o RotaObjective
	count := make([]int64, len(r.vols))
	nights := make([]int64, len(r.vols))
	for _, a := range plan.Assignments {
		si, vi := r.seatI[a.Seat], r.volI[a.Volunteer]
		o.Filled++
		o.Distance += r.dist[vi][si]
		if r.keep[vi][si] {
			o.Kept++
		}
		count[vi]++
		if r.seats[si].Night {
			nights[vi]++
		}
	}
	for vi, v := range r.vols {
		h, n := int64(v.History)+count[vi], int64(v.NightsBefore)+nights[vi]
		o.Load += h * h
		o.Nights += n * n
	}
	return o
}

func TestRotaHardRulesAndOrder(t *testing.T) {
	rnd := rand.New(rand.NewPCG(17, 6))
	for i := range 300 {
		in := randomRota(rnd, 1+rnd.IntN(4), 1+rnd.IntN(2), 1+rnd.IntN(8))
		plan := PlanRota(in)
		if v := CheckRota(in, plan); len(v) > 0 {
			t.Fatalf("instance %d: plan breaks rules: %+v", i, v)
		}
		if got := rotaScore(in, plan); got != plan.Objective {
			t.Fatalf("instance %d: objective %+v, recomputed %+v", i, plan.Objective, got)
		}
		need := 0
		for _, s := range in.Seats {
			need += s.Need
		}
		missing := 0
		for _, u := range plan.Unfilled {
			missing += u.Missing
		}
		if plan.Objective.Filled+missing != need {
			t.Fatalf("instance %d: filled %d + missing %d != need %d", i, plan.Objective.Filled, missing, need)
		}
		// Shuffled input gives the same plan, byte for byte.
		sh := in
		sh.Seats = slices.Clone(in.Seats)
		sh.Volunteers = slices.Clone(in.Volunteers)
		rnd.Shuffle(len(sh.Seats), func(a, b int) { sh.Seats[a], sh.Seats[b] = sh.Seats[b], sh.Seats[a] })
		rnd.Shuffle(len(sh.Volunteers), func(a, b int) { sh.Volunteers[a], sh.Volunteers[b] = sh.Volunteers[b], sh.Volunteers[a] })
		if a, b := mustJSON(t, plan), mustJSON(t, PlanRota(sh)); a != b {
			t.Fatalf("instance %d: shuffled input gives another plan:\n%s\n%s", i, a, b)
		}
		// Night then the next morning is never assigned.
		byID := map[string]RotaSeat{}
		for _, s := range in.Seats {
			byID[s.ID] = s
		}
		on := map[string][]RotaSeat{}
		for _, a := range plan.Assignments {
			on[a.Volunteer] = append(on[a.Volunteer], byID[a.Seat])
		}
		for v, ss := range on {
			for _, x := range ss {
				for _, y := range ss {
					if x.Night && y.Shift == "早" && y.Day == x.Day+1 {
						t.Fatalf("instance %d: %s on night %s then morning %s", i, v, x.ID, y.ID)
					}
				}
			}
		}
	}
}

func TestRotaMoreVolunteersNeverFillLess(t *testing.T) {
	rnd := rand.New(rand.NewPCG(17, 3))
	for i := range 300 {
		in := randomRota(rnd, 1+rnd.IntN(3), 1+rnd.IntN(2), 1+rnd.IntN(6))
		more := randomRota(rnd, 1, 1, 1)
		extra := more.Volunteers[0]
		extra.ID = "zz-extra"
		bigger := in
		bigger.Volunteers = append(slices.Clone(in.Volunteers), extra)
		a, b := PlanRota(in), PlanRota(bigger)
		if b.Objective.Filled < a.Objective.Filled {
			t.Fatalf("instance %d: adding a volunteer fills %d < %d", i, b.Objective.Filled, a.Objective.Filled)
		}
	}
}

// bruteRota finds the best objective by trying every volunteer (or no
// one) on every place.
func bruteRota(in RotaInput) RotaObjective {
	r := newRota(in)
	var places []string
	for _, s := range r.seats {
		for range s.Need {
			places = append(places, s.ID)
		}
	}
	var best RotaObjective
	found := false
	choice := make([]int, len(places))
	var rec func(i int)
	rec = func(i int) {
		if i == len(places) {
			var plan RotaPlan
			for p, c := range choice {
				if c >= 0 {
					plan.Assignments = append(plan.Assignments, RotaAssignment{Seat: places[p], Volunteer: r.vols[c].ID})
				}
			}
			if len(CheckRota(in, plan)) > 0 {
				return
			}
			if o := rotaScore(in, plan); !found || o.Compare(best) < 0 {
				best, found = o, true
			}
			return
		}
		for c := -1; c < len(r.vols); c++ {
			choice[i] = c
			rec(i + 1)
		}
	}
	rec(0)
	return best
}

func TestRotaAgainstBruteForce(t *testing.T) {
	rnd := rand.New(rand.NewPCG(17, 4))
	var gapFilled, gapObjective, n int
	for i := range 400 {
		in := randomRota(rnd, 1+rnd.IntN(2), 1, 1+rnd.IntN(4))
		// Keep at most 4 places: trim seats.
		places := 0
		var seats []RotaSeat
		for _, s := range in.Seats {
			if places+s.Need <= 4 {
				seats = append(seats, s)
				places += s.Need
			}
		}
		in.Seats = seats
		n++
		plan, best := PlanRota(in), bruteRota(in)
		if plan.Objective.Compare(best) < 0 {
			t.Fatalf("instance %d: plan %+v beats brute force %+v: the checker or the brute force is wrong", i, plan.Objective, best)
		}
		if got := searchRota(in); got != best {
			t.Fatalf("instance %d: searchRota %+v, brute force %+v", i, got, best)
		}
		if plan.Objective.Filled < best.Filled {
			gapFilled++
			t.Logf("instance %d: fills %d, brute force %d", i, plan.Objective.Filled, best.Filled)
		} else if plan.Objective != best {
			gapObjective++
			t.Logf("instance %d: objective %+v, brute force %+v", i, plan.Objective, best)
		}
	}
	t.Logf("%d tiny instances: %d fill fewer seats than brute force, %d fill as many with a worse objective", n, gapFilled, gapObjective)
	// PlanRota is not proved optimal, but it reaches the optimum of all
	// of these (the greedy-and-swaps search it replaced missed 5).
	if gapFilled+gapObjective > 0 {
		t.Errorf("%d gaps, want none", gapFilled+gapObjective)
	}
}

// searchRota finds the best objective by a search over places, seat by
// seat, each taking a volunteer the rules allow (in increasing order within
// a seat, so a seat's places are not permuted) or no one. It reaches
// further than bruteRota, which it agrees with on tiny instances.
func searchRota(in RotaInput) RotaObjective {
	r := newRota(in)
	st := newState(r)
	var best RotaObjective
	found := false
	var rec func(p int)
	rec = func(p int) {
		if p == len(st.place) {
			if o := st.score(); !found || o.Compare(best) < 0 {
				best, found = o, true
			}
			return
		}
		s, lo := st.place[p], 0
		if p > 0 && st.place[p-1] == s {
			if st.who[p-1] < 0 {
				rec(p + 1) // the seat's places left are empty too
				return
			}
			lo = st.who[p-1] + 1
		}
		for v := lo; v < len(r.vols); v++ {
			if st.canTake(v, s, -1) {
				st.put(p, v)
				rec(p + 1)
				st.take(p)
			}
		}
		rec(p + 1)
	}
	rec(0)
	return best
}

// TestRotaAgainstSearch compares PlanRota with searchRota on 1,000 small
// instances of up to 9 places (weeks of two days, tight limits). PlanRota
// is not exact: it may miss the optimum where a better plan needs many
// volunteers to change at once, but rarely: 12 of these fill a seat
// fewer, 8 more have a worse objective (the greedy-and-swaps search it
// replaced: 27 and 61). The test fails above 20 and 33.
func TestRotaAgainstSearch(t *testing.T) {
	rnd := rand.New(rand.NewPCG(17, 7))
	var gapFilled, gapObjective int
	const n = 1000
	for i := range n {
		in := randomRota(rnd, 1+rnd.IntN(3), 1+rnd.IntN(2), 2+rnd.IntN(4))
		places := 0
		var seats []RotaSeat
		for _, s := range in.Seats {
			if places+s.Need <= 9 {
				seats = append(seats, s)
				places += s.Need
			}
		}
		in.Seats = seats
		plan, best := PlanRota(in), searchRota(in)
		switch {
		case plan.Objective.Compare(best) < 0:
			t.Fatalf("instance %d: plan %+v beats the search %+v: the search or the scoring is wrong", i, plan.Objective, best)
		case plan.Objective.Filled < best.Filled:
			gapFilled++
			t.Logf("instance %d: fills %d, the search %d", i, plan.Objective.Filled, best.Filled)
		case plan.Objective != best:
			gapObjective++
			t.Logf("instance %d: objective %+v, the search %+v", i, plan.Objective, best)
		}
	}
	t.Logf("%d small instances: %d fill fewer seats than the search, %d fill as many with a worse objective", n, gapFilled, gapObjective)
	if gapFilled > n/50 || gapObjective > n/30 {
		t.Errorf("%d fill gaps (at most %d), %d objective gaps (at most %d)", gapFilled, n/50, gapObjective, n/30)
	}
}

// TestRotaEndsAtALocalOptimum: once PlanRota's search has ended, none of
// its steps improves the plan, whatever the order they are tried in.
func TestRotaEndsAtALocalOptimum(t *testing.T) {
	rnd := rand.New(rand.NewPCG(17, 8))
	for i := range 60 {
		in := randomRota(rnd, 2+rnd.IntN(3), 1+rnd.IntN(3), 3+rnd.IntN(8))
		r := newRota(in)
		st := r.solve(nil, false)
		before := st.score()
		pinned := make([]bool, len(st.place))
		var sc windowScratch
		var cs chainScratch
		for k, w := range r.windows() {
			if st.solveWindow(w, pinned, &sc) {
				t.Fatalf("instance %d: window %d improves %+v to %+v", i, k, before, st.score())
			}
		}
		for name, step := range map[string]func() bool{
			"patterns": func() bool { return st.patternWindows(pinned, &sc) },
			"chain":    func() bool { return st.chain(pinned, &cs) },
			"fill":     func() bool { return st.chainFill(pinned, &cs) },
			"each":     func() bool { return st.chainEach(pinned, &cs) },
			"eject":    func() bool { return st.eject(pinned) },
			"trade":    func() bool { return st.trade(pinned) },
		} {
			if step() {
				t.Fatalf("instance %d: step %s improves %+v to %+v", i, name, before, st.score())
			}
		}
		if st.score() != before {
			t.Fatalf("instance %d: the steps changed the objective %+v to %+v without improving", i, before, st.score())
		}
	}
}

func TestRotaNightThenMorningAcrossMidnight(t *testing.T) {
	in := RotaInput{
		Seats: []RotaSeat{
			{ID: "night", Start: 22 * 60, End: 30 * 60, Night: true, Need: 1, Post: "gate"},
			{ID: "morning", Start: 30 * 60, End: 38 * 60, Need: 1, Post: "gate"},
		},
		Volunteers: []RotaVolunteer{{ID: "a"}},
	}
	plan := PlanRota(in)
	if plan.Objective.Filled != 1 || len(plan.Unfilled) != 1 || plan.Unfilled[0].Reason != RotaBusy {
		t.Fatalf("one volunteer, night and next morning: %s", mustJSON(t, plan))
	}
	bad := RotaPlan{Assignments: []RotaAssignment{{Seat: "night", Volunteer: "a"}, {Seat: "morning", Volunteer: "a"}}}
	if v := CheckRota(in, bad); len(v) != 1 || v[0].Rule != "rest" {
		t.Fatalf("CheckRota on night then morning: %+v", v)
	}
	in.Rest = -1 // no rest: back to back is allowed
	if plan := PlanRota(in); plan.Objective.Filled != 2 {
		t.Fatalf("no rest: %s", mustJSON(t, plan))
	}
}

func TestRotaReasonsAndFairness(t *testing.T) {
	in := RotaInput{
		Seats: []RotaSeat{
			{ID: "s1", Start: 0, End: 480, Need: 1, Post: "gate"},
			{ID: "s2", Start: 1440, End: 1920, Need: 1, Post: "gate"},
			{ID: "med", Start: 3000, End: 3480, Need: 1, Post: "site", Skill: "医护"},
			{ID: "nite", Start: 5000, End: 5480, Need: 1, Post: "gate", Night: true},
			{ID: "off", Start: 9000, End: 9480, Need: 1, Post: "gate"},
		},
		Volunteers: []RotaVolunteer{
			{ID: "old", History: 5, NoNights: true, Unavailable: []RotaWindow{{9000, 9100}}},
			{ID: "new", History: 0, NoNights: true, Unavailable: []RotaWindow{{9400, 9500}}},
		},
	}
	plan := PlanRota(in)
	want := `{"assignments":[{"seat":"s1","volunteer":"new"},{"seat":"s2","volunteer":"new"}],` +
		`"unfilled":[{"seat":"med","missing":1,"reason":"no_skill"},{"seat":"nite","missing":1,"reason":"no_nights"},{"seat":"off","missing":1,"reason":"none_available"}],` +
		`"objective":{"filled":2,"load":29,"nights":0,"distance":20,"kept":0}}`
	if got := mustJSON(t, plan); got != want {
		t.Fatalf("plan:\n%s\nwant\n%s", got, want)
	}
	// Week limit: new may do one seat a week, so old takes the other.
	in.Volunteers[1].MaxPerWeek = 1
	plan = PlanRota(in)
	if len(plan.Assignments) != 2 || plan.Assignments[0].Volunteer == plan.Assignments[1].Volunteer {
		t.Fatalf("week limit: %s", mustJSON(t, plan))
	}
	in.Volunteers[0].MaxPerWeek = 1
	in.Seats = in.Seats[:1]
	in.Seats = append(in.Seats, RotaSeat{ID: "s3", Start: 600, End: 1000, Need: 1, Post: "gate"}, RotaSeat{ID: "s4", Start: 2000, End: 2400, Need: 1})
	plan = PlanRota(in)
	if len(plan.Unfilled) != 1 || plan.Unfilled[0].Reason != RotaAtLimit {
		t.Fatalf("at limit: %s", mustJSON(t, plan))
	}
}

func TestRotaReplanKeepsFixedAndExisting(t *testing.T) {
	rnd := rand.New(rand.NewPCG(17, 5))
	for i := range 100 {
		in := randomRota(rnd, 3, 2, 6)
		first := PlanRota(in)
		// Same plan as Existing: the re-plan is the same.
		in.Existing = first.Assignments
		// Re-planning from the same plan is never worse than keeping it
		// all (it may find a better plan for the first four aims).
		again := PlanRota(in)
		kept := first.Objective
		kept.Kept = len(first.Assignments)
		if again.Objective.Compare(kept) > 0 {
			t.Fatalf("instance %d: re-plan %+v is worse than keeping the plan %+v", i, again.Objective, kept)
		}
		if len(first.Assignments) == 0 {
			continue
		}
		// One volunteer absent: the others' assignments are fixed and stay.
		gone := first.Assignments[0].Volunteer
		var existing []RotaAssignment
		for _, a := range first.Assignments {
			if a.Volunteer != gone {
				existing = append(existing, RotaAssignment{Seat: a.Seat, Volunteer: a.Volunteer, Fixed: true})
			}
		}
		in.Existing = existing
		for j := range in.Volunteers {
			if in.Volunteers[j].ID == gone {
				in.Volunteers[j].Unavailable = append(in.Volunteers[j].Unavailable, RotaWindow{0, 1 << 40})
			}
		}
		re := PlanRota(in)
		if v := CheckRota(in, re); len(v) > 0 {
			t.Fatalf("instance %d: re-plan breaks %+v", i, v)
		}
		for _, e := range existing {
			if !slices.ContainsFunc(re.Assignments, func(a RotaAssignment) bool { return a.Seat == e.Seat && a.Volunteer == e.Volunteer }) {
				t.Fatalf("instance %d: fixed %+v moved", i, e)
			}
		}
	}
}

func TestCheckRotaCatchesEachRule(t *testing.T) {
	in := RotaInput{
		Seats: []RotaSeat{
			{ID: "a", Start: 0, End: 480, Need: 1, Week: 1},
			{ID: "b", Start: 240, End: 720, Need: 1, Week: 1},                // overlaps a
			{ID: "c", Start: 700, End: 1000, Need: 1, Week: 1},               // within a's rest
			{ID: "d", Start: 5000, End: 5480, Need: 2, Week: 1, Skill: "医护"}, // skill
			{ID: "n", Start: 8000, End: 8480, Need: 1, Week: 2, Night: true},
			{ID: "w", Start: 10000, End: 10480, Need: 1, Week: 2},
			{ID: "e", Start: 3000, End: 3480, Need: 1, Week: 1},
		},
		Volunteers: []RotaVolunteer{
			{ID: "x", NoNights: true, MaxPerWeek: 1},
			{ID: "y", Unavailable: []RotaWindow{{5400, 5500}}},
			{ID: "z"},
		},
	}
	cases := []struct {
		plan []RotaAssignment
		rule string
	}{
		{[]RotaAssignment{{Seat: "zz", Volunteer: "x"}}, "unknown_seat"},
		{[]RotaAssignment{{Seat: "a", Volunteer: "zz"}}, "unknown_volunteer"},
		{[]RotaAssignment{{Seat: "a", Volunteer: "x"}, {Seat: "a", Volunteer: "y"}}, "over_need"},
		{[]RotaAssignment{{Seat: "a", Volunteer: "y"}, {Seat: "b", Volunteer: "y"}}, "overlap"},
		{[]RotaAssignment{{Seat: "a", Volunteer: "y"}, {Seat: "c", Volunteer: "y"}}, "rest"},
		{[]RotaAssignment{{Seat: "n", Volunteer: "y"}, {Seat: "w", Volunteer: "x"}}, ""},
		{[]RotaAssignment{{Seat: "n", Volunteer: "x"}}, "no_nights"},
		{[]RotaAssignment{{Seat: "a", Volunteer: "z"}, {Seat: "d", Volunteer: "z"}}, "skill"},
		{[]RotaAssignment{{Seat: "a", Volunteer: "y"}, {Seat: "w", Volunteer: "y"}}, ""},
		{[]RotaAssignment{{Seat: "a", Volunteer: "x"}, {Seat: "w", Volunteer: "x"}, {Seat: "e", Volunteer: "x"}}, "week_limit"},
	}
	for _, c := range cases {
		v := CheckRota(in, RotaPlan{Assignments: c.plan})
		var rules []string
		for _, x := range v {
			rules = append(rules, x.Rule)
		}
		want := []string{c.rule}
		if c.rule == "" {
			want = nil
		}
		if fmt.Sprint(rules) != fmt.Sprint(want) {
			t.Errorf("%+v: rules %v, want %v", c.plan, rules, want)
		}
	}
	in.Volunteers[1].Skills = []string{"医护"}
	both := CheckRota(in, RotaPlan{Assignments: []RotaAssignment{{Seat: "d", Volunteer: "y"}, {Seat: "d", Volunteer: "y"}}})
	if fmt.Sprint(both) != "[{d y unavailable } {d y unavailable } {d y twice d}]" {
		t.Errorf("twice: %v", both)
	}
}

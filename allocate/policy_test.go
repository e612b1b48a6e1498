package allocate

import (
	"errors"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
)

func loc(b string, n int, unit string) Location {
	return Location{Building: b, BuildingNum: n, Unit: unit}
}

func TestNearestOrdersByDistanceThenRank(t *testing.T) {
	from := loc("3", 3, "2")
	places := []Place{
		{ID: "far", Rank: 0, Loc: loc("9", 9, "1"), Known: true},
		{ID: "staff", Rank: 1},
		{ID: "unit-b", Rank: 5, Loc: loc("3", 3, "2"), Known: true},
		{ID: "unit-a", Rank: 4, Loc: loc("3", 3, "2"), Known: true},
		{ID: "building", Rank: 2, Loc: loc("3", 3, "1"), Known: true},
		{ID: "area", Rank: 3, Loc: Location{Area: "二期", Building: "3", BuildingNum: 3}, Known: true},
		{ID: "next", Rank: 6, Loc: loc("4", 4, "1"), Known: true},
	}
	var got []string
	for _, n := range Nearest(from, places) {
		got = append(got, n.ID+":"+Nearness(n))
	}
	want := []string{"unit-a:same_unit", "unit-b:same_unit", "building:same_building", "next:other_building",
		"far:other_building", "area:other_building", "staff:unknown"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for seed := range uint64(20) {
		sh := slices.Clone(places)
		rand.New(rand.NewPCG(seed, 1)).Shuffle(len(sh), func(i, j int) { sh[i], sh[j] = sh[j], sh[i] })
		if !reflect.DeepEqual(Nearest(from, sh), Nearest(from, places)) {
			t.Fatalf("seed %d: shuffled input gives another order", seed)
		}
	}
}

func TestPlanMedRun(t *testing.T) {
	rs := []MedRequest{
		{ID: "r1", Household: "h1", Rank: 1, RequestedAt: "2026-11-01T08:00:00Z", Waiting: true},
		{ID: "r2", Household: "h2", Rank: 2, RequestedAt: "2026-11-02T08:00:00Z", Waiting: true, MissedRuns: 1},
		{ID: "r3", Household: "h3", Rank: 3, RequestedAt: "2026-11-03T08:00:00Z", Waiting: true, Urgent: true},
		{ID: "r4", Household: "h1", Rank: 1, RequestedAt: "2026-11-04T08:00:00Z", Waiting: true},
		{ID: "r5", Household: "h4", Rank: 0, RequestedAt: "2026-11-01T08:00:00Z", Waiting: false},
		{ID: "r6", Household: "h5", Rank: 5, RequestedAt: "2026-11-05T08:00:00Z", Waiting: true},
	}
	p := PlanMedRun(rs, 2)
	if want := []string{"h3", "h2"}; !reflect.DeepEqual(p.Households, want) {
		t.Fatalf("households %v, want %v", p.Households, want)
	}
	want := []MedPick{{"r3", "h3", 1, MedReasonUrgent}, {"r2", "h2", 2, MedReasonMissed}}
	if !reflect.DeepEqual(p.Picks, want) || p.Left != 2 {
		t.Fatalf("picks %v left %d, want %v left 2", p.Picks, p.Left, want)
	}
	p = PlanMedRun(rs, 3)
	var ids []string
	for _, pk := range p.Picks {
		ids = append(ids, pk.Request)
	}
	// h1 comes third and brings both its requests; a request not waiting is never taken.
	if want := []string{"r3", "r2", "r1", "r4"}; !reflect.DeepEqual(ids, want) || p.Left != 1 {
		t.Fatalf("requests %v left %d, want %v left 1", ids, p.Left, want)
	}
	for seed := range uint64(20) {
		sh := slices.Clone(rs)
		rand.New(rand.NewPCG(seed, 2)).Shuffle(len(sh), func(i, j int) { sh[i], sh[j] = sh[j], sh[i] })
		if !reflect.DeepEqual(PlanMedRun(sh, 3), p) {
			t.Fatalf("seed %d: shuffled requests give another run", seed)
		}
	}
	if e := PlanMedRun(nil, 10); len(e.Picks) != 0 || e.Picks == nil || e.Households == nil {
		t.Fatalf("no requests: %+v, want empty lists", e)
	}
}

func TestChooseCourier(t *testing.T) {
	to := loc("3", 3, "2")
	cs := []Courier{
		{Place: Place{ID: "driver", Rank: 0, Loc: loc("3", 3, "2"), Known: true}, Skills: []string{"司机"}},
		{Place: Place{ID: "busy-doctor", Rank: 1, Loc: loc("3", 3, "2"), Known: true}, Skills: []string{"医生"}, Busy: true},
		{Place: Place{ID: "nurse-far", Rank: 2, Loc: loc("8", 8, ""), Known: true}, Skills: []string{"护士"}},
		{Place: Place{ID: "doctor-near", Rank: 3, Loc: loc("4", 4, ""), Known: true}, Skills: []string{"医生", "司机"}},
		{Place: Place{ID: "staff-doctor", Rank: 4}, Skills: []string{"医生"}},
	}
	if n, ok := ChooseCourier(to, cs); !ok || n.ID != "doctor-near" {
		t.Fatalf("got %v %v, want doctor-near", n, ok)
	}
	if n, ok := ChooseCourier(to, cs[4:]); !ok || n.ID != "staff-doctor" {
		t.Fatalf("got %v %v, want staff-doctor (no address, still a doctor)", n, ok)
	}
	if _, ok := ChooseCourier(to, cs[:2]); ok {
		t.Fatal("a driver and a busy doctor: want nobody")
	}
}

func TestCheckPairs(t *testing.T) {
	cur := []CurrentPair{
		{ID: "p3", Elder: "e1", Volunteer: "v2", Since: "2026-11-03"},
		{ID: "p1", Elder: "e1", Volunteer: "v1", Since: "2026-11-01"},
		{ID: "p2", Elder: "e2", Volunteer: "gone", Since: "2026-11-02"},
		{ID: "p4", Elder: "young", Volunteer: "v1", Since: "2026-11-01"},
	}
	st := CheckPairs(cur, []string{"e3", "e1", "e2"}, []string{"v1", "v2"})
	want := PairState{
		Valid: []CurrentPair{cur[1]},
		// p1 and p4 share a date and go in ID order; then p2, then p3.
		Stale:    []StalePair{{cur[3], StaleElder}, {cur[2], StaleVolunteer}, {cur[0], StaleSecond}},
		Unpaired: []string{"e3", "e2"},
	}
	if !reflect.DeepEqual(st, want) {
		t.Fatalf("got %+v\nwant %+v", st, want)
	}
	rev := slices.Clone(cur)
	slices.Reverse(rev)
	if !reflect.DeepEqual(CheckPairs(rev, []string{"e3", "e1", "e2"}, []string{"v2", "v1"}), st) {
		t.Fatal("input order changes the state")
	}
}

func TestSurplus(t *testing.T) {
	fig := SurplusInput{Registered: 438, Present: 370}
	for _, c := range []struct {
		name  string
		in    SurplusInput
		packs int
		basis string
	}{
		{"default", fig, 68, BasisDefault},
		{"surplus", SurplusInput{Surplus: 50, HasSurplus: true, Registered: 438, Present: 370}, 50, BasisSurplus},
		{"received", SurplusInput{Received: 400, HasReceived: true, Registered: 438, Present: 370}, 30, BasisReceived},
		{"more present than registered", SurplusInput{Registered: 3, Present: 5}, 0, BasisDefault},
	} {
		p, err := Surplus(c.in)
		if err != nil || p.Packs != c.packs || p.Basis != c.basis {
			t.Errorf("%s: got %d %s %v, want %d %s", c.name, p.Packs, p.Basis, err, c.packs, c.basis)
		}
	}
	_, err := Surplus(SurplusInput{Received: 300, HasReceived: true, Registered: 438, Present: 370})
	var few *ReceivedTooFew
	if !errors.As(err, &few) || few.Present != 370 || few.Received != 300 {
		t.Fatalf("got %v, want ReceivedTooFew 300/370", err)
	}
}

func TestCandidatesFor(t *testing.T) {
	if k := CandidatesFor(45, 60, 1); k != 0 {
		t.Errorf("a compound: K %d, want 0 (dense, every volunteer)", k)
	}
	if k := CandidatesFor(2_000, 2_001, 1); k != sparseK {
		t.Errorf("a district: K %d, want %d", k, sparseK)
	}
}

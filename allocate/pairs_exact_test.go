package allocate

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// pairCompound is the compound of issue 15: 20,000 households in 93
// buildings of 3 units (no area, no coordinates, as `vol pair elders`
// builds it from addresses), 2,513 elder households and 2,543 volunteers
// of capacity 1. The old buildings hold most elders and the new ones most
// volunteers, so some buildings have far more elders than volunteers and
// an elder's nearest volunteers are all wanted by its neighbours. A few
// volunteers are elders themselves (own household), skills and needs
// keep the proportions of volgen's register. The seed fixes everything.
func pairCompound() PairInput {
	rnd := rand.New(rand.NewPCG(20_000, 2_513))
	const buildings = 93
	loc := func(b int) Location {
		return Location{Building: fmt.Sprint(b), BuildingNum: b, Unit: fmt.Sprint(1 + rnd.IntN(3))}
	}
	// weighted draws a building: elders favour the old buildings,
	// volunteers the new ones, each building with its own share.
	weights := func(old, young int) []int {
		w := make([]int, buildings)
		for b := range w {
			w[b] = 10 + rnd.IntN(3)
			switch {
			case b < 35:
				w[b] += old
			case b >= 60:
				w[b] += young
			}
		}
		return w
	}
	draw := func(w []int) int {
		total := 0
		for _, x := range w {
			total += x
		}
		r := rnd.IntN(total)
		for b, x := range w {
			if r < x {
				return b + 1
			}
			r -= x
		}
		panic("unreachable")
	}
	ew, vw := weights(3, 0), weights(0, 3)
	var in PairInput
	for i := range 2_513 {
		e := ElderHousehold{ID: fmt.Sprintf("H%05d", i*8), Loc: loc(draw(ew)), Elders: 1 + rnd.IntN(2)}
		if rnd.IntN(10) < 3 {
			e.Needs = append(e.Needs, "就医")
		}
		if rnd.IntN(10) < 3 {
			e.Needs = append(e.Needs, "配药")
		}
		if rnd.IntN(20) == 0 {
			e.Needs = append(e.Needs, "上海话")
		}
		in.Elders = append(in.Elders, e)
	}
	for j := range 2_543 {
		v := Volunteer{ID: fmt.Sprintf("P%05d", j), Household: fmt.Sprintf("H%05d", j*8+1), Loc: loc(draw(vw)), Capacity: 1}
		if rnd.IntN(50) == 0 { // an elder who volunteers
			e := in.Elders[rnd.IntN(len(in.Elders))]
			v.Household, v.Loc = e.ID, e.Loc
		}
		for _, s := range []struct {
			tag string
			pct int
		}{{"司机", 10}, {"医生", 5}, {"护士", 5}, {"上海话", 20}} {
			if rnd.IntN(100) < s.pct {
				v.Skills = append(v.Skills, s.tag)
			}
		}
		in.Volunteers = append(in.Volunteers, v)
	}
	in.K = CandidatesFor(len(in.Elders), len(in.Volunteers), 1)
	return in
}

// TestPairsExactCompound is issue 15: on the 20,000-household compound,
// with K as the command chooses it, every elder is paired (there are more
// volunteers than elders and no distance limit) and the plan costs what
// the dense solve over every volunteer costs; with a distance limit, the
// sparse plan pairs as many and costs as little as the dense one.
func TestPairsExactCompound(t *testing.T) {
	if testing.Short() {
		t.Skip("dense solve of 2,513 × 2,543")
	}
	in := pairCompound()
	if in.K == 0 {
		t.Fatalf("CandidatesFor gave K=0: the compound no longer exercises the sparse path")
	}
	for _, maxDist := range []int{0, 14} {
		in.MaxDistance = maxDist
		sparse := Pairs(in)
		name := fmt.Sprintf("K=%d MaxDistance=%d", in.K, maxDist)
		if maxDist == 0 && len(sparse.Unpaired) > 0 {
			free := len(in.Volunteers) - len(sparse.Pairs) - len(sparse.Kept)
			t.Errorf("%s: %d elders unpaired (first %+v) while %d volunteers are free", name, len(sparse.Unpaired), sparse.Unpaired[0], free)
		}
		dense := in
		dense.K = 0
		want := Pairs(dense)
		got, wantN := len(sparse.Pairs)+len(sparse.Kept), len(want.Pairs)+len(want.Kept)
		if got != wantN || sparse.TotalCost != want.TotalCost {
			t.Errorf("%s: got %d pairs at %d, the dense solve %d at %d", name, got, sparse.TotalCost, wantN, want.TotalCost)
		}
		for _, u := range sparse.Unpaired {
			if u.Reason == ReasonNearestTaken {
				t.Errorf("%s: %s unpaired for %q", name, u.Elder, u.Reason)
				break
			}
		}
	}
}

// TestPairsExactSmallK: whatever K, the sparse plan pairs as many elders
// as the dense solve over every volunteer, at the same total cost, and
// keeps every rule, on random instances with several areas, buildings,
// units, skills, capacities, distance limits, Fixed and Existing pairs.
func TestPairsExactSmallK(t *testing.T) {
	rnd := rand.New(rand.NewPCG(15, 1))
	for iter := range 300 {
		in := pairTestInput(rnd, 5+rnd.IntN(60), 1+rnd.IntN(40))
		in.K = 0
		dense := Pairs(in)
		dn := len(dense.Pairs) + len(dense.Kept)
		for _, k := range []int{1, 2, 3} {
			in.K = k
			sparse := Pairs(in)
			name := fmt.Sprintf("#%d K=%d max=%d", iter, k, in.MaxDistance)
			checkPairPlan(t, name, in, sparse)
			if sn := len(sparse.Pairs) + len(sparse.Kept); sn != dn || sparse.TotalCost != dense.TotalCost {
				t.Fatalf("%s: got %d pairs at %d, the dense solve %d at %d", name, sn, sparse.TotalCost, dn, dense.TotalCost)
			}
		}
	}
}

// BenchmarkPairsCompound20k pairs the 20,000-household compound of issue
// 15 with K as the command chooses it.
func BenchmarkPairsCompound20k(b *testing.B) {
	in := pairCompound()
	b.ReportAllocs()
	var p PairPlan
	var st pairStats
	for b.Loop() {
		p, st = pairs(in)
	}
	b.ReportMetric(float64(len(p.Pairs)), "pairs")
	b.ReportMetric(float64(len(p.Unpaired)), "unpaired")
	b.ReportMetric(float64(st.rounds), "rounds")
	b.ReportMetric(float64(st.added), "arcs-added")
	b.ReportMetric(float64(st.arcs), "arcs")
}

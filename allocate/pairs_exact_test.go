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

// TestPricer checks pricing against a plain reading on random potentials:
// least is the least c − v over every volunteer within reach (own
// household included), and price gives an elder arcs exactly when one of
// its arcs outside its household violates, first the most violating one,
// all of them allowed.
func TestPricer(t *testing.T) {
	rnd := rand.New(rand.NewPCG(15, 3))
	checked := 0
	for iter := range 400 {
		in := pairTestInput(rnd, 1+rnd.IntN(40), 1+rnd.IntN(40))
		if rnd.IntN(4) == 0 {
			in.Weights = Weights{Distance: rnd.Int64N(2), Need: rnd.Int64N(40), Keep: rnd.Int64N(30), Unpaired: 1}
		}
		r := newPairRun(in)
		if len(r.vols) == 0 {
			continue
		}
		k := 1 + rnd.IntN(3)
		near := newNearFinder(r.vols, k, r.maxDist, r.own, r.elders)
		p := newPricer(r.elders, r.vols, near, r.own, r.tags, r.w, r.maxDist, k)
		v := make([]int64, len(r.vols))
		for c := range v {
			if rnd.IntN(2) == 0 {
				v[c] = -rnd.Int64N(60)
			}
		}
		u := make([]int64, len(r.elders))
		col4row := make([]int32, len(r.elders))
		for i := range u {
			u[i] = rnd.Int64N(120) - 10
			col4row[i] = lapFree // no elder unpaired: no free-place arcs
		}
		name := fmt.Sprintf("#%d", iter)
		reach := func(i, c int) (cost int64, ok bool) {
			d := Distance(r.elders[i].loc, r.vols[c].loc)
			if r.maxDist > 0 && d > r.maxDist {
				return 0, false
			}
			return r.w.Distance*d + r.w.Need*int64(r.tags.uncovered(&r.elders[i], &r.vols[c])), true
		}
		p.setPotentials(v)
		for i := range r.elders {
			want := int64(lapInf)
			for c := range r.vols {
				if cost, ok := reach(i, c); ok {
					want = min(want, cost-v[c])
				}
			}
			if got := p.leastOf(p.classOf[i]); got != want {
				t.Fatalf("%s: elder %s: least %d, want %d", name, r.elders[i].id, got, want)
			}
		}
		arcs := p.price(u, v, col4row, make([]int32, len(r.vols)))
		for i := range r.elders {
			e := &r.elders[i]
			best := int64(lapInf)
			for c := range r.vols {
				if cost, ok := reach(i, c); ok && r.vols[c].household != e.id {
					best = min(best, cost-v[c]-u[i])
				}
			}
			var mine []pricedArc
			for _, a := range arcs {
				if a.row == int32(i) {
					mine = append(mine, a)
				}
			}
			if (best < 0) != (len(mine) > 0) {
				t.Fatalf("%s: elder %s: most violating reduced cost %d, got %d arcs", name, e.id, best, len(mine))
			}
			for n, a := range mine {
				cost, ok := reach(i, int(a.col))
				if !ok || r.vols[a.col].household == e.id || cost != a.cost {
					t.Fatalf("%s: elder %s: arc to %s at %d is not allowed or costs %d", name, e.id, r.vols[a.col].id, a.cost, cost)
				}
				if n == 0 && a.cost-v[a.col]-u[i] != best {
					t.Fatalf("%s: elder %s: first arc at reduced cost %d, the most violating is %d", name, e.id, a.cost-v[a.col]-u[i], best)
				}
			}
			if len(mine) > 0 {
				checked++
			}
		}
	}
	if checked < 500 {
		t.Errorf("only %d elders with violating arcs checked", checked)
	}
}

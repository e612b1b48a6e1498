package allocate

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestDistance(t *testing.T) {
	b3u1 := Location{Building: "3", BuildingNum: 3, Unit: "1"}
	b3u2 := Location{Building: "3", BuildingNum: 3, Unit: "2"}
	b5 := Location{Building: "5", BuildingNum: 5, Unit: "1"}
	b12a := Location{Building: "12甲", BuildingNum: 12, Unit: "1"}
	b12b := Location{Building: "12乙", BuildingNum: 12, Unit: "1"}
	xy := func(l Location, x, y int64) Location { l.X, l.Y, l.HasXY = x, y, true; return l }
	area := func(l Location, a string) Location { l.Area = a; return l }
	tests := []struct {
		name string
		a, b Location
		want int64
	}{
		{"same unit", b3u1, b3u1, DistSameUnit},
		{"same building", b3u1, b3u2, DistSameBuilding},
		{"two buildings apart", b3u1, b5, 12},
		{"same number, other building", b12a, b12b, 10},
		{"coordinates win over numbers", xy(b3u1, 0, 0), xy(b5, 300, 400), 10 + 50},
		{"coordinates round down", xy(b3u1, 0, 0), xy(b5, 0, 19), 11},
		{"one side without coordinates", xy(b3u1, 0, 0), b5, 12},
		{"same building ignores coordinates", xy(b3u1, 0, 0), xy(b3u2, 900, 900), DistSameBuilding},
		{"far numbers are capped", b3u1, Location{Building: "9999", BuildingNum: 9999}, DistAreaMax},
		{"far coordinates are capped", xy(b3u1, -1<<62, 0), xy(b5, 1<<62, 0), DistAreaMax},
		{"extreme numbers do not overflow", Location{BuildingNum: -1 << 62}, Location{BuildingNum: 1 << 62}, DistAreaMax},
		{"unknown buildings are not the same", Location{Unit: "1"}, Location{Unit: "1"}, 10},
		{"other area", area(b3u1, "二期"), b3u1, DistOtherArea},
		{"other area, same numbers", area(b3u1, "123弄"), area(b3u1, "125弄"), DistOtherArea},
		{"same named area", area(b3u1, "一期"), area(b3u2, "一期"), DistSameBuilding},
	}
	for _, tt := range tests {
		if got := Distance(tt.a, tt.b); got != tt.want {
			t.Errorf("%s: got %d, want %d", tt.name, got, tt.want)
		}
		if got := Distance(tt.b, tt.a); got != tt.want {
			t.Errorf("%s (swapped): got %d, want %d", tt.name, got, tt.want)
		}
	}
}

func TestNeedCoverage(t *testing.T) {
	tests := []struct {
		name      string
		needs     []string
		skills    []string
		matched   []string
		uncovered []string
	}{
		{"driver for hospital", []string{"就医"}, []string{"司机"}, []string{"就医"}, nil},
		{"doctor or nurse for medicine", []string{"配药", "慢性病"}, []string{"护士"}, []string{"慢性病", "配药"}, nil},
		{"driver is no doctor", []string{"配药"}, []string{"司机"}, nil, []string{"配药"}},
		{"english tags, case and spaces", []string{" Hospital ", "medicine"}, []string{"司机"}, []string{"hospital"}, []string{"medicine"}},
		{"dialect", []string{"方言"}, []string{"上海话"}, []string{"方言"}, nil},
		{"language", []string{"外语"}, []string{"英语"}, []string{"外语"}, nil},
		{"unknown need, same tag", []string{"遛狗"}, []string{"遛狗"}, []string{"遛狗"}, nil},
		{"unknown need, other tag", []string{"遛狗"}, []string{"司机"}, nil, []string{"遛狗"}},
		{"a need's own tag covers it", []string{"就医"}, []string{"就医"}, []string{"就医"}, nil},
		{"duplicates count once", []string{"就医", "就医"}, nil, nil, []string{"就医"}},
	}
	for _, tt := range tests {
		in := PairInput{
			Elders:     []ElderHousehold{{ID: "e", Needs: tt.needs}},
			Volunteers: []Volunteer{{ID: "v", Skills: tt.skills}},
			Weights:    Weights{Distance: 1, Need: 100},
		}
		p := Pairs(in)
		if len(p.Pairs) != 1 {
			t.Fatalf("%s: got %+v, want one pair", tt.name, p)
		}
		l := p.Pairs[0]
		if !slices.Equal(l.Matched, tt.matched) || !slices.Equal(l.Uncovered, tt.uncovered) {
			t.Errorf("%s: got matched %q uncovered %q, want %q %q", tt.name, l.Matched, l.Uncovered, tt.matched, tt.uncovered)
		}
		if want := 10 + 100*int64(len(tt.uncovered)); l.Cost != want {
			t.Errorf("%s: got cost %d, want %d", tt.name, l.Cost, want)
		}
	}
}

var (
	pairTestNeeds  = []string{"就医", "配药", "上海话", "慢性病", "遛狗"}
	pairTestSkills = []string{"司机", "医生", "护士", "上海话", "遛狗"}
)

// pairTestLoc is a random location in a small district: two areas, a few
// buildings (one without a number, one unknown), some with coordinates.
func pairTestLoc(rnd *rand.Rand) Location {
	buildings := []struct {
		text string
		num  int
		xy   bool
	}{{"1", 1, true}, {"2", 2, false}, {"3", 3, true}, {"12甲", 12, true}, {"南楼", 0, false}, {"", 0, false}}
	b := buildings[rnd.IntN(len(buildings))]
	l := Location{Building: b.text, BuildingNum: b.num, Unit: fmt.Sprint(1 + rnd.IntN(2))}
	if rnd.IntN(5) == 0 {
		l.Area = "二期"
	}
	if b.xy {
		l.X, l.Y, l.HasXY = int64(b.num*40), int64(b.num*25), true
	}
	return l
}

func pairTestTags(rnd *rand.Rand, from []string, most int) []string {
	var out []string
	for range rnd.IntN(most + 1) {
		out = append(out, from[rnd.IntN(len(from))])
	}
	return out
}

// pairTestInput makes a random instance with ne elders and nv volunteers,
// IDs unique; some volunteers live in elder households, some pairs are
// Existing or Fixed.
func pairTestInput(rnd *rand.Rand, ne, nv int) PairInput {
	var in PairInput
	for i := range ne {
		in.Elders = append(in.Elders, ElderHousehold{
			ID: fmt.Sprintf("e%02d", i), Loc: pairTestLoc(rnd), Needs: pairTestTags(rnd, pairTestNeeds, 2), Elders: 1 + rnd.IntN(2),
		})
	}
	for j := range nv {
		v := Volunteer{ID: fmt.Sprintf("v%02d", j), Household: fmt.Sprintf("h%02d", j), Loc: pairTestLoc(rnd), Skills: pairTestTags(rnd, pairTestSkills, 2), Capacity: rnd.IntN(3)}
		if ne > 0 && rnd.IntN(4) == 0 {
			e := in.Elders[rnd.IntN(ne)]
			v.Household, v.Loc = e.ID, e.Loc
		}
		in.Volunteers = append(in.Volunteers, v)
	}
	for range rnd.IntN(3) {
		if ne > 0 && nv > 0 {
			p := Pair{in.Elders[rnd.IntN(ne)].ID, in.Volunteers[rnd.IntN(nv)].ID}
			if rnd.IntN(3) == 0 {
				in.Fixed = append(in.Fixed, p)
			} else {
				in.Existing = append(in.Existing, p)
			}
		}
	}
	in.MaxDistance = []int{0, 0, 3, 12, 15}[rnd.IntN(5)]
	in.K = []int{0, 0, 1, 2, 3}[rnd.IntN(5)]
	if rnd.IntN(2) == 0 {
		in.Weights = Weights{Distance: 1 + rnd.Int64N(3), Need: rnd.Int64N(40), Keep: rnd.Int64N(30), Unpaired: rnd.Int64N(50)}
	}
	return in
}

// pairRef is a plain reading of the rules of Pairs, for checking it: the
// free places, each elder's candidates with their costs, and why it would
// be unpaired. It assumes unique IDs and tidy tags.
type pairRef struct {
	w      Weights
	elders []ElderHousehold // in the run, by ID
	places map[string]int
	cands  [][]pairRefCand
	reason []string
}

type pairRefCand struct {
	vol  string
	dist int64
	cost int64
	kept bool
}

func newPairRef(in PairInput) *pairRef {
	r := &pairRef{w: in.Weights, places: map[string]int{}}
	if r.w == (Weights{}) {
		r.w = DefaultWeights()
	}
	fixed := map[string]bool{}
	seen := map[Pair]bool{}
	for _, p := range in.Fixed {
		if !seen[p] {
			seen[p] = true
			fixed[p.Elder] = true
			r.places[p.Volunteer]--
		}
	}
	for _, v := range in.Volunteers {
		r.places[v.ID] += max(v.Capacity, 1)
	}
	for _, e := range in.Elders {
		if !fixed[e.ID] {
			r.elders = append(r.elders, e)
		}
	}
	slices.SortFunc(r.elders, func(a, b ElderHousehold) int { return cmp.Compare(a.ID, b.ID) })
	vols := slices.Clone(in.Volunteers)
	slices.SortFunc(vols, func(a, b Volunteer) int { return cmp.Compare(a.ID, b.ID) })
	table := NeedSkills()
	for _, e := range r.elders {
		var allowed []pairRefCand
		var ownNear []pairRefCand // own household's volunteers in reach: they hold places in a distance level
		free, others := 0, 0
		for _, v := range vols {
			if r.places[v.ID] <= 0 {
				continue
			}
			free++
			d := Distance(e.Loc, v.Loc)
			if v.Household == e.ID {
				if in.MaxDistance == 0 || d <= int64(in.MaxDistance) {
					ownNear = append(ownNear, pairRefCand{vol: v.ID, dist: d})
				}
				continue
			}
			others++
			if in.MaxDistance > 0 && d > int64(in.MaxDistance) {
				continue
			}
			kept := slices.Contains(in.Existing, Pair{e.ID, v.ID})
			needs := slices.Compact(slices.Sorted(slices.Values(e.Needs)))
			unc := 0
			for _, n := range needs {
				ok := slices.Contains(v.Skills, n)
				for _, s := range table[n] {
					ok = ok || slices.Contains(v.Skills, s)
				}
				if !ok {
					unc++
				}
			}
			cost := r.w.Distance*d + r.w.Need*int64(unc)
			if kept {
				cost -= r.w.Keep
			}
			allowed = append(allowed, pairRefCand{v.ID, d, cost, kept})
		}
		// Whatever K, every volunteer within reach is a candidate: K only
		// sets where the solve starts, the plan is optimal on the full
		// graph.
		cands := allowed
		r.cands = append(r.cands, cands)
		var reason string
		switch {
		case free == 0:
			reason = ReasonNoVolunteer
		case len(allowed) > 0:
			reason = ReasonNoVolunteerLeft
		case others > 0:
			reason = ReasonBeyondMaxDistance
		default:
			reason = ReasonOwnHouseholdOnly
		}
		r.reason = append(r.reason, reason)
	}
	return r
}

// best tries every plan and returns the most pairs, and the least total
// cost of a plan with that many.
func (r *pairRef) best() (pairs int, cost int64) {
	left := maps2(r.places)
	pairs, cost = -1, 0
	var rec func(i, n int, c int64)
	rec = func(i, n int, c int64) {
		if i == len(r.elders) {
			if n > pairs || (n == pairs && c < cost) {
				pairs, cost = n, c
			}
			return
		}
		rec(i+1, n, c)
		for _, cd := range r.cands[i] {
			if left[cd.vol] > 0 {
				left[cd.vol]--
				rec(i+1, n+1, c+cd.cost)
				left[cd.vol]++
			}
		}
	}
	rec(0, 0, 0)
	return pairs, cost
}

func maps2(m map[string]int) map[string]int {
	out := make(map[string]int, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// checkPairPlan checks a plan against the rules: every elder of the run
// once, hard rules, costs and facts as the reference computes them,
// reasons, order and total.
func checkPairPlan(t *testing.T, name string, in PairInput, p PairPlan) {
	t.Helper()
	r := newPairRef(in)
	idx := map[string]int{}
	for i, e := range r.elders {
		idx[e.ID] = i
	}
	vols := map[string]Volunteer{}
	for _, v := range in.Volunteers {
		vols[v.ID] = v
	}
	seen := map[string]bool{}
	used := map[string]int{}
	var total int64
	for _, list := range [][]PairLine{p.Pairs, p.Kept} {
		if !slices.IsSortedFunc(list, func(a, b PairLine) int { return cmp.Compare(a.Elder, b.Elder) }) {
			t.Errorf("%s: lines not sorted by elder", name)
		}
		for _, l := range list {
			i, ok := idx[l.Elder]
			if !ok || seen[l.Elder] {
				t.Fatalf("%s: elder %q not in the run or paired twice", name, l.Elder)
			}
			seen[l.Elder] = true
			used[l.Volunteer]++
			total += l.Cost
			k := slices.IndexFunc(r.cands[i], func(c pairRefCand) bool { return c.vol == l.Volunteer })
			if k < 0 {
				t.Fatalf("%s: %s paired with %s, which is not a candidate (own household, too far, full or not among the K nearest)", name, l.Elder, l.Volunteer)
			}
			c := r.cands[i][k]
			if vols[l.Volunteer].Household == l.Elder {
				t.Errorf("%s: %s paired with own household member %s", name, l.Elder, l.Volunteer)
			}
			if in.MaxDistance > 0 && l.Distance > int64(in.MaxDistance) {
				t.Errorf("%s: %s–%s at %d, beyond MaxDistance %d", name, l.Elder, l.Volunteer, l.Distance, in.MaxDistance)
			}
			if l.Cost != c.cost || l.Distance != c.dist || l.Kept != c.kept {
				t.Errorf("%s: %s–%s got cost %d distance %d kept %v, want %d %d %v", name, l.Elder, l.Volunteer, l.Cost, l.Distance, l.Kept, c.cost, c.dist, c.kept)
			}
			if l.SameUnit != (l.Distance == DistSameUnit) || l.SameBuilding != (l.Distance <= DistSameBuilding) {
				t.Errorf("%s: %+v: same unit/building disagree with distance", name, l)
			}
		}
	}
	for v, n := range used {
		if n > r.places[v] {
			t.Errorf("%s: volunteer %s got %d elders, has %d free places", name, v, n, r.places[v])
		}
	}
	for _, u := range p.Unpaired {
		i, ok := idx[u.Elder]
		if !ok || seen[u.Elder] {
			t.Fatalf("%s: unpaired elder %q not in the run or also paired", name, u.Elder)
		}
		seen[u.Elder] = true
		if u.Reason != r.reason[i] {
			t.Errorf("%s: %s unpaired for %q, want %q", name, u.Elder, u.Reason, r.reason[i])
		}
	}
	if len(seen) != len(r.elders) {
		t.Errorf("%s: plan covers %d elders, the run has %d", name, len(seen), len(r.elders))
	}
	if total != p.TotalCost {
		t.Errorf("%s: got TotalCost %d, lines add up to %d", name, p.TotalCost, total)
	}
}

func TestPairsBrute(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3, 4} {
		rnd := rand.New(rand.NewPCG(seed, 21))
		for iter := range 400 {
			in := pairTestInput(rnd, rnd.IntN(7), rnd.IntN(6))
			name := fmt.Sprintf("seed %d #%d", seed, iter)
			p := Pairs(in)
			checkPairPlan(t, name, in, p)
			pairs, cost := newPairRef(in).best()
			if got := len(p.Pairs) + len(p.Kept); got != pairs || p.TotalCost != cost {
				t.Fatalf("%s: got %d pairs at %d, want %d at %d\ninput %+v\nplan %+v", name, got, p.TotalCost, pairs, cost, in, p)
			}
		}
	}
}

// TestPairsMostPairs is the case where an unpaired cost just above every
// pair is not enough: pairing e2 moves e1 to a dearer volunteer. e1 lives
// next to v1; e2 lives with v2, so only v1 can look after e2.
func TestPairsMostPairs(t *testing.T) {
	b := func(n int) Location { return Location{Building: fmt.Sprint(n), BuildingNum: n, Unit: "1"} }
	in := PairInput{
		Elders:     []ElderHousehold{{ID: "e1", Loc: b(1)}, {ID: "e2", Loc: b(20)}},
		Volunteers: []Volunteer{{ID: "v1", Loc: b(1)}, {ID: "v2", Household: "e2", Loc: b(20)}},
		Weights:    Weights{Distance: 1, Unpaired: 30}, // every pair costs 1 or 29
	}
	for _, k := range []int{0, 2} {
		in.K = k
		p := Pairs(in)
		want := []Pair{{"e1", "v2"}, {"e2", "v1"}}
		if got := pairsOf(p); !reflect.DeepEqual(got, want) || p.TotalCost != 58 {
			t.Errorf("K=%d: got %v at %d, want %v at 58", k, got, p.TotalCost, want)
		}
	}
}

// TestPairsDenseSparseAgree checks that the sparse solver with every
// volunteer a candidate finds plans as good as the dense one, on
// instances too big for brute force.
func TestPairsDenseSparseAgree(t *testing.T) {
	rnd := rand.New(rand.NewPCG(5, 22))
	for iter := range 60 {
		in := pairTestInput(rnd, 10+rnd.IntN(40), 5+rnd.IntN(40))
		in.K = 0
		dense := Pairs(in)
		in.K = len(in.Volunteers)
		sparse := Pairs(in)
		name := fmt.Sprintf("#%d", iter)
		checkPairPlan(t, name+" dense", PairInput{Elders: in.Elders, Volunteers: in.Volunteers, Existing: in.Existing, Fixed: in.Fixed, MaxDistance: in.MaxDistance, Weights: in.Weights}, dense)
		checkPairPlan(t, name+" sparse", in, sparse)
		dn, sn := len(dense.Pairs)+len(dense.Kept), len(sparse.Pairs)+len(sparse.Kept)
		if dn != sn || dense.TotalCost != sparse.TotalCost {
			t.Fatalf("%s: dense %d pairs at %d, sparse %d at %d", name, dn, dense.TotalCost, sn, sparse.TotalCost)
		}
	}
}

// TestPairsRules checks the hard rules and reasons on larger random
// instances, dense and sparse.
func TestPairsRules(t *testing.T) {
	rnd := rand.New(rand.NewPCG(6, 23))
	for iter := range 100 {
		in := pairTestInput(rnd, rnd.IntN(80), rnd.IntN(60))
		checkPairPlan(t, fmt.Sprintf("#%d K=%d max=%d", iter, in.K, in.MaxDistance), in, Pairs(in))
	}
}

// pairTestShuffle returns in with every list in another order, needs and
// skills included.
func pairTestShuffle(rnd *rand.Rand, in PairInput) PairInput {
	mix := func(n int, swap func(i, j int)) { rnd.Shuffle(n, swap) }
	out := in
	out.Elders = slices.Clone(in.Elders)
	for i := range out.Elders {
		out.Elders[i].Needs = slices.Clone(out.Elders[i].Needs)
		n := out.Elders[i].Needs
		mix(len(n), func(a, b int) { n[a], n[b] = n[b], n[a] })
	}
	mix(len(out.Elders), func(a, b int) { out.Elders[a], out.Elders[b] = out.Elders[b], out.Elders[a] })
	out.Volunteers = slices.Clone(in.Volunteers)
	for i := range out.Volunteers {
		out.Volunteers[i].Skills = slices.Clone(out.Volunteers[i].Skills)
		s := out.Volunteers[i].Skills
		mix(len(s), func(a, b int) { s[a], s[b] = s[b], s[a] })
	}
	mix(len(out.Volunteers), func(a, b int) { out.Volunteers[a], out.Volunteers[b] = out.Volunteers[b], out.Volunteers[a] })
	out.Existing = slices.Clone(in.Existing)
	mix(len(out.Existing), func(a, b int) { out.Existing[a], out.Existing[b] = out.Existing[b], out.Existing[a] })
	out.Fixed = slices.Clone(in.Fixed)
	mix(len(out.Fixed), func(a, b int) { out.Fixed[a], out.Fixed[b] = out.Fixed[b], out.Fixed[a] })
	return out
}

func TestPairsShuffled(t *testing.T) {
	rnd := rand.New(rand.NewPCG(7, 24))
	for iter := range 150 {
		in := pairTestInput(rnd, rnd.IntN(60), rnd.IntN(50))
		if len(in.Elders) > 1 && len(in.Volunteers) > 1 {
			// Dirty data: IDs listed twice with other facts, and tags
			// spelt differently.
			dupE := in.Elders[0]
			dupE.Loc, dupE.Needs = pairTestLoc(rnd), []string{" 就医 ", "Hospital"}
			dupV := in.Volunteers[0]
			dupV.Skills, dupV.Capacity = []string{"司机", " 医生"}, 3
			in.Elders = append(in.Elders, dupE, in.Elders[1])
			in.Volunteers = append(in.Volunteers, dupV, in.Volunteers[1])
			in.Fixed = append(in.Fixed, in.Fixed...)
			in.Existing = append(in.Existing, in.Existing...)
		}
		want := Pairs(in)
		wantJSON, _ := json.Marshal(want)
		for range 3 {
			got := Pairs(pairTestShuffle(rnd, in))
			gotJSON, _ := json.Marshal(got)
			if !reflect.DeepEqual(got, want) || !bytes.Equal(gotJSON, wantJSON) {
				t.Fatalf("#%d: shuffled input changed the plan\n got %s\nwant %s", iter, gotJSON, wantJSON)
			}
		}
	}
}

// pairsOf returns the pairs of a plan, new and kept, as Pairs.
func pairsOf(p PairPlan) []Pair {
	var out []Pair
	for _, l := range append(slices.Clone(p.Pairs), p.Kept...) {
		out = append(out, Pair{l.Elder, l.Volunteer})
	}
	return out
}

func unpairedElders(p PairPlan) []string {
	var out []string
	for _, u := range p.Unpaired {
		out = append(out, u.Elder)
	}
	return out
}

// TestPairsAddElder: with every earlier pair Fixed, a new elder gets one
// new pair and nobody moves.
func TestPairsAddElder(t *testing.T) {
	rnd := rand.New(rand.NewPCG(8, 25))
	for iter := range 100 {
		in := pairTestInput(rnd, 5+rnd.IntN(30), 10+rnd.IntN(30))
		in.Fixed, in.Existing = nil, nil
		// A volunteer with room for everyone makes sure a place within
		// reach is left for the newcomer.
		in.MaxDistance = 0
		in.Volunteers = append(in.Volunteers, Volunteer{ID: "v-big", Loc: pairTestLoc(rnd), Capacity: len(in.Elders) + 1})
		first := Pairs(in)
		next := in
		next.Elders = append(slices.Clone(in.Elders), ElderHousehold{ID: "new", Loc: pairTestLoc(rnd), Needs: []string{"就医"}})
		next.Fixed = pairsOf(first)
		got := Pairs(next)
		name := fmt.Sprintf("#%d K=%d", iter, in.K)
		checkPairPlan(t, name, next, got)
		// Fixed elders are not in the run, so nobody can move, and an
		// elder the first plan left unpaired had no free volunteer within
		// reach (whatever K), so only the newcomer is paired.
		if len(got.Kept) != 0 || len(got.Pairs) != 1 || got.Pairs[0].Elder != "new" {
			t.Fatalf("%s: got pairs %+v kept %+v, want one new pair for the newcomer", name, got.Pairs, got.Kept)
		}
	}
}

// TestPairsRemoveVolunteer: when a volunteer leaves and the other pairs
// are Fixed, only the volunteer's elders are paired again.
func TestPairsRemoveVolunteer(t *testing.T) {
	rnd := rand.New(rand.NewPCG(9, 26))
	checked := 0
	for iter := range 100 {
		in := pairTestInput(rnd, 5+rnd.IntN(30), 10+rnd.IntN(30))
		in.Fixed, in.Existing = nil, nil
		first := Pairs(in)
		pairs := pairsOf(first)
		if len(pairs) == 0 {
			continue
		}
		gone := pairs[rnd.IntN(len(pairs))].Volunteer
		var orphans []string
		next := in
		next.Fixed = nil
		for _, p := range pairs {
			if p.Volunteer == gone {
				orphans = append(orphans, p.Elder)
			} else {
				next.Fixed = append(next.Fixed, p)
			}
		}
		next.Volunteers = slices.DeleteFunc(slices.Clone(in.Volunteers), func(v Volunteer) bool { return v.ID == gone })
		got := Pairs(next)
		name := fmt.Sprintf("#%d K=%d", iter, in.K)
		checkPairPlan(t, name, next, got)
		want := slices.Sorted(slices.Values(append(orphans, unpairedElders(first)...)))
		var touched []string
		for _, p := range pairsOf(got) {
			touched = append(touched, p.Elder)
		}
		touched = slices.Sorted(slices.Values(append(touched, unpairedElders(got)...)))
		if !slices.Equal(touched, want) {
			t.Fatalf("%s: got %v paired again or unpaired, want only %v", name, touched, want)
		}
		for _, p := range pairsOf(got) {
			if !slices.Contains(orphans, p.Elder) {
				t.Errorf("%s: %s was unpaired before and got %s; nobody freed a place for them", name, p.Elder, p.Volunteer)
			}
		}
		checked++
	}
	if checked < 50 {
		t.Errorf("only %d instances checked", checked)
	}
}

// TestPairsReasons covers each reason code.
func TestPairsReasons(t *testing.T) {
	at := func(b int, area string) Location {
		return Location{Area: area, Building: fmt.Sprint(b), BuildingNum: b, Unit: "1"}
	}
	tests := []struct {
		name string
		in   PairInput
		want []Unpaired
	}{
		{"no volunteers", PairInput{Elders: []ElderHousehold{{ID: "e1"}}}, []Unpaired{{"e1", ReasonNoVolunteer}}},
		{"volunteer full with fixed pairs", PairInput{
			Elders:     []ElderHousehold{{ID: "e1"}},
			Volunteers: []Volunteer{{ID: "v1"}},
			Fixed:      []Pair{{"e9", "v1"}},
		}, []Unpaired{{"e1", ReasonNoVolunteer}}},
		{"only own household", PairInput{
			Elders:     []ElderHousehold{{ID: "e1"}},
			Volunteers: []Volunteer{{ID: "v1", Household: "e1"}},
		}, []Unpaired{{"e1", ReasonOwnHouseholdOnly}}},
		{"beyond max distance", PairInput{
			Elders:      []ElderHousehold{{ID: "e1", Loc: at(1, "")}},
			Volunteers:  []Volunteer{{ID: "v1", Household: "e1", Loc: at(1, "")}, {ID: "v2", Loc: at(9, "")}},
			MaxDistance: 12,
		}, []Unpaired{{"e1", ReasonBeyondMaxDistance}}},
		{"no volunteer left", PairInput{
			Elders:     []ElderHousehold{{ID: "e1", Loc: at(1, "")}, {ID: "e2", Loc: at(1, "")}},
			Volunteers: []Volunteer{{ID: "v1", Loc: at(1, "")}},
		}, []Unpaired{{"e2", ReasonNoVolunteerLeft}}},
		// Before issue 15, e2 was left "nearest_taken" here: its one
		// nearest volunteer was v1, which e1 took. Now K only sets where
		// the solve starts.
		{"K=1 reaches beyond the nearest", PairInput{
			Elders:      []ElderHousehold{{ID: "e1", Loc: at(1, "")}, {ID: "e2", Loc: at(1, "")}},
			Volunteers:  []Volunteer{{ID: "v1", Loc: at(1, "")}, {ID: "v2", Loc: at(3, "")}},
			K:           1,
			MaxDistance: 0,
		}, []Unpaired{}},
	}
	for _, tt := range tests {
		got := Pairs(tt.in)
		if !reflect.DeepEqual(got.Unpaired, tt.want) {
			t.Errorf("%s: got %+v, want %+v", tt.name, got.Unpaired, tt.want)
		}
	}
}

// TestPairsKeep: with the Keep bonus a current pair survives a slightly
// better alternative, and without it the pair moves.
func TestPairsKeep(t *testing.T) {
	b := func(n int) Location { return Location{Building: fmt.Sprint(n), BuildingNum: n, Unit: "1"} }
	in := PairInput{
		Elders:     []ElderHousehold{{ID: "e1", Loc: b(1)}},
		Volunteers: []Volunteer{{ID: "near", Loc: b(2)}, {ID: "old", Loc: b(6)}},
		Existing:   []Pair{{"e1", "old"}},
	}
	tests := []struct {
		name string
		keep int64
		want string
		kept bool
	}{
		{"bonus keeps the pair", 20, "old", true},
		{"small bonus moves it", 3, "near", false},
	}
	for _, tt := range tests {
		in.Weights = Weights{Distance: 1, Keep: tt.keep}
		p := Pairs(in)
		got := pairsOf(p)
		if len(got) != 1 || got[0].Volunteer != tt.want || (len(p.Kept) == 1) != tt.kept {
			t.Errorf("%s: got %+v, want %s kept=%v", tt.name, p, tt.want, tt.kept)
		}
	}
	// K=1: the old volunteer is not among the nearest but stays a
	// candidate.
	in.Weights, in.K = Weights{}, 1
	if p := Pairs(in); len(p.Kept) != 1 || p.Kept[0].Volunteer != "old" {
		t.Errorf("K=1: got %+v, want the existing pair kept", p)
	}
}

// pairStory is the compound of the golden test: 凯旋华庭, six buildings,
// twelve elder households, ten volunteers with thirteen places.
func pairStory() PairInput {
	loc := func(b, u int) Location {
		return Location{Building: fmt.Sprint(b), BuildingNum: b, Unit: fmt.Sprint(u), X: int64((b-1)%3) * 60, Y: int64((b-1)/3) * 80, HasXY: true}
	}
	elder := func(id string, b, u, n int, needs ...string) ElderHousehold {
		return ElderHousehold{ID: id, Loc: loc(b, u), Needs: needs, Elders: n}
	}
	vol := func(id, hh string, b, u, capacity int, skills ...string) Volunteer {
		return Volunteer{ID: id, Household: hh, Loc: loc(b, u), Skills: skills, Capacity: capacity}
	}
	return PairInput{
		Elders: []ElderHousehold{
			elder("1-101", 1, 1, 1, "就医"),
			elder("1-302", 1, 2, 2, "配药"),
			elder("2-201", 2, 1, 2, "就医", "配药"),
			elder("2-502", 2, 1, 1),
			elder("3-101", 3, 1, 1, "上海话"),
			elder("3-401", 3, 2, 1, "配药", "慢性病"),
			elder("4-202", 4, 1, 2),
			elder("5-101", 5, 1, 1, "就医"),
			elder("5-301", 5, 2, 1, "慢性病"),
			elder("6-102", 6, 1, 2),
			elder("6-601", 6, 1, 1, "就医", "上海话"),
			elder("6-402", 6, 2, 1, "配药"),
		},
		Volunteers: []Volunteer{
			vol("王师傅", "1-501", 1, 2, 2, "司机"),
			vol("李医生", "2-301", 2, 1, 0, "医生"),
			vol("张护士", "5-201", 5, 2, 2, "护士", "上海话"),
			vol("陈阿姨", "3-302", 3, 1, 0, "上海话"),
			vol("赵师傅", "6-501", 6, 1, 0, "司机", "上海话"),
			vol("小周", "6-102", 6, 1, 0), // lives with the elderly couple of 6-102
			vol("刘老师", "4-601", 4, 2, 0, "英语"),
			vol("孙阿姨", "5-402", 5, 1, 0),
			vol("黄医生", "3-601", 3, 2, 2, "医生"), // retired, takes two
			vol("吴师傅", "4-101", 4, 1, 0, "司机"),
		},
	}
}

func TestPairsGolden(t *testing.T) {
	story := pairStory()
	var b bytes.Buffer
	dump := func(title string, p PairPlan) {
		j, err := json.MarshalIndent(p, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "# %s\n%s\n", title, j)
	}

	first := Pairs(story)
	dump("first pairing of the twelve elder households", first)

	// A new elder moves in; the current pairs are Fixed.
	moved := story
	moved.Elders = append(slices.Clone(story.Elders), ElderHousehold{ID: "4-301", Loc: story.Elders[6].Loc, Needs: []string{"就医"}, Elders: 1})
	moved.Fixed = pairsOf(first)
	dump("4-301 moves in; current pairs fixed", Pairs(moved))

	// 李医生 leaves; the others' pairs are Fixed.
	left := story
	left.Volunteers = slices.DeleteFunc(slices.Clone(story.Volunteers), func(v Volunteer) bool { return v.ID == "李医生" })
	for _, p := range pairsOf(first) {
		if p.Volunteer != "李医生" {
			left.Fixed = append(left.Fixed, p)
		}
	}
	dump("李医生 leaves; the other pairs fixed", Pairs(left))

	// Rebalance after 李医生 left: current pairs are Existing.
	re := left
	re.Existing, re.Fixed = left.Fixed, nil
	dump("rebalance after 李医生 left", Pairs(re))

	// The same compound, two nearest each to start from, at most two
	// buildings away: as good as the dense solve.
	near := story
	near.K, near.MaxDistance = 2, 20
	nearPlan := Pairs(near)
	dump("K=2, MaxDistance 20", nearPlan)
	near.K = 0
	if dense := Pairs(near); len(dense.Unpaired) != len(nearPlan.Unpaired) || dense.TotalCost != nearPlan.TotalCost {
		t.Errorf("K=2: %d unpaired at %d, the dense solve %d at %d", len(nearPlan.Unpaired), nearPlan.TotalCost, len(dense.Unpaired), dense.TotalCost)
	}

	path := filepath.Join("testdata", "pairs.golden")
	if *update {
		if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./allocate -run TestPairsGolden -update)", err)
	}
	if got := b.Bytes(); !bytes.Equal(got, want) {
		t.Errorf("plans differ from %s; rerun with -update and review the diff\n got: %.800s", path, got)
	}
}

// pairDistrict makes a district for the benchmark: ne elder households
// and nv volunteers spread over about 50 areas of about 40 buildings, half
// of the areas with coordinates, from a fixed seed.
func pairDistrict(ne, nv int) PairInput {
	rnd := rand.New(rand.NewPCG(100_000, 120_000))
	type building struct {
		loc   Location
		units int
	}
	var buildings []building
	for a := range 50 {
		area := fmt.Sprintf("%d弄", 100+a)
		for n := range 36 + rnd.IntN(9) {
			l := Location{Area: area, Building: fmt.Sprint(n + 1), BuildingNum: n + 1}
			if a%2 == 0 {
				l.X, l.Y, l.HasXY = int64(n%8)*60, int64(n/8)*45, true
			}
			buildings = append(buildings, building{l, 2 + rnd.IntN(5)})
		}
	}
	place := func() Location {
		b := buildings[rnd.IntN(len(buildings))]
		l := b.loc
		l.Unit = fmt.Sprint(1 + rnd.IntN(b.units))
		return l
	}
	in := PairInput{K: 10}
	for i := range ne {
		e := ElderHousehold{ID: fmt.Sprintf("E%06d", i), Loc: place(), Elders: 1 + rnd.IntN(2)}
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
	for j := range nv {
		v := Volunteer{ID: fmt.Sprintf("V%06d", j), Household: fmt.Sprintf("H%06d", j), Loc: place()}
		if rnd.IntN(50) == 0 {
			e := in.Elders[rnd.IntN(ne)]
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
		switch r := rnd.IntN(20); {
		case r < 5:
			v.Capacity = 2
		case r == 5:
			v.Capacity = 3
		}
		in.Volunteers = append(in.Volunteers, v)
	}
	return in
}

// BenchmarkPairsSparse100k pairs 100,000 elder households with 120,000
// volunteers, K=16 as the command chooses it: candidate search, costs and
// the sparse solver.
func BenchmarkPairsSparse100k(b *testing.B) {
	in := pairDistrict(100_000, 120_000)
	in.K = CandidatesFor(len(in.Elders), len(in.Volunteers), 1)
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

// TestPairsDistrictSmall runs the benchmark's district at a size the
// brute-force-free checks can afford, sparse, to cover candidate search
// and pricing across areas and coordinates, against the dense solve.
func TestPairsDistrictSmall(t *testing.T) {
	in := pairDistrict(1000, 1200)
	in.K = 0
	dense := Pairs(in)
	for _, k := range []int{1, 10} {
		in.K = k
		p := Pairs(in)
		checkPairPlan(t, fmt.Sprintf("K=%d", k), in, p)
		if strings.Contains(fmt.Sprint(p.Unpaired), ReasonOwnHouseholdOnly) {
			t.Errorf("K=%d: an elder left with only its own household in a district of volunteers", k)
		}
		if len(p.Unpaired) != len(dense.Unpaired) || p.TotalCost != dense.TotalCost {
			t.Errorf("K=%d: %d unpaired at %d, the dense solve %d at %d", k, len(p.Unpaired), p.TotalCost, len(dense.Unpaired), dense.TotalCost)
		}
	}
}

package allocate

import (
	"cmp"
	"slices"
	"strings"
)

// Location is where a household lives. The caller fills it from the
// address; Pairs compares locations only through Distance.
type Location struct {
	Area        string `json:"area,omitempty"` // phase or lane ("" for most compounds; 一期, 123弄 …): different areas are different compounds of a district
	Building    string `json:"building"`       // building text ("3", "12甲"); "" when unknown
	BuildingNum int    `json:"building_num"`   // leading number of Building, 0 if none
	Unit        string `json:"unit"`           // unit (stairwell) text; "" for a building without units
	X           int64  `json:"x,omitempty"`    // building coordinates in metres, when HasXY
	Y           int64  `json:"y,omitempty"`
	HasXY       bool   `json:"has_xy,omitempty"` // the compound set coordinates for this building
}

// The distance scale, in distance units. Each step is a real difference
// for an elder: a neighbour in the same stairwell, then the same
// building, then a walk across the compound, then another compound.
const (
	// DistSameUnit is the distance within one unit of one building.
	DistSameUnit = 1
	// DistSameBuilding is the distance between units of one building.
	DistSameBuilding = 3
	// DistOtherBuilding is the base distance between buildings of one
	// area; the gap between the buildings is added (see Distance).
	DistOtherBuilding = 10
	// DistAreaMax caps a distance within one area, so that another area is
	// always farther than anywhere in the elder's own.
	DistAreaMax = 999
	// DistOtherArea is the distance to another area (phase, lane). Areas
	// are separate compounds: their building numbers and coordinates are
	// not comparable, so every other area is equally far.
	DistOtherArea = 1000
)

// Distance is how far apart two households are, in distance units:
//
//   - different Area: DistOtherArea (1000);
//   - same Building (non-empty text), same Unit: DistSameUnit (1);
//   - same Building, other Unit: DistSameBuilding (3);
//   - other building of the same area: DistOtherBuilding (10) plus the
//     straight-line distance in metres divided by 10 (rounded down) when
//     both have coordinates, else the difference of the BuildingNums;
//     capped at DistAreaMax (999).
//
// An empty Building never matches, as the building is unknown. Distance is
// symmetric.
func Distance(a, b Location) int64 {
	if a.Area != b.Area {
		return DistOtherArea
	}
	if a.Building != "" && a.Building == b.Building {
		if a.Unit == b.Unit {
			return DistSameUnit
		}
		return DistSameBuilding
	}
	const gapMax = DistAreaMax - DistOtherBuilding
	var gap int64
	if a.HasXY && b.HasXY {
		// Beyond gapMax*10 metres on either axis the cap applies anyway;
		// bounding the axes first keeps the squares far from overflow.
		const axisMax = gapMax*10 + 10
		dx := absDiffCapped(a.X, b.X, axisMax)
		dy := absDiffCapped(a.Y, b.Y, axisMax)
		gap = isqrt(dx*dx+dy*dy) / 10
	} else {
		gap = absDiffCapped(int64(a.BuildingNum), int64(b.BuildingNum), gapMax)
	}
	return DistOtherBuilding + min(gap, gapMax)
}

// absDiffCapped returns min(|a-b|, limit) for limit ≥ 0, without overflow.
func absDiffCapped(a, b, limit int64) int64 {
	if a < b {
		a, b = b, a
	}
	if d := uint64(a) - uint64(b); d < uint64(limit) { // exact: a ≥ b
		return int64(d)
	}
	return limit
}

// isqrt returns ⌊√n⌋ for n ≥ 0 by Newton's method in integers.
func isqrt(n int64) int64 {
	if n < 2 {
		return n
	}
	x, y := n, (n+1)/2
	for y < x {
		x, y = y, (y+n/y)/2
	}
	return x
}

// needSkills is the table behind NeedSkills.
var needSkills = map[string][]string{
	"就医": {"司机"}, "看病": {"司机"}, "住院": {"司机"}, "hospital": {"司机"},
	"配药": {"医生", "护士"}, "用药": {"医生", "护士"}, "慢性病": {"医生", "护士"}, "疾病": {"医生", "护士"}, "medicine": {"医生", "护士"},
	"上海话": {"上海话"}, "方言": {"上海话"}, "dialect": {"上海话"},
	"翻译": {"翻译", "英语"}, "英语": {"翻译", "英语"}, "外语": {"翻译", "英语"}, "language": {"翻译", "英语"},
}

// NeedSkills returns the table that says which volunteer skills cover an
// elder's need: need tag → acceptable skills. Trips to hospital
// (就医, 看病, 住院, hospital) need a 司机 (driver); medicine and chronic
// illness (配药, 用药, 慢性病, 疾病, medicine) a 医生 or 护士; dialect (上海话,
// 方言, dialect) a 上海话 speaker; a foreign language (翻译, 英语, 外语,
// language) a 翻译 or 英语 speaker.
//
// A need is always covered by a skill with the same tag, and, when it is
// in the table, by any of its skills; a need not in the table is covered
// only by its own tag. Tags are compared after trimming spaces and
// lower-casing. The map returned is a copy.
func NeedSkills() map[string][]string {
	m := make(map[string][]string, len(needSkills))
	for k, v := range needSkills {
		m[k] = slices.Clone(v)
	}
	return m
}

// Weights scale the parts of a pair's cost (see Pairs).
type Weights struct {
	Distance int64 `json:"distance"` // per distance unit (see Distance)
	Need     int64 `json:"need"`     // per elder need the volunteer's skills do not cover
	Keep     int64 `json:"keep"`     // subtracted when an Existing pair is chosen again
	Unpaired int64 `json:"unpaired"` // per elder left unpaired; Pairs raises it as needed (see Pairs)
}

// MaxWeight bounds each of Distance, Need and Keep: larger values count as
// MaxWeight and negative ones as 0, which keeps every cost far from
// overflow.
const MaxWeight = 1_000_000

// maxUnpaired bounds the unpaired cost the solvers see: with pair costs
// bounded by the weights, path lengths stay well inside int64.
const maxUnpaired = 1 << 56

// DefaultWeights are the weights used when PairInput.Weights is the zero
// value: Distance 1, Need 30, Keep 20, Unpaired 1,000,000.
//
// With them an uncovered need (30) weighs more than the walk to a building
// about 20 numbers (or 200 m) away, so a driver a few buildings off beats
// a neighbour for an elder who needs hospital trips; and a current pair is
// moved only when the move saves more than 20, so the chair does not
// reshuffle elders to gain a building or two, but does to cover a need.
func DefaultWeights() Weights {
	return Weights{Distance: 1, Need: 30, Keep: 20, Unpaired: 1_000_000}
}

// normalised returns the weights Pairs uses: the defaults for the zero
// value, each weight clamped to 0..MaxWeight (Unpaired to 0..maxUnpaired).
func (w Weights) normalised() Weights {
	if w == (Weights{}) {
		w = DefaultWeights()
	}
	clamp := func(x, hi int64) int64 { return min(max(x, 0), hi) }
	return Weights{
		Distance: clamp(w.Distance, MaxWeight),
		Need:     clamp(w.Need, MaxWeight),
		Keep:     clamp(w.Keep, MaxWeight),
		Unpaired: clamp(w.Unpaired, maxUnpaired),
	}
}

// ElderHousehold is an elder household to pair: elders living alone (独居)
// or an elderly couple (双独居).
type ElderHousehold struct {
	ID     string   `json:"id"` // household ID
	Loc    Location `json:"loc"`
	Needs  []string `json:"needs"`  // need tags (就医, 配药 …), see NeedSkills
	Elders int      `json:"elders"` // elders in the household; carried for the caller, it does not change the cost
}

// Volunteer is a volunteer who may look after elder households.
type Volunteer struct {
	ID        string   `json:"id"`        // person ID
	Household string   `json:"household"` // the volunteer's own household ID; "" if none known
	Loc       Location `json:"loc"`
	Skills    []string `json:"skills"`   // skill tags (司机, 医生, 护士 …)
	Capacity  int      `json:"capacity"` // elder households the volunteer can take; 0 (or less) means 1
}

// Pair is a pairing of an elder household with a volunteer.
type Pair struct {
	Elder     string `json:"elder"`     // ElderHousehold.ID
	Volunteer string `json:"volunteer"` // Volunteer.ID
}

// PairInput is everything Pairs works from.
type PairInput struct {
	Elders     []ElderHousehold
	Volunteers []Volunteer
	// Existing are current pairs: each gets the Keep bonus when chosen
	// again.
	Existing []Pair
	// Fixed are pairs that must stay as they are: their elders are not
	// paired again, and each distinct fixed pair takes one of its
	// volunteer's places, whether or not its elder is listed. The normal
	// run passes the current pairs as Fixed and pairs only the rest;
	// --rebalance passes them as Existing instead.
	Fixed []Pair
	// MaxDistance, when above 0, forbids pairs farther apart than that
	// many distance units (see Distance). 0 means no limit.
	MaxDistance int
	// K chooses the solver; the plan is optimal whatever K, only the time
	// and memory it takes change. 0 is the dense solver, which builds an
	// elders × places matrix: for one compound, up to a few thousand.
	// Above 0 is the sparse solver, for a district: each elder starts
	// from its K nearest volunteers with a free place in this run (by
	// distance; inside one distance from where a hash of its ID points,
	// so elders of one building spread over its volunteers; own household
	// left out), its K cheapest ones when it has needs, its Existing
	// volunteers and "unpaired"; then every other volunteer is priced out
	// and added where it would lower the cost (see Pairs).
	K       int
	Weights Weights // the zero value means DefaultWeights()
}

// PairPlan is the outcome of Pairs. It carries facts only; the caller
// words them.
type PairPlan struct {
	Pairs    []PairLine `json:"pairs"`    // new pairs made by this run (not Fixed, not Kept), by elder ID
	Kept     []PairLine `json:"kept"`     // Existing pairs chosen again, by elder ID
	Unpaired []Unpaired `json:"unpaired"` // elders of this run left without a volunteer, by elder ID
	// TotalCost is the sum of the Cost of Pairs and Kept. It leaves out
	// the unpaired penalty, which Pairs sizes to the instance; the number
	// of unpaired elders is len(Unpaired).
	TotalCost int64 `json:"total_cost"`
}

// PairLine is one pair of a PairPlan and the facts behind its cost.
type PairLine struct {
	Elder        string   `json:"elder"`
	Volunteer    string   `json:"volunteer"`
	Distance     int64    `json:"distance"` // see Distance
	Cost         int64    `json:"cost"`     // see Pairs
	SameUnit     bool     `json:"same_unit"`
	SameBuilding bool     `json:"same_building"`       // true too when SameUnit
	Matched      []string `json:"matched,omitempty"`   // the elder's needs the volunteer's skills cover, sorted
	Uncovered    []string `json:"uncovered,omitempty"` // the elder's needs they do not cover, sorted
	Kept         bool     `json:"kept"`                // the pair was in Existing
}

// Unpaired is an elder left without a volunteer, and why.
type Unpaired struct {
	Elder  string `json:"elder"`
	Reason string `json:"reason"` // one of the Reason codes
}

// Reasons an elder is left unpaired (Unpaired.Reason): stable codes for
// the caller to word. All counts are of volunteers with a free place in
// the run, that is after Fixed pairs took theirs.
const (
	// ReasonNoVolunteer: no volunteer has a free place at all.
	ReasonNoVolunteer = "no_volunteer"
	// ReasonOwnHouseholdOnly: the only volunteers with a free place live in
	// the elder's own household.
	ReasonOwnHouseholdOnly = "own_household_only"
	// ReasonBeyondMaxDistance: every volunteer with a free place outside
	// the elder's household is farther than MaxDistance.
	ReasonBeyondMaxDistance = "beyond_max_distance"
	// ReasonNoVolunteerLeft: volunteers were within reach, but other
	// elders needed them all: no plan pairs more elders.
	ReasonNoVolunteerLeft = "no_volunteer_left"
	// ReasonNearestTaken was given when only the elder's K nearest
	// volunteers were considered and farther ones within reach existed.
	// Pairs no longer gives it: whatever K, an elder left unpaired with
	// volunteers within reach is ReasonNoVolunteerLeft. The code stays
	// for plans recorded before.
	ReasonNearestTaken = "nearest_taken"
)

// Pairs pairs elder households with volunteers at minimum total cost.
//
// A pair's cost is
//
//	Weights.Distance × Distance(elder, volunteer)
//	+ Weights.Need × (elder needs the volunteer's skills do not cover, see NeedSkills)
//	− Weights.Keep × (1 if the pair is in Existing)
//
// Hard rules: a volunteer is never paired with their own household
// (Volunteer.Household == ElderHousehold.ID), with more elder households
// than their free places (Capacity less the Fixed pairs they hold), nor
// beyond MaxDistance. Every volunteer within those rules is a candidate,
// whatever K.
//
// The chair's rule is that everyone who can be paired is. Pairs first
// makes as many pairs as the hard rules allow, and among such plans picks
// one of minimum total cost. It does so by charging each unpaired elder
// max(Weights.Unpaired, P), where P exceeds
// (most expensive pair) + (elders) × (most expensive − cheapest pair):
// a price merely above any single pair is not enough, since pairing one
// more elder may move a chain of others to dearer volunteers. So a
// smaller Weights.Unpaired never costs an elder their volunteer.
//
// Each elder and volunteer is sorted by ID before solving (an ID listed
// twice keeps the entry that sorts first by all its facts; needs and
// skills are trimmed, lower-cased, sorted and deduplicated), so the same
// input in any order gives the same plan; among several optimal plans the
// solvers' fixed processing order decides, so plans of equal cost may
// differ between K values. K == 0 solves the dense assignment problem
// with each volunteer expanded into its places (as SolveDense does).
// K > 0 solves the sparse one (as SolveSparse does, with places as column
// capacities) on a candidate graph (see PairInput.K), then prices out
// every arc of the full graph against the solver's potentials, by groups
// of volunteers of one location and skill set rather than one by one,
// adds the arcs that would lower the cost and solves again, warm, until
// none would: the plan is then optimal on the full graph (LP duality;
// see pricing.go), as the dense one is, and pairs as many elders at the
// same total cost.
//
// Pairs is a pure function of its input: no I/O, no clock, no randomness,
// integer arithmetic only, no map iteration reaching the output.
func Pairs(in PairInput) PairPlan {
	plan, _ := pairs(in)
	return plan
}

// pairs is Pairs, also counting its work.
func pairs(in PairInput) (PairPlan, pairStats) {
	var st pairStats
	plan := PairPlan{Pairs: []PairLine{}, Kept: []PairLine{}, Unpaired: []Unpaired{}}
	r := newPairRun(in)
	if len(r.elders) == 0 {
		return plan, st
	}
	if len(r.vols) == 0 {
		for _, e := range r.elders {
			plan.Unpaired = append(plan.Unpaired, Unpaired{Elder: e.id, Reason: ReasonNoVolunteer})
		}
		return plan, st
	}
	w, maxDist, elders, vols, own, existing, tags := r.w, r.maxDist, r.elders, r.vols, r.own, r.existing, r.tags
	within := func(d int64) bool { return maxDist == 0 || d <= maxDist }

	// Candidates and costs, row by row.
	var near *nearFinder
	if in.K > 0 {
		near = newNearFinder(vols, in.K, maxDist, own, elders)
	}
	var pr *pricer
	var first []pricedArc
	g := sparseGraph{start: make([]int32, 1, len(elders)+1)}
	if near != nil {
		pr = newPricer(elders, vols, near, own, tags, w, maxDist, in.K)
		first = pr.initial()
		g.col = make([]int32, 0, len(elders)*in.K+len(first))
		g.cost = make([]int64, 0, len(elders)*in.K+len(first))
	}
	reasons := make([]string, len(elders))
	cmin, cmax := int64(lapInf), int64(-lapInf)
	var cands []pairCand
	for i := range elders {
		e := &elders[i]
		mine := own[e.id]
		cands = cands[:0]
		if near != nil {
			cands = near.find(e, mine, cands)
			for len(first) > 0 && first[0].row == int32(i) {
				if c := first[0].col; !slices.ContainsFunc(cands, func(p pairCand) bool { return p.col == c }) {
					cands = append(cands, pairCand{c, Distance(e.loc, vols[c].loc)})
				}
				first = first[1:]
			}
		} else {
			for c := range vols {
				if vols[c].household == e.id && e.id != "" {
					continue
				}
				if d := Distance(e.loc, vols[c].loc); within(d) {
					cands = append(cands, pairCand{int32(c), d})
				}
			}
		}
		// An existing volunteer is always a candidate when allowed, so
		// the Keep bonus can act even outside the K nearest.
		for _, c := range existing[e.id] {
			d := Distance(e.loc, vols[c].loc)
			if slices.Contains(mine, c) || !within(d) || slices.ContainsFunc(cands, func(p pairCand) bool { return p.col == c }) {
				continue
			}
			cands = append(cands, pairCand{c, d})
		}
		for _, p := range cands {
			var cost int64
			if pr != nil {
				cost = pr.cost(p.dist, pr.needs[i], pr.skills[p.col]) // the same, from a table
			} else {
				cost = w.Distance*p.dist + w.Need*int64(tags.uncovered(e, &vols[p.col]))
			}
			if slices.Contains(existing[e.id], p.col) {
				cost -= w.Keep
			}
			g.col = append(g.col, p.col)
			g.cost = append(g.cost, cost)
			cmin, cmax = min(cmin, cost), max(cmax, cost)
		}
		g.start = append(g.start, int32(len(g.col)))
		// The K nearest include a volunteer within reach whenever one
		// exists outside the elder's household, so cands counts as the
		// full graph would.
		reasons[i] = unpairedReason(len(cands), len(vols)-len(mine))
	}

	var col4row []int32
	if near != nil {
		// Arcs pricing may add are not in g: bound their costs for the
		// unpaired floor. Such an arc is not an Existing one (those are
		// all candidates), so it costs at least Weights.Distance ×
		// DistSameUnit and at most the farthest distance allowed and
		// every need uncovered.
		far := int64(DistOtherArea)
		if maxDist > 0 {
			far = min(far, maxDist)
		}
		most := 0
		for i := range elders {
			most = max(most, len(elders[i].needs))
		}
		cmin = min(cmin, w.Distance*DistSameUnit)
		cmax = max(cmax, w.Distance*far+w.Need*int64(most))
		unpaired := max(w.Unpaired, unpairedFloor(len(elders), cmin, cmax))
		col4row, g, st = solveExact(g, vols, unpaired, pr)
	} else {
		unpaired := max(w.Unpaired, unpairedFloor(len(elders), cmin, cmax))
		col4row = solvePlaces(elders, vols, g, unpaired)
	}

	for i := range elders {
		e := &elders[i]
		c := col4row[i]
		if c < 0 {
			plan.Unpaired = append(plan.Unpaired, Unpaired{Elder: e.id, Reason: reasons[i]})
			continue
		}
		k := slices.Index(g.col[g.start[i]:g.start[i+1]], c) + int(g.start[i])
		line := pairLine(e, &vols[c], g.cost[k], tags)
		line.Kept = slices.Contains(existing[e.id], c)
		if line.Kept {
			plan.Kept = append(plan.Kept, line)
		} else {
			plan.Pairs = append(plan.Pairs, line)
		}
		plan.TotalCost += line.Cost
	}
	return plan, st
}

// solveExact solves the candidate graph g with the sparse solver, each
// volunteer with its real places, then adds the arcs pricing finds and
// solves again until no arc of the full graph has a negative reduced cost
// (see pricing.go). Solving again is warm (see lapSparse.update): only
// the rows whose new arcs undercut their place are placed again. It
// returns each row's column (or lapOnDummy), the last graph solved and
// the work done.
func solveExact(g sparseGraph, vols []pairVol, unpaired int64, pr *pricer) ([]int32, sparseGraph, pairStats) {
	capacity := make([]int32, len(vols))
	for c := range vols {
		capacity[c] = int32(vols[c].places)
	}
	n := len(g.start) - 1
	st := pairStats{rounds: 1}
	s := newLapSparse(n, len(vols), g, capacity, true, unpaired)
	for i := range n {
		s.add(int32(i)) // always succeeds: every row has its private column
	}
	free := make([]int32, len(vols))
	var rows []int32
	for {
		for c := range free {
			free[c] = s.capacity[c] - s.load[c]
		}
		add := pr.price(s.u, s.v, s.col4row, free)
		var added int
		g, added = addArcs(g, add)
		st.added += added
		if added == 0 {
			// No violating arc is left, so the plan is optimal: each
			// elder pricing reports gets its most violating arc, which
			// g cannot have (arcs of g have non-negative reduced costs),
			// so an empty addition means an empty report.
			st.arcs = len(g.col)
			return s.col4row, g, st
		}
		st.rounds++
		rows = rows[:0]
		for k := range add {
			if k == 0 || add[k].row != add[k-1].row {
				rows = append(rows, add[k].row)
			}
		}
		s.update(g, rows)
	}
}

// addArcs returns g with the arcs of add (sorted by row) that it does not
// have yet, and how many those were.
func addArcs(g sparseGraph, add []pricedArc) (sparseGraph, int) {
	if len(add) == 0 {
		return g, 0
	}
	n := len(g.start) - 1
	out := sparseGraph{start: make([]int32, 1, n+1), col: make([]int32, 0, len(g.col)+len(add)), cost: make([]int64, 0, len(g.col)+len(add))}
	k := 0
	for i := range n {
		from := len(out.col)
		out.col = append(out.col, g.col[g.start[i]:g.start[i+1]]...)
		out.cost = append(out.cost, g.cost[g.start[i]:g.start[i+1]]...)
		for ; k < len(add) && add[k].row == int32(i); k++ {
			if !slices.Contains(out.col[from:], add[k].col) {
				out.col = append(out.col, add[k].col)
				out.cost = append(out.cost, add[k].cost)
			}
		}
		out.start = append(out.start, int32(len(out.col)))
	}
	return out, len(out.col) - len(g.col)
}

// pairRun is the problem Pairs solves, tidied: the elders not in a Fixed
// pair (by ID) and the volunteers with a free place (by ID, the column
// order), with lookups by ID.
type pairRun struct {
	w        Weights
	maxDist  int64
	elders   []pairElder
	vols     []pairVol
	own      map[string][]int32 // household ID → its volunteers (columns)
	existing map[string][]int32 // elder ID → its Existing volunteers (columns)
	tags     *tagIndex
}

// newPairRun tidies in (see Pairs). The maps are only read by key: what
// they hold is collected in volunteer order, so nothing depends on map
// order. When no elder is left, vols is empty too.
func newPairRun(in PairInput) *pairRun {
	r := &pairRun{w: in.Weights.normalised(), maxDist: int64(max(in.MaxDistance, 0))}

	// Fixed pairs leave the run and hold their volunteers' places.
	fixedElder := make(map[string]bool, len(in.Fixed))
	held := make(map[string]int, len(in.Fixed))
	seenFixed := make(map[Pair]bool, len(in.Fixed))
	for _, p := range in.Fixed {
		if !seenFixed[p] {
			seenFixed[p] = true
			fixedElder[p.Elder] = true
			held[p.Volunteer]++
		}
	}
	for _, e := range normElders(in.Elders) {
		if !fixedElder[e.id] {
			r.elders = append(r.elders, e)
		}
	}
	if len(r.elders) == 0 {
		return r
	}
	for _, v := range normVolunteers(in.Volunteers) {
		if free := v.places - held[v.id]; free > 0 {
			v.places = min(free, len(r.elders)) // more places than elders cannot be used
			r.vols = append(r.vols, v)
		}
	}

	r.own = make(map[string][]int32)
	for c, v := range r.vols {
		if v.household != "" {
			r.own[v.household] = append(r.own[v.household], int32(c))
		}
	}
	r.existing = make(map[string][]int32)
	if len(in.Existing) > 0 {
		colOf := make(map[string]int32, len(r.vols))
		for c, v := range r.vols {
			colOf[v.id] = int32(c)
		}
		for _, p := range in.Existing {
			if c, ok := colOf[p.Volunteer]; ok && !slices.Contains(r.existing[p.Elder], c) {
				r.existing[p.Elder] = append(r.existing[p.Elder], c)
			}
		}
	}
	r.tags = newTagIndex(r.vols)
	for i := range r.elders {
		r.elders[i].accept = r.tags.accepts(r.elders[i].needs)
	}
	return r
}

// unpairedReason says why an elder with the given number of candidates
// (volunteers within reach outside its household) would be left unpaired;
// others is the number of volunteers in the run outside its household.
func unpairedReason(cands int, others int) string {
	switch {
	case cands > 0:
		return ReasonNoVolunteerLeft
	case others > 0:
		return ReasonBeyondMaxDistance
	default:
		return ReasonOwnHouseholdOnly
	}
}

// unpairedFloor is the least unpaired cost that makes every optimal plan
// pair as many elders as possible. A plan that pairs fewer has an
// augmenting path: pairing one more elder along it makes k ≤ elders new
// pairs and undoes k−1, changing the pair costs by at most
// cmax + (k−1)(cmax−cmin) ≤ cmax + elders × (cmax−cmin), while saving one
// unpaired cost; above that bound the saving always wins. The result is
// capped at maxUnpaired, which only absurd weights reach.
func unpairedFloor(elders int, cmin, cmax int64) int64 {
	if cmin > cmax { // no candidate pair at all
		return 0
	}
	spread := cmax - cmin
	base := max(cmax, 0) + 1
	if spread > 0 && int64(elders) > (maxUnpaired-base)/spread {
		return maxUnpaired
	}
	return min(base+int64(elders)*spread, maxUnpaired)
}

// solvePlaces is the dense solver: each volunteer becomes as many columns
// as it has places, the candidate arcs fill an elders × places matrix, and
// lapDense solves it with a private "unpaired" column per elder. It
// returns each elder's volunteer (column of vols), or lapOnDummy.
func solvePlaces(elders []pairElder, vols []pairVol, g sparseGraph, unpaired int64) []int32 {
	first := make([]int32, len(vols)+1)
	for c := range vols {
		first[c+1] = first[c] + int32(vols[c].places)
	}
	places := int(first[len(vols)])
	volOf := make([]int32, places)
	for c := range vols {
		for p := first[c]; p < first[c+1]; p++ {
			volOf[p] = int32(c)
		}
	}
	matrix := make([]int64, len(elders)*places)
	for k := range matrix {
		matrix[k] = lapForbid
	}
	for i := range elders {
		row := matrix[i*places : (i+1)*places]
		for k := g.start[i]; k < g.start[i+1]; k++ {
			c := g.col[k]
			for p := first[c]; p < first[c+1]; p++ {
				row[p] = g.cost[k]
			}
		}
	}
	col4row, _ := lapDense(len(elders), places, matrix, true, unpaired) // always feasible with the private columns
	for i, p := range col4row {
		if p >= 0 {
			col4row[i] = volOf[p]
		}
	}
	return col4row
}

// pairLine describes the pair of e and v at the given cost.
func pairLine(e *pairElder, v *pairVol, cost int64, tags *tagIndex) PairLine {
	d := Distance(e.loc, v.loc)
	line := PairLine{
		Elder:        e.id,
		Volunteer:    v.id,
		Distance:     d,
		Cost:         cost,
		SameUnit:     d == DistSameUnit,
		SameBuilding: d <= DistSameBuilding,
	}
	for n, need := range e.needs {
		if tags.covers(e.accept[n], v) {
			line.Matched = append(line.Matched, need)
		} else {
			line.Uncovered = append(line.Uncovered, need)
		}
	}
	return line
}

// pairElder is an elder household as Pairs works with it.
type pairElder struct {
	id     string
	loc    Location
	needs  []string  // normalised tags
	elders int       // kept only to order duplicates by all facts
	accept [][]int32 // per need, the skill indexes that cover it
}

// pairVol is a volunteer as Pairs works with it; its index in the sorted
// volunteer list is its column.
type pairVol struct {
	id        string
	household string
	loc       Location
	skills    []string // normalised tags
	skillIdx  []int32  // sorted skill indexes
	places    int      // free places in this run
}

// normTags trims, lower-cases, sorts and deduplicates tags, dropping
// empty ones, so that their order and spelling variants never matter.
func normTags(tags []string) []string {
	var out []string
	for _, t := range tags {
		if t = strings.ToLower(strings.TrimSpace(t)); t != "" {
			out = append(out, t)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// cmpLoc orders locations by all their fields.
func cmpLoc(a, b Location) int {
	return cmp.Or(
		cmp.Compare(a.Area, b.Area),
		cmp.Compare(a.Building, b.Building),
		cmp.Compare(a.BuildingNum, b.BuildingNum),
		cmp.Compare(a.Unit, b.Unit),
		cmp.Compare(a.X, b.X),
		cmp.Compare(a.Y, b.Y),
		cmpBool(a.HasXY, b.HasXY),
	)
}

func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case !a:
		return -1
	}
	return 1
}

// normElders sorts elders by ID and keeps one per ID: the one that sorts
// first by all its facts, so the choice does not depend on input order.
func normElders(in []ElderHousehold) []pairElder {
	out := make([]pairElder, len(in))
	for i, e := range in {
		out[i] = pairElder{id: e.ID, loc: e.Loc, needs: normTags(e.Needs), elders: e.Elders}
	}
	slices.SortFunc(out, func(a, b pairElder) int {
		return cmp.Or(
			cmp.Compare(a.id, b.id),
			cmpLoc(a.loc, b.loc),
			slices.Compare(a.needs, b.needs),
			cmp.Compare(a.elders, b.elders),
		)
	})
	return slices.CompactFunc(out, func(a, b pairElder) bool { return a.id == b.id })
}

// normVolunteers does for volunteers what normElders does for elders.
func normVolunteers(in []Volunteer) []pairVol {
	out := make([]pairVol, len(in))
	for i, v := range in {
		out[i] = pairVol{id: v.ID, household: v.Household, loc: v.Loc, skills: normTags(v.Skills), places: max(v.Capacity, 1)}
	}
	slices.SortFunc(out, func(a, b pairVol) int {
		return cmp.Or(
			cmp.Compare(a.id, b.id),
			cmp.Compare(a.household, b.household),
			cmpLoc(a.loc, b.loc),
			slices.Compare(a.skills, b.skills),
			cmp.Compare(a.places, b.places),
		)
	})
	return slices.CompactFunc(out, func(a, b pairVol) bool { return a.id == b.id })
}

// tagIndex numbers the skills the volunteers of a run have, so that
// coverage is a comparison of small integers rather than of strings.
type tagIndex struct {
	index map[string]int32
}

func newTagIndex(vols []pairVol) *tagIndex {
	t := &tagIndex{index: make(map[string]int32)}
	for c := range vols {
		v := &vols[c]
		for _, s := range v.skills {
			k, ok := t.index[s]
			if !ok {
				k = int32(len(t.index))
				t.index[s] = k
			}
			v.skillIdx = append(v.skillIdx, k)
		}
		slices.Sort(v.skillIdx)
	}
	return t
}

// accepts lists, for each need, the indexes of the skills that cover it
// (see NeedSkills); a skill no volunteer has is left out.
func (t *tagIndex) accepts(needs []string) [][]int32 {
	out := make([][]int32, len(needs))
	for n, need := range needs {
		if k, ok := t.index[need]; ok {
			out[n] = append(out[n], k)
		}
		for _, s := range needSkills[need] {
			if k, ok := t.index[s]; ok && !slices.Contains(out[n], k) {
				out[n] = append(out[n], k)
			}
		}
	}
	return out
}

// covers reports whether v has one of the skills in accept.
func (t *tagIndex) covers(accept []int32, v *pairVol) bool {
	for _, k := range accept {
		if _, ok := slices.BinarySearch(v.skillIdx, k); ok {
			return true
		}
	}
	return false
}

// uncovered counts e's needs that v does not cover.
func (t *tagIndex) uncovered(e *pairElder, v *pairVol) int {
	n := 0
	for _, a := range e.accept {
		if !t.covers(a, v) {
			n++
		}
	}
	return n
}

// pairCand is a volunteer (column) an elder may be paired with, at a
// distance.
type pairCand struct {
	col  int32
	dist int64
}

// nearFinder finds each elder's K nearest volunteers without looking at
// every volunteer. Volunteers are grouped into sites (one per building
// location) and, within a site, by unit; an area lists its sites. All
// elders at one location share one ordered list of the nearest
// volunteers, long enough to survive dropping the elder's own household.
type nearFinder struct {
	vols    []pairVol
	k       int
	maxDist int64
	depth   int // list length: K plus the most volunteers of one elder household

	areaOf  map[string]int32   // area name → area
	siteOf  map[Location]int32 // building location (Unit cleared) → site
	areas   []nearArea
	sites   []nearSite
	colArea []int32
	lists   map[Location]*nearList

	groups []nearGroup // scratch
	level  []int32     // scratch
}

type nearArea struct {
	sites   []int32 // in order of their first volunteer
	outside []int32 // the first depth volunteers of other areas, by ID; filled on first use
	filled  bool
}

type nearSite struct {
	loc   Location // Unit cleared
	cols  []int32  // ascending
	units []nearGroup
}

// nearGroup is a set of volunteers (ascending columns) at one distance;
// in a site's units, dist is unused and unit names the unit.
type nearGroup struct {
	dist int64
	unit string
	cols []int32
}

// nearList is the nearest volunteers of one location within MaxDistance:
// cols by (distance, column) with their dists.
type nearList struct {
	cols  []int32
	dists []int64
}

func newNearFinder(vols []pairVol, k int, maxDist int64, own map[string][]int32, elders []pairElder) *nearFinder {
	f := &nearFinder{
		vols:    vols,
		k:       k,
		maxDist: maxDist,
		areaOf:  make(map[string]int32),
		siteOf:  make(map[Location]int32),
		colArea: make([]int32, len(vols)),
		lists:   make(map[Location]*nearList),
	}
	most := 0
	for i := range elders {
		most = max(most, len(own[elders[i].id]))
	}
	f.depth = k + most
	for c := range vols {
		loc := vols[c].loc
		a, ok := f.areaOf[loc.Area]
		if !ok {
			a = int32(len(f.areas))
			f.areaOf[loc.Area] = a
			f.areas = append(f.areas, nearArea{})
		}
		f.colArea[c] = a
		unit := loc.Unit
		loc.Unit = ""
		s, ok := f.siteOf[loc]
		if !ok {
			s = int32(len(f.sites))
			f.siteOf[loc] = s
			f.sites = append(f.sites, nearSite{loc: loc})
			f.areas[a].sites = append(f.areas[a].sites, s)
		}
		site := &f.sites[s]
		site.cols = append(site.cols, int32(c))
		u := slices.IndexFunc(site.units, func(g nearGroup) bool { return g.unit == unit })
		if u < 0 {
			u = len(site.units)
			site.units = append(site.units, nearGroup{unit: unit})
		}
		site.units[u].cols = append(site.units[u].cols, int32(c))
	}
	return f
}

func (f *nearFinder) within(d int64) bool { return f.maxDist == 0 || d <= f.maxDist }

// find appends to out the K nearest candidates of e, leaving out its own
// household's volunteers (mine); it finds one whenever a volunteer within
// reach lives outside e's household. Among volunteers at the same distance each
// elder starts at its own place (from a hash of its ID), so elders of one
// building do not all crowd the same few volunteers and leave the rest
// idle; the choice depends on IDs only, never on input order.
func (f *nearFinder) find(e *pairElder, mine []int32, out []pairCand) []pairCand {
	nl := f.list(e.loc)
	start := idHash(e.id)
	for i := 0; i < len(nl.cols) && len(out) < f.k; {
		j := i
		for j < len(nl.cols) && nl.dists[j] == nl.dists[i] {
			j++
		}
		n := j - i
		off := int(start % uint64(n))
		if nl.dists[i] == DistOtherArea {
			off = 0 // other compounds: only the first few by ID are listed
		}
		for t := 0; t < n && len(out) < f.k; t++ {
			c := nl.cols[i+(off+t)%n]
			if !slices.Contains(mine, c) {
				out = append(out, pairCand{c, nl.dists[i]})
			}
		}
		i = j
	}
	return out
}

// idHash is FNV-1a of an ID: a fixed, platform-independent spread.
func idHash(id string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(id); i++ {
		h ^= uint64(id[i])
		h *= 1099511628211
	}
	return h
}

// list returns the nearest-volunteer list of a location, computing it on
// first use: the sites of the location's area grouped into levels of
// equal distance, each level taken by column (volunteer ID) order, then
// the other areas, all at DistOtherArea, by ID.
func (f *nearFinder) list(loc Location) *nearList {
	if nl, ok := f.lists[loc]; ok {
		return nl
	}
	nl := &nearList{}
	groups := f.groups[:0]
	a, inArea := f.areaOf[loc.Area]
	if inArea {
		for _, s := range f.areas[a].sites {
			site := &f.sites[s]
			if loc.Building != "" && site.loc.Building == loc.Building {
				for _, u := range site.units {
					d := int64(DistSameBuilding)
					if u.unit == loc.Unit {
						d = DistSameUnit
					}
					groups = append(groups, nearGroup{dist: d, cols: u.cols})
				}
				continue
			}
			groups = append(groups, nearGroup{dist: Distance(loc, site.loc), cols: site.cols})
		}
	}
	groups = slices.DeleteFunc(groups, func(g nearGroup) bool { return !f.within(g.dist) })
	other := f.within(DistOtherArea)
	slices.SortFunc(groups, func(x, y nearGroup) int { return cmp.Compare(x.dist, y.dist) })
	for i := 0; i < len(groups) && len(nl.cols) < f.depth; {
		level := f.level[:0]
		j := i
		for ; j < len(groups) && groups[j].dist == groups[i].dist; j++ {
			level = append(level, groups[j].cols...)
		}
		slices.Sort(level)
		for _, c := range level { // whole levels: find spreads elders over a level
			nl.cols = append(nl.cols, c)
			nl.dists = append(nl.dists, groups[i].dist)
		}
		f.level = level
		i = j
	}
	if other && len(nl.cols) < f.depth {
		for _, c := range f.outside(a, inArea) {
			if len(nl.cols) == f.depth {
				break
			}
			nl.cols = append(nl.cols, c)
			nl.dists = append(nl.dists, DistOtherArea)
		}
	}
	f.groups = groups
	f.lists[loc] = nl
	return nl
}

// outside returns the first depth volunteers, by ID, outside area a (or
// of all areas, when the location's area has no volunteer).
func (f *nearFinder) outside(a int32, inArea bool) []int32 {
	if !inArea {
		n := min(f.depth, len(f.vols))
		cols := make([]int32, n)
		for c := range cols {
			cols[c] = int32(c)
		}
		return cols
	}
	ar := &f.areas[a]
	if !ar.filled {
		ar.filled = true
		// Stops after depth hits: at most depth + (this area's size) steps.
		for c := 0; c < len(f.vols) && len(ar.outside) < f.depth; c++ {
			if f.colArea[c] != a {
				ar.outside = append(ar.outside, int32(c))
			}
		}
	}
	return ar.outside
}

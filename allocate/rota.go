package allocate

import (
	"cmp"
	"fmt"
	"slices"
)

// DefaultRest is the rest a volunteer has between two shifts when
// RotaInput.Rest is 0: eight hours, so a night (22:00-06:00) is never
// followed by the next morning (06:00-14:00).
const DefaultRest = 8 * 60

// Reasons a seat stays (partly) unfilled, checked in this order: the first
// that is true of every volunteer is given.
const (
	RotaNoneAvailable = "none_available" // no volunteer is free at that time
	RotaNoSkill       = "no_skill"       // those free lack the post's skill
	RotaNoNights      = "no_nights"      // those free with the skill do no nights
	RotaAtLimit       = "at_limit"       // every one left has reached the week's limit
	RotaBusy          = "busy"           // every one left is resting, on another seat or at the limit
)

// RotaSeat is one post on one shift of one day: Need volunteers stand there
// from Start to End (minutes since an epoch the caller chooses, End >
// Start; a night shift ends the next morning). Week numbers the week the
// seat counts in for MaxPerWeek; Night marks a night shift.
type RotaSeat struct {
	ID    string   `json:"id"` // unique, stable: the last key of every order
	Day   int      `json:"day"`
	Shift string   `json:"shift"`
	Post  string   `json:"post"`
	Start int64    `json:"start"`
	End   int64    `json:"end"`
	Week  int      `json:"week"`
	Night bool     `json:"night"`
	Need  int      `json:"need"`
	Skill string   `json:"skill,omitempty"` // "" when any volunteer will do
	Place Location `json:"place"`           // where the post is, for Distance
}

// RotaWindow is a time [Start, End) a volunteer cannot serve: a seat that
// overlaps it is refused.
type RotaWindow struct {
	Start int64 `json:"start"`
	End   int64 `json:"end"`
}

// RotaVolunteer is one volunteer as the rota sees them. History counts
// shifts served before this plan, NightsBefore the night shifts among
// them; MaxPerWeek is the most seats in one Week (0: no limit); NoNights
// refuses every night seat (the caller sets it for those over the age
// setting too).
type RotaVolunteer struct {
	ID           string       `json:"id"`
	Skills       []string     `json:"skills,omitempty"`
	Home         Location     `json:"home"`
	History      int          `json:"history"`
	NightsBefore int          `json:"nights_before"`
	Unavailable  []RotaWindow `json:"unavailable,omitempty"`
	MaxPerWeek   int          `json:"max_per_week"`
	NoNights     bool         `json:"no_nights"`
}

// RotaAssignment puts a volunteer on a seat. In RotaInput.Existing it is
// the plan being redone: Fixed ones stay (when they obey the hard rules
// among themselves, in seat then volunteer order), the others are kept
// where that costs nothing of the first four aims.
type RotaAssignment struct {
	Seat      string `json:"seat"`
	Volunteer string `json:"volunteer"`
	Fixed     bool   `json:"fixed,omitempty"`
}

// RotaInput is everything PlanRota needs. Rest is the least time in minutes
// between the end of one seat and the start of the volunteer's next: 0
// means DefaultRest, below 0 means none (seats must still not overlap).
type RotaInput struct {
	Seats      []RotaSeat       `json:"seats"`
	Volunteers []RotaVolunteer  `json:"volunteers"`
	Existing   []RotaAssignment `json:"existing,omitempty"`
	Rest       int64            `json:"rest"`
}

// RotaUnfilled is a seat with Missing places left empty, and why.
type RotaUnfilled struct {
	Seat    string `json:"seat"`
	Missing int    `json:"missing"`
	Reason  string `json:"reason"`
}

// RotaObjective is a plan's score, compared in field order: more Filled,
// then less Load (sum over volunteers of (History + seats in plan)²), less
// Nights (sum of (NightsBefore + night seats)²), less Distance (sum of
// Distance(home, post)), then more Kept (Existing assignments in the plan).
type RotaObjective struct {
	Filled   int   `json:"filled"`
	Load     int64 `json:"load"`
	Nights   int64 `json:"nights"`
	Distance int64 `json:"distance"`
	Kept     int   `json:"kept"`
}

// Compare returns -1 when o is better than p, +1 when worse, 0 when equal.
func (o RotaObjective) Compare(p RotaObjective) int {
	return cmp.Or(cmp.Compare(p.Filled, o.Filled), cmp.Compare(o.Load, p.Load),
		cmp.Compare(o.Nights, p.Nights), cmp.Compare(o.Distance, p.Distance), cmp.Compare(p.Kept, o.Kept))
}

// RotaPlan is PlanRota's answer: Assignments in seat order (Start, End,
// Post, ID) then volunteer ID, Unfilled in seat order.
type RotaPlan struct {
	Assignments []RotaAssignment `json:"assignments"`
	Unfilled    []RotaUnfilled   `json:"unfilled"`
	Objective   RotaObjective    `json:"objective"`
}

// RotaViolation is a hard rule a plan breaks. Rule is one of unknown_seat,
// unknown_volunteer, over_need, twice (same volunteer twice on one seat),
// unavailable, skill, no_nights, overlap, rest, week_limit. Other names
// the other seat for overlap and rest.
type RotaViolation struct {
	Seat      string `json:"seat"`
	Volunteer string `json:"volunteer"`
	Rule      string `json:"rule"`
	Other     string `json:"other,omitempty"`
}

// rota is the normalised problem: seats and volunteers in their total
// orders, indices instead of IDs.
type rota struct {
	seats []RotaSeat
	vols  []RotaVolunteer
	rest  int64
	seatI map[string]int
	volI  map[string]int
	elig  [][]bool  // [v][s]: available, skilled, nights allowed
	dist  [][]int64 // [v][s]
	keep  [][]bool  // [v][s]: an Existing assignment
	clsh  [][]bool  // [s][t]: clash(s, t)
	// eligSeats[v] lists the seats v is eligible for, eligVols[s] the
	// volunteers eligible for s, in index order.
	eligSeats, eligVols [][]int
}

func seatOrder(a, b RotaSeat) int {
	return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End), cmp.Compare(a.Post, b.Post),
		cmp.Compare(a.ID, b.ID), cmp.Compare(fmt.Sprint(a), fmt.Sprint(b)))
}

func newRota(in RotaInput) *rota {
	r := &rota{rest: in.Rest, seatI: map[string]int{}, volI: map[string]int{}}
	switch {
	case r.rest == 0:
		r.rest = DefaultRest
	case r.rest < 0:
		r.rest = 0
	}
	seats := slices.Clone(in.Seats)
	slices.SortFunc(seats, seatOrder)
	for _, s := range seats {
		if _, dup := r.seatI[s.ID]; dup || s.End <= s.Start {
			continue // a repeated ID keeps the first in the total order
		}
		r.seatI[s.ID] = len(r.seats)
		r.seats = append(r.seats, s)
	}
	vols := slices.Clone(in.Volunteers)
	slices.SortFunc(vols, func(a, b RotaVolunteer) int {
		return cmp.Or(cmp.Compare(a.ID, b.ID), cmp.Compare(fmt.Sprint(a), fmt.Sprint(b)))
	})
	for _, v := range vols {
		if _, dup := r.volI[v.ID]; dup {
			continue
		}
		r.volI[v.ID] = len(r.vols)
		r.vols = append(r.vols, v)
	}
	r.elig = make([][]bool, len(r.vols))
	r.dist = make([][]int64, len(r.vols))
	r.keep = make([][]bool, len(r.vols))
	for vi, v := range r.vols {
		r.elig[vi] = make([]bool, len(r.seats))
		r.dist[vi] = make([]int64, len(r.seats))
		r.keep[vi] = make([]bool, len(r.seats))
		for si, s := range r.seats {
			r.elig[vi][si] = r.free(v, s) && r.skilled(v, s) && !(s.Night && v.NoNights)
			r.dist[vi][si] = Distance(v.Home, s.Place)
		}
	}
	r.eligSeats = make([][]int, len(r.vols))
	r.eligVols = make([][]int, len(r.seats))
	for vi := range r.vols {
		for si := range r.seats {
			if r.elig[vi][si] {
				r.eligSeats[vi] = append(r.eligSeats[vi], si)
				r.eligVols[si] = append(r.eligVols[si], vi)
			}
		}
	}
	r.clsh = make([][]bool, len(r.seats))
	for a := range r.seats {
		r.clsh[a] = make([]bool, len(r.seats))
		for b := range r.seats {
			r.clsh[a][b], _ = r.clash(a, b)
		}
	}
	for _, e := range in.Existing {
		si, ok1 := r.seatI[e.Seat]
		vi, ok2 := r.volI[e.Volunteer]
		if ok1 && ok2 {
			r.keep[vi][si] = true
		}
	}
	return r
}

func (r *rota) free(v RotaVolunteer, s RotaSeat) bool {
	for _, w := range v.Unavailable {
		if w.Start < s.End && s.Start < w.End {
			return false
		}
	}
	return true
}

func (r *rota) skilled(v RotaVolunteer, s RotaSeat) bool {
	return s.Skill == "" || slices.Contains(v.Skills, s.Skill)
}

// clash tells whether one volunteer may not hold both seats: the same seat,
// overlapping windows, or less than the rest between them.
func (r *rota) clash(a, b int) (bool, string) {
	if a == b {
		return true, "twice"
	}
	x, y := r.seats[a], r.seats[b]
	if x.Start < y.End && y.Start < x.End {
		return true, "overlap"
	}
	if x.End+r.rest > y.Start && y.End+r.rest > x.Start {
		return true, "rest"
	}
	return false, ""
}

// state is a plan under construction: each place (a seat's n-th volunteer)
// holds a volunteer index or -1.
type state struct {
	r          *rota
	place      []int   // place -> seat
	who        []int   // place -> volunteer or -1
	seatPlaces [][]int // seat -> its places
	held       [][]int
	count      []int         // volunteer -> seats in plan
	nights     []int         // volunteer -> night seats in plan
	week       []map[int]int // volunteer -> week -> seats
	ver        []int         // volunteer -> changes of their seats so far
	tick       int           // changes of the plan so far
	touched    []int         // volunteer -> tick of their last change
}

func newState(r *rota) *state {
	st := &state{r: r, held: make([][]int, len(r.vols)), count: make([]int, len(r.vols)), ver: make([]int, len(r.vols)), touched: make([]int, len(r.vols)),
		nights: make([]int, len(r.vols)), week: make([]map[int]int, len(r.vols))}
	st.seatPlaces = make([][]int, len(r.seats))
	for si, s := range r.seats {
		for range max(s.Need, 0) {
			st.seatPlaces[si] = append(st.seatPlaces[si], len(st.place))
			st.place = append(st.place, si)
			st.who = append(st.who, -1)
		}
	}
	for v := range st.week {
		st.week[v] = map[int]int{}
	}
	return st
}

// canTake tells whether volunteer v may take seat s once it gives up seat
// drop (-1: none).
func (st *state) canTake(v, s, drop int) bool {
	r := st.r
	if !r.elig[v][s] {
		return false
	}
	for _, h := range st.held[v] {
		if h == drop {
			continue
		}
		if r.clsh[h][s] {
			return false
		}
	}
	if m := r.vols[v].MaxPerWeek; m > 0 {
		n := st.week[v][r.seats[s].Week]
		if drop >= 0 && r.seats[drop].Week == r.seats[s].Week {
			n--
		}
		if n >= m {
			return false
		}
	}
	return true
}

func (st *state) put(p, v int) {
	s := st.place[p]
	st.who[p] = v
	st.held[v] = append(st.held[v], s)
	st.count[v]++
	if st.r.seats[s].Night {
		st.nights[v]++
	}
	st.week[v][st.r.seats[s].Week]++
	st.ver[v]++
	st.tick++
	st.touched[v] = st.tick
}

func (st *state) take(p int) {
	v, s := st.who[p], st.place[p]
	st.who[p] = -1
	i := slices.Index(st.held[v], s)
	st.held[v] = slices.Delete(st.held[v], i, i+1)
	st.count[v]--
	if st.r.seats[s].Night {
		st.nights[v]--
	}
	st.week[v][st.r.seats[s].Week]--
	st.ver[v]++
	st.tick++
	st.touched[v] = st.tick
}

// delta is the change of the objective, as a RotaObjective of differences.
type delta = RotaObjective

func better(d delta) bool { return d.Compare(delta{}) < 0 }

func add(a, b delta) delta {
	return delta{a.Filled + b.Filled, a.Load + b.Load, a.Nights + b.Nights, a.Distance + b.Distance, a.Kept + b.Kept}
}

// gain is the change from volunteer v taking seat s (with dn extra seats
// and dnn extra nights already counted for v by the same move).
func (st *state) gain(v, s int) delta {
	r := st.r
	h := int64(r.vols[v].History + st.count[v])
	d := delta{Filled: 1, Load: 2*h + 1, Distance: r.dist[v][s]}
	if r.seats[s].Night {
		n := int64(r.vols[v].NightsBefore + st.nights[v])
		d.Nights = 2*n + 1
	}
	if r.keep[v][s] {
		d.Kept = 1
	}
	return d
}

// loss is the change from volunteer v leaving seat s.
func (st *state) loss(v, s int) delta {
	r := st.r
	h := int64(r.vols[v].History + st.count[v])
	d := delta{Filled: -1, Load: -(2*h - 1), Distance: -r.dist[v][s]}
	if r.seats[s].Night {
		n := int64(r.vols[v].NightsBefore + st.nights[v])
		d.Nights = -(2*n - 1)
	}
	if r.keep[v][s] {
		d.Kept = -1
	}
	return d
}

// PlanRota makes a duty rota: it puts volunteers on seats so that every
// hard rule holds (see CheckRota) and the RotaObjective is as good as it
// can find. It is pure: no I/O, no clock, no randomness, and the same
// input in any order gives a byte-identical plan.
//
// Method: seats are normalised to their total order (Start, End, Post,
// ID) and volunteers to ID order (a repeated ID keeps the first in that
// order; a seat with End ≤ Start is dropped). Fixed Existing assignments
// are placed first when they obey the rules. With Existing, a second
// start also places the other Existing assignments that still fit before
// the greedy fill, and the better of the two results is the plan. The
// greedy fill gives each place, seat by seat, the volunteer whose
// marginal change of the objective vector is least (the marginal of a
// square is 2k+1, so the convex fairness terms are exact at the margin),
// ties on volunteer ID. Then a search takes strictly improving steps, in
// this order, starting again from the first after any improvement, until
// none is left:
//
//   - windows of clashing slots (a slot: the seats of one Start, End,
//     Night and Week): each run of slots in time order that all clash, so
//     a volunteer takes at most one seat among them, re-solved exactly as a
//     min-cost max-flow (successive shortest paths on lexicographic costs,
//     started from the plan as it stands) with the rest of the plan held;
//   - a chain: a volunteer moves to a seat with an empty place (or one
//     another volunteer leaves), another to the seat the first left, and so
//     on; it ends by adding a volunteer or leaving a place empty, or closes
//     into a loop (an exchange of seats). The best is a shortest path over
//     places with the objective's change as a lexicographic cost (at most
//     16 links, the 16 cheapest into each seat, no place or volunteer
//     twice), tried one link further from each end;
//   - spread windows: every second and every third slot of a week, none
//     clashing, re-solved as a flow in which a volunteer's k-th seat costs
//     its marginal Load and Nights, 2k+1: convex, so the flow prices
//     several seats of one volunteer exactly;
//   - pattern windows: a whole week as one flow, each volunteer limited
//     to a pattern of slots clear of each other that holds their seats (so
//     the plan stands in it); a volunteer whose pattern is full though
//     their week's limit allows more is also tried on a largest pattern;
//   - chains found by fewest links (a cheaper chain to a place can hide
//     the one a volunteer can close) and from each empty seat alone; a
//     volunteer put on an empty place, taking them off the seats in the
//     way, which others refill greedily; two volunteers trading all their
//     seats.
//
// Every step keeps every hard rule, so the plan is always valid, and
// improves the objective, so the search ends.
//
// What is proved: each window's flow is the best that window can hold
// given the rest of the plan, and the plan is a local optimum of all these
// steps. What is not: that it is optimal, not even for the number of seats
// filled. The rest rule couples neighbouring shifts, so the problem is not
// a flow, and no step here searches every plan. The tests compare it with
// brute force and an exhaustive search on small instances (it misses the
// optimum on about 2% of those of up to 9 places); cmd/rotabench (`make
// bench`, rows R1) compares it with CBC's optimum of the same model as a
// mixed-integer program.
func PlanRota(in RotaInput) RotaPlan {
	r := newRota(in)
	best := r.solve(in.Existing, false)
	if len(in.Existing) > 0 {
		if st := r.solve(in.Existing, true); st.score().Compare(best.score()) < 0 {
			best = st
		}
	}
	return best.plan()
}

// solve runs one start: Fixed assignments, then (when seed) the other
// Existing ones that still fit, then the greedy fill and the local search.
func (r *rota) solve(existing []RotaAssignment, seed bool) *state {
	st := newState(r)
	ex := slices.Clone(existing)
	slices.SortFunc(ex, func(a, b RotaAssignment) int {
		return cmp.Or(cmp.Compare(r.seatIndex(a.Seat), r.seatIndex(b.Seat)), cmp.Compare(a.Volunteer, b.Volunteer))
	})
	pinned := make([]bool, len(st.place))
	for pass := range 2 {
		for _, e := range ex {
			if pass == 0 && !e.Fixed || pass == 1 && (e.Fixed || !seed) {
				continue
			}
			si, ok1 := r.seatI[e.Seat]
			vi, ok2 := r.volI[e.Volunteer]
			if !ok1 || !ok2 || !st.canTake(vi, si, -1) {
				continue
			}
			for p := range st.place {
				if st.place[p] == si && st.who[p] < 0 {
					st.put(p, vi)
					pinned[p] = pass == 0
					break
				}
			}
		}
	}
	st.fill()
	st.improve(pinned)
	return st
}

func (r *rota) seatIndex(id string) int {
	if i, ok := r.seatI[id]; ok {
		return i
	}
	return len(r.seats)
}

// improve runs the search to its end: the windows of clashing slots, a
// chain, the windows of slots clear of each other, the pattern windows,
// then the rarer steps; after any improvement it starts again.
func (st *state) improve(pinned []bool) {
	var cliques, spread []window
	for _, w := range st.r.windows() {
		if len(w.groups) == 1 {
			cliques = append(cliques, w)
		} else {
			spread = append(spread, w)
		}
	}
	var sc windowScratch
	var cs chainScratch
	for st.windowPass(cliques, pinned, &sc) || st.chain(pinned, &cs) || st.windowPass(spread, pinned, &sc) ||
		st.patternWindows(pinned, &sc) || st.chainFill(pinned, &cs) || st.chainEach(pinned, &cs) || st.eject(pinned) || st.trade(pinned) {
	}
}

// windowPass solves windows ws in turn until none improves the plan, and
// tells whether one did. A window none of whose volunteers changed since
// it was last solved without gain is skipped: it would gain nothing again.
func (st *state) windowPass(ws []window, pinned []bool, sc *windowScratch) bool {
	moved := false
	for changed := true; changed; {
		changed = false
		for i := range ws {
			w := &ws[i]
			if w.solved > 0 && !slices.ContainsFunc(w.vols, func(v int) bool { return st.touched[v] > w.solved }) {
				continue
			}
			if st.solveWindow(*w, pinned, sc) {
				changed, moved = true, true
			} else {
				w.solved = st.tick
			}
		}
	}
	return moved
}

// eject tries each volunteer on each seat with an empty place (the first
// place of each), leaving the seats in the way (tryEject), and stops at
// the first that improves the plan.
func (st *state) eject(pinned []bool) bool {
	for s, ps := range st.seatPlaces {
		p := slices.IndexFunc(ps, func(p int) bool { return st.who[p] < 0 })
		if p < 0 {
			continue
		}
		for _, v := range st.r.eligVols[s] {
			if st.tryEject(ps[p], v, pinned) {
				return true
			}
		}
	}
	return false
}

// trade exchanges all the seats of two volunteers (none of them pinned)
// when both may take the other's and the objective improves; it stops at
// the first such pair.
func (st *state) trade(pinned []bool) bool {
	r := st.r
	mine := make([][]int, len(r.vols)) // volunteer -> places
	locked := make([]bool, len(r.vols))
	for p, v := range st.who {
		if v >= 0 {
			mine[v] = append(mine[v], p)
			locked[v] = locked[v] || pinned[p]
		}
	}
	sq := func(x int64) int64 { return x * x }
	for v := range r.vols {
		for u := v + 1; u < len(r.vols); u++ {
			if locked[v] || locked[u] || len(mine[v])+len(mine[u]) == 0 {
				continue
			}
			a, b := r.vols[v], r.vols[u]
			cv, cu := int64(st.count[v]), int64(st.count[u])
			nv, nu := int64(st.nights[v]), int64(st.nights[u])
			d := delta{
				Load:   sq(int64(a.History)+cu) + sq(int64(b.History)+cv) - sq(int64(a.History)+cv) - sq(int64(b.History)+cu),
				Nights: sq(int64(a.NightsBefore)+nu) + sq(int64(b.NightsBefore)+nv) - sq(int64(a.NightsBefore)+nv) - sq(int64(b.NightsBefore)+nu),
			}
			for _, p := range mine[v] {
				s := st.place[p]
				d.Distance += r.dist[u][s] - r.dist[v][s]
				d.Kept += b2i(r.keep[u][s]) - b2i(r.keep[v][s])
			}
			for _, p := range mine[u] {
				s := st.place[p]
				d.Distance += r.dist[v][s] - r.dist[u][s]
				d.Kept += b2i(r.keep[v][s]) - b2i(r.keep[u][s])
			}
			if !better(d) || !st.mayTrade(v, u, mine[v], mine[u]) {
				continue
			}
			for _, p := range mine[v] {
				st.take(p)
			}
			for _, p := range mine[u] {
				st.take(p)
				st.put(p, v)
			}
			for _, p := range mine[v] {
				st.put(p, u)
			}
			return true
		}
	}
	return false
}

// mayTrade tells whether u may take the seats of places pv (v's) and v
// those of pu (u's), each giving up all their own.
func (st *state) mayTrade(v, u int, pv, pu []int) bool {
	r := st.r
	fits := func(w int, ps []int) bool {
		weeks := map[int]int{}
		for _, p := range ps {
			s := st.place[p]
			if !r.elig[w][s] {
				return false
			}
			weeks[r.seats[s].Week]++
		}
		if m := r.vols[w].MaxPerWeek; m > 0 {
			for _, n := range weeks {
				if n > m {
					return false
				}
			}
		}
		return true
	}
	return fits(u, pv) && fits(v, pu)
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// restore sets the plan back to who, rebuilding what follows from it.
func (st *state) restore(who []int) {
	for p, v := range st.who {
		if v >= 0 && v != who[p] {
			st.take(p)
		}
	}
	for p, v := range who {
		if v >= 0 && st.who[p] != v {
			st.put(p, v)
		}
	}
}

// tryEject puts volunteer v on the empty place p, taking v off every seat
// that stands in the way (clashes, and when the week is full, each seat of
// that week in turn), then refills the freed places greedily; it keeps the
// result when the objective improves.
func (st *state) tryEject(p, v int, pinned []bool) bool {
	r := st.r
	s := st.place[p]
	if !r.elig[v][s] || slices.Contains(st.held[v], s) {
		return false
	}
	before, saved := st.score(), slices.Clone(st.who)
	var freed []int
	for q, w := range st.who {
		if w != v {
			continue
		}
		if r.clsh[st.place[q]][s] {
			if pinned[q] {
				return false
			}
			freed = append(freed, q)
		}
	}
	for _, q := range freed {
		st.take(q)
	}
	tryWith := func(extra int) bool {
		if extra >= 0 {
			st.take(extra)
			freed = append(freed, extra)
		}
		if !st.canTake(v, s, -1) {
			return false
		}
		st.put(p, v)
		for _, q := range freed {
			t, best, bd := st.place[q], -1, delta{}
			for w := range r.vols {
				if w == v || !st.canTake(w, t, -1) {
					continue
				}
				if d := st.gain(w, t); best < 0 || d.Compare(bd) < 0 {
					best, bd = w, d
				}
			}
			if best >= 0 {
				st.put(q, best)
			}
		}
		return st.score().Compare(before) < 0
	}
	if st.canTake(v, s, -1) {
		if tryWith(-1) {
			return true
		}
		st.restore(saved)
		return false
	}
	// The week is full: free one more seat of that week.
	n := len(freed)
	for q, w := range saved {
		if w != v || pinned[q] || slices.Contains(freed[:n], q) || r.seats[st.place[q]].Week != r.seats[s].Week {
			continue
		}
		st.restore(saved)
		for _, f := range freed[:n] {
			st.take(f)
		}
		freed = freed[:n]
		if tryWith(q) {
			return true
		}
	}
	st.restore(saved)
	return false
}

// fill gives each empty place, in order, the volunteer of least marginal
// cost who may take it, and returns how many it filled.
func (st *state) fill() int {
	n := 0
	for p, s := range st.place {
		if st.who[p] >= 0 {
			continue
		}
		best, bd := -1, delta{}
		for v := range st.r.vols {
			if !st.canTake(v, s, -1) {
				continue
			}
			if d := st.gain(v, s); best < 0 || d.Compare(bd) < 0 {
				best, bd = v, d
			}
		}
		if best >= 0 {
			st.put(p, best)
			n++
		}
	}
	return n
}

// score computes the objective of the current state from scratch.
func (st *state) score() RotaObjective {
	r := st.r
	var o RotaObjective
	for p, v := range st.who {
		if v < 0 {
			continue
		}
		o.Filled++
		o.Distance += r.dist[v][st.place[p]]
		if r.keep[v][st.place[p]] {
			o.Kept++
		}
	}
	for v, vol := range r.vols {
		h := int64(vol.History + st.count[v])
		n := int64(vol.NightsBefore + st.nights[v])
		o.Load += h * h
		o.Nights += n * n
	}
	return o
}

func (st *state) plan() RotaPlan {
	r := st.r
	out := RotaPlan{Assignments: []RotaAssignment{}, Unfilled: []RotaUnfilled{}, Objective: st.score()}
	missing := make([]int, len(r.seats))
	bySeat := make([][]string, len(r.seats))
	for p, v := range st.who {
		if v < 0 {
			missing[st.place[p]]++
			continue
		}
		bySeat[st.place[p]] = append(bySeat[st.place[p]], r.vols[v].ID)
	}
	for si, ids := range bySeat {
		slices.Sort(ids)
		for _, id := range ids {
			out.Assignments = append(out.Assignments, RotaAssignment{Seat: r.seats[si].ID, Volunteer: id})
		}
		if missing[si] > 0 {
			out.Unfilled = append(out.Unfilled, RotaUnfilled{Seat: r.seats[si].ID, Missing: missing[si], Reason: st.reason(si)})
		}
	}
	return out
}

// reason says why seat s could take no one more.
func (st *state) reason(s int) string {
	r := st.r
	seat := r.seats[s]
	var free, skilled, nights, limit bool
	allLimit := true
	for v, vol := range r.vols {
		if !r.free(vol, seat) {
			continue
		}
		free = true
		if !r.skilled(vol, seat) {
			continue
		}
		skilled = true
		if seat.Night && vol.NoNights {
			continue
		}
		nights = true
		if slices.Contains(st.held[v], s) {
			continue
		}
		if m := vol.MaxPerWeek; m > 0 && st.week[v][seat.Week] >= m {
			limit = true
		} else {
			allLimit = false
		}
	}
	switch {
	case !free:
		return RotaNoneAvailable
	case !skilled:
		return RotaNoSkill
	case !nights:
		return RotaNoNights
	case limit && allLimit:
		return RotaAtLimit
	}
	return RotaBusy
}

// CheckRota lists every hard rule plan breaks for in, in plan order; none
// means the plan is valid. It does not judge the objective.
func CheckRota(in RotaInput, plan RotaPlan) []RotaViolation {
	r := newRota(in)
	var out []RotaViolation
	bad := func(s, v, rule, other string) {
		out = append(out, RotaViolation{Seat: s, Volunteer: v, Rule: rule, Other: other})
	}
	held := map[int][]int{}
	filled := map[int]int{}
	weeks := map[[2]int]int{}
	for _, a := range plan.Assignments {
		si, ok := r.seatI[a.Seat]
		if !ok {
			bad(a.Seat, a.Volunteer, "unknown_seat", "")
			continue
		}
		vi, ok := r.volI[a.Volunteer]
		if !ok {
			bad(a.Seat, a.Volunteer, "unknown_volunteer", "")
			continue
		}
		s, v := r.seats[si], r.vols[vi]
		if filled[si]++; filled[si] > s.Need {
			bad(a.Seat, a.Volunteer, "over_need", "")
		}
		if !r.free(v, s) {
			bad(a.Seat, a.Volunteer, "unavailable", "")
		}
		if !r.skilled(v, s) {
			bad(a.Seat, a.Volunteer, "skill", "")
		}
		if s.Night && v.NoNights {
			bad(a.Seat, a.Volunteer, "no_nights", "")
		}
		for _, h := range held[vi] {
			if c, why := r.clash(h, si); c {
				bad(a.Seat, a.Volunteer, why, r.seats[h].ID)
			}
		}
		held[vi] = append(held[vi], si)
		k := [2]int{vi, s.Week}
		if weeks[k]++; v.MaxPerWeek > 0 && weeks[k] > v.MaxPerWeek {
			bad(a.Seat, a.Volunteer, "week_limit", "")
		}
	}
	return out
}

package allocate

import "slices"

// A chain is a sequence of volunteers each taking the seat the one before
// left: it starts at a seat with an empty place (or one a volunteer
// leaves), each link moves a volunteer from another seat to the seat in
// need, which then needs someone, and it ends by adding a volunteer who
// takes that seat on top of their others (the plan fills one more place,
// or as many when the chain started by a volunteer leaving) or by leaving
// it empty. Chains reach what no window holds: a volunteer moving to the
// next shift while another moves to theirs, and so on, across the week.

// chainEdge: volunteer v leaves seat q (its place p) for seat to; then q
// needs someone.
type chainEdge struct {
	to, q, v, p int
	cost        delta
}

// chainScratch is what the chain search reuses between searches.
type chainScratch struct {
	out     [][]int // seat -> edges leaving it (edges whose to is the seat)
	edges   []chainEdge
	lab     []delta
	has     []bool
	par     []int // seat -> edge that reached it, or -1 room, or -2-p: the volunteer of place p leaves
	saved   []int
	onChain []*chainEdge
}

// moveCost is the change of the objective when v leaves seat q for seat p.
func (st *state) moveCost(v, q, p int) delta {
	r := st.r
	d := delta{Distance: r.dist[v][p] - r.dist[v][q]}
	if r.keep[v][p] {
		d.Kept++
	}
	if r.keep[v][q] {
		d.Kept--
	}
	if np, nq := r.seats[p].Night, r.seats[q].Night; np && !nq {
		d.Nights = 2*int64(r.vols[v].NightsBefore+st.nights[v]) + 1
	} else if nq && !np {
		d.Nights = -(2*int64(r.vols[v].NightsBefore+st.nights[v]) - 1)
	}
	return d
}

// chain finds the chain that improves the objective most (as priced from
// the plan as it stands: a volunteer twice in a chain is priced as if
// once, so the result is checked) and applies it. It tells whether the
// plan improved.
func (st *state) chain(pinned []bool, sc *chainScratch) bool {
	st.chainLinks(pinned, sc)
	return st.chainFrom(pinned, sc, -1)
}

// chainEach is chain from each seat with an empty place alone, in seat
// order: the cheapest chain to a seat from anywhere may lead nowhere
// where a dearer one from one seat goes on. It stops at the first that
// improves the plan.
func (st *state) chainEach(pinned []bool, sc *chainScratch) bool {
	st.chainLinks(pinned, sc)
	for s := range st.r.seats {
		if slices.ContainsFunc(st.seatPlaces[s], func(p int) bool { return st.who[p] < 0 }) && st.chainFrom(pinned, sc, s) {
			return true
		}
	}
	return false
}

// chainLinks lists every link of the plan as it stands: a volunteer who
// may leave one seat for another.
func (st *state) chainLinks(pinned []bool, sc *chainScratch) {
	r := st.r
	n := len(r.seats)
	if sc.out == nil {
		sc.out = make([][]int, n)
		sc.lab = make([]delta, n)
		sc.has = make([]bool, n)
		sc.par = make([]int, n)
	}
	sc.edges = sc.edges[:0]
	for s := range sc.out {
		sc.out[s] = sc.out[s][:0]
	}
	// Links.
	for p, v := range st.who {
		if v < 0 || pinned[p] {
			continue
		}
		q := st.place[p]
		for _, to := range r.eligSeats[v] {
			if to == q || !st.canTake(v, to, q) {
				continue
			}
			sc.out[to] = append(sc.out[to], len(sc.edges))
			sc.edges = append(sc.edges, chainEdge{to: to, q: q, v: v, p: p, cost: st.moveCost(v, q, to)})
		}
	}
}

// chainFrom finds and applies the best chain from every seat with an
// empty place and every volunteer who may leave (only < 0), or from the
// empty place of seat only.
func (st *state) chainFrom(pinned []bool, sc *chainScratch, only int) bool {
	r := st.r
	n := len(r.seats)
	clear(sc.has)
	// Sources: a seat with an empty place costs nothing; one whose
	// volunteer leaves costs that.
	for p, v := range st.who {
		s := st.place[p]
		if pinned[p] || only >= 0 && (s != only || v >= 0) {
			continue
		}
		if v < 0 {
			if !sc.has[s] || sc.lab[s].Compare(delta{}) > 0 {
				sc.lab[s], sc.has[s], sc.par[s] = delta{}, true, -1
			}
			continue
		}
		if d := st.loss(v, s); !sc.has[s] || d.Compare(sc.lab[s]) < 0 {
			sc.lab[s], sc.has[s], sc.par[s] = d, true, -2-p
		}
	}
	// Cheapest chains: rounds of relaxation, as many as links in a chain
	// (at most 16). A link may not bring back a seat or a volunteer of the
	// chain it extends; when it would close a loop that costs less than
	// nothing, the loop is an exchange of seats round a cycle, kept as a
	// candidate too.
	cycle, cycleCost := -1, delta{}
	var cycleQ int
	for range min(n, 16) {
		changed := false
		for s := range n {
			if !sc.has[s] {
				continue
			}
			for _, e := range sc.out[s] {
				ed := &sc.edges[e]
				d := add(sc.lab[s], ed.cost)
				if sc.has[ed.q] && d.Compare(sc.lab[ed.q]) >= 0 {
					continue
				}
				switch sc.onPath(s, ed.q, ed.v, st) {
				case pathClear:
					sc.lab[ed.q], sc.has[ed.q], sc.par[ed.q] = d, true, e
					changed = true
				case pathLoop:
					if c := add(sc.sub(s, ed.q), ed.cost); better(c) && (cycle < 0 || c.Compare(cycleCost) < 0) {
						cycle, cycleCost, cycleQ = e, c, ed.q
					}
				}
			}
		}
		if !changed {
			break
		}
	}
	// Ends: add the cheapest volunteer who may take the seat, or leave it.
	type end struct {
		seat, w int // w < 0: left empty
		total   delta
	}
	var ends []end
	for s := range n {
		if !sc.has[s] {
			continue
		}
		// The chain as the links now stand (a later link may have changed
		// a seat's way back), priced again: one that runs into a loop or
		// moves a volunteer twice is dropped.
		sc.onChain = sc.onChain[:0]
		cost, x, ok := delta{}, s, true
		for sc.par[x] >= 0 && ok {
			ed := &sc.edges[sc.par[x]]
			ok = len(sc.onChain) < 16 && !slices.ContainsFunc(sc.onChain, func(o *chainEdge) bool { return o.v == ed.v || o.q == ed.to })
			sc.onChain = append(sc.onChain, ed)
			cost = add(cost, ed.cost)
			x = ed.to
		}
		if !ok {
			continue
		}
		if sc.par[x] <= -2 {
			p := -2 - sc.par[x]
			cost = add(cost, st.loss(st.who[p], x))
		}
		if len(sc.onChain) > 0 && better(cost) {
			ends = append(ends, end{s, -1, cost})
		}
		// A volunteer who moved along the chain may end it too, on top of
		// the seat they moved to.
		best, bd := -1, delta{}
		for _, w := range r.eligVols[s] {
			i := slices.IndexFunc(sc.onChain, func(ed *chainEdge) bool { return ed.v == w })
			if i < 0 && !st.canTake(w, s, -1) || i >= 0 && !st.canTakeAfter(w, s, sc.onChain[i].q, sc.onChain[i].to) {
				continue
			}
			if d := st.gain(w, s); best < 0 || d.Compare(bd) < 0 {
				best, bd = w, d
			}
		}
		if best >= 0 {
			if t := add(cost, bd); better(t) {
				ends = append(ends, end{s, best, t})
			}
		}
	}
	slices.SortStableFunc(ends, func(a, b end) int { return a.total.Compare(b.total) })
	before := st.score()
	if cycle >= 0 && (len(ends) == 0 || cycleCost.Compare(ends[0].total) < 0) && st.applyCycle(cycle, cycleQ, before, sc) {
		return true
	}
	for i, e := range ends {
		if i == 16 {
			break
		}
		if st.applyChain(e.seat, e.w, before, sc) {
			return true
		}
	}
	return false
}

// applyChain applies the chain ending at seat end (closed by adding w, or
// left empty when w < 0) and keeps it when the objective improves on
// before; otherwise it puts the plan back.
func (st *state) applyChain(end, w int, before RotaObjective, sc *chainScratch) bool {
	var links []int
	seen := map[int]bool{end: true}
	s := end
	for sc.par[s] >= 0 {
		e := sc.par[s]
		links = append(links, e)
		s = sc.edges[e].to
		if seen[s] {
			return false // a loop of links, not a chain
		}
		seen[s] = true
	}
	sc.saved = append(sc.saved[:0], st.who...)
	ok := true
	if sc.par[s] <= -2 {
		st.take(-2 - sc.par[s])
	}
	freePlace := func(seat int) int {
		for _, p := range st.seatPlaces[seat] {
			if st.who[p] < 0 {
				return p
			}
		}
		return -1
	}
	for i := len(links) - 1; i >= 0 && ok; i-- {
		ed := sc.edges[links[i]]
		if st.who[ed.p] != ed.v {
			ok = false
			break
		}
		st.take(ed.p)
		to := freePlace(ed.to)
		if to < 0 || !st.canTake(ed.v, ed.to, -1) {
			ok = false
			break
		}
		st.put(to, ed.v)
	}
	if ok && w >= 0 {
		if p := freePlace(end); p >= 0 && st.canTake(w, end, -1) {
			st.put(p, w)
		} else {
			ok = false
		}
	}
	if ok && st.score().Compare(before) < 0 {
		return true
	}
	st.restore(sc.saved)
	return false
}

const (
	pathClear = iota
	pathLoop  // the seat is on the chain
	pathTwice // the volunteer is on the chain
)

// onPath tells whether seat q or volunteer v is on the chain that reaches
// seat s.
func (sc *chainScratch) onPath(s, q, v int, st *state) int {
	for x, n := s, 0; n <= 16; n++ {
		if x == q {
			return pathLoop
		}
		e := sc.par[x]
		if e <= -2 && st.who[-2-e] == v {
			return pathTwice
		}
		if e < 0 {
			return pathClear
		}
		if sc.edges[e].v == v {
			return pathTwice
		}
		x = sc.edges[e].to
	}
	return pathTwice
}

// sub is the cost of the chain from seat q (on it) to seat s.
func (sc *chainScratch) sub(s, q int) delta {
	l := sc.lab[s]
	l2 := sc.lab[q]
	return add(l, delta{-l2.Filled, -l2.Load, -l2.Nights, -l2.Distance, -l2.Kept})
}

// applyCycle applies the loop closed by edge e (from its seat to, which
// needs someone, back to q on the chain): each volunteer of the loop
// moves to the seat the next one leaves. It keeps the result when the
// objective improves on before.
func (st *state) applyCycle(e, q int, before RotaObjective, sc *chainScratch) bool {
	links := []int{e}
	for x := sc.edges[e].to; x != q; {
		l := sc.par[x]
		if l < 0 {
			return false
		}
		links = append(links, l)
		x = sc.edges[l].to
	}
	sc.saved = append(sc.saved[:0], st.who...)
	for _, l := range links {
		ed := sc.edges[l]
		if st.who[ed.p] != ed.v {
			st.restore(sc.saved)
			return false
		}
		st.take(ed.p)
	}
	for _, l := range links {
		ed := sc.edges[l]
		p := -1
		for _, x := range st.seatPlaces[ed.to] {
			if st.who[x] < 0 {
				p = x
				break
			}
		}
		if p < 0 || !st.canTake(ed.v, ed.to, -1) {
			st.restore(sc.saved)
			return false
		}
		st.put(p, ed.v)
	}
	if st.score().Compare(before) < 0 {
		return true
	}
	st.restore(sc.saved)
	return false
}

// canTakeAfter tells whether volunteer v may take seat s once they have
// left seat from for seat to.
func (st *state) canTakeAfter(v, s, from, to int) bool {
	r := st.r
	if !st.canTake(v, s, from) || r.clsh[to][s] {
		return false
	}
	if m := r.vols[v].MaxPerWeek; m > 0 {
		wk := r.seats[s].Week
		n := st.week[v][wk]
		if r.seats[from].Week == wk {
			n--
		}
		if r.seats[to].Week == wk {
			n++
		}
		return n < m
	}
	return true
}

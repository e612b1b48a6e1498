package allocate

import "slices"

// A chain is a sequence of volunteers each taking the seat the one before
// left: it starts at a seat with an empty place (or at a place whose
// volunteer leaves), each link moves a volunteer from another seat to the
// seat in need, which then needs someone, and it ends by adding a
// volunteer who takes that seat on top of their others (the plan fills
// one more place, or as many when it started by a volunteer leaving) or
// by leaving it empty. A loop of links is an exchange of seats round a
// cycle. Chains reach what no window holds: a volunteer moving to the next
// shift while another moves to theirs, and so on, across the week.
//
// The search is a shortest-path search over places (a place in need: its
// volunteer has moved along the chain), with the objective's change as a
// lexicographic cost, by rounds of relaxation; a link may not bring back a
// place or a volunteer already on the chain it extends.

// chainEdge: volunteer v leaves seat q (their place p) for seat to; then
// place p needs someone.
type chainEdge struct {
	to, q, v, p int
	cost        delta
}

// chainScratch is what the chain search reuses between searches.
type chainScratch struct {
	out   [][]int // seat -> the links into it
	edges []chainEdge
	lab   []delta // place -> cost of the cheapest chain found to it
	has   []bool
	par   []int // place -> the link that reached it, or chainRoom, or chainDrop
	from  []int // place -> the place before it on the chain
	saved []int
	links []int
	dirty []bool // place -> its label changed since it was last relaxed from
	// vlinks[v] are volunteer v's links, computed when their seats were
	// as ver[v] says (a volunteer's links depend on their seats alone).
	vlinks [][]chainEdge
	vver   []int
	// closers[s]: the volunteers who may take seat s as the plan stands,
	// the cheapest first (at most chainClosers).
	closers [][]int
}

const chainClosers = 4

// chainFanIn is the most links into one seat a chain search follows: the
// cheapest.
var chainFanIn = 16

const (
	chainRoom = -1 // the place is empty: the chain starts there at no cost
	chainDrop = -2 // the place's volunteer leaves the plan: the chain starts there
)

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
// the plan as it stands: a volunteer who moves and then closes the chain
// is priced as if their counts were unchanged, so the result is checked)
// and applies it. It tells whether the plan improved.
func (st *state) chain(pinned []bool, sc *chainScratch) bool {
	st.chainLinks(pinned, sc)
	return st.chainFrom(pinned, sc, -1)
}

// chainEach is chain from each seat with an empty place alone, in seat
// order: the cheapest chain to a place from anywhere may lead nowhere
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

// chainLinks lists every link of the plan as it stands (a volunteer who
// may leave one seat for another), and the cheapest volunteers who may
// take each seat.
func (st *state) chainLinks(pinned []bool, sc *chainScratch) {
	r := st.r
	if sc.out == nil {
		sc.out = make([][]int, len(r.seats))
		sc.lab = make([]delta, len(st.place))
		sc.has = make([]bool, len(st.place))
		sc.par = make([]int, len(st.place))
		sc.from = make([]int, len(st.place))
		sc.dirty = make([]bool, len(st.place))
		sc.vlinks = make([][]chainEdge, len(r.vols))
		sc.vver = make([]int, len(r.vols))
		for v := range sc.vver {
			sc.vver[v] = -1
		}
		sc.closers = make([][]int, len(r.seats))
	}
	for v := range r.vols {
		if sc.vver[v] == st.ver[v] {
			continue
		}
		sc.vver[v] = st.ver[v]
		ls := sc.vlinks[v][:0]
		for _, q := range st.held[v] {
			p := slices.IndexFunc(st.seatPlaces[q], func(p int) bool { return st.who[p] == v })
			if p = st.seatPlaces[q][p]; pinned[p] {
				continue
			}
			for _, to := range r.eligSeats[v] {
				if to != q && st.canTake(v, to, q) {
					ls = append(ls, chainEdge{to: to, q: q, v: v, p: p, cost: st.moveCost(v, q, to)})
				}
			}
		}
		sc.vlinks[v] = ls
	}
	sc.edges = sc.edges[:0]
	for s := range sc.out {
		sc.out[s] = sc.out[s][:0]
	}
	// Into each seat, the cheapest links only (the first found of equal
	// cost), cheapest first.
	for _, ls := range sc.vlinks {
		for _, e := range ls {
			out := sc.out[e.to]
			i := len(out)
			for i > 0 && e.cost.Compare(sc.edges[out[i-1]].cost) < 0 {
				i--
			}
			if i == chainFanIn {
				continue
			}
			if len(out) == chainFanIn {
				out = out[:chainFanIn-1]
			}
			sc.out[e.to] = slices.Insert(out, i, len(sc.edges))
			sc.edges = append(sc.edges, e)
		}
	}
	gains := make([]delta, len(r.vols))
	for s := range r.seats {
		c := sc.closers[s][:0]
		for _, w := range r.eligVols[s] {
			if !st.canTake(w, s, -1) {
				continue
			}
			gains[w] = st.gain(w, s)
			i := len(c)
			for i > 0 && gains[w].Compare(gains[c[i-1]]) < 0 {
				i--
			}
			if i < chainClosers {
				c = slices.Insert(c, i, w)
				if len(c) > chainClosers {
					c = c[:chainClosers]
				}
			}
		}
		sc.closers[s] = c
	}
}

// chainFill is chain where the search counts links, not the objective:
// the chains it follows are the shortest, from the empty places alone,
// and it keeps one that fills a place. A cheaper chain to a place can
// hide one a volunteer can close; a shorter one hides fewer.
func (st *state) chainFill(pinned []bool, sc *chainScratch) bool {
	st.chainLinks(pinned, sc)
	return st.chainSearch(pinned, sc, -1, true)
}

// chainFrom finds and applies the best chain from every empty place and
// every place whose volunteer may leave (only < 0), or from the first
// empty place of seat only.
func (st *state) chainFrom(pinned []bool, sc *chainScratch, only int) bool {
	return st.chainSearch(pinned, sc, only, false)
}

// chainSearch is chainFrom, or chainFill's search when short.
func (st *state) chainSearch(pinned []bool, sc *chainScratch, only int, short bool) bool {
	clear(sc.has)
	// Sources: the first empty place of a seat costs nothing; a place
	// whose volunteer leaves costs that.
	for s, ps := range st.seatPlaces {
		if only >= 0 && s != only {
			continue
		}
		room := false
		for _, p := range ps {
			switch {
			case pinned[p]:
			case st.who[p] < 0:
				if !room {
					sc.lab[p], sc.has[p], sc.par[p] = delta{}, true, chainRoom
					room = true
				}
			case only < 0 && !short:
				sc.lab[p], sc.has[p], sc.par[p] = st.loss(st.who[p], s), true, chainDrop
			}
		}
	}
	// Rounds of relaxation, as many as links in a chain (at most 16),
	// each from the places whose label changed.
	copy(sc.dirty, sc.has)
	cycle, cycleAt, cycleCost := -1, -1, delta{}
	for range min(len(st.place), 16) {
		changed := false
		for x, s := range st.place {
			if !sc.dirty[x] {
				continue
			}
			sc.dirty[x] = false
			for _, e := range sc.out[s] {
				ed := &sc.edges[e]
				d := add(sc.lab[x], ed.cost)
				if short {
					d = add(sc.lab[x], delta{Load: 1})
				}
				if sc.has[ed.p] && d.Compare(sc.lab[ed.p]) >= 0 {
					continue
				}
				switch sc.onPath(x, ed.p, ed.v, st) {
				case pathClear:
					sc.lab[ed.p], sc.has[ed.p], sc.par[ed.p], sc.from[ed.p] = d, true, e, x
					sc.dirty[ed.p] = true
					changed = true
				case pathLoop:
					if short {
						continue
					}
					// ed.v's place is on the chain to x: moving them to x's
					// seat closes a loop.
					if c := add(sub(sc.lab[x], sc.lab[ed.p]), ed.cost); better(c) && (cycle < 0 || c.Compare(cycleCost) < 0) {
						cycle, cycleAt, cycleCost = e, x, c
					}
				}
			}
		}
		if !changed {
			break
		}
	}
	// Ends: leave the place empty, or add the cheapest volunteer who may
	// take the seat, priced along the chain as the links now stand (a
	// later link may have changed a place's way back): one that runs into
	// a loop or moves a volunteer twice is dropped. Each chain is also
	// tried one link further, along every link from its end: the cheapest
	// chain to a place is not always the one a volunteer can close.
	type end struct {
		at, via, w int // the chain to place at, then link via (or -1), closed by w (or left empty: -1)
		total      delta
	}
	var ends []end
	for x, s := range st.place {
		if !sc.has[x] {
			continue
		}
		links, cost, ok := st.chainOf(x, sc)
		if !ok {
			continue
		}
		if len(links) > 0 && better(cost) {
			ends = append(ends, end{x, -1, -1, cost})
		}
		if w, d, ok := st.closer(s, links, -1, sc); ok && better(add(cost, d)) {
			ends = append(ends, end{x, -1, w, add(cost, d)})
		}
		if len(links) == 16 {
			continue
		}
		for _, e := range sc.out[s] {
			ed := &sc.edges[e]
			if sc.onPath(x, ed.p, ed.v, st) != pathClear {
				continue
			}
			c := add(cost, ed.cost)
			if better(c) {
				ends = append(ends, end{x, e, -1, c})
			}
			if w, d, ok := st.closer(ed.q, links, e, sc); ok && better(add(c, d)) {
				ends = append(ends, end{x, e, w, add(c, d)})
			}
		}
	}
	slices.SortStableFunc(ends, func(a, b end) int { return a.total.Compare(b.total) })
	before := st.score()
	if cycle >= 0 && (len(ends) == 0 || cycleCost.Compare(ends[0].total) < 0) && st.applyCycle(cycle, cycleAt, before, sc) {
		return true
	}
	for i, e := range ends {
		if i == 16 {
			break
		}
		if st.applyChain(e.at, e.via, e.w, before, sc) {
			return true
		}
	}
	return false
}

// closer picks the volunteer who ends a chain of links (then link via,
// when not -1) that leaves seat s in need: the cheapest off the chain who
// may take s, or one who moved along it, on top of the seat they moved
// to. It returns false when there is none.
func (st *state) closer(s int, links []int, via int, sc *chainScratch) (int, delta, bool) {
	r := st.r
	moved := func(yield func(*chainEdge) bool) {
		for _, e := range links {
			if !yield(&sc.edges[e]) {
				return
			}
		}
		if via >= 0 {
			yield(&sc.edges[via])
		}
	}
	onChain := func(w int) bool {
		for ed := range moved {
			if ed.v == w {
				return true
			}
		}
		return false
	}
	best, bd := -1, delta{}
	try := func(w int) {
		if g := st.gain(w, s); best < 0 || g.Compare(bd) < 0 || g == bd && w < best {
			best, bd = w, g
		}
	}
	if i := slices.IndexFunc(sc.closers[s], func(w int) bool { return !onChain(w) }); i >= 0 {
		try(sc.closers[s][i])
	} else if len(sc.closers[s]) == chainClosers {
		for _, w := range r.eligVols[s] {
			if !onChain(w) && st.canTake(w, s, -1) {
				try(w)
			}
		}
	}
	for ed := range moved {
		if ed.q != s && r.elig[ed.v][s] && st.canTakeAfter(ed.v, s, ed.q, ed.to) {
			try(ed.v)
		}
	}
	return best, bd, best >= 0
}

// chainOf returns the links of the chain to place x, first link last, and
// its cost, or false when it runs into a loop, moves a volunteer twice or
// has more than 16 links.
func (st *state) chainOf(x int, sc *chainScratch) ([]int, delta, bool) {
	links := sc.links[:0]
	var cost delta
	for sc.par[x] >= 0 {
		e := sc.par[x]
		ed := &sc.edges[e]
		if len(links) == 16 || slices.ContainsFunc(links, func(o int) bool { return sc.edges[o].v == ed.v || sc.edges[o].p == ed.p }) {
			sc.links = links
			return nil, delta{}, false
		}
		links = append(links, e)
		cost = add(cost, ed.cost)
		x = sc.from[x]
	}
	if sc.par[x] == chainDrop {
		if slices.ContainsFunc(links, func(o int) bool { return sc.edges[o].v == st.who[x] }) {
			sc.links = links
			return nil, delta{}, false
		}
		cost = add(cost, st.loss(st.who[x], st.place[x]))
	}
	sc.links = links
	return links, cost, true
}

// applyChain applies the chain to place at, then link via (when not -1),
// closed by adding w (or left empty when w < 0), and keeps it when the
// objective improves on before; otherwise it puts the plan back.
func (st *state) applyChain(at, via, w int, before RotaObjective, sc *chainScratch) bool {
	links, _, ok := st.chainOf(at, sc)
	if !ok {
		return false
	}
	end := st.place[at]
	if via >= 0 {
		links = append([]int{via}, links...)
		end = sc.edges[via].q
	}
	src := at
	for sc.par[src] >= 0 {
		src = sc.from[src]
	}
	sc.saved = append(sc.saved[:0], st.who...)
	if sc.par[src] == chainDrop {
		st.take(src)
	}
	for i := len(links) - 1; i >= 0 && ok; i-- {
		ed := sc.edges[links[i]]
		if st.who[ed.p] != ed.v {
			ok = false
			break
		}
		st.take(ed.p)
		ok = st.seatOn(ed.v, ed.to)
	}
	if ok && w >= 0 {
		ok = st.seatOn(w, end)
	}
	if ok && st.score().Compare(before) < 0 {
		return true
	}
	st.restore(sc.saved)
	return false
}

// seatOn puts v on an empty place of seat s when the rules allow it, and
// tells whether it did.
func (st *state) seatOn(v, s int) bool {
	if !st.canTake(v, s, -1) {
		return false
	}
	for _, p := range st.seatPlaces[s] {
		if st.who[p] < 0 {
			st.put(p, v)
			return true
		}
	}
	return false
}

const (
	pathClear = iota
	pathLoop  // the place is on the chain
	pathTwice // the volunteer is on the chain
)

// onPath tells whether place y or volunteer v is on the chain to place x.
func (sc *chainScratch) onPath(x, y, v int, st *state) int {
	for n := 0; n <= 16; n++ {
		if x == y {
			return pathLoop
		}
		switch e := sc.par[x]; e {
		case chainRoom:
			return pathClear
		case chainDrop:
			if st.who[x] == v {
				return pathTwice
			}
			return pathClear
		default:
			if sc.edges[e].v == v {
				return pathTwice
			}
		}
		x = sc.from[x]
	}
	return pathTwice
}

func sub(a, b delta) delta {
	return delta{a.Filled - b.Filled, a.Load - b.Load, a.Nights - b.Nights, a.Distance - b.Distance, a.Kept - b.Kept}
}

// applyCycle applies the loop closed by link e (its volunteer's place is
// on the chain to place x): each volunteer of the loop moves to the seat
// of the place before theirs, e's to x's. It keeps the result when the
// objective improves on before.
func (st *state) applyCycle(e, x int, before RotaObjective, sc *chainScratch) bool {
	links := []int{e}
	for y := x; y != sc.edges[e].p; y = sc.from[y] {
		if sc.par[y] < 0 || len(links) > 16 {
			return false
		}
		links = append(links, sc.par[y])
	}
	sc.saved = append(sc.saved[:0], st.who...)
	ok := true
	for _, l := range links {
		if ed := sc.edges[l]; st.who[ed.p] != ed.v {
			ok = false
			break
		} else {
			st.take(ed.p)
		}
	}
	for _, l := range links {
		if !ok {
			break
		}
		ok = st.seatOn(sc.edges[l].v, sc.edges[l].to)
	}
	if ok && st.score().Compare(before) < 0 {
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

package allocate

import (
	"cmp"
	"slices"
)

// rotaUnit is the seats of one time slot: the same Start, End, Night and
// Week. Two seats of a unit overlap, so a volunteer holds at most one.
type rotaUnit struct {
	seats []int
	night bool
	week  int
}

// window is a part of the plan re-solved exactly at once: groups of
// seats, each a clique of the clash graph (a volunteer takes at most one
// seat of a group), no seat of one group clashing with a seat of another.
// A window of several groups is within one week and each of its groups is
// one unit, so every seat of a group is a night or none is.
type window struct {
	groups [][]int
	// vols are the volunteers who may take one of its seats; solved is
	// the plan's tick when it was last solved without gain (0: never).
	vols   []int
	solved int
}

// units groups the seats into rotaUnits, in seat order.
func (r *rota) units() []rotaUnit {
	type key struct {
		start, end int64
		night      bool
		week       int
	}
	at := map[key]int{}
	var us []rotaUnit
	for si, s := range r.seats {
		k := key{s.Start, s.End, s.Night, s.Week}
		i, ok := at[k]
		if !ok {
			i = len(us)
			at[k] = i
			us = append(us, rotaUnit{night: s.Night, week: s.Week})
		}
		us[i].seats = append(us[i].seats, si)
	}
	return us
}

// windows lists the windows the search re-solves, in a fixed order: each
// maximal run of units in time order that all clash with each other (one
// group: a volunteer may move between them), then, within each week, the
// units taken every k-th for k = 2 and 3, skipping one that clashes with
// the one taken before (several groups: a volunteer's shifts are
// re-spread over them with the convex aims priced exactly).
func (r *rota) windows() []window {
	us := r.units()
	clash := func(a, b int) bool { return r.clsh[us[a].seats[0]][us[b].seats[0]] }
	var ws []window
	last := -1
	for i := range us {
		j := i
		for j+1 < len(us) {
			all := true
			for k := i; k <= j; k++ {
				if !clash(k, j+1) {
					all = false
					break
				}
			}
			if !all {
				break
			}
			j++
		}
		if j <= last {
			continue
		}
		last = j
		var g []int
		for k := i; k <= j; k++ {
			g = append(g, us[k].seats...)
		}
		ws = append(ws, r.window([][]int{g}))
	}
	weeks := map[int][]int{}
	var order []int
	for i, u := range us {
		if _, ok := weeks[u.week]; !ok {
			order = append(order, u.week)
		}
		weeks[u.week] = append(weeks[u.week], i)
	}
	for _, k := range []int{2, 3} {
		for _, wk := range order {
			in := weeks[wk]
			for rem := range k {
				var groups [][]int
				prev := -1
				for x := rem; x < len(in); x += k {
					if prev >= 0 && clash(prev, in[x]) {
						continue
					}
					groups = append(groups, us[in[x]].seats)
					prev = in[x]
				}
				if len(groups) > 1 {
					ws = append(ws, r.window(groups))
				}
			}
		}
	}
	return ws
}

// window makes the window of groups, with its volunteers.
func (r *rota) window(groups [][]int) window {
	in := make([]bool, len(r.vols))
	w := window{groups: groups}
	for _, g := range groups {
		for _, s := range g {
			for _, v := range r.eligVols[s] {
				in[v] = true
			}
		}
	}
	for v, ok := range in {
		if ok {
			w.vols = append(w.vols, v)
		}
	}
	return w
}

// windowScratch is what solveWindow reuses from one window to the next.
type windowScratch struct {
	g        flowGraph
	seatN    []int32 // seat -> its node in the graph, or -1
	seatArc  []int32 // seat -> its arc to the sink
	room     []int32 // seat -> its free places in the window
	okBy     [][]int // group -> the seats the volunteer at hand may take
	picked   []flowPick
	vload    [][]int32 // volunteer -> arcs of their k-th seat in the window
	vnight   [][]int32 // volunteer -> arcs of their k-th night
	vpicked  []int     // volunteer -> first of their picks
	vpickEnd []int
}

// flowPick is an arc that seats volunteer v on seat s when it carries
// flow; hub, when not -1, is the arc into the node of v's group.
type flowPick struct {
	arc, hub int32
	v, s     int
}

// solveWindow re-solves the places of window w (but the pinned ones) as a
// least-cost flow of the most volunteers, the rest of the plan held, and
// keeps the result when the objective strictly improves. A volunteer's
// seats in the window cost their marginal Load and Nights in order (2k+1
// for the k-th: these are convex, so a least-cost flow takes them in
// order and prices them exactly), so the flow is the best the window can
// hold. The flow starts from the plan as it stands, so a window with
// nothing to gain costs little.
func (st *state) solveWindow(w window, pinned []bool, sc *windowScratch) bool {
	return st.solveWindowP(w, pinned, sc, nil)
}

// solveWindowP is solveWindow where, when pattern is not nil, volunteer v
// may take seats only of groups gi with pattern(v, gi); each volunteer's
// groups must then be clear of each other.
func (st *state) solveWindowP(w window, pinned []bool, sc *windowScratch, pattern func(v, gi int) bool) bool {
	r := st.r
	if sc.seatN == nil {
		sc.seatN = make([]int32, len(r.seats))
		for i := range sc.seatN {
			sc.seatN[i] = -1
		}
		sc.seatArc = make([]int32, len(r.seats))
		sc.room = make([]int32, len(r.seats))
		sc.vload = make([][]int32, len(r.vols))
		sc.vnight = make([][]int32, len(r.vols))
		sc.vpicked = make([]int, len(r.vols))
		sc.vpickEnd = make([]int, len(r.vols))
	}
	var free, old []int // the window's places that may change, and who held them
	for _, grp := range w.groups {
		for _, s := range grp {
			for _, p := range st.seatPlaces[s] {
				if !pinned[p] {
					free = append(free, p)
					old = append(old, st.who[p])
				}
			}
		}
	}
	if len(free) == 0 {
		return false
	}
	before := st.score()
	for _, p := range free {
		if st.who[p] >= 0 {
			st.take(p)
		}
		sc.room[st.place[p]]++
	}
	g := &sc.g
	g.reset()
	for _, grp := range w.groups {
		for _, s := range grp {
			if sc.room[s] > 0 && sc.seatN[s] < 0 {
				sc.seatN[s] = g.node()
				sc.seatArc[s] = g.arc(sc.seatN[s], 1, sc.room[s], fcost{})
			}
		}
	}
	multi := len(w.groups) > 1
	sc.picked = sc.picked[:0]
	sc.okBy = slices.Grow(sc.okBy[:0], len(w.groups))[:len(w.groups)]
	for v := range r.vols {
		sc.vload[v], sc.vnight[v] = sc.vload[v][:0], sc.vnight[v][:0]
		sc.vpicked[v], sc.vpickEnd[v] = len(sc.picked), len(sc.picked)
		groups, nightGroups := 0, 0
		for gi, grp := range w.groups {
			ok := sc.okBy[gi][:0]
			if pattern == nil || pattern(v, gi) {
				for _, s := range grp {
					if sc.seatN[s] >= 0 && st.canTake(v, s, -1) {
						ok = append(ok, s)
					}
				}
			}
			sc.okBy[gi] = ok
			if len(ok) > 0 {
				groups++
				if r.seats[ok[0]].Night {
					nightGroups++
				}
			}
		}
		if groups == 0 {
			continue
		}
		vol := r.vols[v]
		h := int64(vol.History + st.count[v])
		n := int64(vol.NightsBefore + st.nights[v])
		most := groups
		if m := vol.MaxPerWeek; m > 0 && multi {
			most = min(most, m-st.week[v][r.seats[w.groups[0][0]].Week])
		}
		if most <= 0 {
			continue
		}
		vn := g.node()
		if !multi {
			// One seat at most: each seat's cost is its whole marginal.
			sc.vload[v] = append(sc.vload[v], g.arc(0, vn, 1, fcost{load: 2*h + 1}))
			for _, s := range sc.okBy[0] {
				c := fcost{dist: r.dist[v][s]}
				if r.seats[s].Night {
					c.nights = 2*n + 1
				}
				if r.keep[v][s] {
					c.kept = -1
				}
				sc.picked = append(sc.picked, flowPick{g.arc(vn, sc.seatN[s], 1, c), -1, v, s})
			}
			sc.vpickEnd[v] = len(sc.picked)
			continue
		}
		for k := range int64(most) {
			sc.vload[v] = append(sc.vload[v], g.arc(0, vn, 1, fcost{load: 2*(h+k) + 1}))
		}
		hubN := int32(-1)
		if nightGroups > 0 {
			hubN = g.node()
			for k := range int64(min(nightGroups, most)) {
				sc.vnight[v] = append(sc.vnight[v], g.arc(vn, hubN, 1, fcost{nights: 2*(n+k) + 1}))
			}
		}
		for _, ok := range sc.okBy {
			if len(ok) == 0 {
				continue
			}
			hub, into := vn, int32(-1)
			if r.seats[ok[0]].Night {
				hub = hubN
			}
			if len(ok) > 1 {
				vg := g.node()
				into = g.arc(hub, vg, 1, fcost{})
				hub = vg
			}
			for _, s := range ok {
				c := fcost{dist: r.dist[v][s]}
				if r.keep[v][s] {
					c.kept = -1
				}
				sc.picked = append(sc.picked, flowPick{g.arc(hub, sc.seatN[s], 1, c), into, v, s})
			}
		}
		sc.vpickEnd[v] = len(sc.picked)
	}
	// Start from the plan as it stands, where the window allows it.
	for i, p := range free {
		v, s := old[i], st.place[p]
		if v < 0 {
			continue
		}
		k := slices.IndexFunc(sc.picked[sc.vpicked[v]:sc.vpickEnd[v]], func(pk flowPick) bool { return pk.s == s })
		if k < 0 {
			continue
		}
		pk := sc.picked[sc.vpicked[v]+k]
		if len(sc.vload[v]) == 0 || g.arcs[pk.arc].cap == 0 || pk.hub >= 0 && g.arcs[pk.hub].cap == 0 {
			continue
		}
		night := multi && r.seats[s].Night
		if night && len(sc.vnight[v]) == 0 {
			continue
		}
		g.send(sc.vload[v][0])
		sc.vload[v] = sc.vload[v][1:]
		if night {
			g.send(sc.vnight[v][0])
			sc.vnight[v] = sc.vnight[v][1:]
		}
		if pk.hub >= 0 {
			g.send(pk.hub)
		}
		g.send(pk.arc)
		g.send(sc.seatArc[s])
	}
	changed := g.flow()
	for _, p := range free {
		sc.seatN[st.place[p]] = -1
		sc.room[st.place[p]] = 0
	}
	if changed {
		// Seat the flow's volunteers on the free places, in order.
		for _, pk := range sc.picked {
			if g.arcs[pk.arc].cap > 0 {
				continue
			}
			for _, p := range free {
				if st.place[p] == pk.s && st.who[p] < 0 {
					st.put(p, pk.v)
					break
				}
			}
		}
		if st.score().Compare(before) < 0 {
			return true
		}
		for _, p := range free {
			if st.who[p] >= 0 {
				st.take(p)
			}
		}
	}
	for i, p := range free {
		if old[i] >= 0 {
			st.put(p, old[i])
		}
	}
	return false
}

// patternWindows re-solves each week at once, every volunteer restricted
// to a pattern: units clear of each other (so the week is one flow). A
// volunteer's own pattern is the units they hold, with every unit clear of
// those added in time order; so the plan as it stands is in the window and
// the flow exchanges seats across the whole week. A volunteer whose own
// pattern is full and holds fewer shifts than they could do (their week's
// limit, or the most units clear of each other they may take) is also
// tried on a largest pattern instead: units chosen by earliest end, then, failing
// that, by latest start. It keeps the first window that improves the
// plan, and tells whether one did.
func (st *state) patternWindows(pinned []bool, sc *windowScratch) bool {
	r := st.r
	us := r.units()
	clash := func(a, b int) bool { return r.clsh[us[a].seats[0]][us[b].seats[0]] }
	var weeks []int
	byWeek := map[int][]int{}
	for i, u := range us {
		if _, ok := byWeek[u.week]; !ok {
			weeks = append(weeks, u.week)
		}
		byWeek[u.week] = append(byWeek[u.week], i)
	}
	unitOf := make([]int, len(r.seats))
	for i, u := range us {
		for _, s := range u.seats {
			unitOf[s] = i
		}
	}
	for _, wk := range weeks {
		in := byWeek[wk]
		pos := map[int]int{} // unit -> group
		var w window
		for gi, u := range in {
			pos[u] = gi
			w.groups = append(w.groups, us[u].seats)
		}
		can := func(v, u int) bool {
			for _, s := range us[u].seats {
				if r.elig[v][s] {
					return true
				}
			}
			return false
		}
		// greedy adds to pat the units of order clear of pat's.
		greedy := func(v int, pat []bool, order []int) int {
			n := 0
			for gi := range pat {
				if pat[gi] {
					n++
				}
			}
			for _, u := range order {
				gi := pos[u]
				if pat[gi] || !can(v, u) {
					continue
				}
				clear := true
				for gj, on := range pat {
					if on && clash(u, in[gj]) {
						clear = false
						break
					}
				}
				if clear {
					pat[gi] = true
					n++
				}
			}
			return n
		}
		byEnd := slices.Clone(in)
		slices.SortStableFunc(byEnd, func(a, b int) int {
			return cmp.Compare(r.seats[us[a].seats[0]].End, r.seats[us[b].seats[0]].End)
		})
		byStart := slices.Clone(in)
		slices.Reverse(byStart)
		slices.SortStableFunc(byStart, func(a, b int) int {
			return cmp.Compare(r.seats[us[b].seats[0]].Start, r.seats[us[a].seats[0]].Start)
		})
		own := make([][]bool, len(r.vols))
		alt := make([][][]bool, 2)
		wider := false
		for v := range r.vols {
			own[v] = make([]bool, len(in))
			for _, s := range st.heldIn(v) {
				if gi, ok := pos[unitOf[s]]; ok {
					own[v][gi] = true
				}
			}
			n := greedy(v, own[v], in)
			limit := len(in)
			if m := r.vols[v].MaxPerWeek; m > 0 {
				limit = m
			}
			for k, order := range [][]int{byEnd, byStart} {
				if alt[k] == nil {
					alt[k] = make([][]bool, len(r.vols))
				}
				alt[k][v] = own[v]
				p := make([]bool, len(in))
				if most := greedy(v, p, order); st.weekCount(v, wk) >= min(n, limit) && min(most, limit) > min(n, limit) {
					alt[k][v] = p
					wider = true
				}
			}
		}
		tries := [][][]bool{own}
		if wider {
			tries = append(alt, own)
		}
		for _, pat := range tries {
			if st.solveWindowP(w, pinned, sc, func(v, gi int) bool { return pat[v][gi] }) {
				return true
			}
		}
	}
	return false
}

// heldIn lists the seats volunteer v holds.
func (st *state) heldIn(v int) []int { return st.held[v] }

// weekCount is how many seats of week wk volunteer v holds.
func (st *state) weekCount(v, wk int) int { return st.week[v][wk] }

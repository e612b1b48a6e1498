package allocate

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
)

// This file makes the sparse pairing exact (column generation). The
// candidate graph is solved, every arc of the full graph (every elder ×
// every volunteer within reach outside its household) is priced out
// against the solver's potentials, the violating arcs are added, the
// graph is solved again (warm, see lapSparse.update), and so on until no
// arc of the full graph has a negative reduced cost.
//
// Why that is exact. The pairing is the linear program
//
//	min Σ c_ij x_ij + U Σ y_i
//	s.t. Σ_j x_ij + y_i = 1 (elder i), Σ_i x_ij ≤ places_j (volunteer j), x, y ≥ 0
//
// whose dual is max Σ u_i + Σ places_j v_j s.t. u_i + v_j ≤ c_ij, u_i ≤ U,
// v_j ≤ 0. The sparse solver keeps, on the arcs it was given, reduced
// costs c_ij − u_i − v_j ≥ 0, equal to 0 on the pairs it makes; u_i = U
// for an elder on its "unpaired" column and u_i ≤ U for the others;
// v_j ≤ 0, and v_j = 0 while volunteer j has a free place. (That is why
// the solver must see every volunteer's real places: a column cut to fewer
// places could be "full" with v_j < 0 and places left.) Once pricing
// finds no arc of the full graph with c_ij − u_i − v_j < 0, (u, v) is
// feasible for the dual of the full problem and complementary slackness
// holds, so the plan is optimal on the full graph, not only on the
// candidate one; with U above unpairedFloor for the full graph, it pairs
// as many elders as any plan does and costs least among those.
//
// Pricing by groups. A cost depends only on the two locations and on the
// elder's needs against the volunteer's skill set, so volunteers are
// grouped by location and skill set, and within a group only the largest
// v_j matters. Groups come at three levels: a unit of a building (seen
// from the same building, at DistSameUnit or DistSameBuilding), a
// building (seen from the other buildings of its area) and an area (seen
// from other areas, all at DistOtherArea: per skill set the areas are
// ranked by their largest v_j, and the elder's own is skipped). The least
// c_ij − v_j is computed once per elder location and needs and shared by
// the elders there. It counts the elder's own household too; the arcs then
// added leave it out, so an elder whose only "violation" is its own
// household gets no arc.
//
// Which arcs are added. For the elders of one location and needs that
// may violate, the volunteers are listed by c_ij − v_j (then column), as
// long as one of those elders would take them, until their places reach
// the number of those elders plus K − 1. Each violating elder gets its
// best arc outside its household (which the graph cannot have: an arc of
// the graph has a non-negative reduced cost) and K arcs from a window of
// the list that starts at its rank, so that elders crowding one location
// spread over the volunteers near them instead of all asking for the
// same K. Each elder left unpaired also gets
// an arc to the cheapest free place that no other elder was given this
// round, so that the next solve can pair them all at once. Every round
// adds at least one arc, so the loop ends.
//
// The first candidate graph. The K nearest volunteers leave skills out; an
// elder with needs also gets, from the start, the arcs pricing would give
// it if every volunteer were free and every arc violated (initial): its
// cheapest volunteers. That saves the rounds that would find, one by one,
// the volunteers who cover a need a few buildings away.

// pairStats counts the work of Pairs, for benchmarks and tests.
type pairStats struct {
	rounds int // solves of the sparse graph, the first (cold) one included; 0 for the dense solver
	added  int // arcs pricing added to the first candidate graph
	arcs   int // arcs of the last graph solved
}

// pricedArc is an arc pricing adds: elder row, volunteer col, at cost.
type pricedArc struct {
	row, col int32
	cost     int64
}

// The levels of volunteer groups.
const (
	unitLevel = iota // a unit of a building: seen from the same building
	siteLevel        // a building: seen from other buildings of its area
	areaLevel        // an area: seen from other areas
)

// priceGroups holds volunteers grouped by container (a unit, a building or
// an area) and skill set: container x has groups first[x]..first[x+1]-1,
// group g the columns cols[start[g]:start[g+1]], which each round sorts
// by v, largest first, then by column.
type priceGroups struct {
	first []int32
	start []int32
	ks    []int32 // skill set of each group
	of    []int32 // container of each group
	cols  []int32
	top   []int64 // largest v of each group, this round
}

// add appends a container whose columns are cols (ascending).
func (p *priceGroups) add(cols []int32, ksOf []int32) {
	if len(p.first) == 0 {
		p.first = append(p.first, 0)
		p.start = append(p.start, 0)
	}
	x := int32(len(p.first) - 1)
	from := len(p.cols)
	p.cols = append(p.cols, cols...)
	mine := p.cols[from:]
	slices.SortStableFunc(mine, func(a, b int32) int { return cmp.Compare(ksOf[a], ksOf[b]) })
	for i := range mine {
		if i > 0 && ksOf[mine[i]] != ksOf[mine[i-1]] {
			p.start = append(p.start, int32(from+i))
		}
		if i == 0 || ksOf[mine[i]] != ksOf[mine[i-1]] {
			p.ks = append(p.ks, ksOf[mine[i]])
			p.of = append(p.of, x)
		}
	}
	if len(mine) > 0 {
		p.start = append(p.start, int32(len(p.cols)))
	}
	p.first = append(p.first, int32(len(p.ks)))
}

// sort orders each group by v, largest first, then by column, and records
// each group's largest v.
func (p *priceGroups) sort(v []int64) {
	p.top = p.top[:0]
	for g := range p.ks {
		grp := p.cols[p.start[g]:p.start[g+1]]
		slices.SortFunc(grp, func(a, b int32) int { return cmp.Or(cmp.Compare(v[b], v[a]), cmp.Compare(a, b)) })
		p.top = append(p.top, v[grp[0]])
	}
}

// pricer prices out the full pairing graph (see the top of this file).
type pricer struct {
	elders  []pairElder
	vols    []pairVol
	near    *nearFinder // its areas and sites (buildings) with their units
	own     map[string][]int32
	tags    *tagIndex
	w       Weights
	maxDist int64
	k       int

	needs    []int32   // elder → needs class (the same normalised needs)
	needRep  []int32   // needs class → an elder with those needs
	skills   []int32   // column → skill set
	skillRep []int32   // skill set → a volunteer with it
	unc      [][]int32 // [needs class][skill set] → needs left uncovered; a row is filled on first use

	groups    [3]priceGroups       // by level; unit containers are numbered site by site
	unitBase  []int32              // site → its first unit container
	buildings []map[string][]int32 // area → building text → its sites, for the same building

	classOf   []int32      // elder → class (location and needs class), numbered in row order
	classes   []priceKey   // class → its location and needs class
	classBldg []int32      // class → its building (location with Unit cleared), numbered in row order
	reach     [][]siteDist // building → the other buildings of its area within reach, nearest first; nil until first use

	// This round's state.
	v        []int64
	areaRank [][]int32 // skill set → its area-level groups by top, largest first, then area
	least    []int64   // class → least c − v (see leastOf), valid when leastAt == round
	leastAt  []int32
	round    int32

	// The merge of startMerge and next.
	heap   priceHeap
	mKey   priceKey
	mArea  int32      // the elder's area, or -1
	mSites []siteDist // buildings not yet in the merge, nearest first
	mAreas bool       // the other areas are not yet in the merge
	mBound int64      // what no cost c − v reaches: sites and areas beyond it are left out
}

// siteDist is a building (site) at a distance from an elder's building.
type siteDist struct {
	site int32
	d    int64
}

// priceKey is a class of elders: one location, one needs class.
type priceKey struct {
	loc   Location
	needs int32
}

// priceClass is the elders of one class that may violate, in row order.
type priceClass struct {
	class  int32
	elders []int32
}

func newPricer(elders []pairElder, vols []pairVol, near *nearFinder, own map[string][]int32, tags *tagIndex, w Weights, maxDist int64, k int) *pricer {
	p := &pricer{elders: elders, vols: vols, near: near, own: own, tags: tags, w: w, maxDist: maxDist, k: k}
	// Needs classes and skill sets, numbered in row and column order; the
	// maps are only read by key.
	needClass := map[string]int32{}
	p.needs = make([]int32, len(elders))
	for i := range elders {
		key := tagsKey(elders[i].needs)
		c, ok := needClass[key]
		if !ok {
			c = int32(len(p.needRep))
			needClass[key] = c
			p.needRep = append(p.needRep, int32(i))
		}
		p.needs[i] = c
	}
	p.unc = make([][]int32, len(p.needRep))
	skillSet := map[string]int32{}
	p.skills = make([]int32, len(vols))
	for c := range vols {
		key := tagsKey(vols[c].skills)
		ks, ok := skillSet[key]
		if !ok {
			ks = int32(len(p.skillRep))
			skillSet[key] = ks
			p.skillRep = append(p.skillRep, int32(c))
		}
		p.skills[c] = ks
	}

	p.unitBase = make([]int32, len(near.sites))
	units := int32(0)
	for s := range near.sites {
		p.unitBase[s] = units
		for _, u := range near.sites[s].units {
			p.groups[unitLevel].add(u.cols, p.skills)
			units++
		}
		p.groups[siteLevel].add(near.sites[s].cols, p.skills)
	}
	areaCols := make([][]int32, len(near.areas))
	for c, a := range near.colArea {
		areaCols[a] = append(areaCols[a], int32(c))
	}
	p.buildings = make([]map[string][]int32, len(near.areas))
	for a := range near.areas {
		p.groups[areaLevel].add(areaCols[a], p.skills)
		p.buildings[a] = map[string][]int32{}
		for _, s := range near.areas[a].sites {
			if b := near.sites[s].loc.Building; b != "" {
				p.buildings[a][b] = append(p.buildings[a][b], s)
			}
		}
	}
	p.areaRank = make([][]int32, len(p.skillRep))
	for g, ks := range p.groups[areaLevel].ks {
		p.areaRank[ks] = append(p.areaRank[ks], int32(g))
	}

	// Classes of elders and their buildings; the maps are only read by
	// key.
	classOf := map[priceKey]int32{}
	bldgOf := map[Location]int32{}
	p.classOf = make([]int32, len(elders))
	for i := range elders {
		key := priceKey{elders[i].loc, p.needs[i]}
		c, ok := classOf[key]
		if !ok {
			c = int32(len(p.classes))
			classOf[key] = c
			p.classes = append(p.classes, key)
			bl := key.loc
			bl.Unit = ""
			b, ok := bldgOf[bl]
			if !ok {
				b = int32(len(p.reach))
				bldgOf[bl] = b
				p.reach = append(p.reach, nil)
			}
			p.classBldg = append(p.classBldg, b)
		}
		p.classOf[i] = c
	}
	p.least = make([]int64, len(p.classes))
	p.leastAt = make([]int32, len(p.classes))
	return p
}

// tagsKey is a map key for a list of tags: each tag with its length
// first, so that no two lists share a key whatever their tags hold.
func tagsKey(tags []string) string {
	var b strings.Builder
	for _, t := range tags {
		b.WriteString(strconv.Itoa(len(t)))
		b.WriteByte(':')
		b.WriteString(t)
	}
	return b.String()
}

func (p *pricer) within(d int64) bool { return p.maxDist == 0 || d <= p.maxDist }

// uncovered returns how many needs of class nc skill set ks leaves
// uncovered.
func (p *pricer) uncovered(nc, ks int32) int64 {
	row := p.unc[nc]
	if row == nil {
		row = make([]int32, len(p.skillRep))
		e := &p.elders[p.needRep[nc]]
		for k, c := range p.skillRep {
			row[k] = int32(p.tags.uncovered(e, &p.vols[c]))
		}
		p.unc[nc] = row
	}
	return int64(row[ks])
}

// cost is the cost of a pair at distance d with a volunteer of skill set
// ks for an elder of needs class nc, without Keep.
func (p *pricer) cost(d int64, nc, ks int32) int64 {
	return p.w.Distance*d + p.w.Need*p.uncovered(nc, ks)
}

// setPotentials takes the column potentials of a solve: it orders the
// groups and ranks the areas by them, and forgets the last round's
// least values.
func (p *pricer) setPotentials(v []int64) {
	p.v = v
	for l := range p.groups {
		p.groups[l].sort(v)
	}
	top := p.groups[areaLevel].top
	for _, rank := range p.areaRank {
		slices.SortFunc(rank, func(a, b int32) int { return cmp.Or(cmp.Compare(top[b], top[a]), cmp.Compare(a, b)) })
	}
	p.round++
}

// nearGroups calls f for every unit- or site-level group within reach of
// an elder at loc, with its distance: the units of the elder's building
// (sameBuilding) and the other buildings of its area. It reports the
// elder's area, or -1 when no volunteer lives in it.
func (p *pricer) nearGroups(class int32, f func(level int, g int32, d int64)) int32 {
	loc := p.classes[class].loc
	p.sameBuilding(loc, f)
	set := &p.groups[siteLevel]
	for _, sd := range p.sitesFrom(class) {
		for g := set.first[sd.site]; g < set.first[sd.site+1]; g++ {
			f(siteLevel, g, sd.d)
		}
	}
	return p.areaOf(loc)
}

// areaOf returns the area of loc, or -1 when no volunteer lives in it.
func (p *pricer) areaOf(loc Location) int32 {
	if a, ok := p.near.areaOf[loc.Area]; ok {
		return a
	}
	return -1
}

// sameBuilding calls f for every unit-level group of the elder's building
// within reach, with its distance.
func (p *pricer) sameBuilding(loc Location, f func(level int, g int32, d int64)) {
	a := p.areaOf(loc)
	if a < 0 || loc.Building == "" {
		return
	}
	set := &p.groups[unitLevel]
	for _, s := range p.buildings[a][loc.Building] {
		site := &p.near.sites[s]
		for x, unit := range site.units {
			ul := site.loc
			ul.Unit = unit.unit
			if d := Distance(loc, ul); p.within(d) {
				ux := p.unitBase[s] + int32(x)
				for g := set.first[ux]; g < set.first[ux+1]; g++ {
					f(unitLevel, g, d)
				}
			}
		}
	}
}

// sitesFrom returns the other buildings of the area of an elder of class
// within reach, nearest first (then by site), computed on first use for
// each building: their distance does not depend on the elder's unit.
func (p *pricer) sitesFrom(class int32) []siteDist {
	b := p.classBldg[class]
	if sd := p.reach[b]; sd != nil {
		return sd
	}
	loc := p.classes[class].loc
	loc.Unit = ""
	sd := []siteDist{}
	if a := p.areaOf(loc); a >= 0 {
		for _, s := range p.near.areas[a].sites {
			site := &p.near.sites[s]
			if loc.Building != "" && site.loc.Building == loc.Building {
				continue
			}
			if d := Distance(loc, site.loc); p.within(d) {
				sd = append(sd, siteDist{s, d})
			}
		}
	}
	slices.SortFunc(sd, func(x, y siteDist) int { return cmp.Or(cmp.Compare(x.d, y.d), cmp.Compare(x.site, y.site)) })
	p.reach[b] = sd
	return sd
}

// nextArea returns the index in p.areaRank[ks] of the first area-level
// group at or after t that is not of area a, or len.
func (p *pricer) nextArea(ks int32, t int, a int32) int {
	rank := p.areaRank[ks]
	for t < len(rank) && p.groups[areaLevel].of[rank[t]] == a {
		t++
	}
	return t
}

// price returns the arcs to add after a solve, by row: u and v are its
// potentials, col4row its rows' columns and free the free places of each
// column. It returns none when no arc of the full graph has a negative
// reduced cost.
func (p *pricer) price(u, v []int64, col4row []int32, free []int32) []pricedArc {
	p.setPotentials(v)
	todo := p.gather(func(i int) bool { return u[i] > p.leastOf(p.classOf[i]) })
	var out []pricedArc
	for _, cl := range todo {
		out = p.arcs(cl, u, out)
	}
	out = p.freeArcs(col4row, free, out)
	return byRow(out, len(p.elders))
}

// byRow returns arcs ordered by row, keeping their order within a row.
func byRow(arcs []pricedArc, rows int) []pricedArc {
	at := make([]int32, rows+1)
	for _, a := range arcs {
		at[a.row+1]++
	}
	for r := range rows {
		at[r+1] += at[r]
	}
	out := make([]pricedArc, len(arcs))
	for _, a := range arcs {
		out[at[a.row]] = a
		at[a.row]++
	}
	return out
}

// initial returns, by row, arcs from each elder with needs to its
// cheapest volunteers within reach (without Keep), as price gives them
// when every such elder violates and no volunteer is full. The K nearest
// volunteers, which Pairs starts from, leave out skills; these arcs save
// the pricing rounds that would find a volunteer who covers a need.
func (p *pricer) initial() []pricedArc {
	u := make([]int64, len(p.elders))
	for i := range u {
		u[i] = lapInf
	}
	p.setPotentials(make([]int64, len(p.vols)))
	todo := p.gather(func(i int) bool { return len(p.elders[i].needs) > 0 })
	var out []pricedArc
	for _, cl := range todo {
		out = p.arcs(cl, u, out)
	}
	return byRow(out, len(p.elders))
}

// gather returns the elders for which keep holds, by class, the classes
// in the order of their first such elder.
func (p *pricer) gather(keep func(i int) bool) []priceClass {
	var todo []priceClass
	at := make(map[int32]int32) // class → index in todo; only read by key
	for i := range p.elders {
		if !keep(i) {
			continue
		}
		c := p.classOf[i]
		t, ok := at[c]
		if !ok {
			t = int32(len(todo))
			at[c] = t
			todo = append(todo, priceClass{class: c})
		}
		todo[t].elders = append(todo[t].elders, int32(i))
	}
	return todo
}

// leastOf returns the least c_ij − v_j over the volunteers j within reach
// of an elder of class, its own household included; lapInf when none is
// within reach. As v ≤ 0, c_ij − v_j is at least Weights.Distance ×
// distance, so the buildings are looked at nearest first until that
// bound reaches the least found.
func (p *pricer) leastOf(class int32) int64 {
	if p.leastAt[class] == p.round {
		return p.least[class]
	}
	key := p.classes[class]
	m := int64(lapInf)
	units := &p.groups[unitLevel]
	p.sameBuilding(key.loc, func(_ int, g int32, d int64) {
		m = min(m, p.cost(d, key.needs, units.ks[g])-units.top[g])
	})
	sites := &p.groups[siteLevel]
	for _, sd := range p.sitesFrom(class) {
		if p.w.Distance*sd.d >= m {
			break
		}
		for g := sites.first[sd.site]; g < sites.first[sd.site+1]; g++ {
			m = min(m, p.cost(sd.d, key.needs, sites.ks[g])-sites.top[g])
		}
	}
	if p.within(DistOtherArea) && p.w.Distance*DistOtherArea < m {
		areas := &p.groups[areaLevel]
		a := p.areaOf(key.loc)
		for ks := range p.areaRank {
			if t := p.nextArea(int32(ks), 0, a); t < len(p.areaRank[ks]) {
				m = min(m, p.cost(DistOtherArea, key.needs, int32(ks))-areas.top[p.areaRank[ks][t]])
			}
		}
	}
	p.least[class], p.leastAt[class] = m, p.round
	return m
}

// arcs appends the arcs for one class of elders that may violate (u of
// an elder at lapInf: every arc violates).
func (p *pricer) arcs(cl priceClass, u []int64, out []pricedArc) []pricedArc {
	// Volunteers the class's elders live with: never an arc for their
	// own elder, and not counted as places for the others either.
	var owned []int32
	umax := int64(-lapInf)
	for _, i := range cl.elders {
		owned = append(owned, p.own[p.elders[i].id]...)
		umax = max(umax, u[i])
	}
	p.startMerge(cl.class, umax)
	need := len(cl.elders) + p.k - 1
	type listed struct {
		col  int32
		cost int64
		key  int64 // cost − v
	}
	var list []listed
	var slots []int32 // indexes in list, one per place of a volunteer nobody in the class lives with
	for len(slots) < need || len(slots) == 0 {
		col, cost, ok := p.next()
		if !ok {
			break
		}
		list = append(list, listed{col, cost, cost - p.v[col]})
		if !slices.Contains(owned, col) {
			for range p.vols[col].places {
				slots = append(slots, int32(len(list)-1))
			}
		}
	}
	rank := 0
	for _, i := range cl.elders {
		mine := p.own[p.elders[i].id]
		best := slices.IndexFunc(list, func(l listed) bool { return !slices.Contains(mine, l.col) })
		if best < 0 || list[best].key >= u[i] {
			continue // no violating arc outside its household
		}
		from := len(out)
		out = append(out, pricedArc{i, list[best].col, list[best].cost})
		for t := range min(p.k, len(slots)) {
			l := list[slots[(rank+t)%len(slots)]]
			if slices.Contains(mine, l.col) || slices.ContainsFunc(out[from:], func(a pricedArc) bool { return a.col == l.col }) {
				continue
			}
			out = append(out, pricedArc{i, l.col, l.cost})
		}
		rank++
	}
	return out
}

// freeArcs gives each unpaired elder, in row order, an arc to the
// cheapest free place within reach that no earlier elder was given this
// round, while there are any. Such an arc violates (its reduced cost is
// its cost − U), and as the arcs go to distinct places the next solve
// can pair all those elders: without them, elders of many locations would
// all be offered the same few free volunteers, and the unpaired would
// shrink by a few dozen a round.
func (p *pricer) freeArcs(col4row []int32, free []int32, out []pricedArc) []pricedArc {
	left := slices.Clone(free) // free places not yet offered this round
	total := 0
	for _, f := range left {
		total += int(f)
	}
	// next[l][g] is where group g's search for a free place resumes:
	// free columns have v = 0, the largest, so they lead their groups.
	var next [3][]int32
	for l := range p.groups {
		next[l] = slices.Clone(p.groups[l].start[:len(p.groups[l].ks)])
	}
	// head returns the first column of group g with a place left that
	// mine does not hold, or -1.
	head := func(l int, g int32, mine []int32) int32 {
		set := &p.groups[l]
		k := next[l][g]
		for k < set.start[g+1] && p.v[set.cols[k]] == 0 && left[set.cols[k]] == 0 {
			k++
		}
		next[l][g] = k
		for ; k < set.start[g+1] && p.v[set.cols[k]] == 0; k++ {
			if c := set.cols[k]; left[c] > 0 && !slices.Contains(mine, c) {
				return c
			}
		}
		return -1
	}
	for i, c := range col4row {
		if total == 0 {
			break
		}
		if c != lapOnDummy {
			continue
		}
		mine := p.own[p.elders[i].id]
		nc := p.needs[i]
		bestCol, bestCost := int32(-1), int64(0)
		try := func(l int, g int32, d int64) {
			cost := p.cost(d, nc, p.groups[l].ks[g])
			if bestCol >= 0 && cost > bestCost {
				return
			}
			if col := head(l, g, mine); col >= 0 && (bestCol < 0 || cost < bestCost || col < bestCol) {
				bestCol, bestCost = col, cost
			}
		}
		a := p.nearGroups(p.classOf[i], try)
		if p.within(DistOtherArea) {
			for ks, rank := range p.areaRank {
				for t := p.nextArea(int32(ks), 0, a); t < len(rank) && p.groups[areaLevel].top[rank[t]] == 0; t = p.nextArea(int32(ks), t+1, a) {
					if head(areaLevel, rank[t], mine) >= 0 {
						try(areaLevel, rank[t], DistOtherArea)
						break
					}
				}
			}
		}
		if bestCol >= 0 {
			out = append(out, pricedArc{int32(i), bestCol, bestCost})
			left[bestCol]--
			total--
		}
	}
	return out
}

// priceCursor walks one group in the merge of startMerge: its column at
// pos, whose c − v is key. An area-level cursor also stands for the areas
// ranked after its own for the skill set (rank is its index there).
type priceCursor struct {
	key, cost int64
	col       int32
	level     int32
	g         int32
	pos, end  int32
	rank      int32
	area      int32 // the elder's area, skipped in the ranking
}

// startMerge starts a merge of the volunteers within reach of an elder
// of class by c − v (then column), leaving out those at bound or
// beyond: next returns them one by one. The groups of the elder's
// building are in the merge from the start; the other buildings join
// nearest first, once Weights.Distance × distance (a bound on their
// c − v, as v ≤ 0) is no more than the least c − v in the merge, and
// the other areas last, one cursor per skill set.
func (p *pricer) startMerge(class int32, bound int64) {
	key := p.classes[class]
	p.heap = p.heap[:0]
	p.mKey, p.mBound = key, bound
	p.mArea = p.areaOf(key.loc)
	p.sameBuilding(key.loc, func(level int, g int32, d int64) {
		p.heap = append(p.heap, p.cursor(level, g, d))
	})
	p.heap.init()
	p.mSites = p.sitesFrom(class)
	p.mAreas = p.within(DistOtherArea) && p.w.Distance*DistOtherArea < bound
}

// cursor is a cursor at the first volunteer of group g of a level, at
// distance d from the elder of the merge.
func (p *pricer) cursor(level int, g int32, d int64) priceCursor {
	set := &p.groups[level]
	cost := p.cost(d, p.mKey.needs, set.ks[g])
	return priceCursor{key: cost - set.top[g], cost: cost, col: set.cols[set.start[g]], level: int32(level), g: g, pos: set.start[g], end: set.start[g+1]}
}

// next pops the volunteer with the least c − v (then the lowest column)
// from the merge, with its cost; ok is false when none is left below the
// bound.
func (p *pricer) next() (col int32, cost int64, ok bool) {
	for {
		var low int64 = lapInf
		if len(p.heap) > 0 {
			low = p.heap[0].key
		}
		switch {
		case len(p.mSites) > 0 && p.w.Distance*p.mSites[0].d <= low && p.w.Distance*p.mSites[0].d < p.mBound:
			sd := p.mSites[0]
			p.mSites = p.mSites[1:]
			set := &p.groups[siteLevel]
			for g := set.first[sd.site]; g < set.first[sd.site+1]; g++ {
				p.heap.push(p.cursor(siteLevel, g, sd.d))
			}
			continue
		case p.mAreas && (len(p.mSites) == 0 || p.w.Distance*p.mSites[0].d >= p.mBound) && p.w.Distance*DistOtherArea <= low:
			p.mAreas = false
			for ks, rank := range p.areaRank {
				if t := p.nextArea(int32(ks), 0, p.mArea); t < len(rank) {
					c := p.cursor(areaLevel, rank[t], DistOtherArea)
					c.rank, c.area = int32(t), p.mArea
					p.heap.push(c)
				}
			}
			continue
		}
		break
	}
	if len(p.heap) == 0 || p.heap[0].key >= p.mBound {
		return 0, 0, false
	}
	c := p.heap[0]
	p.heap.pop()
	set := &p.groups[c.level]
	if c.level == areaLevel && c.pos == set.start[c.g] {
		// The next area for this skill set joins the merge: its first
		// volunteer is no nearer than this one.
		ks := set.ks[c.g]
		if t := p.nextArea(ks, int(c.rank)+1, c.area); t < len(p.areaRank[ks]) {
			n := p.cursor(areaLevel, p.areaRank[ks][t], DistOtherArea)
			n.rank, n.area = int32(t), c.area
			p.heap.push(n)
		}
	}
	if c.pos+1 < c.end {
		n := c
		n.pos++
		n.col = set.cols[n.pos]
		n.key = n.cost - p.v[n.col]
		p.heap.push(n)
	}
	return c.col, c.cost, true
}

type priceHeap []priceCursor

func (a priceCursor) less(b priceCursor) bool {
	return a.key < b.key || (a.key == b.key && a.col < b.col)
}

func (h priceHeap) down(k int) {
	for {
		l := 2*k + 1
		if l >= len(h) {
			return
		}
		if r := l + 1; r < len(h) && h[r].less(h[l]) {
			l = r
		}
		if !h[l].less(h[k]) {
			return
		}
		h[k], h[l] = h[l], h[k]
		k = l
	}
}

func (h priceHeap) init() {
	for k := len(h)/2 - 1; k >= 0; k-- {
		h.down(k)
	}
}

func (h *priceHeap) push(it priceCursor) {
	*h = append(*h, it)
	a := *h
	k := len(a) - 1
	for k > 0 {
		q := (k - 1) / 2
		if !a[k].less(a[q]) {
			break
		}
		a[k], a[q] = a[q], a[k]
		k = q
	}
}

func (h *priceHeap) pop() {
	a := *h
	last := len(a) - 1
	a[0] = a[last]
	*h = a[:last]
	h.down(0)
}

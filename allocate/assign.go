package allocate

import (
	"fmt"
	"math"
	"slices"
)

// This file holds the assignment solvers behind Pairs. Both are shortest
// augmenting path algorithms in the Jonker-Volgenant family, in the form
// Crouse describes ("On implementing 2D rectangular assignment
// algorithms", 2016) and scipy.optimize.linear_sum_assignment uses: rows
// are added one at a time, each by a Dijkstra search in reduced costs from
// the new row to the nearest free column, after which the dual potentials
// are updated so that every assigned cell stays tight and every cell keeps
// a non-negative reduced cost. Adding row r therefore keeps the assignment
// of rows 0..r optimal, and the final one is optimal.
//
// Everything is integer, so there is no epsilon and no rounding: a result
// is exactly optimal. Among several optima, the fixed processing order
// (rows in index order, the lowest distance first, at equal distance a
// free column before an assigned one, then the lower column) picks one, so
// the same matrix always gives the same answer.

// MaxSolveCost bounds the magnitude of a cost given to SolveDense or
// SolveSparse. Potentials and path lengths are sums of at most a few
// costs per row, so with costs within ±2^40 nothing overflows for any
// matrix that fits in memory.
const MaxSolveCost = 1 << 40

// ErrNoFullMatching is returned (wrapped) by SolveSparse when some row
// cannot be matched because the allowed cells leave too few columns for
// the rows that need them.
var ErrNoFullMatching = Errorf("no volunteer for every elder")

// Arc is one allowed cell of a sparse cost matrix: column Col of its row,
// at Cost.
type Arc struct {
	Col  int
	Cost int64
}

const (
	lapInf      = math.MaxInt64 // distance of a column not reached yet
	lapForbid   = math.MaxInt64 // a dense cell that may not be used
	lapFree     = -1            // col4row of a row not assigned yet
	lapOnDummy  = -2            // col4row of a row left on its private "unassigned" column
	lapNoDummy  = -1            // dummyRow when no private column has been reached
	lapStampMax = math.MaxUint32
)

// SolveDense solves the linear assignment problem for the n×m matrix cost
// (n rows of m columns): it assigns every row a distinct column so that
// the total cost is minimal, and returns each row's column and that total.
// It is what scipy.optimize.linear_sum_assignment computes, in integers.
//
// When n > m the transposed problem is solved, as scipy does: m rows get a
// column and the others get -1. An empty matrix gives an empty answer.
//
// SolveDense panics when the rows differ in length or a cost is beyond
// ±MaxSolveCost: both are errors of the caller, like an index out of
// range. It takes O(n²m) time in the worst case and O(nm) memory.
func SolveDense(cost [][]int64) (rowToCol []int, total int64) {
	n := len(cost)
	if n == 0 {
		return []int{}, 0
	}
	m := len(cost[0])
	for i, row := range cost {
		if len(row) != m {
			panic(fmt.Sprintf("allocate.SolveDense: row %d has %d columns, row 0 has %d", i, len(row), m))
		}
		for j, c := range row {
			if c > MaxSolveCost || c < -MaxSolveCost {
				panic(fmt.Sprintf("allocate.SolveDense: cost[%d][%d] = %d is beyond ±MaxSolveCost", i, j, c))
			}
		}
	}
	rowToCol = make([]int, n)
	for i := range rowToCol {
		rowToCol[i] = -1
	}
	if m == 0 {
		return rowToCol, 0
	}
	// Lay the matrix out flat with rows ≤ columns, transposing if needed.
	rows, cols, transposed := n, m, n > m
	if transposed {
		rows, cols = m, n
	}
	flat := make([]int64, rows*cols)
	for i, row := range cost {
		for j, c := range row {
			if transposed {
				flat[j*cols+i] = c
			} else {
				flat[i*cols+j] = c
			}
		}
	}
	col4row, _ := lapDense(rows, cols, flat, false, 0) // always feasible: no forbidden cell, rows ≤ cols
	for r, c := range col4row {
		i, j := r, int(c)
		if transposed {
			i, j = j, r
		}
		rowToCol[i] = j
		total += cost[i][j]
	}
	return rowToCol, total
}

// SolveSparse solves the linear assignment problem on a sparse n×m matrix
// whose allowed cells are listed per row in adj (len(adj) == n): it
// matches every row to a distinct column through an allowed cell so that
// the total cost is minimal. This is what
// scipy.sparse.csgraph.min_weight_full_bipartite_matching computes (rows
// being the smaller side), in integers.
//
// A cell listed twice counts at its lower cost. SolveSparse returns an
// error wrapping ErrNoFullMatching when no matching covers every row, and
// a plain error when n > m, len(adj) != n, a column is out of range or a
// cost is beyond ±MaxSolveCost.
//
// Each row is added by a Dijkstra search with a binary heap that stops at
// the first free column, so with short augmenting paths (the usual case)
// the time is close to O(arcs · log); the worst case is O(n · arcs · log).
func SolveSparse(n, m int, adj [][]Arc) (rowToCol []int, total int64, err error) {
	if len(adj) != n {
		return nil, 0, Errorf("the pairing solver: %d rows but %d arc lists", n, len(adj))
	}
	if n > m {
		return nil, 0, Errorf("the pairing solver: %d rows cannot all be matched to %d columns: %w", n, m, ErrNoFullMatching)
	}
	if m > math.MaxInt32 {
		return nil, 0, Errorf("the pairing solver: %d columns is too many", m)
	}
	g := sparseGraph{start: make([]int32, n+1)}
	arcs := 0
	for i, row := range adj {
		for _, a := range row {
			if a.Col < 0 || a.Col >= m {
				return nil, 0, Errorf("the pairing solver: row %d has column %d, outside 0..%d", i, a.Col, m-1)
			}
			if a.Cost > MaxSolveCost || a.Cost < -MaxSolveCost {
				return nil, 0, Errorf("the pairing solver: row %d column %d has cost %d beyond ±MaxSolveCost", i, a.Col, a.Cost)
			}
		}
		arcs += len(row)
		if arcs > math.MaxInt32 {
			return nil, 0, Errorf("the pairing solver: more than %d arcs", math.MaxInt32)
		}
		g.start[i+1] = int32(arcs)
	}
	g.col = make([]int32, 0, arcs)
	g.cost = make([]int64, 0, arcs)
	for _, row := range adj {
		for _, a := range row {
			g.col = append(g.col, int32(a.Col))
			g.cost = append(g.cost, a.Cost)
		}
	}
	s := newLapSparse(n, m, g, nil, false, 0)
	for i := range n {
		if !s.add(int32(i)) {
			return nil, 0, Errorf("the pairing solver: row %d: %w", i, ErrNoFullMatching)
		}
	}
	rowToCol = make([]int, n)
	for i, j := range s.col4row {
		rowToCol[i] = int(j)
		best := int64(lapInf)
		for _, a := range adj[i] {
			if a.Col == int(j) {
				best = min(best, a.Cost)
			}
		}
		total += best
	}
	return rowToCol, total, nil
}

// lapDense solves the assignment problem on the n×m row-major matrix c, in
// which lapForbid marks cells that may not be used. With dummy, every row
// also has a private "unassigned" column at cost unpaired (Pairs uses it
// for "leave this elder unpaired"), so the problem is always feasible and
// n may exceed m. Without dummy it reports false when some row cannot be
// assigned. It returns each row's column, or lapOnDummy.
//
// The private columns are not stored: a row sitting on its private column
// can be reached only through that column, which only the row itself can
// reach, so such a row is never searched again and its private column is
// free (potential 0) whenever the row is searched. A search therefore only
// keeps the best private column seen so far.
func lapDense(n, m int, c []int64, dummy bool, unpaired int64) ([]int32, bool) {
	u := make([]int64, n) // row potentials
	v := make([]int64, m) // column potentials
	col4row := make([]int32, n)
	row4col := make([]int32, m)
	for i := range col4row {
		col4row[i] = lapFree
	}
	for j := range row4col {
		row4col[j] = lapFree
	}
	spc := make([]int64, m)        // shortest path cost to each column in this search
	path := make([]int32, m)       // the row each column was reached from
	remaining := make([]int32, m)  // columns not yet settled in this search
	scanned := make([]int32, 0, n) // rows searched, the new row first
	settled := make([]int32, 0, m) // columns settled, in order

	for cur := int32(0); cur < int32(n); cur++ {
		for j := range m {
			spc[j] = lapInf
			remaining[j] = int32(j)
		}
		num := m
		scanned, settled = scanned[:0], settled[:0]
		minVal := int64(0)
		i := cur
		sink := int32(lapFree)
		bestDummy, dummyRow := int64(lapInf), int32(lapNoDummy)
		for {
			scanned = append(scanned, i)
			ui := u[i]
			if dummy {
				if d := minVal + unpaired - ui; d < bestDummy {
					bestDummy, dummyRow = d, i
				}
			}
			// Relax row i and find the closest unsettled column; at equal
			// distance the first free one wins, as it ends the search.
			lowest, idx := int64(lapInf), -1
			row := c[int(i)*m : int(i)*m+m]
			for it := range num {
				j := remaining[it]
				if cij := row[j]; cij != lapForbid {
					if r := minVal + cij - ui - v[j]; r < spc[j] {
						path[j] = i
						spc[j] = r
					}
				}
				if d := spc[j]; d < lowest || (d == lowest && d != lapInf && row4col[j] == lapFree && row4col[remaining[idx]] != lapFree) {
					lowest, idx = d, it
				}
			}
			if idx < 0 || (dummy && bestDummy < lowest) {
				if !dummy {
					return nil, false
				}
				minVal, sink = bestDummy, lapOnDummy
				break
			}
			j := remaining[idx]
			num--
			remaining[idx] = remaining[num]
			settled = append(settled, j)
			minVal = lowest
			if row4col[j] == lapFree {
				sink = j
				break
			}
			i = row4col[j]
		}

		// Potentials: every searched row and settled column moves by how
		// much closer than the sink it was, which keeps reduced costs
		// non-negative and the new path tight.
		u[cur] += minVal
		for _, r := range scanned[1:] {
			u[r] += minVal - spc[col4row[r]]
		}
		for _, j := range settled {
			v[j] -= minVal - spc[j]
		}

		// Augment along the path back to cur.
		var j int32
		if sink == lapOnDummy {
			i, j = dummyRow, lapOnDummy
		} else {
			i, j = path[sink], sink
		}
		for {
			prev := col4row[i]
			col4row[i] = j
			if j >= 0 {
				row4col[j] = i
			}
			if i == cur {
				break
			}
			i, j = path[prev], prev
		}
	}
	return col4row, true
}

// sparseGraph lists the allowed cells row by row: the arcs of row i are
// col[start[i]:start[i+1]] at cost[start[i]:start[i+1]].
type sparseGraph struct {
	start []int32
	col   []int32
	cost  []int64
}

// lapSparse is the sparse solver's state. Columns may take several rows
// (capacity), which is the same as splitting each column into identical
// single-row slots: while a column has a free place it is reached only as
// the end of a search, so all its places share one potential, and a full
// column leads on to every row it holds.
type lapSparse struct {
	g        sparseGraph
	capacity []int32 // places per column
	first    []int32 // the rows of column j are held[first[j] : first[j]+load[j]]
	held     []int32
	load     []int32
	dummy    bool
	unpaired int64

	u, v    []int64
	col4row []int32
	rev     lapReverse // arcs by column, for repair; built on first use
	active  []int32    // during update: the end of each row's arcs in play

	// One search's state; stamps avoid clearing arrays for every row.
	spc       []int64
	path      []int32
	pathRow   []int32  // repair: the row that leaves each column reached
	reached   []uint32 // stamp when spc is valid
	done      []uint32 // stamp when settled
	stamp     uint32
	heap      lapHeap
	scanned   []int32
	settled   []int32
	bestDummy int64
	dummyRow  int32
}

// newLapSparse prepares a solver; capacity nil means one place per column.
func newLapSparse(n, m int, g sparseGraph, capacity []int32, dummy bool, unpaired int64) *lapSparse {
	s := &lapSparse{
		g:        g,
		capacity: capacity,
		first:    make([]int32, m+1),
		load:     make([]int32, m),
		dummy:    dummy,
		unpaired: unpaired,
		u:        make([]int64, n),
		v:        make([]int64, m),
		col4row:  make([]int32, n),
		spc:      make([]int64, m),
		path:     make([]int32, m),
		reached:  make([]uint32, m),
		done:     make([]uint32, m),
	}
	if s.capacity == nil {
		s.capacity = make([]int32, m)
		for j := range s.capacity {
			s.capacity[j] = 1
		}
	}
	places := 0
	for j, c := range s.capacity {
		s.first[j] = int32(places)
		places += int(c)
	}
	s.first[m] = int32(places)
	s.held = make([]int32, places)
	for i := range s.col4row {
		s.col4row[i] = lapFree
	}
	return s
}

// scan relaxes the arcs of row r, reached at distance dr.
func (s *lapSparse) scan(r int32, dr int64) {
	ur := s.u[r]
	end := s.g.start[r+1]
	if s.active != nil {
		end = s.active[r]
	}
	for k := s.g.start[r]; k < end; k++ {
		j := s.g.col[k]
		if s.done[j] == s.stamp {
			continue
		}
		d := dr + s.g.cost[k] - ur - s.v[j]
		if s.reached[j] != s.stamp || d < s.spc[j] {
			s.reached[j] = s.stamp
			s.spc[j] = d
			s.path[j] = r
			s.heap.push(lapItem{d: d, col: j, full: s.load[j] == s.capacity[j]})
		}
	}
	if s.dummy {
		if d := dr + s.unpaired - ur; d < s.bestDummy {
			s.bestDummy, s.dummyRow = d, r
		}
	}
}

// top drops stale heap entries and returns the closest unsettled column,
// or -1.
func (s *lapSparse) top() int32 {
	for len(s.heap) > 0 {
		it := s.heap[0]
		if s.done[it.col] != s.stamp && s.spc[it.col] == it.d {
			return it.col
		}
		s.heap.pop()
	}
	return -1
}

// add assigns row cur, re-assigning others along a shortest augmenting
// path. It reports false, changing nothing, when no path exists.
func (s *lapSparse) add(cur int32) bool {
	if s.stamp == lapStampMax {
		clear(s.reached)
		clear(s.done)
		s.stamp = 0
	}
	s.stamp++
	s.heap = s.heap[:0]
	s.scanned, s.settled = s.scanned[:0], s.settled[:0]
	s.bestDummy, s.dummyRow = lapInf, lapNoDummy

	s.scanned = append(s.scanned, cur)
	s.scan(cur, 0)
	var minVal int64
	sink := int32(lapFree)
	for {
		j := s.top()
		if j < 0 || (s.dummyRow != lapNoDummy && s.bestDummy < s.spc[j]) {
			if s.dummyRow == lapNoDummy {
				return false
			}
			minVal, sink = s.bestDummy, lapOnDummy
			break
		}
		s.heap.pop()
		s.done[j] = s.stamp
		s.settled = append(s.settled, j)
		minVal = s.spc[j]
		if s.load[j] < s.capacity[j] {
			sink = j
			break
		}
		for _, r := range s.held[s.first[j] : s.first[j]+s.load[j]] {
			s.scanned = append(s.scanned, r)
			s.scan(r, minVal)
		}
	}

	s.u[cur] += minVal
	for _, r := range s.scanned[1:] {
		s.u[r] += minVal - s.spc[s.col4row[r]]
	}
	for _, j := range s.settled {
		s.v[j] -= minVal - s.spc[j]
	}

	// Augment: each column on the path swaps the row that leaves it for
	// the row it was reached from; the sink gains a row.
	var i, j int32
	if sink == lapOnDummy {
		i, j = s.dummyRow, lapOnDummy
	} else {
		i, j = s.path[sink], sink
		s.held[s.first[sink]+s.load[sink]] = i
		s.load[sink]++
	}
	for {
		prev := s.col4row[i]
		s.col4row[i] = j
		if i == cur {
			break
		}
		next := s.path[prev]
		for k := s.first[prev]; k < s.first[prev]+s.load[prev]; k++ {
			if s.held[k] == i {
				s.held[k] = next
				break
			}
		}
		i, j = next, prev
	}
	return true
}

// The warm start. Pairs solves a graph, adds arcs to some rows, solves
// again; a cold solve of the larger graph would redo every row. Instead
// (update) each of those rows whose new arcs undercut its place is taken
// out (remove) and added back by the usual search (add), and the columns
// they left are then made to satisfy complementary slackness again
// (repair). Throughout, the solver keeps these invariants on the arcs in
// play: every arc of a placed row (on a column or on its private column)
// has a non-negative reduced cost, the arc it uses a reduced cost of 0,
// u = unpaired on the private column, and v ≤ 0 for every column. What
// remove breaks is only that a column with a free place has v = 0: until
// repair, add may prefer another free column to such a one, but its paths
// keep the invariants, and once every such column is repaired the plan is
// optimal (the LP optimality conditions hold), as after a cold solve.

// update replaces the graph by g, which has the same rows and columns and
// every arc of the old graph at the same place in its row, followed by the
// row's new arcs; rows (ascending, distinct) lists the rows that have new
// arcs. The plan is then optimal on g: it costs what a cold solve of g
// gives, though among optima it may be another plan.
func (s *lapSparse) update(g sparseGraph, rows []int32) {
	// The new arcs of a row come into play one row at a time, so that a
	// row whose new arcs no longer undercut its place (the rows placed
	// again before it moved the potentials) stays where it is: in a
	// tight compound most do, and each row placed again costs a search.
	s.active = make([]int32, len(g.start)-1)
	for r := range s.active {
		s.active[r] = g.start[r] + s.g.start[r+1] - s.g.start[r]
	}
	if s.rev.start != nil {
		// Keep the arcs by column: the old arcs kept their places in
		// their rows, the new ones are listed apart.
		for _, r := range rows {
			for k := g.start[r] + s.g.start[r+1] - s.g.start[r]; k < g.start[r+1]; k++ {
				j := g.col[k]
				s.rev.extra[j] = append(s.rev.extra[j], lapArcRef{r, k - g.start[r]})
			}
			s.rev.extras += int(g.start[r+1]-g.start[r]) - int(s.g.start[r+1]-s.g.start[r])
		}
		if s.rev.extras > len(s.rev.refs)/4 {
			s.rev = lapReverse{} // rebuilt on first use
		}
	}
	s.g = g
	var left []int32
	for _, r := range rows {
		s.active[r] = g.start[r+1]
		if !s.undercut(r) {
			continue
		}
		if j := s.remove(r); j >= 0 {
			left = append(left, j)
		}
		s.add(r)
	}
	slices.Sort(left)
	for _, j := range slices.Compact(left) {
		for s.dirty(j) {
			s.repair(j)
		}
	}
	s.active = nil
}

// undercut reports whether an arc of row r has a negative reduced cost.
func (s *lapSparse) undercut(r int32) bool {
	for k := s.g.start[r]; k < s.g.start[r+1]; k++ {
		if s.g.cost[k]-s.u[r]-s.v[s.g.col[k]] < 0 {
			return true
		}
	}
	return false
}

// remove takes row r off its column (or its private column), leaving it
// unplaced with u[r] = 0, and reports the column it left (or lapFree).
func (s *lapSparse) remove(r int32) int32 {
	j := s.col4row[r]
	s.col4row[r] = lapFree
	s.u[r] = 0
	if j < 0 {
		return lapFree
	}
	rows := s.held[s.first[j] : s.first[j]+s.load[j]]
	k := slices.Index(rows, r)
	rows[k] = rows[len(rows)-1]
	s.load[j]--
	return j
}

// dirty reports whether column j has a free place and v[j] < 0.
func (s *lapSparse) dirty(j int32) bool {
	return s.load[j] < s.capacity[j] && s.v[j] < 0
}

// lapArcRef is an arc by its row and its place in the row (which update
// keeps).
type lapArcRef struct {
	row, slot int32
}

// lapReverse lists the arcs of the graph by column: those of column j are
// refs[start[j]:start[j+1]] and extra[j], the latter added by update
// since the lists were built.
type lapReverse struct {
	start  []int32
	refs   []lapArcRef
	extra  [][]lapArcRef
	extras int
}

// reverse returns the arcs by column, building them on first use.
func (s *lapSparse) reverse() *lapReverse {
	if s.rev.start != nil {
		return &s.rev
	}
	m := len(s.v)
	rev := lapReverse{start: make([]int32, m+1), refs: make([]lapArcRef, len(s.g.col)), extra: make([][]lapArcRef, m)}
	for _, j := range s.g.col {
		rev.start[j+1]++
	}
	for j := range m {
		rev.start[j+1] += rev.start[j]
	}
	next := slices.Clone(rev.start[:m])
	for r := range len(s.g.start) - 1 {
		for k := s.g.start[r]; k < s.g.start[r+1]; k++ {
			j := s.g.col[k]
			rev.refs[next[j]] = lapArcRef{int32(r), k - s.g.start[r]}
			next[j]++
		}
	}
	s.rev = rev
	return &s.rev
}

// repair makes column root, which has a free place and v[root] < 0,
// satisfy complementary slackness again, keeping every invariant: it
// either raises v[root] to 0, or fills one of its places by moving a row
// into it along an alternating path. It is the search of add run from the
// column's side: a column j reached at distance d leads, through an arc
// (r, j) of reduced cost c, to the column r sits on, at d + c (r would
// move into j); every column reached offers to end the path there at
// d − v (it gives up a row and its v rises to 0), and a row on its private
// column at d + c (it is paired). The nearest end wins; the reached
// columns' potentials rise, and their rows' fall, by how much nearer than
// it they were, which keeps every reduced cost non-negative and the path
// tight. Unplaced rows (taken out by remove) are left alone.
func (s *lapSparse) repair(root int32) {
	if s.pathRow == nil {
		s.pathRow = make([]int32, len(s.v))
	}
	rev := s.reverse()
	if s.stamp == lapStampMax {
		clear(s.reached)
		clear(s.done)
		s.stamp = 0
	}
	s.stamp++
	s.heap = s.heap[:0]
	s.settled = s.settled[:0]
	s.reached[root] = s.stamp
	s.spc[root] = 0
	s.heap.push(lapItem{d: 0, col: root})
	bestVal, bestCol, bestRow := int64(lapInf), int32(-1), int32(lapFree)
	for {
		j := s.top()
		if j < 0 || s.spc[j] >= bestVal {
			break
		}
		s.heap.pop()
		s.done[j] = s.stamp
		s.settled = append(s.settled, j)
		d := s.spc[j]
		if e := d - s.v[j]; e < bestVal {
			bestVal, bestCol, bestRow = e, j, lapFree
		}
		for _, refs := range [2][]lapArcRef{rev.refs[rev.start[j]:rev.start[j+1]], rev.extra[j]} {
			for _, ref := range refs {
				r, a := ref.row, s.g.start[ref.row]+ref.slot
				c := s.col4row[r]
				if c == j || c == lapFree || (s.active != nil && a >= s.active[r]) {
					continue
				}
				nd := d + s.g.cost[a] - s.u[r] - s.v[j]
				if c == lapOnDummy {
					if nd < bestVal {
						bestVal, bestCol, bestRow = nd, j, r
					}
					continue
				}
				if s.done[c] == s.stamp {
					continue
				}
				if s.reached[c] != s.stamp || nd < s.spc[c] {
					s.reached[c] = s.stamp
					s.spc[c] = nd
					s.path[c] = j
					s.pathRow[c] = r
					s.heap.push(lapItem{d: nd, col: c})
				}
			}
		}
	}

	for _, j := range s.settled {
		delta := bestVal - s.spc[j]
		s.v[j] += delta
		for _, r := range s.held[s.first[j] : s.first[j]+s.load[j]] {
			s.u[r] -= delta
		}
	}

	// Move the rows: in enters column x; unless x is the root, the row x
	// was reached through leaves it for the column it was reached from.
	var in, x int32
	switch {
	case bestRow != lapFree: // a row leaves its private column
		in, x = bestRow, bestCol
	case bestCol == root: // v[root] is 0 now; nothing moves
		return
	default: // bestCol gives up a row and keeps a free place at v = 0
		in, x = s.pathRow[bestCol], s.path[bestCol]
		rows := s.held[s.first[bestCol] : s.first[bestCol]+s.load[bestCol]]
		rows[slices.Index(rows, in)] = rows[len(rows)-1]
		s.load[bestCol]--
	}
	for {
		s.col4row[in] = x
		if x == root {
			s.held[s.first[x]+s.load[x]] = in
			s.load[x]++
			return
		}
		out := s.pathRow[x]
		rows := s.held[s.first[x] : s.first[x]+s.load[x]]
		rows[slices.Index(rows, out)] = in
		in, x = out, s.path[x]
	}
}

// lapItem is a heap entry: a column reached at distance d. full records
// whether the column had no free place, so that at equal distance a
// column that ends the search comes first.
type lapItem struct {
	d    int64
	col  int32
	full bool
}

func (a lapItem) less(b lapItem) bool {
	if a.d != b.d {
		return a.d < b.d
	}
	if a.full != b.full {
		return !a.full
	}
	return a.col < b.col
}

// lapHeap is a binary min-heap of lapItems (container/heap would box
// every item in an interface).
type lapHeap []lapItem

func (h *lapHeap) push(it lapItem) {
	*h = append(*h, it)
	a := *h
	k := len(a) - 1
	for k > 0 {
		p := (k - 1) / 2
		if !a[k].less(a[p]) {
			break
		}
		a[k], a[p] = a[p], a[k]
		k = p
	}
}

func (h *lapHeap) pop() {
	a := *h
	last := len(a) - 1
	a[0] = a[last]
	a = a[:last]
	k := 0
	for {
		l := 2*k + 1
		if l >= len(a) {
			break
		}
		if r := l + 1; r < len(a) && a[r].less(a[l]) {
			l = r
		}
		if !a[l].less(a[k]) {
			break
		}
		a[k], a[l] = a[l], a[k]
		k = l
	}
	*h = a
}

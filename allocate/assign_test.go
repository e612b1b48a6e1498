package allocate

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"
)

// bruteAssign returns the minimum total of an assignment of every row of
// cost to a distinct allowed column (allowed nil: every cell), trying all
// of them, and false when there is none.
func bruteAssign(cost [][]int64, allowed [][]bool) (int64, bool) {
	n := len(cost)
	if n == 0 {
		return 0, true
	}
	m := len(cost[0])
	used := make([]bool, m)
	best, found := int64(0), false
	var rec func(i int, sum int64)
	rec = func(i int, sum int64) {
		if i == n {
			if !found || sum < best {
				best, found = sum, true
			}
			return
		}
		for j := range m {
			if used[j] || (allowed != nil && !allowed[i][j]) {
				continue
			}
			used[j] = true
			rec(i+1, sum+cost[i][j])
			used[j] = false
		}
	}
	rec(0, 0)
	return best, found
}

func randMatrix(rnd *rand.Rand, n, m int, lo, hi int64) [][]int64 {
	c := make([][]int64, n)
	for i := range c {
		c[i] = make([]int64, m)
		for j := range c[i] {
			c[i][j] = lo + rnd.Int64N(hi-lo+1)
		}
	}
	return c
}

// checkAssignment checks that rowToCol uses distinct columns, assigns
// min(n, m) rows, and adds up to total.
func checkAssignment(t *testing.T, name string, cost [][]int64, rowToCol []int, total int64) {
	t.Helper()
	n, m := len(cost), 0
	if n > 0 {
		m = len(cost[0])
	}
	if len(rowToCol) != n {
		t.Fatalf("%s: got %d rows, want %d", name, len(rowToCol), n)
	}
	used := map[int]bool{}
	assigned, sum := 0, int64(0)
	for i, j := range rowToCol {
		if j < 0 {
			continue
		}
		if j >= m || used[j] {
			t.Fatalf("%s: row %d got column %d (used %v)", name, i, j, used[j])
		}
		used[j] = true
		assigned++
		sum += cost[i][j]
	}
	if assigned != min(n, m) {
		t.Errorf("%s: got %d rows assigned, want %d", name, assigned, min(n, m))
	}
	if sum != total {
		t.Errorf("%s: got total %d, but the cells add up to %d", name, total, sum)
	}
}

func transpose(c [][]int64) [][]int64 {
	if len(c) == 0 {
		return nil
	}
	out := make([][]int64, len(c[0]))
	for j := range out {
		out[j] = make([]int64, len(c))
		for i := range c {
			out[j][i] = c[i][j]
		}
	}
	return out
}

func TestSolveDenseBrute(t *testing.T) {
	tests := []struct {
		name   string
		seed   uint64
		lo, hi int64
	}{
		{"wide costs", 1, -50, 100},
		{"many ties", 2, 0, 3},
		{"all equal", 3, 7, 7},
		{"large costs", 4, -MaxSolveCost, MaxSolveCost},
	}
	for _, tt := range tests {
		rnd := rand.New(rand.NewPCG(tt.seed, 11))
		for iter := range 400 {
			n, m := rnd.IntN(7), rnd.IntN(7)
			cost := randMatrix(rnd, n, m, tt.lo, tt.hi)
			rowToCol, total := SolveDense(cost)
			checkAssignment(t, tt.name, cost, rowToCol, total)
			want, _ := bruteAssign(cost, nil)
			if n > m {
				want, _ = bruteAssign(transpose(cost), nil)
			}
			if total != want {
				t.Fatalf("%s #%d (%d×%d): got total %d, want %d\n%v", tt.name, iter, n, m, total, want, cost)
			}
		}
	}
}

func TestSolveDenseEdges(t *testing.T) {
	tests := []struct {
		name  string
		cost  [][]int64
		want  []int
		total int64
	}{
		{"empty", nil, []int{}, 0},
		{"no columns", [][]int64{{}, {}}, []int{-1, -1}, 0},
		{"one cell", [][]int64{{5}}, []int{0}, 5},
		{"greedy is wrong", [][]int64{{1, 2}, {1, 10}}, []int{1, 0}, 3},
		{"more rows", [][]int64{{4}, {1}, {3}}, []int{-1, 0, -1}, 1},
		{"ties pick lower columns first", [][]int64{{0, 0, 0}, {0, 0, 0}}, []int{0, 1}, 0},
	}
	for _, tt := range tests {
		got, total := SolveDense(tt.cost)
		if len(got) != len(tt.want) || total != tt.total {
			t.Errorf("%s: got %v total %d, want %v total %d", tt.name, got, total, tt.want, tt.total)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
				break
			}
		}
	}
}

func TestSolveDensePanics(t *testing.T) {
	tests := []struct {
		name string
		cost [][]int64
	}{
		{"ragged", [][]int64{{1, 2}, {3}}},
		{"cost too large", [][]int64{{MaxSolveCost + 1}}},
	}
	for _, tt := range tests {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: got no panic, want one", tt.name)
				}
			}()
			SolveDense(tt.cost)
		}()
	}
}

// randSparse makes an n×m cost matrix with each cell allowed with
// probability p/100, and its arcs in a shuffled order per row.
func randSparse(rnd *rand.Rand, n, m, p int, lo, hi int64) ([][]int64, [][]bool, [][]Arc) {
	cost := randMatrix(rnd, n, m, lo, hi)
	allowed := make([][]bool, n)
	adj := make([][]Arc, n)
	for i := range n {
		allowed[i] = make([]bool, m)
		for j := range m {
			if rnd.IntN(100) < p {
				allowed[i][j] = true
				adj[i] = append(adj[i], Arc{Col: j, Cost: cost[i][j]})
			}
		}
		rnd.Shuffle(len(adj[i]), func(a, b int) { adj[i][a], adj[i][b] = adj[i][b], adj[i][a] })
	}
	return cost, allowed, adj
}

func TestSolveSparseBrute(t *testing.T) {
	tests := []struct {
		name    string
		seed    uint64
		density int
		lo, hi  int64
	}{
		{"dense arcs", 5, 90, -20, 100},
		{"half the arcs", 6, 50, 0, 100},
		{"few arcs, ties", 7, 30, 0, 2},
	}
	for _, tt := range tests {
		rnd := rand.New(rand.NewPCG(tt.seed, 12))
		feasible := 0
		for iter := range 500 {
			n := rnd.IntN(7)
			m := n + rnd.IntN(3)
			cost, allowed, adj := randSparse(rnd, n, m, tt.density, tt.lo, tt.hi)
			rowToCol, total, err := SolveSparse(n, m, adj)
			want, ok := bruteAssign(cost, allowed)
			if !ok {
				if !errors.Is(err, ErrNoFullMatching) {
					t.Fatalf("%s #%d: got err %v, want ErrNoFullMatching", tt.name, iter, err)
				}
				continue
			}
			feasible++
			if err != nil {
				t.Fatalf("%s #%d: got err %v, want total %d", tt.name, iter, err, want)
			}
			checkAssignment(t, tt.name, cost, rowToCol, total)
			for i, j := range rowToCol {
				if !allowed[i][j] {
					t.Fatalf("%s #%d: row %d got column %d, not an arc", tt.name, iter, i, j)
				}
			}
			if total != want {
				t.Fatalf("%s #%d: got total %d, want %d", tt.name, iter, total, want)
			}
		}
		if feasible < 100 {
			t.Errorf("%s: only %d feasible instances; the test checks too little", tt.name, feasible)
		}
	}
}

func TestSolveSparseErrors(t *testing.T) {
	tests := []struct {
		name       string
		n, m       int
		adj        [][]Arc
		noMatching bool
	}{
		{"more rows than columns", 2, 1, [][]Arc{{{0, 1}}, {{0, 1}}}, true},
		{"row without arcs", 2, 2, [][]Arc{{{0, 1}}, nil}, true},
		{"two rows, one column used", 2, 3, [][]Arc{{{1, 1}}, {{1, 5}}}, true},
		{"column out of range", 1, 2, [][]Arc{{{2, 1}}}, false},
		{"negative column", 1, 2, [][]Arc{{{-1, 1}}}, false},
		{"cost too large", 1, 1, [][]Arc{{{0, -MaxSolveCost - 1}}}, false},
		{"arc lists missing", 2, 2, [][]Arc{{{0, 1}}}, false},
	}
	for _, tt := range tests {
		_, _, err := SolveSparse(tt.n, tt.m, tt.adj)
		if err == nil {
			t.Errorf("%s: got no error", tt.name)
			continue
		}
		if got := errors.Is(err, ErrNoFullMatching); got != tt.noMatching {
			t.Errorf("%s: got errors.Is(ErrNoFullMatching) %v, want %v (%v)", tt.name, got, tt.noMatching, err)
		}
	}
	// A duplicate arc counts at its lower cost.
	got, total, err := SolveSparse(1, 1, [][]Arc{{{0, 9}, {0, 4}}})
	if err != nil || got[0] != 0 || total != 4 {
		t.Errorf("duplicate arc: got %v %d %v, want [0] 4 <nil>", got, total, err)
	}
}

// TestSolveDenseSparseAgree compares the two solvers on matrices too big
// for brute force.
func TestSolveDenseSparseAgree(t *testing.T) {
	rnd := rand.New(rand.NewPCG(8, 13))
	for iter := range 40 {
		n := 20 + rnd.IntN(60)
		m := n + rnd.IntN(20)
		cost := randMatrix(rnd, n, m, 0, int64(1+rnd.IntN(1000)))
		adj := make([][]Arc, n)
		for i := range n {
			for j := range m {
				adj[i] = append(adj[i], Arc{j, cost[i][j]})
			}
		}
		_, dense := SolveDense(cost)
		rowToCol, sparse, err := SolveSparse(n, m, adj)
		if err != nil {
			t.Fatal(err)
		}
		checkAssignment(t, "sparse", cost, rowToCol, sparse)
		if dense != sparse {
			t.Fatalf("#%d (%d×%d): got dense %d, sparse %d", iter, n, m, dense, sparse)
		}
	}
}

// BenchmarkSolveDense2000 solves a 2,000×2,000 matrix of random costs
// 0..10,000 (the same matrix every run, from a fixed seed), to compare
// with scipy.optimize.linear_sum_assignment.
func BenchmarkSolveDense2000(b *testing.B) {
	cost := randMatrix(rand.New(rand.NewPCG(2000, 2000)), 2000, 2000, 0, 10_000)
	b.ReportAllocs()
	var total int64
	for b.Loop() {
		_, total = SolveDense(cost)
	}
	b.ReportMetric(float64(total), "total")
}

// BenchmarkSolveSparse100k solves a 100,000×120,000 sparse matrix with 10
// random arcs per row, costs 0..10,000, to compare with
// scipy.sparse.csgraph.min_weight_full_bipartite_matching.
func BenchmarkSolveSparse100k(b *testing.B) {
	rnd := rand.New(rand.NewPCG(100, 120))
	const n, m = 100_000, 120_000
	adj := make([][]Arc, n)
	for i := range adj {
		for range 10 {
			adj[i] = append(adj[i], Arc{Col: rnd.IntN(m), Cost: rnd.Int64N(10_001)})
		}
	}
	b.ReportAllocs()
	var total int64
	for b.Loop() {
		var err error
		if _, total, err = SolveSparse(n, m, adj); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(total), "total")
}

// checkLapState checks the invariants the sparse solver keeps (see
// lapSparse.update): every row placed, non-negative reduced costs, a
// reduced cost of 0 on the arc used, u = unpaired on the private column
// and at most unpaired elsewhere, v ≤ 0, v = 0 on a column with a free
// place, loads as the rows say. It returns the plan's cost.
func checkLapState(t *testing.T, name string, s *lapSparse) int64 {
	t.Helper()
	load := make([]int32, len(s.v))
	var total int64
	for r, c := range s.col4row {
		switch {
		case c == lapOnDummy:
			if s.u[r] != s.unpaired {
				t.Fatalf("%s: row %d on its private column has u %d, want %d", name, r, s.u[r], s.unpaired)
			}
			total += s.unpaired
		case c < 0:
			t.Fatalf("%s: row %d not placed", name, r)
		default:
			load[c]++
			if s.dummy && s.u[r] > s.unpaired {
				t.Fatalf("%s: row %d has u %d above the unpaired cost %d", name, r, s.u[r], s.unpaired)
			}
		}
		used := int64(lapInf)
		for k := s.g.start[r]; k < s.g.start[r+1]; k++ {
			j := s.g.col[k]
			red := s.g.cost[k] - s.u[r] - s.v[j]
			if red < 0 {
				t.Fatalf("%s: arc %d→%d has reduced cost %d", name, r, j, red)
			}
			if j == c {
				used = min(used, red)
			}
		}
		if c >= 0 {
			if used != 0 {
				t.Fatalf("%s: row %d uses column %d at reduced cost %d", name, r, c, used)
			}
			total += s.u[r] + s.v[c]
		}
	}
	for j := range s.v {
		if load[j] != s.load[j] || load[j] > s.capacity[j] {
			t.Fatalf("%s: column %d holds %d rows, load %d, capacity %d", name, j, load[j], s.load[j], s.capacity[j])
		}
		if s.v[j] > 0 || (load[j] < s.capacity[j] && s.v[j] != 0) {
			t.Fatalf("%s: column %d with %d of %d places has v %d", name, j, load[j], s.capacity[j], s.v[j])
		}
		for _, r := range s.held[s.first[j] : s.first[j]+s.load[j]] {
			if s.col4row[r] != int32(j) {
				t.Fatalf("%s: column %d holds row %d, which is on %d", name, j, r, s.col4row[r])
			}
		}
	}
	return total
}

// TestLapSparseUpdate: adding arcs to some rows and placing them again
// (update) gives a state with every invariant and the cost of a cold
// solve of the larger graph.
func TestLapSparseUpdate(t *testing.T) {
	rnd := rand.New(rand.NewPCG(15, 2))
	graph := func(adj [][]Arc) sparseGraph {
		g := sparseGraph{start: []int32{0}}
		for _, row := range adj {
			for _, a := range row {
				g.col = append(g.col, int32(a.Col))
				g.cost = append(g.cost, a.Cost)
			}
			g.start = append(g.start, int32(len(g.col)))
		}
		return g
	}
	for iter := range 3000 {
		n, m := 1+rnd.IntN(12), 1+rnd.IntN(10)
		capacity := make([]int32, m)
		for j := range capacity {
			capacity[j] = 1 + int32(rnd.IntN(3))
		}
		cost, _, adj := randSparse(rnd, n, m, 10+rnd.IntN(40), -5, 30)
		unpaired := int64(1 + rnd.IntN(200))
		s := newLapSparse(n, m, graph(adj), capacity, true, unpaired)
		for i := range n {
			s.add(int32(i))
		}
		name := fmt.Sprintf("#%d", iter)
		checkLapState(t, name+" cold", s)
		for round := range 4 {
			var rows []int32
			for i := range n {
				if rnd.IntN(3) == 0 {
					continue
				}
				rows = append(rows, int32(i))
				for range 1 + rnd.IntN(3) {
					j := rnd.IntN(m)
					adj[i] = append(adj[i], Arc{Col: j, Cost: cost[i][j] - int64(rnd.IntN(10))})
				}
			}
			g := graph(adj)
			s.update(g, rows)
			warm := checkLapState(t, fmt.Sprintf("%s round %d", name, round), s)
			c := newLapSparse(n, m, g, capacity, true, unpaired)
			for i := range n {
				c.add(int32(i))
			}
			if cold := checkLapState(t, fmt.Sprintf("%s round %d cold", name, round), c); warm != cold {
				t.Fatalf("%s round %d: warm plan costs %d, a cold solve %d", name, round, warm, cold)
			}
		}
	}
}

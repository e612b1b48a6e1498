package allocate

import (
	"math/rand/v2"
	"testing"
)

// TestRotaFlowAgainstBruteForce checks flowGraph on small assignment
// problems (workers of one unit each, jobs of one or two, costs of every
// sign in each field) against every way to assign them: the most
// assigned, then the least cost. It starts once from no flow and once from
// a random assignment sent first (the search's windows start from the plan).
func TestRotaFlowAgainstBruteForce(t *testing.T) {
	rnd := rand.New(rand.NewPCG(17, 9))
	for i := range 500 {
		workers, jobs := 1+rnd.IntN(4), 1+rnd.IntN(4)
		type edge struct {
			w, j int
			c    fcost
		}
		var edges []edge
		for w := range workers {
			for j := range jobs {
				if rnd.IntN(3) > 0 {
					c := fcost{int64(rnd.IntN(7) - 3), int64(rnd.IntN(7) - 3), int64(rnd.IntN(7) - 3), int64(rnd.IntN(3) - 1)}
					edges = append(edges, edge{w, j, c})
				}
			}
		}
		room := make([]int, jobs)
		for j := range room {
			room[j] = 1 + rnd.IntN(2)
		}
		// Brute force over subsets of edges.
		bestN, bestC := -1, fcost{}
		for mask := range 1 << len(edges) {
			used, took := make([]int, workers), make([]int, jobs)
			n, c, ok := 0, fcost{}, true
			for k, e := range edges {
				if mask&(1<<k) != 0 {
					used[e.w]++
					took[e.j]++
					n++
					c = c.add(e.c)
					ok = ok && used[e.w] <= 1 && took[e.j] <= room[e.j]
				}
			}
			if ok && (n > bestN || n == bestN && c.cmp(bestC) < 0) {
				bestN, bestC = n, c
			}
		}
		for _, warm := range []bool{false, true} {
			var g flowGraph
			g.reset()
			wn, jn := make([]int32, workers), make([]int32, jobs)
			wa, ja := make([]int32, workers), make([]int32, jobs)
			for w := range wn {
				wn[w] = g.node()
				wa[w] = g.arc(0, wn[w], 1, fcost{})
			}
			for j := range jn {
				jn[j] = g.node()
				ja[j] = g.arc(jn[j], 1, int32(room[j]), fcost{})
			}
			arcs := make([]int32, len(edges))
			for k, e := range edges {
				arcs[k] = g.arc(wn[e.w], jn[e.j], 1, e.c)
			}
			if warm {
				took := make([]int, jobs)
				busy := make([]bool, workers)
				for k, e := range edges {
					if !busy[e.w] && took[e.j] < room[e.j] && rnd.IntN(2) == 0 {
						busy[e.w] = true
						took[e.j]++
						g.send(wa[e.w])
						g.send(arcs[k])
						g.send(ja[e.j])
					}
				}
			}
			g.flow()
			n, c := 0, fcost{}
			for k, e := range edges {
				if g.arcs[arcs[k]].cap == 0 {
					n++
					c = c.add(e.c)
				}
			}
			if n != bestN || c != bestC {
				t.Fatalf("instance %d (warm %v): flow %d at %+v, brute force %d at %+v", i, warm, n, c, bestN, bestC)
			}
		}
	}
}

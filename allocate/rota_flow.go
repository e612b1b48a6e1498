package allocate

import "cmp"

// fcost is the cost of a unit of flow in the rota's windows: the
// objective's aims after Filled, each a difference (kept counts down: -1
// for an Existing assignment kept). Costs compare lexicographically.
type fcost struct{ load, nights, dist, kept int64 }

func (a fcost) add(b fcost) fcost {
	return fcost{a.load + b.load, a.nights + b.nights, a.dist + b.dist, a.kept + b.kept}
}

func (a fcost) sub(b fcost) fcost {
	return fcost{a.load - b.load, a.nights - b.nights, a.dist - b.dist, a.kept - b.kept}
}

func (a fcost) cmp(b fcost) int {
	return cmp.Or(cmp.Compare(a.load, b.load), cmp.Compare(a.nights, b.nights), cmp.Compare(a.dist, b.dist), cmp.Compare(a.kept, b.kept))
}

func (a fcost) neg() fcost { return fcost{-a.load, -a.nights, -a.dist, -a.kept} }

// flowArc is an arc of a flowGraph; arcs come in pairs, an arc and its
// reverse at index ^1.
type flowArc struct {
	to, next int32
	cap      int32
	cost     fcost
}

// flowGraph is a small network for a min-cost max-flow with lexicographic
// costs: successive shortest paths with Dijkstra on reduced costs. Node 0
// is the source, node 1 the sink. Everything is in slices and visited in
// index order, so the flow found depends only on the order arcs were
// added.
type flowGraph struct {
	head []int32
	arcs []flowArc
	// scratch for the shortest paths
	pot    []fcost
	dist   []fcost
	seen   []bool // a label in dist
	done   []bool
	via    []int32 // the arc a node was reached by
	heap   []int32
	inHeap []int32 // position in heap, -1 when not in it
	mark   []int32 // walks of the via arcs
	stamp  int32
}

func (g *flowGraph) reset() {
	g.head = g.head[:0]
	g.arcs = g.arcs[:0]
	g.node()
	g.node()
}

// node adds a node and returns it.
func (g *flowGraph) node() int32 {
	g.head = append(g.head, -1)
	return int32(len(g.head) - 1)
}

// arc adds an arc from u to v and returns its index.
func (g *flowGraph) arc(u, v int32, capacity int32, c fcost) int32 {
	i := int32(len(g.arcs))
	g.arcs = append(g.arcs, flowArc{to: v, next: g.head[u], cap: capacity, cost: c}, flowArc{to: u, next: g.head[v], cap: 0, cost: c.neg()})
	g.head[u], g.head[v] = i, i+1
	return i
}

// send pushes one unit along arc a.
func (g *flowGraph) send(a int32) {
	g.arcs[a].cap--
	g.arcs[a^1].cap++
}

// flow makes the flow in the graph (what send put there, or none) a
// least-cost flow of the most the graph can carry, and tells whether it
// changed it. When the flow it starts from is a least-cost one for its
// amount (no cycle of negative cost in the residual graph), it sends more
// along shortest paths from 0 to 1 until none is left: successive
// shortest paths keep a least-cost flow least-cost. Otherwise it cancels
// such cycles, a unit round each, and when more than flowCancels are
// needed it starts again from no flow (cancelling them one by one can take
// very long).
// The result depends only on the graph as built: nodes and arcs are
// visited in index order, ties go to the lower node.
func (g *flowGraph) flow() bool {
	n := len(g.head)
	g.pot = resize(g.pot, n)
	g.dist = resize(g.dist, n)
	g.seen = resize(g.seen, n)
	g.done = resize(g.done, n)
	g.via = resize(g.via, n)
	g.inHeap = resize(g.inHeap, n)
	changed := false
	for cancelled := 0; ; cancelled++ {
		at := g.negativeCycle()
		if at == noCycle {
			break
		}
		changed = true
		if at < 0 || cancelled == flowCancels {
			for a := 0; a < len(g.arcs); a += 2 {
				g.arcs[a].cap += g.arcs[a+1].cap
				g.arcs[a+1].cap = 0
			}
			g.negativeCycle() // none without flow: the graph as built has no cycle
			break
		}
		g.cancelFrom(at)
	}
	for g.shortest() {
		// Push one unit: the paths' bottlenecks here are unit arcs.
		for v := int32(1); v != 0; {
			a := g.via[v]
			g.send(a)
			v = g.arcs[a^1].to
		}
		changed = true
	}
	return changed
}

// flowCancels is the most cycles flow cancels before it starts again
// from no flow.
const flowCancels = 8

const noCycle = -1 // negativeCycle found none

func resize[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	s = s[:n]
	clear(s)
	return s
}

// negativeCycle sets pot to shortest distances over arcs with capacity
// from a virtual source joined to every node at no cost (a queue-based
// Bellman-Ford), so that every reduced cost is nonnegative, and returns
// noCycle; or it meets a cycle of negative cost and returns a node on it
// (the cycle is then the via arcs back from it); or it relaxes arcs more
// than eight times their number (which a graph without such a cycle
// rarely needs) and returns -2.
func (g *flowGraph) negativeCycle() int32 {
	n := len(g.head)
	clear(g.pot)
	depth := g.inHeap // scratch: arcs on the path to each node
	clear(depth)
	g.mark = resize(g.mark, n)
	inq := g.seen
	ring := resize(g.heap[:0], n) // each node is in the queue at most once
	for v := range n {
		ring[v] = int32(v)
		inq[v] = true
		g.via[v] = -1
	}
	head, size := 0, n
	budget := 8*len(g.arcs) + n
	for size > 0 {
		u := ring[head]
		head, size = (head+1)%n, size-1
		inq[u] = false
		for a := g.head[u]; a >= 0; a = g.arcs[a].next {
			arc := &g.arcs[a]
			if arc.cap <= 0 {
				continue
			}
			d := g.pot[u].add(arc.cost)
			if d.cmp(g.pot[arc.to]) >= 0 {
				continue
			}
			g.pot[arc.to], g.via[arc.to], depth[arc.to] = d, a, depth[u]+1
			if budget--; budget < 0 {
				g.heap = ring
				return -2
			}
			if depth[arc.to]%16 == 0 || int(depth[arc.to]) >= n {
				// A long path may run round a cycle of the via arcs: look
				// every 16 arcs.
				if c := g.viaCycle(arc.to); c >= 0 {
					g.heap = ring
					return c
				}
			}
			if !inq[arc.to] {
				inq[arc.to] = true
				ring[(head+size)%n] = arc.to
				size++
			}
		}
	}
	g.heap = ring
	return noCycle
}

// viaCycle walks the via arcs back from v: it returns a node on a cycle
// of them, or -1 after setting depth[v] to the true length of the path.
func (g *flowGraph) viaCycle(v int32) int32 {
	g.stamp++
	steps := int32(0)
	for u := v; ; steps++ {
		if g.mark[u] == g.stamp {
			return u
		}
		g.mark[u] = g.stamp
		if g.via[u] < 0 {
			g.inHeap[v] = steps
			return -1
		}
		u = g.arcs[g.via[u]^1].to
	}
}

// cancelFrom pushes a unit round the cycle of via arcs through node v.
func (g *flowGraph) cancelFrom(v int32) {
	for u := v; ; {
		a := g.via[u]
		g.send(a)
		if u = g.arcs[a^1].to; u == v {
			return
		}
	}
}

// shortest runs Dijkstra from the source on reduced costs, stopping once
// the sink is settled; it records the path in via and moves the
// potentials on (each node by min(its label, the sink's)). It tells
// whether the sink was reached.
func (g *flowGraph) shortest() bool {
	clear(g.seen)
	clear(g.done)
	for i := range g.inHeap {
		g.inHeap[i] = -1
	}
	g.heap = g.heap[:0]
	g.dist[0], g.seen[0] = fcost{}, true
	g.push(0)
	for len(g.heap) > 0 {
		u := g.pop()
		g.done[u] = true
		if u == 1 {
			break
		}
		for a := g.head[u]; a >= 0; a = g.arcs[a].next {
			arc := &g.arcs[a]
			if arc.cap <= 0 || g.done[arc.to] {
				continue
			}
			d := g.dist[u].add(arc.cost).add(g.pot[u]).sub(g.pot[arc.to])
			if !g.seen[arc.to] || d.cmp(g.dist[arc.to]) < 0 {
				g.dist[arc.to], g.via[arc.to] = d, a
				if !g.seen[arc.to] {
					g.seen[arc.to] = true
					g.push(arc.to)
				} else {
					g.up(g.inHeap[arc.to])
				}
			}
		}
	}
	if !g.done[1] {
		return false
	}
	dt := g.dist[1]
	for v := range g.head {
		if g.seen[v] && g.dist[v].cmp(dt) < 0 {
			g.pot[v] = g.pot[v].add(g.dist[v])
		} else {
			g.pot[v] = g.pot[v].add(dt)
		}
	}
	return true
}

// The heap orders nodes by dist, then node index.
func (g *flowGraph) less(i, j int) bool {
	a, b := g.heap[i], g.heap[j]
	if c := g.dist[a].cmp(g.dist[b]); c != 0 {
		return c < 0
	}
	return a < b
}

func (g *flowGraph) swap(i, j int) {
	g.heap[i], g.heap[j] = g.heap[j], g.heap[i]
	g.inHeap[g.heap[i]], g.inHeap[g.heap[j]] = int32(i), int32(j)
}

func (g *flowGraph) push(v int32) {
	g.heap = append(g.heap, v)
	g.inHeap[v] = int32(len(g.heap) - 1)
	g.up(g.inHeap[v])
}

func (g *flowGraph) up(i32 int32) {
	i := int(i32)
	for i > 0 {
		p := (i - 1) / 2
		if !g.less(i, p) {
			return
		}
		g.swap(i, p)
		i = p
	}
}

func (g *flowGraph) pop() int32 {
	top := g.heap[0]
	last := len(g.heap) - 1
	g.swap(0, last)
	g.heap = g.heap[:last]
	g.inHeap[top] = -1
	for i := 0; ; {
		l, r, m := 2*i+1, 2*i+2, i
		if l < len(g.heap) && g.less(l, m) {
			m = l
		}
		if r < len(g.heap) && g.less(r, m) {
			m = r
		}
		if m == i {
			break
		}
		g.swap(i, m)
		i = m
	}
	return top
}

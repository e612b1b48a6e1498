package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"vol/allocate"
)

// model is a rota as a mixed-integer program in CPLEX LP format, which CBC
// reads. Variables:
//
//	x<v>_<s>   binary: volunteer v (index in Volunteers) stands on seat s
//	           (index in Seats); only for pairs where v is free at s's time,
//	           has its skill and may do its nights
//	L<v>_<k>   continuous in [0, 1]: v's k-th seat (k = 1, 2, …), with
//	           Σ_k L<v>_<k> = Σ_s x<v>_<s>
//	N<v>_<k>   the same for v's night seats
//
// Rows: each seat takes at most Need; for each volunteer, the seats of a
// maximal clique of the clash graph (at a seat's start, the seats whose
// [Start, End + rest) holds it: they overlap or leave less than the rest)
// take at most one; each week takes at most MaxPerWeek of v's seats. The
// clash graph of intervals is an interval graph, so these cliques are all
// its maximal ones and the rows are exactly "one seat at a time, and the
// rest between two".
//
// The aims are solved in order (lexicographically), one CBC run each, with
// every earlier aim held at the value found: filled (maximise Σ x); Load,
// Σ_v (History_v + n_v)², as Σ_k (2(History_v + k - 1) + 1) L<v>_<k> plus
// the constant Σ History_v² (the increments' costs rise with k, so a
// cheapest solution fills them in order and the sum is the square
// exactly); Nights the same way; Distance (Σ distance x); Kept (Σ x over
// Existing assignments), only when there are some.
type model struct {
	in    allocate.RotaInput
	pairs []pair
	rows  []lpRow
	incL  []int // volunteer -> number of L increments
	incN  []int
}

type pair struct{ v, s int }

// newModel builds the rows of in's hard rules. It refuses Fixed
// assignments (the bench has none) and repeated IDs.
func newModel(in allocate.RotaInput) (*model, error) {
	m := &model{in: in, incL: make([]int, len(in.Volunteers)), incN: make([]int, len(in.Volunteers))}
	ids := map[string]bool{}
	for _, s := range in.Seats {
		if ids["s"+s.ID] || s.End <= s.Start {
			return nil, fmt.Errorf("seat %q: repeated or empty", s.ID)
		}
		ids["s"+s.ID] = true
	}
	for _, v := range in.Volunteers {
		if ids["v"+v.ID] {
			return nil, fmt.Errorf("volunteer %q: repeated", v.ID)
		}
		ids["v"+v.ID] = true
	}
	for _, e := range in.Existing {
		if e.Fixed {
			return nil, errors.New("fixed assignments: not in the bench's model")
		}
	}
	rest := in.Rest
	switch {
	case rest == 0:
		rest = allocate.DefaultRest
	case rest < 0:
		rest = 0
	}
	bySeat := make([][]int, len(in.Seats)) // seat -> pairs
	for vi, v := range in.Volunteers {
		var mine []int // v's seats, in input order
		for si, s := range in.Seats {
			if s.Need > 0 && eligible(v, s) {
				bySeat[si] = append(bySeat[si], len(m.pairs))
				m.pairs = append(m.pairs, pair{vi, si})
				mine = append(mine, si)
			}
		}
		if len(mine) == 0 {
			continue
		}
		x := func(si int) string { return fmt.Sprintf("x%d_%d", vi, si) }
		// Cliques: at each start, the seats whose extended interval holds
		// it; a clique within the next or the previous one is left out.
		var starts []int64
		for _, si := range mine {
			starts = append(starts, in.Seats[si].Start)
		}
		slices.Sort(starts)
		starts = slices.Compact(starts)
		cliques := make([][]int, len(starts))
		for i, p := range starts {
			for _, si := range mine {
				if s := in.Seats[si]; s.Start <= p && p < s.End+rest {
					cliques[i] = append(cliques[i], si)
				}
			}
		}
		within := func(a, b []int) bool {
			for _, s := range a {
				if !slices.Contains(b, s) {
					return false
				}
			}
			return true
		}
		for i, c := range cliques {
			if len(c) < 2 || i+1 < len(cliques) && within(c, cliques[i+1]) || i > 0 && within(c, cliques[i-1]) && !within(cliques[i-1], c) {
				continue
			}
			var t []term
			for _, si := range c {
				t = append(t, term{1, x(si)})
			}
			m.row(fmt.Sprintf("one%d_%d", vi, i), t, "<=", 1)
		}
		weeks := map[int][]term{}
		var nights []term
		for _, si := range mine {
			s := in.Seats[si]
			weeks[s.Week] = append(weeks[s.Week], term{1, x(si)})
			if s.Night {
				nights = append(nights, term{1, x(si)})
			}
		}
		cap := len(mine)
		if lim := v.MaxPerWeek; lim > 0 {
			cap = 0
			for _, w := range sortedKeys(weeks) {
				if len(weeks[w]) > lim {
					m.row(fmt.Sprintf("week%d_%d", vi, w), weeks[w], "<=", int64(lim))
				}
				cap += min(len(weeks[w]), lim)
			}
		}
		m.incL[vi], m.incN[vi] = cap, min(cap, len(nights))
		link := []term{}
		for _, si := range mine {
			link = append(link, term{1, x(si)})
		}
		for k := 1; k <= m.incL[vi]; k++ {
			link = append(link, term{-1, fmt.Sprintf("L%d_%d", vi, k)})
		}
		m.row(fmt.Sprintf("load%d", vi), link, "=", 0)
		if m.incN[vi] > 0 {
			for k := 1; k <= m.incN[vi]; k++ {
				nights = append(nights, term{-1, fmt.Sprintf("N%d_%d", vi, k)})
			}
			m.row(fmt.Sprintf("nights%d", vi), nights, "=", 0)
		}
	}
	for si, ps := range bySeat {
		if len(ps) <= in.Seats[si].Need {
			continue
		}
		var t []term
		for _, p := range ps {
			t = append(t, term{1, fmt.Sprintf("x%d_%d", m.pairs[p].v, si)})
		}
		m.row(fmt.Sprintf("need%d", si), t, "<=", int64(in.Seats[si].Need))
	}
	return m, nil
}

func eligible(v allocate.RotaVolunteer, s allocate.RotaSeat) bool {
	for _, w := range v.Unavailable {
		if w.Start < s.End && s.Start < w.End {
			return false
		}
	}
	return (s.Skill == "" || slices.Contains(v.Skills, s.Skill)) && !(s.Night && v.NoNights)
}

func sortedKeys[V any](m map[int]V) []int {
	var k []int
	for x := range m {
		k = append(k, x)
	}
	slices.Sort(k)
	return k
}

type term struct {
	c    int64
	name string
}

// expr writes the terms, eight to a line.
func expr(b *strings.Builder, t []term) {
	for i, x := range t {
		if i > 0 && i%8 == 0 {
			b.WriteString("\n  ")
		}
		sign := "+"
		if x.c < 0 {
			sign = "-"
		}
		c := max(x.c, -x.c)
		if c == 1 {
			fmt.Fprintf(b, " %s %s", sign, x.name)
		} else {
			fmt.Fprintf(b, " %s %d %s", sign, c, x.name)
		}
	}
}

// lpRow is a constraint: Σ terms op rhs, op one of <=, >=, =.
type lpRow struct {
	name  string
	terms []term
	op    string
	rhs   int64
}

func (m *model) row(name string, t []term, op string, rhs int64) {
	m.rows = append(m.rows, lpRow{name, t, op, rhs})
}

// aim is one level of the objective.
type aim struct {
	name     string
	maximise bool
	terms    []term
	constant int64 // added to Σ terms to give the objective's field
	field    func(allocate.RotaObjective) int64
}

func (m *model) aims() []aim {
	in := m.in
	var filled, load, nights, dist, kept []term
	var load0, nights0 int64
	keep := map[allocate.RotaAssignment]bool{}
	for _, e := range in.Existing {
		keep[allocate.RotaAssignment{Seat: e.Seat, Volunteer: e.Volunteer}] = true
	}
	for _, p := range m.pairs {
		x := fmt.Sprintf("x%d_%d", p.v, p.s)
		v, s := in.Volunteers[p.v], in.Seats[p.s]
		filled = append(filled, term{1, x})
		if d := allocate.Distance(v.Home, s.Place); d != 0 {
			dist = append(dist, term{d, x})
		}
		if keep[allocate.RotaAssignment{Seat: s.ID, Volunteer: v.ID}] {
			kept = append(kept, term{1, x})
		}
	}
	for vi, v := range in.Volunteers {
		h, n := int64(v.History), int64(v.NightsBefore)
		load0 += h * h
		nights0 += n * n
		for k := int64(1); k <= int64(m.incL[vi]); k++ {
			load = append(load, term{2*(h+k-1) + 1, fmt.Sprintf("L%d_%d", vi, k)})
		}
		for k := int64(1); k <= int64(m.incN[vi]); k++ {
			nights = append(nights, term{2*(n+k-1) + 1, fmt.Sprintf("N%d_%d", vi, k)})
		}
	}
	out := []aim{
		{"filled", true, filled, 0, func(o allocate.RotaObjective) int64 { return int64(o.Filled) }},
		{"load", false, load, load0, func(o allocate.RotaObjective) int64 { return o.Load }},
		{"nights", false, nights, nights0, func(o allocate.RotaObjective) int64 { return o.Nights }},
		{"distance", false, dist, 0, func(o allocate.RotaObjective) int64 { return o.Distance }},
	}
	if len(kept) > 0 {
		out = append(out, aim{"kept", true, kept, 0, func(o allocate.RotaObjective) int64 { return int64(o.Kept) }})
	}
	for i := range out {
		if len(out[i].terms) == 0 && len(m.pairs) > 0 { // an aim nothing changes: 0 times a variable
			out[i].terms = []term{{0, filled[0].name}}
		}
	}
	return out
}

// lp writes the program for aim i, the earlier aims held at their values
// held[j] (objective fields; integers, so a half of slack is exact).
func (m *model) lp(aims []aim, i int, held []int64) string {
	var b strings.Builder
	fmt.Fprintf(&b, "\\ vol rota: aim %d, %s\n", i+1, aims[i].name)
	if aims[i].maximise {
		b.WriteString("Maximize\n obj:")
	} else {
		b.WriteString("Minimize\n obj:")
	}
	expr(&b, aims[i].terms)
	b.WriteString("\nSubject To\n")
	for _, r := range m.rows {
		fmt.Fprintf(&b, " %s:", r.name)
		expr(&b, r.terms)
		fmt.Fprintf(&b, " %s %d\n", r.op, r.rhs)
	}
	for j := range i {
		fmt.Fprintf(&b, " aim%d:", j+1)
		expr(&b, aims[j].terms)
		if v := float64(held[j] - aims[j].constant); aims[j].maximise {
			fmt.Fprintf(&b, " >= %.1f\n", v-0.5)
		} else {
			fmt.Fprintf(&b, " <= %.1f\n", v+0.5)
		}
	}
	b.WriteString("Bounds\n")
	for vi := range m.in.Volunteers {
		for k := 1; k <= m.incL[vi]; k++ {
			fmt.Fprintf(&b, " 0 <= L%d_%d <= 1\n", vi, k)
		}
		for k := 1; k <= m.incN[vi]; k++ {
			fmt.Fprintf(&b, " 0 <= N%d_%d <= 1\n", vi, k)
		}
	}
	b.WriteString("Binary\n")
	for _, p := range m.pairs {
		fmt.Fprintf(&b, " x%d_%d\n", p.v, p.s)
	}
	b.WriteString("End\n")
	return b.String()
}

// levelResult is what one CBC run gave.
type levelResult struct {
	aim     string
	status  string // CBC's first line of the solution, up to " - "
	proved  bool   // CBC proved this level optimal
	seconds float64
	value   int64 // the objective's field in the plan found
}

// peerResult is CBC's answer for an instance.
type peerResult struct {
	levels  []levelResult
	plan    allocate.RotaPlan
	obj     allocate.RotaObjective
	seconds float64 // every level's wall time, reading the file included
	proved  bool    // every level proved optimal
}

// solveCBC solves the model level by level with the CBC binary cbc, within
// limit in all, writing its files in dir under the name stem.
func solveCBC(ctx context.Context, cbc string, m *model, dir, stem string, limit time.Duration) (*peerResult, error) {
	aims := m.aims()
	held := make([]int64, len(aims))
	res := &peerResult{proved: true}
	var found bool
	for i, a := range aims {
		left := limit - time.Duration(res.seconds*float64(time.Second))
		if left < time.Second {
			res.proved = false
			res.levels = append(res.levels, levelResult{aim: a.name, status: "not run: no time left"})
			continue
		}
		lpFile := filepath.Join(dir, fmt.Sprintf("%s-%d-%s.lp", stem, i+1, a.name))
		solFile := strings.TrimSuffix(lpFile, ".lp") + ".sol"
		logFile := strings.TrimSuffix(lpFile, ".lp") + ".log"
		if err := os.WriteFile(lpFile, []byte(m.lp(aims, i, held)), 0o644); err != nil {
			return nil, err
		}
		_ = os.Remove(solFile)
		log, err := os.Create(logFile)
		if err != nil {
			return nil, err
		}
		cmd := exec.CommandContext(ctx, cbc, lpFile, "timeMode", "elapsed", "seconds", fmt.Sprintf("%.0f", left.Seconds()),
			"ratioGap", "0", "solve", "solution", solFile)
		cmd.Stdout, cmd.Stderr = log, log
		t0 := time.Now()
		err = cmd.Run()
		took := time.Since(t0).Seconds()
		_ = log.Close()
		res.seconds += took
		if err != nil {
			return nil, fmt.Errorf("cbc %s: %w (log %s)", lpFile, err, logFile)
		}
		status, plan, err := m.readSolution(solFile)
		if err != nil {
			return nil, err
		}
		lr := levelResult{aim: a.name, status: status, seconds: took,
			proved: status == "Optimal"}
		if plan == nil {
			// No solution at this level: the previous one stands.
			lr.status += " (no solution)"
			res.proved = false
			res.levels = append(res.levels, lr)
			if !found {
				return res, fmt.Errorf("cbc found no solution for aim %s (log %s)", a.name, logFile)
			}
			break
		}
		found = true
		res.plan = *plan
		res.obj = score(m.in, res.plan)
		held[i] = a.field(res.obj)
		lr.value = held[i]
		res.proved = res.proved && lr.proved
		res.levels = append(res.levels, lr)
	}
	return res, nil
}

// readSolution reads CBC's solution file: its status and, when it holds a
// solution, the plan of its x variables.
func (m *model) readSolution(path string) (string, *allocate.RotaPlan, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", nil, err
	}
	defer func() { _ = f.Close() }()
	sc := bufio.NewScanner(f)
	if !sc.Scan() {
		return "", nil, fmt.Errorf("%s: empty", path)
	}
	head := sc.Text()
	status, _, _ := strings.Cut(head, " - objective")
	if strings.Contains(head, "no integer solution") || strings.HasPrefix(head, "Infeasible") || strings.HasPrefix(head, "Integer infeasible") {
		return status, nil, nil
	}
	plan := &allocate.RotaPlan{Assignments: []allocate.RotaAssignment{}}
	for sc.Scan() {
		fields := strings.Fields(strings.TrimPrefix(strings.TrimSpace(sc.Text()), "**"))
		if len(fields) != 4 {
			return "", nil, fmt.Errorf("%s: unexpected line %q", path, sc.Text())
		}
		var v, s int
		if n, _ := fmt.Sscanf(fields[1], "x%d_%d", &v, &s); n != 2 {
			continue
		}
		var val float64
		if _, err := fmt.Sscan(fields[2], &val); err != nil {
			return "", nil, fmt.Errorf("%s: %q: %w", path, sc.Text(), err)
		}
		if val > 0.5 {
			if v >= len(m.in.Volunteers) || s >= len(m.in.Seats) {
				return "", nil, fmt.Errorf("%s: no such variable %s", path, fields[1])
			}
			plan.Assignments = append(plan.Assignments, allocate.RotaAssignment{Seat: m.in.Seats[s].ID, Volunteer: m.in.Volunteers[v].ID})
		}
	}
	return status, plan, sc.Err()
}

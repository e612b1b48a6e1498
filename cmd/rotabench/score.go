package main

import (
	"fmt"
	"slices"

	"vol/allocate"
)

// score computes a plan's objective from the input alone, independently of
// allocate (which reports its own): the bench checks the two agree.
func score(in allocate.RotaInput, plan allocate.RotaPlan) allocate.RotaObjective {
	seats := map[string]allocate.RotaSeat{}
	for _, s := range in.Seats {
		seats[s.ID] = s
	}
	kept := map[allocate.RotaAssignment]bool{}
	for _, e := range in.Existing {
		kept[allocate.RotaAssignment{Seat: e.Seat, Volunteer: e.Volunteer}] = true
	}
	count, nights := map[string]int64{}, map[string]int64{}
	var o allocate.RotaObjective
	home := map[string]allocate.Location{}
	for _, v := range in.Volunteers {
		home[v.ID] = v.Home
	}
	for _, a := range plan.Assignments {
		s := seats[a.Seat]
		o.Filled++
		o.Distance += allocate.Distance(home[a.Volunteer], s.Place)
		if kept[allocate.RotaAssignment{Seat: a.Seat, Volunteer: a.Volunteer}] {
			o.Kept++
		}
		count[a.Volunteer]++
		if s.Night {
			nights[a.Volunteer]++
		}
	}
	for _, v := range in.Volunteers {
		h, n := int64(v.History)+count[v.ID], int64(v.NightsBefore)+nights[v.ID]
		o.Load += h * h
		o.Nights += n * n
	}
	return o
}

// places is the number of places to fill: the seats' Need summed.
func places(in allocate.RotaInput) int {
	n := 0
	for _, s := range in.Seats {
		n += max(s.Need, 0)
	}
	return n
}

// describe prints an objective for the table.
func describe(o allocate.RotaObjective, withKept bool) string {
	s := fmt.Sprintf("filled %d, load %d, nights %d, distance %d", o.Filled, o.Load, o.Nights, o.Distance)
	if withKept {
		s += fmt.Sprintf(", kept %d", o.Kept)
	}
	return s
}

// gap says how vol's objective a differs from the peer's b: "none", or the
// first aim where they differ (later aims do not count after it).
func gap(a, b allocate.RotaObjective) string {
	pct := func(x, y int64) string {
		if y == 0 {
			return ""
		}
		return fmt.Sprintf(" (%+.2f%%)", 100*float64(x-y)/float64(y))
	}
	switch {
	case a.Filled != b.Filled:
		return fmt.Sprintf("filled %+d", a.Filled-b.Filled)
	case a.Load != b.Load:
		return fmt.Sprintf("load %+d%s", a.Load-b.Load, pct(a.Load, b.Load))
	case a.Nights != b.Nights:
		return fmt.Sprintf("nights %+d%s", a.Nights-b.Nights, pct(a.Nights, b.Nights))
	case a.Distance != b.Distance:
		return fmt.Sprintf("distance %+d%s", a.Distance-b.Distance, pct(a.Distance, b.Distance))
	case a.Kept != b.Kept:
		return fmt.Sprintf("kept %+d", a.Kept-b.Kept)
	}
	return "none"
}

// median of the durations d (sorted in place).
func median[T int64 | float64](d []T) T {
	slices.Sort(d)
	if len(d)%2 == 1 {
		return d[len(d)/2]
	}
	return (d[len(d)/2-1] + d[len(d)/2]) / 2
}

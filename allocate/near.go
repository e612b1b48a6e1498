package allocate

import (
	"cmp"
	"slices"
)

// Place is someone's home as Nearest sees it: Known is false when it has no
// address (property staff), and such places come after every known one.
type Place struct {
	ID    string
	Rank  int // the caller's order (address order): ties of distance keep it
	Loc   Location
	Known bool
}

// Near is a place with its distance from the place Nearest measured from.
type Near struct {
	ID       string `json:"id"`
	Distance int64  `json:"distance"` // see Distance; 0 when Known is false
	Known    bool   `json:"known"`
}

// Nearest orders places by Distance from from, nearest first; ties keep the
// caller's Rank, then ID, and places with no address come last (in Rank,
// then ID order). It is the one ranking by distance: vol who, the
// choice of a medicine run's volunteer and pairing all measure with
// Distance.
func Nearest(from Location, places []Place) []Near {
	type ranked struct {
		p Place
		d int64
	}
	rs := make([]ranked, len(places))
	for i, p := range places {
		rs[i] = ranked{p: p}
		if p.Known {
			rs[i].d = Distance(from, p.Loc)
		}
	}
	slices.SortFunc(rs, func(a, b ranked) int {
		if a.p.Known != b.p.Known {
			if a.p.Known {
				return -1
			}
			return 1
		}
		return cmp.Or(cmp.Compare(a.d, b.d), cmp.Compare(a.p.Rank, b.p.Rank), cmp.Compare(a.p.ID, b.p.ID))
	})
	out := make([]Near, len(rs))
	for i, r := range rs {
		out[i] = Near{ID: r.p.ID, Distance: r.d, Known: r.p.Known}
	}
	return out
}

// Nearness words a distance as one of four kinds: "same_unit",
// "same_building", "other_building" (another building or area) and
// "unknown" (no address).
func Nearness(n Near) string {
	switch {
	case !n.Known:
		return "unknown"
	case n.Distance == DistSameUnit:
		return "same_unit"
	case n.Distance <= DistSameBuilding:
		return "same_building"
	}
	return "other_building"
}

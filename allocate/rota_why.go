package allocate

import (
	"cmp"
	"slices"
)

// RotaCanFill is the reason RotaGaps gives for a place someone could
// still take: the rota was recorded before they became free, or changed
// by hand.
const RotaCanFill = "can_fill"

// RotaGaps lists the places a recorded plan leaves empty, in seat order,
// and why no one more could take each, given the assignments as they are
// (RotaCanFill when someone could): what vol rota show prints for a rota
// recorded earlier. Assignments that name no seat of in, or overfill one,
// are left out.
func RotaGaps(in RotaInput, assignments []RotaAssignment) []RotaUnfilled {
	st := placed(newRota(in), assignments)
	gaps := st.plan().Unfilled
	for i, g := range gaps {
		s := st.r.seatI[g.Seat]
		for v := range st.r.vols {
			if !slices.Contains(st.held[v], s) && st.canTake(v, s, -1) {
				gaps[i].Reason = RotaCanFill
				break
			}
		}
	}
	return gaps
}

// placed puts assignments on a fresh state in seat then volunteer order,
// ignoring the hard rules (a recorded rota is shown as it is).
func placed(r *rota, assignments []RotaAssignment) *state {
	st := newState(r)
	as := slices.Clone(assignments)
	slices.SortFunc(as, func(a, b RotaAssignment) int {
		return cmp.Or(cmp.Compare(r.seatIndex(a.Seat), r.seatIndex(b.Seat)), cmp.Compare(a.Volunteer, b.Volunteer))
	})
	for _, a := range as {
		si, ok1 := r.seatI[a.Seat]
		vi, ok2 := r.volI[a.Volunteer]
		if !ok1 || !ok2 {
			continue
		}
		for p := range st.place {
			if st.place[p] == si && st.who[p] < 0 {
				st.put(p, vi)
				break
			}
		}
	}
	return st
}

// Why a volunteer is not on a seat, checked in this order.
const (
	WhyHeld        = "held"        // they are on it
	WhyUnavailable = "unavailable" // they said they cannot
	WhySkill       = "skill"       // the post asks for a skill they lack
	WhyNoNights    = "no_nights"   // a night, and they stand none
	WhyClash       = "clash"       // it overlaps, or leaves too little rest around, a seat they hold (Other)
	WhyWeekLimit   = "week_limit"  // their week is full
	WhyFull        = "full"        // every place is taken by others
	WhyOpen        = "open"        // they could take it: a place is empty
)

// RotaSeatWhy is one seat as one volunteer sees it. For WhyClash, Other is
// the seat they hold that stands in the way. For WhyFull, Fairer tells
// whether every holder has served no more shifts (before and in the plan)
// than this volunteer, Nearer whether every holder lives no farther.
type RotaSeatWhy struct {
	Seat   string `json:"seat"`
	Why    string `json:"why"`
	Other  string `json:"other,omitempty"`
	Fairer bool   `json:"fairer,omitempty"`
	Nearer bool   `json:"nearer,omitempty"`
}

// RotaWhy explains one volunteer's place in a plan: their History, the
// shifts they hold, the mean shifts (before and in the plan) of every
// volunteer as Total over Volunteers, and every seat of in in seat order.
type RotaWhy struct {
	Volunteer  string        `json:"volunteer"`
	History    int           `json:"history"`
	Held       int           `json:"held"`
	Total      int           `json:"total"`
	Volunteers int           `json:"volunteers"`
	Seats      []RotaSeatWhy `json:"seats"`
}

// ExplainRota says, seat by seat, why volunteer holds the seats they hold
// in plan and not the others. It reports false when in has no such
// volunteer. It judges the plan as it is (it does not re-plan).
func ExplainRota(in RotaInput, plan RotaPlan, volunteer string) (RotaWhy, bool) {
	r := newRota(in)
	v, ok := r.volI[volunteer]
	if !ok {
		return RotaWhy{}, false
	}
	st := placed(r, plan.Assignments)
	out := RotaWhy{Volunteer: volunteer, History: r.vols[v].History, Held: st.count[v], Volunteers: len(r.vols), Seats: []RotaSeatWhy{}}
	for w, vol := range r.vols {
		out.Total += vol.History + st.count[w]
	}
	mine := r.vols[v].History + st.count[v]
	for s, seat := range r.seats {
		w := RotaSeatWhy{Seat: seat.ID}
		switch {
		case slices.Contains(st.held[v], s):
			w.Why = WhyHeld
		case !r.free(r.vols[v], seat):
			w.Why = WhyUnavailable
		case !r.skilled(r.vols[v], seat):
			w.Why = WhySkill
		case seat.Night && r.vols[v].NoNights:
			w.Why = WhyNoNights
		default:
			if i := slices.IndexFunc(st.held[v], func(h int) bool { return r.clsh[h][s] }); i >= 0 {
				w.Why, w.Other = WhyClash, r.seats[st.held[v][i]].ID
				break
			}
			if m := r.vols[v].MaxPerWeek; m > 0 && st.week[v][seat.Week] >= m {
				w.Why = WhyWeekLimit
				break
			}
			w.Why, w.Fairer, w.Nearer = WhyFull, true, true
			for p, x := range st.who {
				switch {
				case st.place[p] != s:
				case x < 0:
					w.Why = WhyOpen
				default:
					w.Fairer = w.Fairer && r.vols[x].History+st.count[x] <= mine
					w.Nearer = w.Nearer && r.dist[x][s] <= r.dist[v][s]
				}
			}
			if w.Why == WhyOpen {
				w.Fairer, w.Nearer = false, false
			}
		}
		out.Seats = append(out.Seats, w)
	}
	return out, true
}

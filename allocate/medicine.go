package allocate

import (
	"cmp"
	"slices"
)

// MedRequest is a request for drugs as a medicine run's planner sees it.
type MedRequest struct {
	ID, Household string
	Rank          int    // the household's place in address order
	Urgent        bool   // put first
	MissedRuns    int    // runs that planned it and did not get it
	RequestedAt   string // RFC 3339 in UTC, so text order is time order
	// Waiting is true when a run may take it: open, its drug name not
	// purged, and not planned in a run that is still open.
	Waiting bool
}

// MedOrder sorts requests into plan order, in place: urgent first, then
// those that missed more runs, then the earlier requested, then by the
// household's address rank (so one volunteer's walk is short), then ID.
func MedOrder(rs []MedRequest) {
	slices.SortStableFunc(rs, func(a, b MedRequest) int {
		if a.Urgent != b.Urgent {
			if a.Urgent {
				return -1
			}
			return 1
		}
		return cmp.Or(cmp.Compare(b.MissedRuns, a.MissedRuns), cmp.Compare(a.RequestedAt, b.RequestedAt),
			cmp.Compare(a.Rank, b.Rank), cmp.Compare(a.ID, b.ID))
	})
}

// Why a household's requests are in a run: what put its first waiting
// request where it stands in plan order.
const (
	MedReasonUrgent = "urgent"      // an urgent request
	MedReasonMissed = "missed_runs" // a request that earlier runs did not get
	MedReasonOldest = "oldest"      // the earliest requests still waiting
)

// MedPick is a request a run takes.
type MedPick struct {
	Request, Household string
	Position           int    // the household's place among those taken, from 1
	Reason             string // MedReasonUrgent, MedReasonMissed or MedReasonOldest
}

// MedRunPlan is what PlanMedRun decided.
type MedRunPlan struct {
	Households []string  // taken, in plan order
	Picks      []MedPick // every waiting request of those households, in plan order
	Left       int       // households with waiting requests left for a later run
}

// PlanMedRun batches waiting requests into one run of at most
// maxHouseholds households (what one volunteer carries in an afternoon):
// households are taken in the plan order of their first waiting request
// (see MedOrder), and a household taken brings all its waiting requests.
// rs may be in any order; the plan depends only on their facts.
func PlanMedRun(rs []MedRequest, maxHouseholds int) MedRunPlan {
	waiting := make([]MedRequest, 0, len(rs))
	for _, r := range rs {
		if r.Waiting {
			waiting = append(waiting, r)
		}
	}
	MedOrder(waiting)
	plan := MedRunPlan{Households: []string{}, Picks: []MedPick{}}
	pos := map[string]int{}
	reason := map[string]string{}
	seen := map[string]bool{}
	for _, r := range waiting {
		if seen[r.Household] {
			continue
		}
		seen[r.Household] = true
		if len(plan.Households) >= maxHouseholds {
			plan.Left++
			continue
		}
		plan.Households = append(plan.Households, r.Household)
		pos[r.Household] = len(plan.Households)
		switch {
		case r.Urgent:
			reason[r.Household] = MedReasonUrgent
		case r.MissedRuns > 0:
			reason[r.Household] = MedReasonMissed
		default:
			reason[r.Household] = MedReasonOldest
		}
	}
	for _, r := range waiting {
		if p, ok := pos[r.Household]; ok {
			plan.Picks = append(plan.Picks, MedPick{Request: r.ID, Household: r.Household, Position: p, Reason: reason[r.Household]})
		}
	}
	return plan
}

// MedSkills are the skills a medicine run's volunteer needs: the
// prescriptions are collected by a doctor or a nurse.
var MedSkills = []string{"医生", "护士"}

// Courier is a present volunteer who could make a medicine run.
type Courier struct {
	Place
	Skills []string
	Busy   bool // on a run that is still open
}

// ChooseCourier suggests the volunteer for a run to the household at to:
// the nearest (see Nearest) who has one of MedSkills and is not on an open
// run. ok is false when nobody qualifies.
func ChooseCourier(to Location, cs []Courier) (Near, bool) {
	var places []Place
	for _, c := range cs {
		if c.Busy || !hasAny(c.Skills, MedSkills) {
			continue
		}
		places = append(places, c.Place)
	}
	if len(places) == 0 {
		return Near{}, false
	}
	return Nearest(to, places)[0], true
}

func hasAny(tags, want []string) bool {
	for _, t := range tags {
		if slices.Contains(want, t) {
			return true
		}
	}
	return false
}

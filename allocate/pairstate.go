package allocate

import (
	"cmp"
	"slices"
)

// CurrentPair is a pairing in the ledger that has not been ended.
type CurrentPair struct {
	ID, Elder, Volunteer string
	Since                string // YYYY-MM-DD
}

// Why a current pairing no longer holds.
const (
	StaleVolunteer = "volunteer_gone" // the volunteer is away, stopped volunteering or left the register
	StaleElder     = "not_elder_only" // the household is no longer elder-only (or gone)
	StaleSecond    = "second_pair"    // the household already has an older pairing that holds
)

// StalePair is a current pairing that no longer holds, with why.
type StalePair struct {
	CurrentPair
	Reason string // StaleVolunteer, StaleElder or StaleSecond
}

// PairState is where the pairing of a compound stands.
type PairState struct {
	Valid    []CurrentPair // pairings that hold, one per elder household, oldest first
	Stale    []StalePair   // pairings to end, oldest first
	Unpaired []string      // elder-only households with no pairing that holds, in the order given
}

// CheckPairs sorts the current pairings into those that hold and those
// that no longer do: a pairing holds while its volunteer is one of
// volunteers (present volunteers), its household one of elderHouseholds
// (elder-only households, in address order), and no older pairing of the
// same household holds (oldest by Since, then ID). Elder households left
// without one are Unpaired.
func CheckPairs(current []CurrentPair, elderHouseholds, volunteers []string) PairState {
	vol := make(map[string]bool, len(volunteers))
	for _, v := range volunteers {
		vol[v] = true
	}
	elder := make(map[string]bool, len(elderHouseholds))
	for _, e := range elderHouseholds {
		elder[e] = true
	}
	ps := slices.Clone(current)
	slices.SortFunc(ps, func(a, b CurrentPair) int { return cmp.Or(cmp.Compare(a.Since, b.Since), cmp.Compare(a.ID, b.ID)) })
	st := PairState{Valid: []CurrentPair{}, Stale: []StalePair{}, Unpaired: []string{}}
	paired := map[string]bool{}
	for _, p := range ps {
		switch {
		case !vol[p.Volunteer]:
			st.Stale = append(st.Stale, StalePair{p, StaleVolunteer})
		case !elder[p.Elder]:
			st.Stale = append(st.Stale, StalePair{p, StaleElder})
		case paired[p.Elder]:
			st.Stale = append(st.Stale, StalePair{p, StaleSecond})
		default:
			paired[p.Elder] = true
			st.Valid = append(st.Valid, p)
		}
	}
	for _, e := range elderHouseholds {
		if !paired[e] {
			st.Unpaired = append(st.Unpaired, e)
		}
	}
	return st
}

// sparseAbove is the size of the dense problem (elders × volunteers ×
// capacity) above which Pairs is asked for the sparse solver: its matrix
// would take too much memory and time. Both solvers give an optimal plan.
const sparseAbove = 4_000_000

// sparseK is the size of each elder's first candidate set in a
// district-sized problem (see PairInput.K).
const sparseK = 16

// CandidatesFor returns the PairInput.K for a problem of this size: 0
// (the dense solver) for a compound, sparseK (the sparse solver, starting
// from each elder's sparseK nearest volunteers) for a district. Either way
// the plan is optimal over every volunteer.
func CandidatesFor(elders, volunteers, capacity int) int {
	if elders*volunteers*max(capacity, 1) > sparseAbove {
		return sparseK
	}
	return 0
}

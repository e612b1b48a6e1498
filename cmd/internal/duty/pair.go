package duty

import (
	"vol/allocate"
	"vol/ledger"
)

// PairInput turns the register into the pairing problem: elder-only
// households with their present elders' needs, present volunteers.
func PairInput(reg *ledger.Register, capacity int) allocate.PairInput {
	var in allocate.PairInput
	needs := map[string][]string{}
	elders := map[string]int{}
	for _, p := range reg.People {
		if f, ok := reg.Facts(p.HouseholdID); ok && f.ElderOnly && p.Present && p.Role == ledger.RoleResident {
			needs[p.HouseholdID] = append(needs[p.HouseholdID], p.Needs...)
			elders[p.HouseholdID]++
		}
		if p.Present && p.Volunteer {
			in.Volunteers = append(in.Volunteers, allocate.Volunteer{ID: p.ID, Household: p.HouseholdID,
				Loc: Location(p.Address), Skills: p.Skills, Capacity: capacity})
		}
	}
	for _, f := range reg.Households {
		if f.ElderOnly {
			in.Elders = append(in.Elders, allocate.ElderHousehold{ID: f.ID, Loc: Location(f.Address), Needs: needs[f.ID], Elders: elders[f.ID]})
		}
	}
	in.K = allocate.CandidatesFor(len(in.Elders), len(in.Volunteers), capacity)
	return in
}

package waves

import (
	"slices"

	"vol/ledger"
)

// Roll is who a recorded round must reach, read from the register as it
// stands (not as it was planned): every present person, the round's
// home-visit people among them, and the property staff.
type Roll struct {
	// People are the present people in address order, property staff
	// (and anyone present without a household) last.
	People []ledger.Person
	// Visit holds, by ID, the present people of the round's home-visit
	// households whose needs are on the home-visit list: the medic team
	// tests them at home. The others of those households are called down
	// with their unit, as the plan called them.
	Visit map[string]bool
}

// NewRoll reads a round's roll from the register; visits are the
// households on the round's home-visit list.
func NewRoll(reg *ledger.Register, visits []ledger.TestVisit) Roll {
	home := map[string]bool{}
	for _, v := range visits {
		home[v.HouseholdID] = true
	}
	r := Roll{Visit: map[string]bool{}}
	for _, p := range reg.People {
		if !p.Present {
			continue
		}
		r.People = append(r.People, p)
		if home[p.HouseholdID] && !Staff(p) && HomeVisit(p, reg.Settings.HomeVisitNeeds) {
			r.Visit[p.ID] = true
		}
	}
	return r
}

// Staff reports whether a person is called with the property staff at
// the start rather than with a unit: property staff, and anyone without
// a household.
func Staff(p ledger.Person) bool {
	return p.Role == ledger.RolePropertyStaff || p.HouseholdID == ""
}

// HomeVisit reports whether a person has a need on the home-visit list.
func HomeVisit(p ledger.Person, needs []string) bool {
	return slices.ContainsFunc(p.Needs, func(n string) bool { return slices.Contains(needs, n) })
}

// UnitOf is the unit a person is called down with (zero for staff).
func UnitOf(p ledger.Person) Unit {
	if Staff(p) {
		return Unit{}
	}
	return Unit{Building: ledger.Building{Area: p.Address.Area, Building: p.Address.Building}, Unit: p.Address.Unit}
}

// Package waves turns the register into a testing round's problem for
// allocate.PlanTesting: who is present, by unit and floor, who is tested
// at home, how far each building walks to the site. It reads; the command
// records.
package waves

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"vol/allocate"
	"vol/ledger"
)

// Options are the round's parameters: seconds a floor takes to come down,
// the walk from each building to the site in seconds (Walks, by building
// as ledger.Building prints it; DefaultWalk for the others).
type Options struct {
	Stations    int
	Service     int64
	PerFloor    int64
	MaxQueue    int
	Step        int64
	Walks       map[ledger.Building]int64
	DefaultWalk int64
}

// Unit is a unit of a building as the problem has it.
type Unit struct {
	Building ledger.Building
	Unit     string // "" for a building without units
}

// Label is the unit as people write it: 3号楼2单元, or 3号楼.
func (u Unit) Label() string {
	if u.Unit == "" {
		return u.Building.String()
	}
	return u.Building.String() + u.Unit + "单元"
}

// Visit is a household whose present people are tested at home.
type Visit struct {
	Household ledger.HouseholdFacts
	People    []ledger.Person
	Walk      int64
	Rank      int
}

// Problem is a round ready to plan: Input for allocate.PlanTesting, the
// units by their key in it, the home visits nearest first, and who is
// present (every person the round must reach) by ID.
type Problem struct {
	Input   allocate.TestInput
	Units   map[[2]string]Unit // by (Building, Unit) as in Input
	Visits  []Visit
	Present map[string]ledger.Person
	// InUnit lists the present people called down, by unit key.
	InUnit map[[2]string][]ledger.Person
}

// Key is a unit's key in the problem: the building as printed, and the
// unit.
func Key(b ledger.Building, unit string) [2]string { return [2]string{b.String(), unit} }

// Floor is the floor of a room: its number ÷ 100 (501 is on 5), 0 when
// the room is not a number.
func Floor(room string) int {
	n, err := strconv.Atoi(strings.TrimLeft(room, "0"))
	if err != nil || n < 0 {
		return 0
	}
	return n / 100
}

// Build reads the round's problem from the register: every present
// person (residents and stranded workers in their flats, property staff
// as one group), those with a need among the home-visit needs set apart
// by household.
func Build(reg *ledger.Register, o Options) *Problem {
	pr := &Problem{Units: map[[2]string]Unit{}, Present: map[string]ledger.Person{}, InUnit: map[[2]string][]ledger.Person{}}
	in := &pr.Input
	in.Stations, in.Service, in.PerFloor, in.MaxQueue, in.Step = o.Stations, o.Service, o.PerFloor, o.MaxQueue, o.Step
	home := reg.Settings.HomeVisitNeeds
	households := map[string]ledger.HouseholdFacts{}
	for _, h := range reg.Households {
		households[h.ID] = h
	}
	walk := func(b ledger.Building) int64 {
		if w, ok := o.Walks[b]; ok {
			return w
		}
		return o.DefaultWalk
	}
	floors := map[[2]string]map[int]int{}
	visits := map[string]*Visit{}
	for _, p := range reg.People {
		if !p.Present {
			continue
		}
		pr.Present[p.ID] = p
		if Staff(p) {
			in.Staff++
			continue
		}
		b := ledger.Building{Area: p.Address.Area, Building: p.Address.Building}
		if HomeVisit(p, home) {
			v := visits[p.HouseholdID]
			if v == nil {
				v = &Visit{Household: households[p.HouseholdID], Walk: walk(b)}
				visits[p.HouseholdID] = v
			}
			v.People = append(v.People, p)
			continue
		}
		k := Key(b, p.Address.Unit)
		if _, ok := pr.Units[k]; !ok {
			pr.Units[k] = Unit{Building: b, Unit: p.Address.Unit}
			floors[k] = map[int]int{}
		}
		floors[k][Floor(p.Address.Room)]++
		pr.InUnit[k] = append(pr.InUnit[k], p)
	}
	keys := make([][2]string, 0, len(pr.Units))
	for k := range pr.Units {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b [2]string) int { return unitOrder(pr.Units[a], pr.Units[b]) })
	for rank, k := range keys {
		u := allocate.TestUnit{Building: k[0], Unit: k[1], Rank: rank, Walk: walk(pr.Units[k].Building)}
		fs := make([]int, 0, len(floors[k]))
		for f := range floors[k] {
			fs = append(fs, f)
		}
		slices.Sort(fs)
		for _, f := range fs {
			u.Floors = append(u.Floors, allocate.TestFloor{Floor: f, People: floors[k][f]})
		}
		in.Units = append(in.Units, u)
	}
	// Home visits, nearest the site first, then in address order.
	for rank, h := range reg.Households {
		if v, ok := visits[h.ID]; ok {
			v.Rank = rank
			pr.Visits = append(pr.Visits, *v)
		}
	}
	slices.SortStableFunc(pr.Visits, func(a, b Visit) int { return cmp.Or(cmp.Compare(a.Walk, b.Walk), cmp.Compare(a.Rank, b.Rank)) })
	return pr
}

// SortUnits puts units in address order.
func SortUnits(us []Unit) { slices.SortFunc(us, unitOrder) }

// unitOrder is address order (ledger.CompareAddress on the unit's parts).
func unitOrder(a, b Unit) int {
	return ledger.CompareAddress(ledger.Address{Area: a.Building.Area, Building: a.Building.Building, Unit: a.Unit},
		ledger.Address{Area: b.Building.Area, Building: b.Building.Building, Unit: b.Unit})
}

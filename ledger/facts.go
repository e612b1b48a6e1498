package ledger

import (
	"context"
	"sort"
	"time"
)

// HouseholdFacts are a household's figures on a date, derived from its
// people and never stored.
type HouseholdFacts struct {
	Household
	Listed      int  // people listed in it
	PresentSize int  // present residents
	Present     bool // at least one resident present (staff and stranded workers do not count)
	Elders      int  // present residents aged at least the elder age
	ElderOnly   bool // present, and every present resident is an elder (独居 with one, 双独居 with more)
	Stranded    int  // present stranded workers
}

// Register is the whole register with its derived figures on one date.
type Register struct {
	On         time.Time
	Settings   Settings
	Households []HouseholdFacts // address order
	People     []Person         // address order; property staff last
	byID       map[string]int
}

// Register loads the register and derives each household's figures on the
// date, with the compound's elder age.
func (db *DB) Register(ctx context.Context, on time.Time) (*Register, error) {
	s, err := db.Settings(ctx)
	if err != nil {
		return nil, err
	}
	hs, err := db.Households(ctx)
	if err != nil {
		return nil, err
	}
	ps, err := db.People(ctx)
	if err != nil {
		return nil, err
	}
	r := &Register{On: on, Settings: s, People: ps, byID: make(map[string]int, len(hs))}
	r.Households = make([]HouseholdFacts, len(hs))
	for i, h := range hs {
		r.Households[i].Household = h
		r.byID[h.ID] = i
	}
	for _, p := range ps {
		i, ok := r.byID[p.HouseholdID]
		if !ok {
			continue
		}
		f := &r.Households[i]
		f.Listed++
		if !p.Present {
			continue
		}
		switch p.Role {
		case RoleResident:
			f.PresentSize++
			if r.IsElder(p) {
				f.Elders++
			}
		case RoleStrandedWorker:
			f.Stranded++
		}
	}
	for i := range r.Households {
		f := &r.Households[i]
		f.Present = f.PresentSize > 0
		f.ElderOnly = f.Present && f.Elders == f.PresentSize
	}
	return r, nil
}

// IsElder reports whether a resident is at least the elder age on r.On.
func (r *Register) IsElder(p Person) bool {
	return p.Role == RoleResident && Age(p.Birth, r.On) >= r.Settings.ElderAge
}

// Facts returns a household's figures (ok false when the ID is unknown).
func (r *Register) Facts(householdID string) (HouseholdFacts, bool) {
	i, ok := r.byID[householdID]
	if !ok {
		return HouseholdFacts{}, false
	}
	return r.Households[i], true
}

// LargeSize is the present size from which a household counts as large.
const LargeSize = 5

// Status holds the compound's headline figures.
type Status struct {
	RegisteredHouseholds     int `json:"registered_households"`
	PresentHouseholds        int `json:"present_households"`
	PresentResidents         int `json:"present_residents"`
	Elders                   int `json:"elders"`
	ElderHouseholds          int `json:"elder_households"`
	LargeHouseholds          int `json:"large_households"`
	PropertyStaff            int `json:"property_staff"`
	StrandedWorkerHouseholds int `json:"stranded_worker_households"`
	Volunteers               int `json:"volunteers"`
}

// Status counts the headline figures: elders are present elders in
// elder-only households; property staff and volunteers count when present.
func (r *Register) Status() Status {
	s := Status{RegisteredHouseholds: len(r.Households)}
	for _, f := range r.Households {
		if f.Present {
			s.PresentHouseholds++
			s.PresentResidents += f.PresentSize
		}
		if f.ElderOnly {
			s.ElderHouseholds++
			s.Elders += f.Elders
		}
		if f.PresentSize >= LargeSize {
			s.LargeHouseholds++
		}
		if f.Stranded > 0 {
			s.StrandedWorkerHouseholds++
		}
	}
	for _, p := range r.People {
		if !p.Present {
			continue
		}
		if p.Role == RolePropertyStaff {
			s.PropertyStaff++
		}
		if p.Volunteer {
			s.Volunteers++
		}
	}
	return s
}

func sortHouseholds(hs []Household) {
	sort.Slice(hs, func(i, j int) bool {
		if c := CompareAddress(hs[i].Address, hs[j].Address); c != 0 {
			return c < 0
		}
		return hs[i].ID < hs[j].ID
	})
}

// sortPeople orders people by address (property staff, with none, last),
// then birth (older first), then ID.
func sortPeople(ps []Person) {
	sort.Slice(ps, func(i, j int) bool {
		a, b := ps[i], ps[j]
		if (a.HouseholdID == "") != (b.HouseholdID == "") {
			return b.HouseholdID == ""
		}
		if c := CompareAddress(a.Address, b.Address); c != 0 {
			return c < 0
		}
		if a.Birth != b.Birth {
			return a.Birth < b.Birth
		}
		return a.ID < b.ID
	})
}

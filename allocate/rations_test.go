package allocate

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/")

func tierPacks(p Plan) map[string]int {
	m := map[string]int{}
	for _, t := range p.Tiers {
		m[t.Name] = t.Packs
	}
	return m
}

func TestStorySplit(t *testing.T) {
	hs, ps := storyRegister()
	tests := []struct {
		name     string
		packs    int
		leftover Leftover
		want     map[string]int
		reserve  int
	}{
		{"the story", 68, LeftoverReserve, map[string]int{"elders": 45, "large-families": 15, "property-staff": 7, "stranded-workers": 1}, 0},
		{"short delivery", 50, LeftoverReserve, map[string]int{"elders": 45, "large-families": 5, "property-staff": 0, "stranded-workers": 0}, 0},
		{"elders need them all", 45, LeftoverReserve, map[string]int{"elders": 45, "large-families": 0, "property-staff": 0, "stranded-workers": 0}, 0},
		{"big delivery kept", 100, LeftoverReserve, map[string]int{"elders": 45, "large-families": 15, "property-staff": 7, "stranded-workers": 1}, 32},
		{"big delivery cycled", 100, LeftoverCycle, map[string]int{"elders": 45 + 32, "large-families": 15, "property-staff": 7, "stranded-workers": 1}, 0},
		{"nothing", 0, LeftoverReserve, map[string]int{"elders": 0, "large-families": 0, "property-staff": 0, "stranded-workers": 0}, 0},
		{"negative counts as nothing", -3, LeftoverReserve, map[string]int{"elders": 0, "large-families": 0, "property-staff": 0, "stranded-workers": 0}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rules := OldWay()
			rules.Leftover = tt.leftover
			p := Rations(Input{Households: hs, People: ps, Rules: rules, Packs: tt.packs})
			if got := tierPacks(p); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("tier packs = %v, want %v", got, tt.want)
			}
			if p.Reserve != tt.reserve {
				t.Errorf("reserve = %d, want %d", p.Reserve, tt.reserve)
			}
			if p.Given+p.Reserve != p.Packs || p.Packs != max(tt.packs, 0) {
				t.Errorf("given %d + reserve %d != packs %d", p.Given, p.Reserve, p.Packs)
			}
			claimants := map[string]int{}
			for _, tr := range p.Tiers {
				claimants[tr.Name] = tr.Claimants
			}
			if want := map[string]int{"elders": 45, "large-families": 15, "property-staff": 7, "stranded-workers": 1}; !reflect.DeepEqual(claimants, want) {
				t.Errorf("claimants = %v, want %v", claimants, want)
			}
		})
	}
}

// TestStoryRounds runs three short deliveries of 50, each with the lines of
// the rounds before as history: the large families take turns.
func TestStoryRounds(t *testing.T) {
	hs, ps := storyRegister()
	wantLarge := [][]string{
		{"LC", "LF", "LM", "LA", "LJ"}, // size 8, 7, 7, 6, 6; LF before LM by address
		{"LD", "LE", "LB", "LK", "LN"}, // LD and LE share size and address: by ID
		{"LH", "LI", "LO", "LL", "LG"},
	}
	var history []Given
	for round, want := range wantLarge {
		p := Rations(Input{Households: hs, People: ps, Rules: OldWay(), Packs: 50, History: history})
		if got := claimantsOf(p, "large-families"); !slices.Equal(got, want) {
			t.Errorf("round %d: large families = %v, want %v", round+1, got, want)
		}
		if got := len(claimantsOf(p, "elders")); got != 45 {
			t.Errorf("round %d: elders served = %d, want 45", round+1, got)
		}
		for _, l := range p.Lines {
			if l.Tier == "large-families" && l.History != 0 {
				t.Errorf("round %d: %s had history %d, want 0", round+1, l.Claimant, l.History)
			}
			if l.Tier == "elders" && l.History != round {
				t.Errorf("round %d: elder %s had history %d, want %d", round+1, l.Claimant, l.History, round)
			}
		}
		history = append(history, asHistory(p)...)
	}
}

func TestStoryLines(t *testing.T) {
	hs, ps := storyRegister()
	p := Rations(Input{Households: hs, People: ps, Rules: OldWay(), Packs: 50})
	var got []Line
	for _, l := range p.Lines {
		if l.Tier == "large-families" {
			got = append(got, l)
		}
	}
	want := []Line{
		{Tier: "large-families", Unit: UnitHousehold, Claimant: "LC", Household: "LC", Packs: 1, Helpings: 1, Position: 1, Of: 15, Size: 8, PacksLeftBefore: 5},
		{Tier: "large-families", Unit: UnitHousehold, Claimant: "LF", Household: "LF", Packs: 1, Helpings: 1, Position: 2, Of: 15, Size: 7, PacksLeftBefore: 5},
		{Tier: "large-families", Unit: UnitHousehold, Claimant: "LM", Household: "LM", Packs: 1, Helpings: 1, Position: 3, Of: 15, Size: 7, PacksLeftBefore: 5},
		{Tier: "large-families", Unit: UnitHousehold, Claimant: "LA", Household: "LA", Packs: 1, Helpings: 1, Position: 4, Of: 15, Size: 6, PacksLeftBefore: 5},
		{Tier: "large-families", Unit: UnitHousehold, Claimant: "LJ", Household: "LJ", Packs: 1, Helpings: 1, Position: 5, Of: 15, Size: 6, PacksLeftBefore: 5},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("large-family lines:\n got %+v\nwant %+v", got, want)
	}
	if got, want := len(p.Missed), 10+7+1; got != want {
		t.Errorf("missed = %d, want %d", got, want)
	}
	if m := p.Missed[0]; m.Claimant != "LD" || m.Position != 6 || m.Packs != 0 || m.Helpings != 0 || m.PacksLeftBefore != 5 {
		t.Errorf("first missed = %+v, want LD at position 6 with 5 packs left", m)
	}
	wantTiers := []TierResult{
		{Name: "elders", Unit: UnitPerson, PerClaimant: 1, Order: []OrderKey{"history", "age", "address", "id"}, Claimants: 45, Packs: 45, PacksLeftBefore: 50},
		{Name: "large-families", Unit: UnitHousehold, PerClaimant: 1, Order: []OrderKey{"history", "size", "address", "id"}, Claimants: 15, Packs: 5, Short: 10, PacksLeftBefore: 5},
		{Name: "property-staff", Unit: UnitPerson, PerClaimant: 1, Order: []OrderKey{"history", "address", "id"}, Claimants: 7, Short: 7},
		{Name: "stranded-workers", Unit: UnitFlat, PerClaimant: 1, Order: []OrderKey{"history", "address", "id"}, Claimants: 1, Short: 1},
	}
	if !reflect.DeepEqual(p.Tiers, wantTiers) {
		t.Errorf("tiers:\n got %+v\nwant %+v", p.Tiers, wantTiers)
	}
	// Elders: oldest first, the age used is reported.
	for i := 1; i < 45; i++ {
		if a, b := p.Lines[i-1], p.Lines[i]; a.Age < b.Age {
			t.Errorf("elder %s (age %d) before %s (age %d)", a.Claimant, a.Age, b.Claimant, b.Age)
		}
	}
}

// TestUnitsAndSelectors covers the rules of selection on a small register.
func TestUnitsAndSelectors(t *testing.T) {
	hs := []Household{
		{ID: "H1", Rank: 1, Present: true, PresentSize: 2, ElderOnly: true},
		{ID: "H2", Rank: 2, Present: true, PresentSize: 3},
		{ID: "H3", Rank: 3},
	}
	ps := []Person{
		{ID: "a", Household: "H1", Rank: 1, Role: RoleResident, Present: true, Age: 81},
		{ID: "b", Household: "H1", Rank: 1, Role: RoleResident, Present: true, Age: 79},
		{ID: "c", Household: "H2", Rank: 2, Role: RoleResident, Present: true, Age: 40, Volunteer: true},
		{ID: "d", Household: "H2", Rank: 2, Role: RoleResident, Present: true, Age: -1},
		{ID: "e", Household: "H2", Rank: 2, Role: RoleResident, Present: true, Age: 12},
		{ID: "f", Household: "H3", Rank: 3, Role: RoleResident, Present: false, Age: 50},
		{ID: "g", Household: "", Rank: 9, Role: RolePropertyStaff, Present: true, Age: 30, Volunteer: true},
		{ID: "h", Household: "H9", Rank: 7, Role: RoleStrandedWorker, Present: true, Age: 33}, // unlisted flat
		{ID: "i", Household: "H9", Rank: 4, Role: RoleStrandedWorker, Present: true, Age: 35},
	}
	tests := []struct {
		name string
		tier Tier
		want []string // claimants in order
		ages []int
	}{
		{"everybody", Tier{Unit: UnitPerson}, []string{"a", "b", "c", "d", "e", "f", "g", "h", "i"}, nil},
		{"present by age", Tier{Unit: UnitPerson, Select: Selector{Present: true}, Order: []OrderKey{OrderAge}},
			[]string{"a", "b", "c", "i", "h", "g", "e", "d"}, []int{81, 79, 40, 35, 33, 30, 12, -1}},
		{"age>=80", Tier{Unit: UnitPerson, Select: Selector{MinAge: 80}}, []string{"a"}, nil},
		{"age<18 skips unknown", Tier{Unit: UnitPerson, Select: Selector{BelowAge: 18}}, []string{"e"}, nil},
		{"volunteers", Tier{Unit: UnitPerson, Select: Selector{Volunteer: OnlyVolunteers}}, []string{"c", "g"}, nil},
		{"not volunteers present", Tier{Unit: UnitPerson, Select: Selector{Volunteer: NoVolunteers, Present: true}}, []string{"a", "b", "d", "e", "h", "i"}, nil},
		{"two roles", Tier{Unit: UnitPerson, Select: Selector{Roles: []Role{RolePropertyStaff, RoleStrandedWorker}}}, []string{"g", "h", "i"}, nil},
		{"household-present", Tier{Unit: UnitHousehold, Select: Selector{HouseholdPresent: true}}, []string{"H1", "H2"}, nil},
		{"households by oldest matching member", Tier{Unit: UnitHousehold, Select: Selector{Roles: []Role{RoleResident}}, Order: []OrderKey{OrderAge}},
			[]string{"H1", "H3", "H2"}, []int{81, 50, 40}},
		{"size>=3", Tier{Unit: UnitHousehold, Select: Selector{MinSize: 3}}, []string{"H2"}, nil},
		{"elder-only", Tier{Unit: UnitPerson, Select: Selector{ElderOnly: true}}, []string{"a", "b"}, nil},
		{"staff make no household claim", Tier{Unit: UnitHousehold, Select: Selector{Roles: []Role{RolePropertyStaff}}}, nil, nil},
		{"unlisted flat takes its lowest rank", Tier{Unit: UnitFlat, Select: Selector{Roles: []Role{RoleStrandedWorker}}, Order: []OrderKey{OrderAddress}}, []string{"H9"}, nil},
		{"unlisted flat has no household facts", Tier{Unit: UnitFlat, Select: Selector{Roles: []Role{RoleStrandedWorker}, HouseholdPresent: true}}, nil, nil},
		{"address then id", Tier{Unit: UnitPerson, Order: []OrderKey{OrderAddress}}, []string{"a", "b", "c", "d", "e", "f", "i", "h", "g"}, nil},
		{"id first", Tier{Unit: UnitPerson, Order: []OrderKey{OrderID, OrderAge}}, []string{"a", "b", "c", "d", "e", "f", "g", "h", "i"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.tier.Name = "t"
			tt.tier.Packs = 1
			p := Rations(Input{Households: hs, People: ps, Rules: RuleSet{Tiers: []Tier{tt.tier}}, Packs: 100})
			got := claimantsOf(p, "t")
			if !slices.Equal(got, tt.want) {
				t.Errorf("claimants = %v, want %v", got, tt.want)
			}
			if tt.ages != nil {
				var ages []int
				for _, l := range p.Lines {
					ages = append(ages, l.Age)
				}
				if !slices.Equal(ages, tt.ages) {
					t.Errorf("ages = %v, want %v", ages, tt.ages)
				}
			}
		})
	}
}

// TestAllOrNothing: a tier that cannot give a claimant its full Packs stops,
// and the next tier goes on with what is left.
func TestAllOrNothing(t *testing.T) {
	hs := []Household{{ID: "H1", Rank: 1, Present: true, PresentSize: 1}, {ID: "H2", Rank: 2, Present: true, PresentSize: 1}}
	ps := []Person{
		{ID: "a", Household: "H1", Rank: 1, Role: RoleResident, Present: true, Age: 70},
		{ID: "b", Household: "H2", Rank: 2, Role: RoleResident, Present: true, Age: 30},
	}
	rules := RuleSet{Tiers: []Tier{
		{Name: "big", Unit: UnitPerson, Packs: 3, Order: []OrderKey{OrderAddress}},
		{Name: "small", Unit: UnitPerson, Packs: 1, Order: []OrderKey{OrderAddress}},
	}}
	tests := []struct {
		packs    int
		leftover Leftover
		want     string // tier:claimant:packs ...
		reserve  int
	}{
		{2, LeftoverReserve, "small:a:1 small:b:1", 0},
		{4, LeftoverReserve, "big:a:3 small:a:1", 0},
		{5, LeftoverReserve, "big:a:3 small:a:1 small:b:1", 0},
		{7, LeftoverReserve, "big:a:3 big:b:3 small:a:1", 0},
		{8, LeftoverReserve, "big:a:3 big:b:3 small:a:1 small:b:1", 0},
		{9, LeftoverReserve, "big:a:3 big:b:3 small:a:1 small:b:1", 1},
		{7, LeftoverCycle, "big:a:3 big:b:3 small:a:1", 0},
		{10, LeftoverCycle, "big:a:3 big:b:3 small:a:2 small:b:2", 0},
		{9, LeftoverCycle, "big:a:3 big:b:3 small:a:2 small:b:1", 0},
		{16, LeftoverCycle, "big:a:6 big:b:6 small:a:2 small:b:2", 0},
		{1, LeftoverCycle, "small:a:1", 0},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d-%s", tt.packs, tt.leftover), func(t *testing.T) {
			r := rules
			r.Leftover = tt.leftover
			p := Rations(Input{Households: hs, People: ps, Rules: r, Packs: tt.packs})
			var got []string
			for _, l := range p.Lines {
				got = append(got, fmt.Sprintf("%s:%s:%d", l.Tier, l.Claimant, l.Packs))
			}
			if strings.Join(got, " ") != tt.want || p.Reserve != tt.reserve {
				t.Errorf("lines %q reserve %d, want %q reserve %d", strings.Join(got, " "), p.Reserve, tt.want, tt.reserve)
			}
		})
	}
}

// TestCycleHuge: a huge pack count under cycle is computed, not looped.
func TestCycleHuge(t *testing.T) {
	hs, ps := storyRegister()
	rules := OldWay()
	rules.Leftover = LeftoverCycle
	for _, packs := range []int{math.MaxInt, math.MaxInt - 1, 1 << 40, 68*1000003 + 50} {
		p := Rations(Input{Households: hs, People: ps, Rules: rules, Packs: packs})
		if p.Given+p.Reserve != packs || p.Reserve != 0 {
			t.Errorf("packs %d: given %d reserve %d", packs, p.Given, p.Reserve)
		}
		if want := packs / 68; p.Rounds != want+min(packs%68, 1) {
			t.Errorf("packs %d: rounds %d, want %d", packs, p.Rounds, want+min(packs%68, 1))
		}
	}
}

func TestGolden(t *testing.T) {
	hs, ps := storyRegister()
	var b bytes.Buffer
	for _, packs := range []int{68, 50} {
		p := Rations(Input{Households: hs, People: ps, Rules: OldWay(), Packs: packs})
		j, err := json.MarshalIndent(p, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "# old-way, story register, %d packs\n%s\n", packs, j)
	}
	path := filepath.Join("testdata", "oldway.golden")
	if *update {
		if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./allocate -run TestGolden -update)", err)
	}
	if got := b.Bytes(); !bytes.Equal(got, want) {
		t.Errorf("plan differs from %s; rerun with -update and review the diff\n got: %.600s", path, got)
	}
}

// randRegister makes a small random register. With dirty, IDs repeat and
// households go unlisted.
func randRegister(rnd *rand.Rand, dirty bool) ([]Household, []Person) {
	nh := rnd.IntN(30)
	var hs []Household
	for i := range nh {
		h := Household{ID: fmt.Sprintf("h%02d", i), Rank: rnd.IntN(20), Present: rnd.IntN(5) > 0}
		if h.Present {
			h.PresentSize = rnd.IntN(8)
			h.ElderOnly = rnd.IntN(4) == 0
		}
		if dirty && rnd.IntN(6) == 0 {
			h.ID = fmt.Sprintf("h%02d", rnd.IntN(nh+3))
		}
		hs = append(hs, h)
	}
	roles := []Role{RoleResident, RoleResident, RoleResident, RolePropertyStaff, RoleStrandedWorker}
	if dirty {
		roles = append(roles, "visitor")
	}
	np := rnd.IntN(80)
	var ps []Person
	for i := range np {
		p := Person{
			ID:        fmt.Sprintf("p%03d", i),
			Role:      roles[rnd.IntN(len(roles))],
			Present:   rnd.IntN(4) > 0,
			Age:       rnd.IntN(100) - 1,
			Volunteer: rnd.IntN(5) == 0,
			Rank:      100,
		}
		if p.Role != RolePropertyStaff && nh > 0 {
			h := hs[rnd.IntN(nh)]
			p.Household, p.Rank = h.ID, h.Rank
			if dirty && rnd.IntN(8) == 0 {
				p.Household, p.Rank = fmt.Sprintf("u%d", rnd.IntN(3)), rnd.IntN(30)
			}
		}
		if dirty && rnd.IntN(8) == 0 {
			p.ID = fmt.Sprintf("p%03d", rnd.IntN(np))
		}
		ps = append(ps, p)
	}
	return hs, ps
}

// randRules makes a random rule set; valid unless dirty.
func randRules(rnd *rand.Rand, dirty bool) RuleSet {
	units := []Unit{UnitPerson, UnitHousehold, UnitFlat}
	keys := []OrderKey{OrderHistory, OrderAge, OrderSize, OrderAddress, OrderID}
	roles := []Role{RoleResident, RolePropertyStaff, RoleStrandedWorker}
	rs := RuleSet{Name: "random", Leftover: []Leftover{"", LeftoverReserve, LeftoverCycle}[rnd.IntN(3)]}
	for i := range 1 + rnd.IntN(5) {
		t := Tier{
			Name:  fmt.Sprintf("t%d", i),
			Unit:  units[rnd.IntN(len(units))],
			Packs: 1 + rnd.IntN(4),
		}
		if rnd.IntN(10) == 0 {
			t.Packs = MaxTierPacks
		}
		for _, r := range roles {
			if rnd.IntN(3) == 0 {
				t.Select.Roles = append(t.Select.Roles, r)
			}
		}
		t.Select.Present = rnd.IntN(2) == 0
		t.Select.HouseholdPresent = rnd.IntN(5) == 0
		t.Select.ElderOnly = rnd.IntN(5) == 0
		if rnd.IntN(4) == 0 {
			t.Select.MinAge = 1 + rnd.IntN(90)
		}
		if rnd.IntN(4) == 0 {
			t.Select.BelowAge = t.Select.MinAge + 1 + rnd.IntN(30)
		}
		if rnd.IntN(4) == 0 {
			t.Select.MinSize = 1 + rnd.IntN(6)
		}
		t.Select.Volunteer = []VolunteerFilter{AnyVolunteer, AnyVolunteer, OnlyVolunteers, NoVolunteers}[rnd.IntN(4)]
		for _, j := range rnd.Perm(len(keys))[:rnd.IntN(len(keys)+1)] {
			t.Order = append(t.Order, keys[j])
		}
		if dirty {
			switch rnd.IntN(6) {
			case 0:
				t.Packs = rnd.IntN(5) - 3
			case 1:
				t.Unit = "room"
			case 2:
				t.Order = append(t.Order, "height", OrderAge)
			case 3:
				t.Name = "t0"
			case 4:
				t.Select.MinAge = -5
				t.Select.Volunteer = "maybe"
			}
		}
		rs.Tiers = append(rs.Tiers, t)
	}
	if dirty && rnd.IntN(4) == 0 {
		rs.Leftover = "share"
	}
	return rs
}

func randPacks(rnd *rand.Rand) int {
	switch rnd.IntN(10) {
	case 0:
		return -rnd.IntN(10)
	case 1:
		return []int{math.MaxInt, 1 << 40, 1_000_003}[rnd.IntN(3)]
	case 2:
		return rnd.IntN(3000)
	}
	return rnd.IntN(60)
}

func randHistory(rnd *rand.Rand, rules RuleSet, hs []Household, ps []Person) []Given {
	var g []Given
	for range rnd.IntN(40) {
		tier := "other"
		if len(rules.Tiers) > 0 && rnd.IntN(5) > 0 {
			tier = rules.Tiers[rnd.IntN(len(rules.Tiers))].Name
		}
		var c string
		switch {
		case rnd.IntN(2) == 0 && len(hs) > 0:
			c = hs[rnd.IntN(len(hs))].ID
		case len(ps) > 0:
			c = ps[rnd.IntN(len(ps))].ID
		}
		g = append(g, Given{Tier: tier, Claimant: c, Packs: 1 + rnd.IntN(3)})
	}
	return g
}

func shuffled[T any](rnd *rand.Rand, s []T) []T {
	c := slices.Clone(s)
	rnd.Shuffle(len(c), func(i, j int) { c[i], c[j] = c[j], c[i] })
	return c
}

// TestProperties checks the invariants on random registers, rule sets and
// pack counts, from a fixed seed.
func TestProperties(t *testing.T) {
	rnd := rand.New(rand.NewPCG(2024, 68))
	for iter := range 3000 {
		dirty := iter%3 == 2
		hs, ps := randRegister(rnd, dirty)
		rules := randRules(rnd, dirty)
		in := Input{Households: hs, People: ps, Rules: rules, Packs: randPacks(rnd)}
		in.History = randHistory(rnd, rules, hs, ps)
		p := Rations(in)
		fail := func(format string, args ...any) {
			t.Helper()
			t.Fatalf("iter %d (dirty %v, packs %d, leftover %q): %s\nrules:\n%s", iter, dirty, in.Packs, rules.Leftover, fmt.Sprintf(format, args...), FormatRules(rules))
		}
		if p.Packs != max(in.Packs, 0) || p.Given+p.Reserve != p.Packs || p.Reserve < 0 {
			fail("packs %d given %d reserve %d", p.Packs, p.Given, p.Reserve)
		}
		if len(p.Tiers) != len(rules.Tiers) {
			fail("%d tier results for %d tiers", len(p.Tiers), len(rules.Tiers))
		}
		sum, tierSum := 0, 0
		for _, l := range p.Lines {
			sum += l.Packs
			if l.Packs < 1 || l.Helpings < 1 {
				fail("line %+v", l)
			}
		}
		for _, tr := range p.Tiers {
			tierSum += tr.Packs
		}
		if sum != p.Given || tierSum != p.Given {
			fail("lines sum %d, tiers sum %d, given %d", sum, tierSum, p.Given)
		}
		cycle := rules.Leftover == LeftoverCycle
		for i, l := range p.Lines {
			ti := tierIndex(p, l.Tier)
			if !uniqueNames(rules) {
				break // lines cannot be told apart by tier name
			}
			per := p.Tiers[ti].PerClaimant
			if !cycle && l.Packs != per {
				fail("line %d: %d packs under reserve, tier gives %d", i, l.Packs, per)
			}
			if l.Packs != l.Helpings*per {
				fail("line %d: %d packs for %d helpings of %d", i, l.Packs, l.Helpings, per)
			}
		}
		if !cycle && p.Rounds > 1 {
			fail("%d rounds under reserve", p.Rounds)
		}
		if !dirty {
			checkClean(t, fail, in, p)
		}
		// Same input in any order: the same bytes.
		in2 := in
		in2.Households = shuffled(rnd, in.Households)
		in2.People = shuffled(rnd, in.People)
		in2.History = shuffled(rnd, in.History)
		if a, b := fmt.Sprintf("%#v", p), fmt.Sprintf("%#v", Rations(in2)); a != b {
			fail("shuffled input gives another plan:\n%s\n%s", a, b)
		}
	}
}

func uniqueNames(r RuleSet) bool {
	seen := map[string]bool{}
	for _, t := range r.Tiers {
		if seen[t.Name] {
			return false
		}
		seen[t.Name] = true
	}
	return true
}

func tierIndex(p Plan, name string) int {
	for i, tr := range p.Tiers {
		if tr.Name == name {
			return i
		}
	}
	return -1
}

// checkClean checks, on input with unique IDs and valid rules, the plan
// against a slow, obvious reference: who claims, in which order, and what
// the passes give.
func checkClean(t *testing.T, fail func(string, ...any), in Input, p Plan) {
	t.Helper()
	if err := in.Rules.Validate(); err != nil {
		fail("random rules invalid: %v", err)
	}
	// Reference order of every tier.
	ref := make([][]refClaim, len(in.Rules.Tiers))
	for ti, tier := range in.Rules.Tiers {
		ref[ti] = refClaims(in, tier)
		var got []string
		for _, l := range append(slices.Clone(p.Lines), p.Missed...) {
			if l.Tier == tier.Name {
				got = append(got, fmt.Sprintf("%d:%s", l.Position, l.Claimant))
			}
		}
		slices.SortFunc(got, func(a, b string) int {
			var x, y int
			fmt.Sscanf(a, "%d:", &x)
			fmt.Sscanf(b, "%d:", &y)
			return x - y
		})
		var want []string
		for i, c := range ref[ti] {
			want = append(want, fmt.Sprintf("%d:%s", i+1, c.id))
		}
		if !slices.Equal(got, want) {
			fail("tier %s order\n got %v\nwant %v", tier.Name, got, want)
		}
		if tr := p.Tiers[ti]; tr.Claimants != len(want) || tr.Short != tr.Claimants-countLines(p.Lines, tier.Name) {
			fail("tier %s: result %+v, %d claimants", tier.Name, tr, len(want))
		}
	}
	if in.Packs > 5000 {
		return
	}
	// Reference passes, one claimant at a time.
	type key struct{ tier, pos int }
	helpings := map[key]int{}
	first := map[key]int{} // packs left at tier start in the pass of the first helping
	var order []key
	left := max(in.Packs, 0)
	for {
		gave := 0
		for ti, tier := range in.Rules.Tiers {
			startLeft := left
			for pos := range ref[ti] {
				if left < tier.Packs {
					break
				}
				k := key{ti, pos}
				if helpings[k] == 0 {
					order = append(order, k)
					first[k] = startLeft
				}
				helpings[k]++
				left -= tier.Packs
				gave += tier.Packs
			}
		}
		if gave == 0 || in.Rules.Leftover != LeftoverCycle {
			break
		}
	}
	if len(order) != len(p.Lines) {
		fail("%d lines, reference %d", len(p.Lines), len(order))
	}
	for i, k := range order {
		l := p.Lines[i]
		if l.Tier != in.Rules.Tiers[k.tier].Name || l.Position != k.pos+1 || l.Helpings != helpings[k] ||
			l.PacksLeftBefore != first[k] {
			fail("line %d = %+v, reference tier %d position %d helpings %d first %v", i, l, k.tier, k.pos+1, helpings[k], first[k])
		}
	}
	if p.Reserve != left {
		fail("reserve %d, reference %d", p.Reserve, left)
	}
}

func countLines(lines []Line, tier string) int {
	n := 0
	for _, l := range lines {
		if l.Tier == tier {
			n++
		}
	}
	return n
}

type refClaim struct {
	id                       string
	history, age, size, rank int
}

// refClaims is the obvious, slow selection and order of one tier.
func refClaims(in Input, tier Tier) []refClaim {
	findHH := func(id string) *Household {
		for i := range in.Households {
			if in.Households[i].ID == id {
				return &in.Households[i]
			}
		}
		return nil
	}
	matches := func(p Person) bool {
		s := tier.Select
		h := findHH(p.Household)
		switch {
		case len(s.Roles) > 0 && !slices.Contains(s.Roles, p.Role),
			s.Present && !p.Present,
			s.HouseholdPresent && (h == nil || !h.Present),
			s.ElderOnly && (h == nil || !h.ElderOnly),
			s.MinAge > 0 && p.Age < s.MinAge,
			s.BelowAge > 0 && (p.Age < 0 || p.Age >= s.BelowAge),
			s.MinSize > 0 && (h == nil || h.PresentSize < s.MinSize),
			s.Volunteer == OnlyVolunteers && !p.Volunteer,
			s.Volunteer == NoVolunteers && p.Volunteer:
			return false
		}
		return true
	}
	var cs []refClaim
	for _, p := range in.People {
		if !matches(p) {
			continue
		}
		h := findHH(p.Household)
		size := 0
		if h != nil {
			size = h.PresentSize
		}
		if tier.Unit == UnitPerson {
			cs = append(cs, refClaim{id: p.ID, age: p.Age, size: size, rank: p.Rank})
			continue
		}
		if p.Household == "" {
			continue
		}
		i := slices.IndexFunc(cs, func(c refClaim) bool { return c.id == p.Household })
		if i >= 0 {
			cs[i].age = max(cs[i].age, p.Age)
			continue
		}
		rank := math.MaxInt
		if h != nil {
			rank = h.Rank
		} else {
			for _, q := range in.People {
				if q.Household == p.Household {
					rank = min(rank, q.Rank)
				}
			}
		}
		cs = append(cs, refClaim{id: p.Household, age: p.Age, size: size, rank: rank})
	}
	for i := range cs {
		for _, g := range in.History {
			if g.Tier == tier.Name && g.Claimant == cs[i].id {
				cs[i].history += g.Packs
			}
		}
	}
	keys := append(slices.Clone(tier.Order), OrderID)
	slices.SortStableFunc(cs, func(a, b refClaim) int {
		for _, k := range keys {
			var d int
			switch k {
			case OrderHistory:
				d = a.history - b.history
			case OrderAge:
				d = b.age - a.age
			case OrderSize:
				d = b.size - a.size
			case OrderAddress:
				d = a.rank - b.rank
			case OrderID:
				d = strings.Compare(a.id, b.id)
			}
			if d != 0 {
				return d
			}
		}
		return 0
	})
	return cs
}

// TestEmpty: no register, no rules, no packs: still a well-formed plan.
func TestEmpty(t *testing.T) {
	tests := []struct {
		name string
		in   Input
		want Plan
	}{
		{"nothing at all", Input{}, Plan{Leftover: LeftoverReserve, Tiers: []TierResult{}, Lines: []Line{}, Missed: []Line{}}},
		{"no rules", Input{Packs: 7}, Plan{Leftover: LeftoverReserve, Packs: 7, Reserve: 7, Tiers: []TierResult{}, Lines: []Line{}, Missed: []Line{}}},
		{"no register", Input{Packs: 7, Rules: OldWay()}, Plan{Rules: "old-way", Leftover: LeftoverReserve, Packs: 7, Reserve: 7,
			Tiers: []TierResult{
				{Name: "elders", Unit: UnitPerson, PerClaimant: 1, Order: []OrderKey{"history", "age", "address", "id"}, PacksLeftBefore: 7},
				{Name: "large-families", Unit: UnitHousehold, PerClaimant: 1, Order: []OrderKey{"history", "size", "address", "id"}, PacksLeftBefore: 7},
				{Name: "property-staff", Unit: UnitPerson, PerClaimant: 1, Order: []OrderKey{"history", "address", "id"}, PacksLeftBefore: 7},
				{Name: "stranded-workers", Unit: UnitFlat, PerClaimant: 1, Order: []OrderKey{"history", "address", "id"}, PacksLeftBefore: 7},
			}, Lines: []Line{}, Missed: []Line{}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Rations(tt.in); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %#v\nwant %#v", got, tt.want)
			}
		})
	}
}

var benchRegister struct {
	hs []Household
	ps []Person
}

// bigRegister makes 1,000,000 households with about 2.7 people each.
func bigRegister() ([]Household, []Person) {
	if benchRegister.hs != nil {
		return benchRegister.hs, benchRegister.ps
	}
	rnd := rand.New(rand.NewPCG(1, 2))
	const n = 1_000_000
	hs := make([]Household, 0, n)
	ps := make([]Person, 0, n*27/10+1000)
	sizes := []int{1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 5, 6} // mean about 2.8 registered
	for i := range n {
		id := fmt.Sprintf("H%07d", i)
		size := sizes[rnd.IntN(len(sizes))]
		elderly := rnd.IntN(8) == 0 && size <= 2
		h := Household{ID: id, Rank: i}
		for k := range size {
			p := Person{ID: fmt.Sprintf("P%07d-%d", i, k), Household: id, Rank: i, Role: RoleResident,
				Present: rnd.IntN(7) > 0, Age: 5 + rnd.IntN(60)}
			if elderly {
				p.Age = 70 + rnd.IntN(25)
			}
			if i%100_000 == 0 {
				p.Role = RoleStrandedWorker
			}
			if p.Present {
				h.PresentSize++
			}
			ps = append(ps, p)
		}
		h.Present = h.PresentSize > 0
		h.ElderOnly = h.Present && elderly
		hs = append(hs, h)
	}
	for k := range 700 {
		ps = append(ps, Person{ID: fmt.Sprintf("S%04d", k), Rank: n, Role: RolePropertyStaff, Present: true, Age: 40})
	}
	benchRegister.hs, benchRegister.ps = hs, ps
	return hs, ps
}

// BenchmarkRations allots 68,000 packs by the old way over 1,000,000
// households and about 2.7 million people, listed household by household
// (as a caller reading its register in address order does), and shuffled.
func BenchmarkRations(b *testing.B) {
	hs, ps := bigRegister()
	rnd := rand.New(rand.NewPCG(3, 4))
	for _, bb := range []struct {
		name string
		hs   []Household
		ps   []Person
	}{
		{"grouped", hs, ps},
		{"shuffled", shuffled(rnd, hs), shuffled(rnd, ps)},
	} {
		b.Run(bb.name, func(b *testing.B) {
			in := Input{Households: bb.hs, People: bb.ps, Rules: OldWay(), Packs: 68_000}
			b.ReportMetric(float64(len(bb.ps))/float64(len(bb.hs)), "people/household")
			for b.Loop() {
				p := Rations(in)
				if p.Given+p.Reserve != p.Packs {
					b.Fatal("bad plan")
				}
			}
		})
	}
}

// TestJoinOrders: people are joined to households the same way however
// they are listed: grouped in household order (the fast path), reversed,
// shuffled, with households that have no people, with unlisted and
// duplicate households.
func TestJoinOrders(t *testing.T) {
	rnd := rand.New(rand.NewPCG(5, 6))
	var hs []Household
	var ps []Person
	for i := range 3000 {
		id := fmt.Sprintf("h%05d", i)
		size := rnd.IntN(7) // some have nobody listed
		if i%97 == 0 {
			id = fmt.Sprintf("u%05d", i) // people of an unlisted household
		} else {
			hs = append(hs, Household{ID: id, Rank: i, Present: size > 0, PresentSize: size, ElderOnly: size > 0 && size < 3 && i%5 == 0})
		}
		if i%211 == 0 {
			hs = append(hs, Household{ID: id, Rank: i + 1, Present: true, PresentSize: 9}) // listed twice
		}
		for k := range size {
			age := 20 + rnd.IntN(60)
			if i%5 == 0 {
				age = 70 + k
			}
			ps = append(ps, Person{ID: fmt.Sprintf("p%05d-%d", i, k), Household: id, Rank: i, Role: RoleResident, Present: true, Age: age})
		}
	}
	rules := OldWay()
	rules.Tiers = append(rules.Tiers, Tier{Name: "everyone", Unit: UnitHousehold, Packs: 1, Order: []OrderKey{OrderAddress}})
	in := Input{Households: hs, People: ps, Rules: rules, Packs: 100_000}
	plan := Rations(in)
	// Against the slow reference (which takes the first of duplicate
	// households: here the one that sorts first too).
	for ti, tier := range rules.Tiers {
		var got, want []string
		for _, l := range append(slices.Clone(plan.Lines), plan.Missed...) {
			if l.Tier == tier.Name {
				got = append(got, l.Claimant)
			}
		}
		for _, c := range refClaims(in, tier) {
			want = append(want, c.id)
		}
		if !slices.Equal(got, want) || plan.Tiers[ti].Claimants != len(want) {
			t.Errorf("tier %s: %d claimants, reference %d; orders equal: %v", tier.Name, len(got), len(want), slices.Equal(got, want))
		}
	}
	want := fmt.Sprintf("%#v", plan)
	rev := slices.Clone(ps)
	slices.Reverse(rev)
	for name, in := range map[string]Input{
		"reversed":          {Households: hs, People: rev},
		"shuffled people":   {Households: hs, People: shuffled(rnd, ps)},
		"shuffled both":     {Households: shuffled(rnd, hs), People: shuffled(rnd, ps)},
		"reversed and both": {Households: shuffled(rnd, hs), People: rev},
	} {
		in.Rules, in.Packs = rules, 100_000
		if got := fmt.Sprintf("%#v", Rations(in)); got != want {
			t.Errorf("%s: plan differs from the grouped one", name)
		}
	}
}

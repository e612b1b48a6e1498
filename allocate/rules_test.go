package allocate

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

const oldWayText = `# rules old-way
leftover reserve

tier elders
  unit person
  packs 1
  select role=resident present elder-only
  order history age address id

tier large-families
  unit household
  packs 1
  select role=resident present size>=5
  order history size address id

tier property-staff
  unit person
  packs 1
  select role=property_staff present
  order history address id

tier stranded-workers
  unit flat
  packs 1
  select role=stranded_worker present
  order history address id
`

func TestFormatOldWay(t *testing.T) {
	if got := string(FormatRules(OldWay())); got != oldWayText {
		t.Errorf("FormatRules(OldWay()) =\n%s\nwant\n%s", got, oldWayText)
	}
	if err := OldWay().Validate(); err != nil {
		t.Errorf("OldWay().Validate() = %v", err)
	}
	got, err := ParseRules("old-way", []byte(oldWayText))
	if err != nil {
		t.Fatal(err)
	}
	if want := OldWay(); !reflect.DeepEqual(got, want) {
		t.Errorf("ParseRules(FormatRules(OldWay())) = %#v, want %#v", got, want)
	}
}

func TestParseRules(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want RuleSet
	}{
		{"the brief's sample", `# 老样子: the old way
leftover reserve
tier elders
  unit person
  packs 1
  select role=resident present elder-only
  order history age address id
tier large-families
  unit household
  select role=resident present size>=5
  order history size address id
`, RuleSet{Name: "n", Leftover: LeftoverReserve, Tiers: []Tier{
			{Name: "elders", Unit: UnitPerson, Packs: 1, Select: Selector{Roles: []Role{RoleResident}, Present: true, ElderOnly: true}, Order: []OrderKey{"history", "age", "address", "id"}},
			{Name: "large-families", Unit: UnitHousehold, Packs: 1, Select: Selector{Roles: []Role{RoleResident}, Present: true, MinSize: 5}, Order: []OrderKey{"history", "size", "address", "id"}},
		}}},
		{"defaults", "tier a\nunit person\n", RuleSet{Name: "n", Tiers: []Tier{{Name: "a", Unit: UnitPerson, Packs: 1}}}},
		{"every condition", "leftover cycle\ntier a\n unit flat\n packs 3\n select not-volunteer size>=2 age<65 age>=18 elder-only household-present present role=stranded_worker role=resident\n order id address\n",
			RuleSet{Name: "n", Leftover: LeftoverCycle, Tiers: []Tier{{Name: "a", Unit: UnitFlat, Packs: 3,
				Select: Selector{Roles: []Role{RoleStrandedWorker, RoleResident}, Present: true, HouseholdPresent: true, ElderOnly: true, MinAge: 18, BelowAge: 65, MinSize: 2, Volunteer: NoVolunteers},
				Order:  []OrderKey{"id", "address"}}}}},
		{"BOM, CRLF, tabs, ideographic spaces, comments, a Chinese name", "\uFEFF# 规则\r\ntier\t独居老人 # elders living alone\r\n\u3000unit　person\r\n  select volunteer#not a comment?\r\n",
			RuleSet{}}, // error below: "volunteer#not" is one word
		{"leading zeros", "tier a\n unit household\n packs 007\n select age>=080\n", RuleSet{Name: "n", Tiers: []Tier{{Name: "a", Unit: UnitHousehold, Packs: 7, Select: Selector{MinAge: 80}}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseRules("n", []byte(tt.src))
			if tt.want.Tiers == nil {
				if err == nil {
					t.Fatalf("ParseRules = %#v, want an error", got)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseRules: %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %#v\nwant %#v", got, tt.want)
			}
		})
	}
	// The same file with the comment where it belongs parses.
	got, err := ParseRules("n", []byte("\uFEFF# 规则\r\ntier\t独居老人 # elders living alone\r\n\u3000unit　person\r\n  select volunteer #a comment\r\n"))
	want := RuleSet{Name: "n", Tiers: []Tier{{Name: "独居老人", Unit: UnitPerson, Packs: 1, Select: Selector{Volunteer: OnlyVolunteers}}}}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("got %#v, %v; want %#v", got, err, want)
	}
}

func TestParseRulesErrors(t *testing.T) {
	const conds = "role=resident|property_staff|stranded_worker, present, elder-only, household-present, age>=N, age<N, size>=N, volunteer, not-volunteer"
	const name = "one word without spaces, control characters or '#'"
	tests := []struct {
		src  string
		line int
		want string
	}{
		{"", 0, `rules: no tiers (accepted: at least one "tier NAME" block)`},
		{"# nothing\n\n", 0, `rules: no tiers (accepted: at least one "tier NAME" block)`},
		{"leftover cycle\n", 0, `rules: no tiers (accepted: at least one "tier NAME" block)`},
		{"tier a\n unit person\ntier a\n unit person\n", 3, `rules line 3: tier: duplicate name "a" (first at line 1; accepted: each tier name once)`},
		{"tier a\n unit person\n packs 0\n", 3, `rules line 3: packs: bad number "0" (accepted: a whole number from 1 to 1000)`},
		{"tier a\n unit person\n packs -1\n", 3, `rules line 3: packs: bad number "-1" (accepted: a whole number from 1 to 1000)`},
		{"tier a\n unit person\n packs abc\n", 3, `rules line 3: packs: bad number "abc" (accepted: a whole number from 1 to 1000)`},
		{"tier a\n unit person\n packs 1001\n", 3, `rules line 3: packs: bad number "1001" (accepted: a whole number from 1 to 1000)`},
		{"tier a\n unit person\n packs 99999999999999999999\n", 3, `rules line 3: packs: bad number "99999999999999999999" (accepted: a whole number from 1 to 1000)`},
		{"tier a\n unit person\n packs\n", 3, `rules line 3: packs: missing value (accepted: a whole number from 1 to 1000)`},
		{"tier a\n unit person\n packs 1 2\n", 3, `rules line 3: packs: expected one value, got 2: "1 2" (accepted: a whole number from 1 to 1000)`},
		{"tier a\n unit room\n", 2, `rules line 2: unit: unknown unit "room" (accepted: person, household, flat)`},
		{"tier a\n packs 2\n", 1, `rules line 1: unit: missing in tier "a" (accepted: person, household, flat)`},
		{"tier a\n unit person\ntier b\n", 3, `rules line 3: unit: missing in tier "b" (accepted: person, household, flat)`},
		{"tier a\n unit\n", 2, `rules line 2: unit: missing value (accepted: person, household, flat)`},
		{"tier a\n unit person\n unit household\n", 3, `rules line 3: unit: given twice in tier "a" (first at line 2)`},
		{"tier a\n unit person\n order history height\n", 3, `rules line 3: order: unknown key "height" (accepted: history, age, size, address, id)`},
		{"tier a\n unit person\n order age age\n", 3, `rules line 3: order: key "age" given twice (accepted: history, age, size, address, id, each at most once)`},
		{"tier a\n unit person\n order\n", 3, `rules line 3: order: missing keys (accepted: history, age, size, address, id)`},
		{"tier a\n unitt person\n", 2, `rules line 2: unknown keyword "unitt" (accepted: leftover, tier, unit, packs, select, order)`},
		{"unit person\n", 1, `rules line 1: unit: outside a tier (accepted: after a "tier NAME" line)`},
		{"packs 1\ntier a\n", 1, `rules line 1: packs: outside a tier (accepted: after a "tier NAME" line)`},
		{"# top\nselect present\n", 2, `rules line 2: select: outside a tier (accepted: after a "tier NAME" line)`},
		{"order id\n", 1, `rules line 1: order: outside a tier (accepted: after a "tier NAME" line)`},
		{"leftover reserve\nleftover cycle\ntier a\n unit person\n", 2, `rules line 2: leftover: given twice (first at line 1)`},
		{"tier a\n unit person\nleftover cycle\n", 3, `rules line 3: leftover: must come before the first tier (accepted: leftover reserve|cycle at the top)`},
		{"leftover share\n", 1, `rules line 1: leftover: unknown policy "share" (accepted: reserve, cycle)`},
		{"leftover\n", 1, `rules line 1: leftover: missing value (accepted: reserve, cycle)`},
		{"tier\n", 1, `rules line 1: tier: missing name (accepted: ` + name + `)`},
		{"tier a b\n", 1, `rules line 1: tier: expected one value, got 2: "a b" (accepted: ` + name + `)`},
		{"tier a#b\n", 1, `rules line 1: tier: bad name "a#b" (accepted: ` + name + `)`},
		{"tier a\x01\n", 1, `rules line 1: tier: bad name "a\x01" (accepted: ` + name + `)`},
		{"tier \xff\n", 1, `rules line 1: tier: name "\xff" is not valid UTF-8 (accepted: ` + name + `)`},
		{"tier a\n unit person\n select eldr-only\n", 3, `rules line 3: select: unknown condition "eldr-only" (accepted: ` + conds + `)`},
		{"tier a\n unit person\n select\n", 3, `rules line 3: select: missing conditions (accepted: ` + conds + `; leave out the select line to select everybody)`},
		{"tier a\n unit person\n select present present\n", 3, `rules line 3: select: condition "present" given twice (accepted: each condition once)`},
		{"tier a\n unit person\n select role=resident role=resident\n", 3, `rules line 3: select: condition "role=resident" given twice (accepted: each condition once)`},
		{"tier a\n unit person\n select volunteer not-volunteer\n", 3, `rules line 3: select: volunteer and not-volunteer given together or twice (accepted: one of them)`},
		{"tier a\n unit person\n select age>=0\n", 3, `rules line 3: select: bad number in "age>=0" (accepted: age>=N with N from 1 to 150)`},
		{"tier a\n unit person\n select age>=x\n", 3, `rules line 3: select: bad number in "age>=x" (accepted: age>=N with N from 1 to 150)`},
		{"tier a\n unit person\n select age>=+5\n", 3, `rules line 3: select: bad number in "age>=+5" (accepted: age>=N with N from 1 to 150)`},
		{"tier a\n unit person\n select age<200\n", 3, `rules line 3: select: bad number in "age<200" (accepted: age<N with N from 1 to 150)`},
		{"tier a\n unit person\n select size>=0\n", 3, `rules line 3: select: bad number in "size>=0" (accepted: size>=N with N from 1 to 1000)`},
		{"tier a\n unit person\n select age>=80 age<70\n", 3, `rules line 3: select: "age>=80 age<70" matches nobody (accepted: age>=N age<M with M above N)`},
		{"tier a\n unit person\n select role=visitor\n", 3, `rules line 3: select: unknown role "visitor" (accepted: ` + conds + `)`},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			rs, err := ParseRules("x", []byte(tt.src))
			if err == nil {
				t.Fatalf("ParseRules(%q) = %#v, want error %q", tt.src, rs, tt.want)
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("error\n got %s\nwant %s", got, tt.want)
			}
			if !errors.Is(err, ErrBadRules) {
				t.Errorf("error %v does not wrap ErrBadRules", err)
			}
			var re *RuleError
			if !errors.As(err, &re) || re.Line != tt.line {
				t.Errorf("error %#v: want a *RuleError at line %d", err, tt.line)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error spans lines: %q", err)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	tier := func(edit func(*Tier)) RuleSet {
		r := OldWay()
		edit(&r.Tiers[1])
		return r
	}
	tests := []struct {
		rules RuleSet
		want  string
	}{
		{RuleSet{Name: "empty"}, `rules: no tiers (accepted: at least one "tier NAME" block)`},
		{RuleSet{Leftover: "share", Tiers: OldWay().Tiers}, `rules: leftover: unknown policy "share" (accepted: reserve, cycle)`},
		{tier(func(t *Tier) { t.Name = "elders" }), `rules: tier: duplicate name "elders" (accepted: each tier name once)`},
		{tier(func(t *Tier) { t.Name = "" }), `rules: tier: tier 2: missing name (accepted: one word without spaces, control characters or '#')`},
		{tier(func(t *Tier) { t.Name = "large families" }), `rules: tier: tier 2: bad name "large families" (accepted: one word without spaces, control characters or '#')`},
		{tier(func(t *Tier) { t.Unit = "" }), `rules tier "large-families": unit: unknown unit "" (accepted: person, household, flat)`},
		{tier(func(t *Tier) { t.Packs = 0 }), `rules tier "large-families": packs: 0 out of range (accepted: a whole number from 1 to 1000)`},
		{tier(func(t *Tier) { t.Select.Roles = append(t.Select.Roles, "visitor") }), `rules tier "large-families": select: unknown role "visitor" (accepted: role=resident|property_staff|stranded_worker, present, elder-only, household-present, age>=N, age<N, size>=N, volunteer, not-volunteer)`},
		{tier(func(t *Tier) { t.Select.Roles = append(t.Select.Roles, RoleResident) }), `rules tier "large-families": select: condition "role=resident" given twice (accepted: each condition once)`},
		{tier(func(t *Tier) { t.Select.Volunteer = "maybe" }), `rules tier "large-families": select: unknown volunteer condition "maybe" (accepted: volunteer, not-volunteer)`},
		{tier(func(t *Tier) { t.Select.MinAge = -1 }), `rules tier "large-families": select: "age>=-1" out of range (accepted: age>=N with N from 1 to 150)`},
		{tier(func(t *Tier) { t.Select.BelowAge = 151 }), `rules tier "large-families": select: "age<151" out of range (accepted: age<N with N from 1 to 150)`},
		{tier(func(t *Tier) { t.Select.MinSize = 1001 }), `rules tier "large-families": select: "size>=1001" out of range (accepted: size>=N with N from 1 to 1000)`},
		{tier(func(t *Tier) { t.Select.MinAge, t.Select.BelowAge = 60, 60 }), `rules tier "large-families": select: "age>=60 age<60" matches nobody (accepted: age>=N age<M with M above N)`},
		{tier(func(t *Tier) { t.Order = []OrderKey{"size", "weight"} }), `rules tier "large-families": order: unknown key "weight" (accepted: history, age, size, address, id)`},
		{tier(func(t *Tier) { t.Order = []OrderKey{"size", "size"} }), `rules tier "large-families": order: key "size" given twice (accepted: history, age, size, address, id, each at most once)`},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			err := tt.rules.Validate()
			if err == nil || err.Error() != tt.want || !errors.Is(err, ErrBadRules) {
				t.Errorf("Validate() = %v, want %s", err, tt.want)
			}
			// What Validate rejects does not survive a trip through the
			// file format either.
			if _, err := ParseRules(tt.rules.Name, FormatRules(tt.rules)); err == nil {
				t.Errorf("ParseRules(FormatRules(r)) accepted a rule set that Validate rejects")
			}
		})
	}
}

// TestRoundTrip: random valid rule sets survive FormatRules then ParseRules.
func TestRoundTrip(t *testing.T) {
	rnd := rand.New(rand.NewPCG(7, 438))
	for i := range 2000 {
		r := randRules(rnd, false)
		if err := r.Validate(); err != nil {
			t.Fatalf("%d: random rules invalid: %v\n%s", i, err, FormatRules(r))
		}
		text := FormatRules(r)
		got, err := ParseRules(r.Name, text)
		if err != nil {
			t.Fatalf("%d: %v\n%s", i, err, text)
		}
		if !sameRules(got, r) {
			t.Fatalf("%d: round trip\n got %#v\nwant %#v\n%s", i, got, r, text)
		}
		if again := FormatRules(got); !bytes.Equal(again, text) {
			t.Fatalf("%d: format not stable:\n%s\n%s", i, text, again)
		}
	}
}

// sameRules compares rule sets, taking nil and empty slices as equal.
func sameRules(a, b RuleSet) bool {
	norm := func(r RuleSet) RuleSet {
		r.Tiers = append([]Tier(nil), r.Tiers...)
		for i := range r.Tiers {
			t := &r.Tiers[i]
			if len(t.Order) == 0 {
				t.Order = nil
			}
			if len(t.Select.Roles) == 0 {
				t.Select.Roles = nil
			}
		}
		return r
	}
	return reflect.DeepEqual(norm(a), norm(b))
}

// TestExampleRules: the shipped example parses, round-trips and allots.
func TestExampleRules(t *testing.T) {
	path := filepath.Join("..", "testdata", "rules", "example.rules")
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r, err := ParseRules("frail-first", src)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if got, err := ParseRules(r.Name, FormatRules(r)); err != nil || !reflect.DeepEqual(got, r) {
		t.Errorf("round trip: %v\n got %#v\nwant %#v", err, got, r)
	}
	hs, ps := storyRegister()
	p := Rations(Input{Households: hs, People: ps, Rules: r, Packs: 68})
	got := map[string][2]int{}
	for _, tr := range p.Tiers {
		got[tr.Name] = [2]int{tr.Claimants, tr.Packs}
	}
	// Story register: 19 present residents aged 80+ (18 in elder-only
	// households and a grandfather living with a grandchild), then 35
	// elder-only households leave 14 packs for 15 large families.
	want := map[string][2]int{
		"frail-elders":     {19, 19},
		"elder-households": {35, 35},
		"large-families":   {15, 14},
		"property-staff":   {7, 0},
		"stranded-workers": {1, 0},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("tiers (claimants, packs) = %v, want %v", got, want)
	}
}

func FuzzParseRules(f *testing.F) {
	f.Add([]byte(oldWayText))
	f.Add([]byte("tier a\n unit person\n"))
	if src, err := os.ReadFile(filepath.Join("..", "testdata", "rules", "example.rules")); err == nil {
		f.Add(src)
	}
	hs, ps := storyRegister()
	hs, ps = hs[:40], ps[:90]
	f.Fuzz(func(t *testing.T, src []byte) {
		r, err := ParseRules("fuzz", src)
		if err != nil {
			var re *RuleError
			if !errors.Is(err, ErrBadRules) || !errors.As(err, &re) {
				t.Fatalf("error %v is not a *RuleError wrapping ErrBadRules", err)
			}
			if msg := err.Error(); !strings.HasPrefix(msg, "rules") || strings.ContainsAny(msg, "\n\r") {
				t.Fatalf("error not one line starting with \"rules\": %q", msg)
			}
			return
		}
		if err := r.Validate(); err != nil {
			t.Fatalf("parsed rules fail Validate: %v", err)
		}
		text := FormatRules(r)
		again, err := ParseRules("fuzz", text)
		if err != nil {
			t.Fatalf("formatted rules do not parse: %v\n%s", err, text)
		}
		if !reflect.DeepEqual(again, r) {
			t.Fatalf("round trip\n got %#v\nwant %#v", again, r)
		}
		if !bytes.Equal(FormatRules(again), text) {
			t.Fatalf("format not stable")
		}
		// Whatever parses can be allotted.
		p := Rations(Input{Households: hs, People: ps, Rules: r, Packs: 30})
		if p.Given+p.Reserve != p.Packs {
			t.Fatalf("given %d + reserve %d != %d", p.Given, p.Reserve, p.Packs)
		}
	})
}

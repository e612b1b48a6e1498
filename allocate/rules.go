package allocate

import (
	"bytes"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Role is what a person is in the compound's register.
type Role string

// The roles a person can have. A selector can only name these.
const (
	RoleResident       Role = "resident"
	RolePropertyStaff  Role = "property_staff"
	RoleStrandedWorker Role = "stranded_worker"
)

// Unit says who claims in a tier.
type Unit string

// The units of a tier.
//
// UnitPerson: every matching person is a claimant; the claimant ID is the
// person's ID.
//
// UnitHousehold: every household with at least one matching person is a
// claimant, once however many of its people match; the claimant ID is the
// household ID. A person with no household (property staff) makes no
// household claim.
//
// UnitFlat has exactly the mechanics of UnitHousehold. It is the word the
// team uses for the flat where stranded renovation workers live, so that a
// printed plan reads "one pack for the flat", not "for the household".
const (
	UnitPerson    Unit = "person"
	UnitHousehold Unit = "household"
	UnitFlat      Unit = "flat"
)

// OrderKey is one key of a tier's order. Keys are compared in turn; the
// first that differs decides.
type OrderKey string

// The order keys.
const (
	// OrderHistory puts claimants with fewer packs in History for this tier
	// first.
	OrderHistory OrderKey = "history"
	// OrderAge puts older first; a household claimant counts as old as its
	// oldest matching member. Unknown ages (-1) come last.
	OrderAge OrderKey = "age"
	// OrderSize puts larger present households first.
	OrderSize OrderKey = "size"
	// OrderAddress puts lower address Rank first.
	OrderAddress OrderKey = "address"
	// OrderID puts lower claimant ID first (byte order). It is appended to
	// every order that lacks it, so every order is total.
	OrderID OrderKey = "id"
)

// Leftover says what happens to packs left after every tier was served once.
type Leftover string

// The leftover policies. The empty Leftover means LeftoverReserve.
const (
	// LeftoverReserve keeps what is left as Plan.Reserve. Nobody gets more
	// than their tier's Packs.
	LeftoverReserve Leftover = "reserve"
	// LeftoverCycle goes round the tiers again, in order, each claimant in
	// tier order getting one more helping of the tier's Packs, until the
	// packs run out or a whole pass gives nothing. Under cycle a claimant
	// can get several helpings, so "nobody gets more than the tier's Packs"
	// holds only under reserve.
	LeftoverCycle Leftover = "cycle"
)

// VolunteerFilter is a selector's condition on Person.Volunteer.
type VolunteerFilter string

// The volunteer filters.
const (
	AnyVolunteer   VolunteerFilter = ""              // no condition
	OnlyVolunteers VolunteerFilter = "volunteer"     // Volunteer must be true
	NoVolunteers   VolunteerFilter = "not-volunteer" // Volunteer must be false
)

// Limits of the numbers in a rule set.
const (
	// MaxTierPacks is the most packs a tier may give one claimant at once.
	MaxTierPacks = 1000
	// MaxAgeLimit is the highest N accepted in age>=N and age<N.
	MaxAgeLimit = 150
	// MaxSizeLimit is the highest N accepted in size>=N.
	MaxSizeLimit = 1000
)

// RuleSet is an allocation policy: tiers served in order, and what to do
// with the rest.
type RuleSet struct {
	Name     string   // shown to people; not part of the rule file text
	Tiers    []Tier   // served in this order
	Leftover Leftover // "" or LeftoverReserve, or LeftoverCycle
}

// Tier is one group of claimants that is served before the next tier.
type Tier struct {
	Name   string     // unique in the rule set; History is matched on it
	Unit   Unit       // who claims
	Packs  int        // packs per claimant and helping, 1..MaxTierPacks
	Select Selector   // conditions on a person; all must hold
	Order  []OrderKey // claimant order; OrderID is implied last
}

// Selector is a set of conditions on one person; a person matches when all
// hold. The zero Selector matches everybody.
type Selector struct {
	Roles            []Role          // role=R, repeatable: any of these roles; empty: any role
	Present          bool            // present: the person is present
	HouseholdPresent bool            // household-present: the person's household is present
	ElderOnly        bool            // elder-only: the person's household is elder-only
	MinAge           int             // age>=N when > 0; an unknown age never matches
	BelowAge         int             // age<N when > 0; an unknown age never matches
	MinSize          int             // size>=N when > 0: the household's PresentSize
	Volunteer        VolunteerFilter // volunteer / not-volunteer
}

// OldWay returns the built-in rule set "old-way" (老样子), the way the
// volunteers split surplus packs by hand: one pack per elder living in an
// elder-only household, one per present household of five or more, one per
// property staff member, one for the stranded workers' flat; the rest is
// kept in reserve. Each call returns a fresh copy.
func OldWay() RuleSet {
	return RuleSet{
		Name:     "old-way",
		Leftover: LeftoverReserve,
		Tiers: []Tier{
			{
				Name:   "elders",
				Unit:   UnitPerson,
				Packs:  1,
				Select: Selector{Roles: []Role{RoleResident}, Present: true, ElderOnly: true},
				Order:  []OrderKey{OrderHistory, OrderAge, OrderAddress, OrderID},
			},
			{
				Name:   "large-families",
				Unit:   UnitHousehold,
				Packs:  1,
				Select: Selector{Roles: []Role{RoleResident}, Present: true, MinSize: 5},
				Order:  []OrderKey{OrderHistory, OrderSize, OrderAddress, OrderID},
			},
			{
				Name:   "property-staff",
				Unit:   UnitPerson,
				Packs:  1,
				Select: Selector{Roles: []Role{RolePropertyStaff}, Present: true},
				Order:  []OrderKey{OrderHistory, OrderAddress, OrderID},
			},
			{
				Name:   "stranded-workers",
				Unit:   UnitFlat,
				Packs:  1,
				Select: Selector{Roles: []Role{RoleStrandedWorker}, Present: true},
				Order:  []OrderKey{OrderHistory, OrderAddress, OrderID},
			},
		},
	}
}

// ErrBadRules is wrapped by every error of ParseRules and RuleSet.Validate.
var ErrBadRules = Errorf("bad rules")

// RuleError is a problem in a rule set. It wraps ErrBadRules.
type RuleError struct {
	Line  int    // 1-based line in the rule file; 0 when not from a file
	Tier  string // tier concerned, when not from a file; else ""
	Field string // keyword concerned ("select", "packs", ...), or ""
	Value string // the offending value, or ""
	Msg   Text   // the rest of the message, naming what is accepted
}

// Error renders the problem on one line, e.g.
//
//	rules line 7: select: unknown condition "eldr-only" (accepted: ...)
func (e *RuleError) Error() string { return e.text().String() }

// Message is the problem as a message, for a translator.
func (e *RuleError) Message() (format string, args []any) { return e.text().Message() }

// text names where the problem is (Field is a keyword of the rules, shown
// as written) and what it is.
func (e *RuleError) text() Text {
	var where Text
	switch {
	case e.Line > 0 && e.Tier != "":
		where = T("rules line %d tier %q", e.Line, e.Tier)
	case e.Line > 0:
		where = T("rules line %d", e.Line)
	case e.Tier != "":
		where = T("rules tier %q", e.Tier)
	default:
		where = T("rules")
	}
	if e.Field != "" {
		return T("%s: %s: %s", where, e.Field, e.Msg)
	}
	return T("%s: %s", where, e.Msg)
}

// Unwrap returns ErrBadRules.
func (e *RuleError) Unwrap() error { return ErrBadRules }

// What is accepted, quoted in error messages.
const (
	acceptKeywords   = "leftover, tier, unit, packs, select, order"
	acceptLeftover   = "reserve, cycle"
	acceptUnit       = "person, household, flat"
	acceptOrder      = "history, age, size, address, id"
	acceptConditions = "role=resident|property_staff|stranded_worker, present, elder-only, household-present, age>=N, age<N, size>=N, volunteer, not-volunteer"
)

var acceptTierName = T("one word without spaces, control characters or '#'")

var acceptPacks = T("a whole number from 1 to %d", MaxTierPacks)

// checkTierName returns why name is not a valid tier name, or "".
func checkTierName(name string) Text {
	if name == "" {
		return T("missing name (accepted: %s)", acceptTierName)
	}
	if !utf8.ValidString(name) {
		return T("name %q is not valid UTF-8 (accepted: %s)", name, acceptTierName)
	}
	for _, r := range name {
		if unicode.IsSpace(r) || unicode.IsControl(r) || r == '#' || r == utf8.RuneError || r == '\uFEFF' {
			return T("bad name %q (accepted: %s)", name, acceptTierName)
		}
	}
	return Text{}
}

func validUnit(u Unit) bool {
	return u == UnitPerson || u == UnitHousehold || u == UnitFlat
}

func validRole(r Role) bool {
	return r == RoleResident || r == RolePropertyStaff || r == RoleStrandedWorker
}

func validKey(k OrderKey) bool {
	switch k {
	case OrderHistory, OrderAge, OrderSize, OrderAddress, OrderID:
		return true
	}
	return false
}

// checkSelector returns the field value and reason why s is not valid, or
// "", "".
func checkSelector(s Selector) (value string, msg Text) {
	for i, r := range s.Roles {
		if !validRole(r) {
			return "role=" + string(r), T("unknown role %q (accepted: %s)", string(r), acceptConditions)
		}
		for _, q := range s.Roles[:i] {
			if q == r {
				return "role=" + string(r), T("condition %q given twice (accepted: each condition once)", "role="+string(r))
			}
		}
	}
	switch s.Volunteer {
	case AnyVolunteer, OnlyVolunteers, NoVolunteers:
	default:
		return string(s.Volunteer), T("unknown volunteer condition %q (accepted: volunteer, not-volunteer)", string(s.Volunteer))
	}
	if s.MinAge < 0 || s.MinAge > MaxAgeLimit {
		v := "age>=" + strconv.Itoa(s.MinAge)
		return v, T("%q out of range (accepted: age>=N with N from 1 to %d)", v, MaxAgeLimit)
	}
	if s.BelowAge < 0 || s.BelowAge > MaxAgeLimit {
		v := "age<" + strconv.Itoa(s.BelowAge)
		return v, T("%q out of range (accepted: age<N with N from 1 to %d)", v, MaxAgeLimit)
	}
	if s.MinSize < 0 || s.MinSize > MaxSizeLimit {
		v := "size>=" + strconv.Itoa(s.MinSize)
		return v, T("%q out of range (accepted: size>=N with N from 1 to %d)", v, MaxSizeLimit)
	}
	if s.MinAge > 0 && s.BelowAge > 0 && s.BelowAge <= s.MinAge {
		v := "age>=" + strconv.Itoa(s.MinAge) + " age<" + strconv.Itoa(s.BelowAge)
		return v, T("%q matches nobody (accepted: age>=N age<M with M above N)", v)
	}
	return "", Text{}
}

// checkOrder returns the offending key and reason why keys is not a valid
// order, or "", "".
func checkOrder(keys []OrderKey) (value string, msg Text) {
	for i, k := range keys {
		if !validKey(k) {
			return string(k), T("unknown key %q (accepted: %s)", string(k), acceptOrder)
		}
		for _, q := range keys[:i] {
			if q == k {
				return string(k), T("key %q given twice (accepted: %s, each at most once)", string(k), acceptOrder)
			}
		}
	}
	return "", Text{}
}

// Validate reports the first problem of a rule set built in code, as a
// *RuleError wrapping ErrBadRules; nil if r is valid. ParseRules returns
// only valid rule sets, and for a valid r, ParseRules(r.Name,
// FormatRules(r)) returns r again (nil and empty slices being the same).
func (r RuleSet) Validate() error {
	bad := func(tier, field, value string, msg Text) error {
		return &RuleError{Tier: tier, Field: field, Value: value, Msg: msg}
	}
	switch r.Leftover {
	case "", LeftoverReserve, LeftoverCycle:
	default:
		return bad("", "leftover", string(r.Leftover), T("unknown policy %q (accepted: %s)", string(r.Leftover), acceptLeftover))
	}
	if len(r.Tiers) == 0 {
		return bad("", "", "", T(`no tiers (accepted: at least one "tier NAME" block)`))
	}
	for i, t := range r.Tiers {
		if msg := checkTierName(t.Name); !msg.IsZero() {
			return bad("", "tier", t.Name, T("tier %d: %s", i+1, msg))
		}
		for _, q := range r.Tiers[:i] {
			if q.Name == t.Name {
				return bad("", "tier", t.Name, T("duplicate name %q (accepted: each tier name once)", t.Name))
			}
		}
		if !validUnit(t.Unit) {
			return bad(t.Name, "unit", string(t.Unit), T("unknown unit %q (accepted: %s)", string(t.Unit), acceptUnit))
		}
		if t.Packs < 1 || t.Packs > MaxTierPacks {
			return bad(t.Name, "packs", strconv.Itoa(t.Packs), T("%d out of range (accepted: %s)", t.Packs, acceptPacks))
		}
		if v, msg := checkSelector(t.Select); !msg.IsZero() {
			return bad(t.Name, "select", v, msg)
		}
		if v, msg := checkOrder(t.Order); !msg.IsZero() {
			return bad(t.Name, "order", v, msg)
		}
	}
	return nil
}

// FormatRules renders r in the rule file format that ParseRules reads, one
// field per line, in a fixed order. For a valid r (see RuleSet.Validate),
// ParseRules(r.Name, FormatRules(r)) returns r again. Values that are not
// valid are written as they are, so the result then fails to parse.
func FormatRules(r RuleSet) []byte {
	var b bytes.Buffer
	b.WriteString("# rules ")
	b.WriteString(oneLine(r.Name))
	b.WriteString("\n")
	if r.Leftover != "" {
		b.WriteString("leftover ")
		b.WriteString(oneLine(string(r.Leftover)))
		b.WriteString("\n")
	}
	for _, t := range r.Tiers {
		b.WriteString("\ntier ")
		b.WriteString(oneLine(t.Name))
		b.WriteString("\n  unit ")
		b.WriteString(oneLine(string(t.Unit)))
		b.WriteString("\n  packs ")
		b.WriteString(strconv.Itoa(t.Packs))
		b.WriteString("\n")
		if conds := selectorWords(t.Select); len(conds) > 0 {
			b.WriteString("  select")
			for _, c := range conds {
				b.WriteString(" ")
				b.WriteString(oneLine(c))
			}
			b.WriteString("\n")
		}
		if len(t.Order) > 0 {
			b.WriteString("  order")
			for _, k := range t.Order {
				b.WriteString(" ")
				b.WriteString(oneLine(string(k)))
			}
			b.WriteString("\n")
		}
	}
	return b.Bytes()
}

// oneLine keeps a value from breaking the line structure of FormatRules.
func oneLine(s string) string {
	if strings.ContainsAny(s, "\r\n") {
		return strings.NewReplacer("\r", "\\r", "\n", "\\n").Replace(s)
	}
	return s
}

// selectorWords lists the conditions of s in their canonical order.
func selectorWords(s Selector) []string {
	var w []string
	for _, r := range s.Roles {
		w = append(w, "role="+string(r))
	}
	if s.Present {
		w = append(w, "present")
	}
	if s.HouseholdPresent {
		w = append(w, "household-present")
	}
	if s.ElderOnly {
		w = append(w, "elder-only")
	}
	if s.MinAge != 0 {
		w = append(w, "age>="+strconv.Itoa(s.MinAge))
	}
	if s.BelowAge != 0 {
		w = append(w, "age<"+strconv.Itoa(s.BelowAge))
	}
	if s.MinSize != 0 {
		w = append(w, "size>="+strconv.Itoa(s.MinSize))
	}
	if s.Volunteer != AnyVolunteer {
		w = append(w, string(s.Volunteer))
	}
	return w
}

// ParseRules reads a rule set from the rule file format. name becomes
// RuleSet.Name. The format is line based:
//
//	# comment: from '#' at the start of a word to the end of the line
//	leftover reserve|cycle          optional, once, before the first tier
//	tier NAME                       starts a tier; names are unique
//	  unit person|household|flat    required
//	  packs N                       optional, 1 by default
//	  select COND...                optional; no select line: everybody
//	  order KEY...                  optional; id is implied last
//
// Each line is a keyword and its values separated by spaces (tabs and the
// ideographic space U+3000 count as spaces); indentation is only for the
// reader; each field is given at most once per tier. CR LF line ends and a
// leading UTF-8 byte order mark are accepted. Conditions: role=resident,
// role=property_staff, role=stranded_worker (repeat role= for "any of"),
// present, household-present, elder-only, age>=N, age<N, size>=N,
// volunteer, not-volunteer. Order keys: history, age, size, address, id.
//
// Errors are *RuleError values wrapping ErrBadRules and name the line, the
// field, the value and what is accepted.
func ParseRules(name string, src []byte) (RuleSet, error) {
	rs := RuleSet{Name: name}
	src = bytes.TrimPrefix(src, []byte("\uFEFF"))
	var (
		cur      *Tier // tier being read, in rs.Tiers
		curLine  int   // line of its "tier" keyword
		seen     = map[string]int{}
		fields   = map[string]int{} // fields of cur, to their line
		leftLine int
	)
	bad := func(line int, field, value string, msg Text) (RuleSet, error) {
		return RuleSet{}, &RuleError{Line: line, Field: field, Value: value, Msg: msg}
	}
	endTier := func() (RuleSet, error) {
		if cur == nil {
			return RuleSet{}, nil
		}
		if _, ok := fields["unit"]; !ok {
			return bad(curLine, "unit", "", T("missing in tier %q (accepted: %s)", cur.Name, acceptUnit))
		}
		return RuleSet{}, nil
	}
	lineNo := 0
	for len(src) > 0 {
		lineNo++
		var line []byte
		if i := bytes.IndexByte(src, '\n'); i >= 0 {
			line, src = src[:i], src[i+1:]
		} else {
			line, src = src, nil
		}
		words := strings.Fields(string(line))
		for i, w := range words {
			if strings.HasPrefix(w, "#") {
				words = words[:i]
				break
			}
		}
		if len(words) == 0 {
			continue
		}
		kw, vals := words[0], words[1:]
		switch kw {
		case "leftover":
			if leftLine > 0 {
				return bad(lineNo, kw, "", T("given twice (first at line %d)", leftLine))
			}
			if cur != nil {
				return bad(lineNo, kw, "", T("must come before the first tier (accepted: leftover reserve|cycle at the top)"))
			}
			if len(vals) != 1 {
				return bad(lineNo, kw, strings.Join(vals, " "), wantOne(vals, acceptLeftover))
			}
			switch l := Leftover(vals[0]); l {
			case LeftoverReserve, LeftoverCycle:
				rs.Leftover = l
			default:
				return bad(lineNo, kw, vals[0], T("unknown policy %q (accepted: %s)", vals[0], acceptLeftover))
			}
			leftLine = lineNo
		case "tier":
			if _, err := endTier(); err != nil {
				return RuleSet{}, err
			}
			if len(vals) == 0 {
				return bad(lineNo, kw, "", T("missing name (accepted: %s)", acceptTierName))
			}
			if len(vals) != 1 {
				return bad(lineNo, kw, strings.Join(vals, " "), wantOneGot(vals, acceptTierName))
			}
			if msg := checkTierName(vals[0]); !msg.IsZero() {
				return bad(lineNo, kw, vals[0], msg)
			}
			if first, ok := seen[vals[0]]; ok {
				return bad(lineNo, kw, vals[0], T("duplicate name %q (first at line %d; accepted: each tier name once)", vals[0], first))
			}
			seen[vals[0]] = lineNo
			rs.Tiers = append(rs.Tiers, Tier{Name: vals[0], Packs: 1})
			cur, curLine = &rs.Tiers[len(rs.Tiers)-1], lineNo
			clear(fields)
		case "unit", "packs", "select", "order":
			if cur == nil {
				return bad(lineNo, kw, "", T(`outside a tier (accepted: after a "tier NAME" line)`))
			}
			if first, ok := fields[kw]; ok {
				return bad(lineNo, kw, "", T("given twice in tier %q (first at line %d)", cur.Name, first))
			}
			fields[kw] = lineNo
			var v string
			var msg Text
			switch kw {
			case "unit":
				v, msg = parseUnit(cur, vals)
			case "packs":
				v, msg = parsePacks(cur, vals)
			case "select":
				v, msg = parseSelect(cur, vals)
			case "order":
				v, msg = parseOrder(cur, vals)
			}
			if !msg.IsZero() {
				return bad(lineNo, kw, v, msg)
			}
		default:
			return bad(lineNo, "", kw, T("unknown keyword %q (accepted: %s)", kw, acceptKeywords))
		}
	}
	if _, err := endTier(); err != nil {
		return RuleSet{}, err
	}
	if len(rs.Tiers) == 0 {
		return bad(0, "", "", T(`no tiers (accepted: at least one "tier NAME" block)`))
	}
	return rs, nil
}

// wantOne explains that exactly one value was expected.
func wantOne(vals []string, accepted any) Text {
	if len(vals) == 0 {
		return T("missing value (accepted: %s)", accepted)
	}
	return wantOneGot(vals, accepted)
}

func wantOneGot(vals []string, accepted any) Text {
	return T("expected one value, got %d: %q (accepted: %s)", len(vals), strings.Join(vals, " "), accepted)
}

func parseUnit(t *Tier, vals []string) (string, Text) {
	if len(vals) != 1 {
		return strings.Join(vals, " "), wantOne(vals, acceptUnit)
	}
	u := Unit(vals[0])
	if !validUnit(u) {
		return vals[0], T("unknown unit %q (accepted: %s)", vals[0], acceptUnit)
	}
	t.Unit = u
	return "", Text{}
}

func parsePacks(t *Tier, vals []string) (string, Text) {
	if len(vals) != 1 {
		return strings.Join(vals, " "), wantOne(vals, acceptPacks)
	}
	n, ok := number(vals[0], 1, MaxTierPacks)
	if !ok {
		return vals[0], T("bad number %q (accepted: %s)", vals[0], acceptPacks)
	}
	t.Packs = n
	return "", Text{}
}

// number parses s as a decimal number of ASCII digits in [lo, hi].
func number(s string, lo, hi int) (int, bool) {
	if s == "" || len(s) > 9 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, n >= lo && n <= hi
}

func parseSelect(t *Tier, vals []string) (string, Text) {
	if len(vals) == 0 {
		return "", T("missing conditions (accepted: %s; leave out the select line to select everybody)", acceptConditions)
	}
	var s Selector
	got := map[string]bool{}
	for _, w := range vals {
		key := w
		var ok bool
		switch {
		case strings.HasPrefix(w, "role="):
			r := Role(strings.TrimPrefix(w, "role="))
			if !validRole(r) {
				return w, T("unknown role %q (accepted: %s)", string(r), acceptConditions)
			}
			s.Roles = append(s.Roles, r)
		case w == "present":
			s.Present = true
		case w == "household-present":
			s.HouseholdPresent = true
		case w == "elder-only":
			s.ElderOnly = true
		case w == "volunteer" || w == "not-volunteer":
			key = "volunteer"
			s.Volunteer = VolunteerFilter(w)
		case strings.HasPrefix(w, "age>="):
			key = "age>="
			if s.MinAge, ok = number(w[len("age>="):], 1, MaxAgeLimit); !ok {
				return w, T("bad number in %q (accepted: age>=N with N from 1 to %d)", w, MaxAgeLimit)
			}
		case strings.HasPrefix(w, "age<"):
			key = "age<"
			if s.BelowAge, ok = number(w[len("age<"):], 1, MaxAgeLimit); !ok {
				return w, T("bad number in %q (accepted: age<N with N from 1 to %d)", w, MaxAgeLimit)
			}
		case strings.HasPrefix(w, "size>="):
			key = "size>="
			if s.MinSize, ok = number(w[len("size>="):], 1, MaxSizeLimit); !ok {
				return w, T("bad number in %q (accepted: size>=N with N from 1 to %d)", w, MaxSizeLimit)
			}
		default:
			return w, T("unknown condition %q (accepted: %s)", w, acceptConditions)
		}
		if got[key] {
			if key == "volunteer" {
				return w, T("volunteer and not-volunteer given together or twice (accepted: one of them)")
			}
			return w, T("condition %q given twice (accepted: each condition once)", w)
		}
		got[key] = true
	}
	if v, msg := checkSelector(s); !msg.IsZero() {
		return v, msg
	}
	t.Select = s
	return "", Text{}
}

func parseOrder(t *Tier, vals []string) (string, Text) {
	if len(vals) == 0 {
		return "", T("missing keys (accepted: %s)", acceptOrder)
	}
	keys := make([]OrderKey, len(vals))
	for i, v := range vals {
		keys[i] = OrderKey(v)
	}
	if v, msg := checkOrder(keys); !msg.IsZero() {
		return v, msg
	}
	t.Order = keys
	return "", Text{}
}

package ledger

import (
	"context"
	"database/sql"
	"encoding/json"
	"iter"
	"slices"
	"sort"
	"strconv"
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
	members    map[string][]int // household ID -> indices into People, in People's order
}

// Members returns the people of a household (listed, present or not), in
// the order of People.
func (r *Register) Members(householdID string) []Person {
	idx := r.members[householdID]
	out := make([]Person, len(idx))
	for i, k := range idx {
		out[i] = r.People[k]
	}
	return out
}

// Register loads the register and derives each household's figures on the
// date, with the compound's elder age.
func (v View) Register(ctx context.Context, on time.Time) (*Register, error) {
	s, err := v.Settings(ctx)
	if err != nil {
		return nil, err
	}
	hs, err := v.Households(ctx)
	if err != nil {
		return nil, err
	}
	ps, err := v.People(ctx)
	if err != nil {
		return nil, err
	}
	return newRegister(on, s, hs, ps), nil
}

// Roster is the register on a date as an allocation reads it: the
// households with their figures (Register's, its People left empty) and,
// of each person, only what a rule can test.
type Roster struct {
	*Register
	People []RosterPerson // in no particular order
}

// RosterPerson is what an allocation rule can test of a person: a quarter
// of a Person's size, so a district's roster is read without making a
// full record for every person.
type RosterPerson struct {
	ID, HouseholdID string
	Role            Role
	Present         bool
	Volunteer       bool
	Birth           string // "YYYY", "YYYY-MM" or ""
}

// IsElder is Register.IsElder for a person of the roster.
func (ro *Roster) IsElder(p RosterPerson) bool { return ro.isElder(p.Role, p.Birth) }

// Status is Register.Status over the roster's people.
func (ro *Roster) Status() Status {
	s := ro.Register.Status()
	for _, p := range ro.People {
		s.countPerson(p.Role, p.Present, p.Volunteer)
	}
	return s
}

// Roster loads the register on the date as Register does, with only what
// an allocation rule can test of each person: ID, household, role,
// presence, volunteering and birth. The other personal values (name, phone,
// needs, emergency contact, notes) are not read (Names reads the names that
// are needed). It reads a fraction of what Register reads.
func (v View) Roster(ctx context.Context, on time.Time) (*Roster, error) {
	s, err := v.Settings(ctx)
	if err != nil {
		return nil, err
	}
	hs, err := v.Households(ctx)
	if err != nil {
		return nil, err
	}
	n, err := v.PeopleBound(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := v.q.QueryContext(ctx, `SELECT p.id, coalesce(p.household_id, ''), p.role, (p.present = 1) | ((p.volunteer = 1) << 1),
		coalesce(p.birth, '') FROM people p`)
	if err != nil {
		return nil, classify(err)
	}
	defer rows.Close()
	ro := &Roster{Register: householdsOnly(on, s, hs), People: make([]RosterPerson, 0, n)}
	for rows.Next() {
		var p RosterPerson
		var role string
		var flags int64
		if err := rows.Scan(&p.ID, &p.HouseholdID, &role, &flags, &p.Birth); err != nil {
			return nil, classify(err)
		}
		p.Role, p.Present, p.Volunteer = Role(role), flags&1 != 0, flags&2 != 0
		ro.tally(p.HouseholdID, p.Role, p.Present, p.Birth)
		ro.People = append(ro.People, p)
	}
	if err := rows.Err(); err != nil {
		return nil, classify(err)
	}
	ro.derive()
	return ro, nil
}

// newRegister derives each household's figures from its people.
func newRegister(on time.Time, s Settings, hs []Household, ps []Person) *Register {
	r := householdsOnly(on, s, hs)
	r.People, r.members = ps, make(map[string][]int, len(hs))
	for k, p := range ps {
		if r.tally(p.HouseholdID, p.Role, p.Present, p.Birth) {
			r.members[p.HouseholdID] = append(r.members[p.HouseholdID], k)
		}
	}
	r.derive()
	return r
}

// householdsOnly is a register of these households with no one counted
// yet: tally counts each person, derive ends the figures.
func householdsOnly(on time.Time, s Settings, hs []Household) *Register {
	r := &Register{On: on, Settings: s, byID: make(map[string]int, len(hs)), Households: make([]HouseholdFacts, len(hs))}
	for i, h := range hs {
		r.Households[i].Household = h
		r.byID[h.ID] = i
	}
	return r
}

// tally counts a person in their household's figures; false when the
// household is not registered.
func (r *Register) tally(householdID string, role Role, present bool, birth string) bool {
	i, ok := r.byID[householdID]
	if !ok {
		return false
	}
	f := &r.Households[i]
	f.Listed++
	if !present {
		return true
	}
	switch role {
	case RoleResident:
		f.PresentSize++
		if r.isElder(role, birth) {
			f.Elders++
		}
	case RoleStrandedWorker:
		f.Stranded++
	}
	return true
}

// derive sets the figures that follow from the counts tally made.
func (r *Register) derive() {
	for i := range r.Households {
		f := &r.Households[i]
		f.Present = f.PresentSize > 0
		f.ElderOnly = f.Present && f.Elders == f.PresentSize
	}
}

// Names returns the names of the listed people among these IDs, keyed by
// ID ("" for a name that was erased); it reads them in ID order, which is
// the order they were written in.
func (v View) Names(ctx context.Context, ids []string) (map[string]string, error) {
	list, _ := json.Marshal(slices.Sorted(slices.Values(ids)))
	rows, err := v.q.QueryContext(ctx, `SELECT p.id, coalesce(n.value, '') FROM json_each(?) j
		JOIN people p ON p.id = j.value LEFT JOIN pvalues n ON n.ref = p.name_ref`, string(list))
	if err != nil {
		return nil, classify(err)
	}
	defer rows.Close()
	names := make(map[string]string, len(ids))
	for rows.Next() {
		var id, name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, classify(err)
		}
		names[id] = name
	}
	return names, classify(rows.Err())
}

// Rank returns a household's place in address order (ok false when the ID
// is unknown).
func (r *Register) Rank(householdID string) (int, bool) {
	i, ok := r.byID[householdID]
	return i, ok
}

// IsElder reports whether a resident is at least the elder age on r.On.
func (r *Register) IsElder(p Person) bool { return r.isElder(p.Role, p.Birth) }

func (r *Register) isElder(role Role, birth string) bool {
	return role == RoleResident && Age(birth, r.On) >= r.Settings.ElderAge
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
		s.countPerson(p.Role, p.Present, p.Volunteer)
	}
	return s
}

// countPerson counts a person among the property staff and volunteers
// when present.
func (s *Status) countPerson(role Role, present, volunteer bool) {
	if !present {
		return
	}
	if role == RolePropertyStaff {
		s.PropertyStaff++
	}
	if volunteer {
		s.Volunteers++
	}
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

// The SQL below derives the same figures as Register, in SQLite, so that a
// command that prints a page of households or a few counts need not load a
// register of a million. Tests hold it to Register's answers.

// partKey is the sort key of one address part (see households_order in
// migration 0010): the length of its leading number, 0 when it is empty and
// 1000000000 when it starts with no digit.
func partKey(col string) string {
	return "CASE WHEN " + col + " = '' THEN 0 WHEN " + col + " GLOB '[0-9]*' THEN length(" + col + ") - length(ltrim(" + col +
		", '0123456789')) ELSE 1000000000 END"
}

// addressOrder orders households h as CompareAddress does (for the canonical
// parts ParseAddress writes), then by ID; it is households_order's key, so
// SQLite reads the order from the index instead of sorting.
var addressOrder = partKey("h.area") + ", h.area, " + partKey("h.building") + ", h.building, " +
	partKey("h.unit") + ", h.unit, " + partKey("h.room") + ", h.room, h.id"

// widthBound is households_width's key: an upper bound on the terminal width
// of Address.String, counting 1 for each ASCII byte and 2 for each Han
// character (3 or 4 bytes), with the widest markers.
const widthBound = `(length(CAST(h.area AS BLOB)) + length(h.area) + length(CAST(h.building AS BLOB)) + length(h.building)
     + length(CAST(h.unit AS BLOB)) + length(h.unit) + length(CAST(h.room AS BLOB)) + length(h.room)) / 2
    + 6 + 4 * (h.unit <> '')`

// elderSQL is true when the birth value v makes a resident an elder on the
// date: Age(v, on) >= elder age, with :year, :month and :elder_age bound by
// onArgs. It follows Age for every birth ParseBirth writes ("YYYY" counts as
// January, "YYYY-MM"); a value with no 4-digit year is never an elder.
func elderSQL(v string) string {
	return "(substr(" + v + ", 1, 4) GLOB '[0-9][0-9][0-9][0-9]' AND :year - CAST(substr(" + v + ", 1, 4) AS INTEGER) - (length(" + v +
		") = 7 AND substr(" + v + ", 6, 2) GLOB '[0-9][0-9]' AND CAST(substr(" + v + ", 6, 2) AS INTEGER) > :month) >= :elder_age)"
}

func onArgs(on time.Time, elderAge int) []any {
	return []any{sql.Named("year", on.Year()), sql.Named("month", int(on.Month())), sql.Named("elder_age", elderAge)}
}

// factsCols are a household h's listed, present size, elders and stranded
// workers, as Register counts them, read from the index people_facts.
var factsCols = `(SELECT count(*) FROM people p WHERE p.household_id = h.id),
	(SELECT count(*) FROM people p WHERE p.household_id = h.id AND p.role = 'resident' AND p.present = 1),
	(SELECT count(*) FROM people p
		WHERE p.household_id = h.id AND p.role = 'resident' AND p.present = 1 AND ` + elderSQL("p.birth") + `),
	(SELECT count(*) FROM people p WHERE p.household_id = h.id AND p.role = 'stranded_worker' AND p.present = 1)`

// HouseholdQuery picks the households HouseholdsOn reads.
type HouseholdQuery struct {
	Building string // only this building ("" for every one)
	Area     string // with Building: only in this area ("" for any)
	Present  bool   // only present households
	Away     bool   // only households with nobody present
}

func (q HouseholdQuery) where() (string, []any) {
	if q.Building == "" {
		return "", nil
	}
	return " WHERE h.building = :building AND (:area = '' OR h.area = :area)",
		[]any{sql.Named("building", q.Building), sql.Named("area", q.Area)}
}

func (q HouseholdQuery) keep(f HouseholdFacts) bool {
	return (!q.Present || f.Present) && (!q.Away || !f.Present) &&
		(q.Building == "" || f.Address.Building == q.Building && (q.Area == "" || f.Address.Area == q.Area))
}

// HouseholdsOn yields the figures of each household q picks, in address
// order, as Register derives them on the date with the compound's elder age.
// It reads the households a page at a time, so a caller that stops early
// pays only for what it read. An error ends the sequence.
func (v View) HouseholdsOn(ctx context.Context, on time.Time, q HouseholdQuery) iter.Seq2[HouseholdFacts, error] {
	return func(yield func(HouseholdFacts, error) bool) {
		for f, err := range v.scanHouseholds(ctx, on, q, addressOrder) {
			if !yield(f.HouseholdFacts, err) {
				return
			}
		}
	}
}

// boundedFacts are a household's figures and widthBound of its address.
type boundedFacts struct {
	HouseholdFacts
	bound int
}

func (v View) scanHouseholds(ctx context.Context, on time.Time, q HouseholdQuery, order string) iter.Seq2[boundedFacts, error] {
	return func(yield func(boundedFacts, error) bool) {
		s, err := v.Settings(ctx)
		if err != nil {
			yield(boundedFacts{}, err)
			return
		}
		where, args := q.where()
		rows, err := v.q.QueryContext(ctx, `SELECT h.id, h.area, h.building, h.unit, h.room, `+widthBound+`, `+factsCols+`
			FROM households h`+where+` ORDER BY `+order, append(args, onArgs(on, s.ElderAge)...)...)
		if err != nil {
			yield(boundedFacts{}, classify(err))
			return
		}
		defer rows.Close()
		for rows.Next() {
			var f boundedFacts
			if err := rows.Scan(&f.ID, &f.Address.Area, &f.Address.Building, &f.Address.Unit, &f.Address.Room, &f.bound,
				&f.Listed, &f.PresentSize, &f.Elders, &f.Stranded); err != nil {
				yield(boundedFacts{}, classify(err))
				return
			}
			f.Present = f.PresentSize > 0
			f.ElderOnly = f.Present && f.Elders == f.PresentSize
			if q.keep(f.HouseholdFacts) && !yield(f, nil) {
				return
			}
		}
		if err := rows.Err(); err != nil {
			yield(boundedFacts{}, classify(err))
		}
	}
}

// AddressWidth returns the largest width(f.Address.String()) of the
// households q picks on the date (0 when there are none). It reads them
// widest first and stops as soon as no later one can be wider, so it costs a
// few rows, not the register; width must count at most 1 for an ASCII
// character and 2 for any other, as a terminal does.
func (v View) AddressWidth(ctx context.Context, on time.Time, q HouseholdQuery, width func(string) int) (int, error) {
	widest := 0
	for f, err := range v.scanHouseholds(ctx, on, q, widthBound+" DESC") {
		if err != nil {
			return 0, err
		}
		if f.bound <= widest {
			break
		}
		widest = max(widest, width(f.Address.String()))
	}
	return widest, nil
}

// PeopleBound returns a number no household's listed people can exceed,
// from the people table's row IDs alone: cheap, and exact enough to tell
// how many digits a count can have.
func (v View) PeopleBound(ctx context.Context) (int, error) {
	var n int
	err := v.q.QueryRowContext(ctx, `SELECT coalesce((SELECT max(rowid) FROM people) - (SELECT min(rowid) FROM people) + 1, 0)`).Scan(&n)
	return n, classify(err)
}

// statusSQL counts Status and the unpaired elder-only households in one pass
// over the index people_facts, one group a household (and one of the people
// with none, whose household figures are 0). A household is elder-only when
// it has present residents and none of them is younger than the elder age
// (people.birth, the copy in the index: no lookup), and an elder-only
// household's elders are its present size. Property staff and volunteers
// count when present, with a household or without. (LIMIT -1 keeps SQLite
// from copying f into each sum that uses it.)
var statusSQL = `WITH g AS (
	SELECT p.household_id AS id,
		sum(p.household_id IS NOT NULL AND p.role = 'resident' AND p.present = 1) AS size,
		sum(p.household_id IS NOT NULL AND p.role = 'stranded_worker' AND p.present = 1) AS stranded,
		sum(p.role = 'property_staff' AND p.present = 1) AS staff,
		sum(p.volunteer = 1 AND p.present = 1) AS volunteers,
		sum(p.household_id IS NOT NULL AND p.role = 'resident' AND p.present = 1 AND NOT coalesce(` + elderSQL("p.birth") + `, 0)) AS young
	FROM people p GROUP BY p.household_id),
f AS (
	SELECT id, size, stranded, staff, volunteers, size > 0 AND young = 0 AS elder_only
	FROM g LIMIT -1)
SELECT (SELECT count(*) FROM households),
	coalesce(sum(size > 0), 0), coalesce(sum(size), 0), coalesce(sum(elder_only * size), 0), coalesce(sum(elder_only), 0),
	coalesce(sum(size >= ` + strconv.Itoa(LargeSize) + `), 0), coalesce(sum(staff), 0), coalesce(sum(stranded > 0), 0),
	coalesce(sum(volunteers), 0),
	coalesce(sum(elder_only AND NOT EXISTS (SELECT 1 FROM pairings r JOIN people v ON v.id = r.volunteer
		WHERE r.elder_household = f.id AND r.ended = '' AND v.present = 1 AND v.volunteer = 1)), 0)
FROM f`

// StatusOn counts Register.Status's figures on the date with this elder age
// in SQL, without loading the register, and the elder-only households that
// no current pairing with a present volunteer covers (vol pair's unpaired).
func (v View) StatusOn(ctx context.Context, on time.Time, elderAge int) (Status, int, error) {
	var s Status
	var unpaired int
	err := v.q.QueryRowContext(ctx, statusSQL, onArgs(on, elderAge)...).Scan(&s.RegisteredHouseholds,
		&s.PresentHouseholds, &s.PresentResidents, &s.Elders, &s.ElderHouseholds, &s.LargeHouseholds,
		&s.PropertyStaff, &s.StrandedWorkerHouseholds, &s.Volunteers, &unpaired)
	return s, unpaired, classify(err)
}

// LargestHousehold returns the most people listed in one household and the
// most present residents in one; it reads people_facts whole.
func (v View) LargestHousehold(ctx context.Context) (listed, present int, err error) {
	err = v.q.QueryRowContext(ctx, `SELECT coalesce(max(n), 0), coalesce(max(size), 0) FROM (
		SELECT count(*) AS n, sum(role = 'resident' AND present = 1) AS size FROM people
		WHERE household_id IS NOT NULL GROUP BY household_id)`).Scan(&listed, &present)
	return listed, present, classify(err)
}

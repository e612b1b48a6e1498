package ledger

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"
)

// Settings of a compound, kept in the register.
const (
	SettingCompound    = "compound"
	SettingElderAge    = "elder_age"
	SettingCardOverdue = "card_overdue_hours" // a card out longer is overdue (default 24)
	SettingLastPurge   = "last_med_purge"     // when vol med purge last erased health details
	// SettingTimezone is the compound's time zone (an IANA name such as
	// Asia/Shanghai): every time vol shows is in it, on every copy alike,
	// so days and shifts agree between laptops.
	SettingTimezone = "timezone"
)

// settingKeys are the settings vol has.
var settingKeys = []string{SettingCompound, SettingElderAge, SettingCardOverdue, SettingTimezone, SettingNightAge, SettingShifts,
	SettingHomeVisitNeeds, SettingNecessities, SettingContact, SettingStreet, SettingDistrict}

// DefaultElderAge is 60, the threshold of Chinese law.
const DefaultElderAge = 60

var (
	tSettings   = registerTables[0]
	tHouseholds = registerTables[1]
	tPeople     = registerTables[2]
)

// SetSetting records a compound setting.
func (tx *Tx) SetSetting(key, value string) error {
	switch key {
	case SettingCompound:
		if value != "" {
			if err := CheckLabel("name", value); err != nil {
				return err
			}
		}
	case SettingCardOverdue:
		if n, err := strconv.Atoi(value); err != nil || n < 1 || n > 24*60 {
			return invalid("card-overdue-hours", value, T("a whole number of hours from 1 to 1440"))
		}
	case SettingTimezone:
		if _, err := ZoneOf(value); err != nil {
			return invalid("timezone", value, T("a time zone such as Asia/Shanghai (IANA name)"))
		}
	case SettingElderAge:
		if n, err := strconv.Atoi(value); err != nil || n < 40 || n > 120 {
			return invalid("elder-age", value, T("a whole number of years from 40 to 120"))
		}
	case SettingNightAge:
		if n, err := strconv.Atoi(value); err != nil || n < 40 || n > 120 {
			return invalid("night-age", value, T("a whole number of years from 40 to 120"))
		}
	case SettingContact:
		value = NormalizeText(value)
		if len([]rune(value)) > 200 {
			return invalid("--contact", "", T("a contact line of at most 200 characters"))
		}
		if err := CheckLabel("--contact", value); err != nil {
			return err
		}
	case SettingStreet, SettingDistrict:
		value = NormalizeText(value)
		if value != "" {
			if err := CheckLabel("--"+key, value); err != nil {
				return err
			}
		}
	case SettingNecessities:
		tags, err := ParseNecessities(value)
		if err != nil {
			return err
		}
		value = strings.Join(tags, ",")
	case SettingHomeVisitNeeds:
		tags, err := ParseHomeVisitNeeds(value)
		if err != nil {
			return err
		}
		value = strings.Join(tags, ",")
	case SettingShifts:
		shifts, err := ParseShifts(value)
		if err != nil {
			return err
		}
		if err := tx.shiftsInUse(shifts); err != nil {
			return err
		}
		value = FormatShifts(shifts)
	default:
		return invalid("setting", key, verbatim(strings.Join(settingKeys, ", ")))
	}
	if _, err := readRow(tx.ctx, cached{tx}, tSettings, key); errors.Is(err, ErrNotFound) {
		return tx.insert(tSettings, key, map[string]any{"value": value})
	} else if err != nil {
		return err
	}
	return tx.update(tSettings, key, map[string]any{"value": value})
}

// Settings returns the compound's settings.
func (v View) Settings(ctx context.Context) (Settings, error) {
	s := Settings{ElderAge: DefaultElderAge, CardOverdueHours: 24, NightAge: DefaultNightAge, Shifts: DefaultShifts,
		HomeVisitNeeds: DefaultHomeVisitNeeds, Necessities: DefaultNecessities}
	rows, err := v.q.QueryContext(ctx, `SELECT id, value FROM settings`)
	if err != nil {
		return s, classify(err)
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return s, classify(err)
		}
		var err error
		switch k {
		case SettingCompound:
			s.Compound = v
		case SettingElderAge:
			s.ElderAge, err = strconv.Atoi(v)
		case SettingCardOverdue:
			s.CardOverdueHours, err = strconv.Atoi(v)
		case SettingTimezone:
			s.Timezone = v
			_, err = ZoneOf(v)
		case SettingNightAge:
			s.NightAge, err = strconv.Atoi(v)
		case SettingShifts:
			s.Shifts, err = ParseShifts(v)
		case SettingHomeVisitNeeds:
			s.HomeVisitNeeds, err = ParseHomeVisitNeeds(v)
		case SettingNecessities:
			s.Necessities, err = ParseNecessities(v)
		case SettingContact:
			s.Contact = v
		case SettingStreet:
			s.Street = v
		case SettingDistrict:
			s.District = v
		}
		if err != nil {
			// SetSetting writes only whole numbers: this one was written
			// behind vol's back. Every figure would be wrong with it.
			return s, Errorf("setting %s (%q): %w", k, v, ErrCorrupt)
		}
	}
	return s, classify(rows.Err())
}

// Settings are a compound's name, ages, zone and duty shifts.
type Settings struct {
	Compound         string
	ElderAge         int
	CardOverdueHours int
	Timezone         string   // IANA name; "" for a ledger made before zones (UTC)
	NightAge         int      // no night shifts from this age (DefaultNightAge)
	Shifts           []Shift  // the day's duty shifts (DefaultShifts)
	HomeVisitNeeds   []string // needs of people tested at home (DefaultHomeVisitNeeds)
	Necessities      []string // what a group buy offers without a reason, folded (DefaultNecessities)
	Contact          string   // the bulletin's contact line
	Street           string   // the street office (街道) or town the compound reports to
	District         string   // its district (区)
}

// Zone is the compound's time zone (UTC when none is set).
func (s Settings) Zone() *time.Location {
	z, err := ZoneOf(s.Timezone)
	if err != nil {
		return time.UTC
	}
	return z
}

// ZoneOf loads a time zone by its IANA name ("" is UTC). The zone database
// is in the binary (time/tzdata), so Windows needs none of its own.
func ZoneOf(name string) (*time.Location, error) {
	if name == "" {
		return time.UTC, nil
	}
	if strings.ContainsAny(name, " \\") || strings.HasPrefix(name, "/") || strings.Contains(name, "..") {
		return nil, Errorf("time zone %q: %w", name, ErrInvalid)
	}
	return time.LoadLocation(name)
}

// Household is a registered household (在册), keyed by its address.
type Household struct {
	ID      string
	Address Address
}

// AddHousehold registers a household at addr. It returns ErrDuplicate when
// one is already there.
func (tx *Tx) AddHousehold(addr Address) (string, error) {
	if _, err := tx.householdAt(addr); err == nil {
		return "", &FieldError{Field: "address", Value: addr.String(), Err: ErrDuplicate}
	} else if !errors.Is(err, ErrNotFound) {
		return "", err
	}
	id := tx.NewID()
	return id, tx.insert(tHouseholds, id, addrCols(addr))
}

func addrCols(a Address) map[string]any {
	return map[string]any{"area": a.Area, "building": a.Building, "unit": a.Unit, "room": a.Room}
}

// MoveHousehold changes a household's address (a correction). It returns
// ErrDuplicate when another household is at the new address.
func (tx *Tx) MoveHousehold(id string, addr Address) error {
	if other, err := tx.householdAt(addr); err == nil && other != id {
		return &FieldError{Field: "address", Value: addr.String(), Err: ErrDuplicate}
	} else if err != nil && !errors.Is(err, ErrNotFound) {
		return err
	}
	row, err := readRow(tx.ctx, cached{tx}, tHouseholds, id)
	if err != nil {
		return err
	}
	old := Address{Area: row["area"].(string), Building: row["building"].(string), Unit: row["unit"].(string), Room: row["room"].(string)}
	if old == addr {
		return nil
	}
	if err := tx.update(tHouseholds, id, addrCols(addr)); err != nil {
		return err
	}
	return tx.keepAlias(id, old, addr)
}

// personLabel names a person for a message: Label, or the short ID when
// the person is unknown.
func (tx *Tx) personLabel(id string) string {
	if p, err := tx.person(id); err == nil {
		return Label(p.Name, p.Address)
	}
	return short(id)
}

// addressOf names a household by its address for a message (its short ID
// when it has none).
func (tx *Tx) addressOf(id string) string {
	if a := tx.addressOfAddr(id); !a.IsZero() {
		return a.String()
	}
	return short(id)
}

// addressOfAddr is a household's address, zero when unknown.
func (tx *Tx) addressOfAddr(id string) Address {
	row, err := readRow(tx.ctx, cached{tx}, tHouseholds, id)
	if err != nil || id == "" {
		return Address{}
	}
	return Address{Area: row["area"].(string), Building: row["building"].(string), Unit: row["unit"].(string), Room: row["room"].(string)}
}

// RemoveHousehold takes a household off the register. It returns ErrInUse
// while people are listed in it.
func (tx *Tx) RemoveHousehold(id string) error {
	var n int
	if err := tx.tx.QueryRowContext(tx.ctx, `SELECT count(*) FROM people WHERE household_id = ?`, id).Scan(&n); err != nil {
		return classify(err)
	}
	if n > 0 {
		return &FieldError{Field: "household", Value: tx.addressOf(id), Want: T("a household with nobody in it (it lists %d; remove or move them first)", n), Err: ErrInUse}
	}
	return tx.delete(tHouseholds, id)
}

func (tx *Tx) householdAt(a Address) (string, error) {
	var id string
	err := tx.queryRow(`SELECT id FROM households WHERE area = ? AND building = ? AND unit = ? AND room = ?`,
		a.Area, a.Building, a.Unit, a.Room).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ErrNotFound
	}
	return id, classify(err)
}

// HouseholdAt finds the household registered at addr, or ErrNotFound.
func (tx *Tx) HouseholdAt(a Address) (string, error) { return tx.householdAt(a) }

// PersonFields are a person's values, already normalised (see ParseBirth,
// NormalizePhone, ParseRole, ParseSex, SplitTags).
type PersonFields struct {
	HouseholdID string // "" for property staff
	Name        string
	Birth       string // "YYYY", "YYYY-MM" or ""
	Sex         string // "M", "F" or ""
	Phone       string // digits
	Role        Role
	Present     bool
	Volunteer   bool
	Skills      []string
	Needs       []string
	Emergency   string
	Notes       string
	// SharePhone: the person agreed to have their phone shown in full to
	// the team (pair output, elders, round sheets); else it is masked.
	SharePhone bool
	// Duties are free duty tags (楼组长, 采购, 门岗, 巡逻 ...).
	Duties []string
}

func (p *PersonFields) validate(today time.Time) error {
	if strings.TrimSpace(p.Name) == "" {
		return invalid("name", "", T("a non-empty name"))
	}
	if err := checkPersonText(&p.Name, &p.Emergency, &p.Notes, &p.Skills, &p.Needs); err != nil {
		return err
	}
	if len(p.Birth) >= 4 && p.Birth[:4] > today.Format("2006") {
		return invalid("birth", MaskBirth(p.Birth), T("a birth in the past"))
	}
	switch p.Role {
	case RoleResident, RoleStrandedWorker:
		if p.HouseholdID == "" {
			return invalid("address", "", T("an address for a %s (only property staff have none)", roleWords[p.Role]))
		}
	case RolePropertyStaff:
	default:
		return invalid("role", string(p.Role), verbatim(RolesAccepted))
	}
	return nil
}

// CheckText checks the person's text fields as AddPerson does (CheckName
// for the name and each tag, CheckNote for the emergency contact and
// notes), so a sheet can report every bad row before it writes.
func (p *PersonFields) CheckText() error {
	return checkPersonText(&p.Name, &p.Emergency, &p.Notes, &p.Skills, &p.Needs)
}

// checkPersonText checks a person's text fields that are given (not nil):
// the name and each tag as names, the emergency contact and notes as notes.
func checkPersonText(name, emergency, notes *string, skills, needs *[]string) error {
	if name != nil {
		if err := CheckName("name", *name); err != nil {
			return err
		}
	}
	for _, f := range []struct {
		field string
		v     *string
	}{{"emergency", emergency}, {"notes", notes}} {
		if f.v != nil {
			if err := CheckNote(f.field, *f.v); err != nil {
				return err
			}
		}
	}
	for _, f := range []struct {
		field string
		tags  *[]string
	}{{"skills", skills}, {"needs", needs}} {
		if f.tags == nil {
			continue
		}
		for _, t := range *f.tags {
			if err := CheckLabel(f.field, t); err != nil {
				return err
			}
		}
	}
	return nil
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// AddPerson lists a person. A person is identified by (household, name,
// birth year-month): a second one with the same three is ErrDuplicate.
func (tx *Tx) AddPerson(p PersonFields) (string, error) {
	if err := p.validate(tx.at); err != nil {
		return "", err
	}
	if id, err := tx.findPerson(p.HouseholdID, p.Name, p.Birth); err == nil {
		return "", &FieldError{Field: "person", Value: Label(p.Name, tx.addressOfAddr(p.HouseholdID)),
			Want: T("one entry per (household, name, birth); %s is already listed", short(id)), Err: ErrDuplicate}
	} else if !errors.Is(err, ErrNotFound) {
		return "", err
	}
	id, _, err := tx.addPerson(p)
	return id, err
}

// addPerson inserts a person known not to be listed yet; it returns the
// row's values as stored.
func (tx *Tx) addPerson(p PersonFields) (string, map[string]any, error) {
	id := tx.NewID()
	if err := tx.newSubjectKey(id); err != nil {
		return "", nil, err
	}
	set := map[string]any{
		"household_id": nullable(p.HouseholdID), "sex": p.Sex, "role": string(p.Role),
		"present": b2i(p.Present), "volunteer": b2i(p.Volunteer), "skills": joinTags(p.Skills),
		"share_phone": b2i(p.SharePhone), "duties": joinTags(p.Duties),
	}
	// In column order, so the keyed hashes land in the entry in a fixed order.
	for _, f := range []struct{ col, v string }{{"name_ref", p.Name}, {"birth_ref", p.Birth}, {"phone_ref", p.Phone},
		{"needs_ref", joinTags(p.Needs)}, {"emergency_ref", p.Emergency}, {"notes_ref", p.Notes}} {
		ref, err := tx.personal(id, f.v)
		if err != nil {
			return "", nil, err
		}
		set[f.col] = ref
	}
	return id, set, tx.insert(tPeople, id, set)
}

func (tx *Tx) findPerson(householdID, name, birth string) (string, error) {
	// Two queries rather than coalesce(), so the household index is used.
	where := "p.household_id = ?"
	args := []any{householdID, name, birth}
	if householdID == "" {
		where, args = "p.household_id IS NULL", args[1:]
	}
	var id string
	err := tx.queryRow(`SELECT p.id FROM people p
		JOIN pvalues n ON n.ref = p.name_ref
		WHERE `+where+` AND n.value = ? AND coalesce(p.birth, '') = ?`, args...).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ErrNotFound
	}
	return id, classify(err)
}

// FindPerson returns the person with this identity, or ErrNotFound.
func (tx *Tx) FindPerson(householdID, name, birth string) (string, error) {
	return tx.findPerson(householdID, name, birth)
}

// PersonChange names the fields to change; nil fields stay as they are.
type PersonChange struct {
	HouseholdID *string
	Name        *string
	Birth       *string
	Sex         *string
	Phone       *string
	Role        *Role
	Present     *bool
	Volunteer   *bool
	Skills      *[]string
	Needs       *[]string
	Emergency   *string
	Notes       *string
	SharePhone  *bool
	Duties      *[]string
}

// SetPerson changes a person's fields. Personal values that did not change
// are not stored again.
func (tx *Tx) SetPerson(id string, c PersonChange) error {
	if err := checkPersonText(c.Name, c.Emergency, c.Notes, c.Skills, c.Needs); err != nil {
		return err
	}
	cur, err := tx.person(id)
	if err != nil {
		return err
	}
	next := cur.PersonFields
	set := map[string]any{}
	if c.HouseholdID != nil {
		next.HouseholdID = *c.HouseholdID
		set["household_id"] = nullable(*c.HouseholdID)
	}
	if c.Sex != nil {
		next.Sex = *c.Sex
		set["sex"] = *c.Sex
	}
	if c.Role != nil {
		next.Role = *c.Role
		set["role"] = string(*c.Role)
	}
	if c.Present != nil {
		set["present"] = b2i(*c.Present)
	}
	if c.Volunteer != nil {
		set["volunteer"] = b2i(*c.Volunteer)
	}
	if c.Skills != nil {
		set["skills"] = joinTags(*c.Skills)
	}
	if c.SharePhone != nil {
		set["share_phone"] = b2i(*c.SharePhone)
	}
	if c.Duties != nil {
		set["duties"] = joinTags(*c.Duties)
	}
	if err := next.validate(tx.at); err != nil {
		return err
	}
	personal := []struct {
		col      string
		newv     *string
		old      string
		dest     *string
		identity bool
	}{
		{"name_ref", c.Name, cur.Name, &next.Name, true},
		{"birth_ref", c.Birth, cur.Birth, &next.Birth, true},
		{"phone_ref", c.Phone, cur.Phone, nil, false},
		{"needs_ref", tagsPtr(c.Needs), joinTags(cur.Needs), nil, false},
		{"emergency_ref", c.Emergency, cur.Emergency, nil, false},
		{"notes_ref", c.Notes, cur.Notes, nil, false},
	}
	for _, f := range personal {
		if f.newv == nil || *f.newv == f.old {
			continue
		}
		if f.dest != nil {
			*f.dest = *f.newv
		}
		ref, err := tx.personal(id, *f.newv)
		if err != nil {
			return err
		}
		set[f.col] = ref
	}
	if next.Name != cur.Name || next.Birth != cur.Birth || next.HouseholdID != cur.HouseholdID {
		if other, err := tx.findPerson(next.HouseholdID, next.Name, next.Birth); err == nil && other != id {
			return &FieldError{Field: "person", Value: MaskName(next.Name), Want: T("one entry per (household, name, birth); %s is already listed", short(other)), Err: ErrDuplicate}
		}
	}
	return tx.update(tPeople, id, set)
}

func tagsPtr(t *[]string) *string {
	if t == nil {
		return nil
	}
	s := joinTags(*t)
	return &s
}

// RemovePerson takes a person off the register (the journal keeps the entry;
// vol erase is for removing their personal data).
func (tx *Tx) RemovePerson(id string) error {
	if _, err := readRow(tx.ctx, cached{tx}, tMarks, id); err == nil {
		if err := tx.delete(tMarks, id); err != nil {
			return err
		}
	}
	return tx.delete(tPeople, id)
}

func (tx *Tx) person(id string) (Person, error) {
	ps, err := queryPeople(tx.ctx, tx.prep, "WHERE p.id = ?", id) // prepared once: an import asks for each row
	if err != nil {
		return Person{}, err
	}
	if len(ps) == 0 {
		return Person{}, &FieldError{Field: "person", Value: short(id), Err: ErrNotFound}
	}
	return ps[0], nil
}

package ledger

import (
	"encoding/json"
	"errors"
	"sort"
	"strconv"
)

var (
	tAliases = mustTable("household_aliases")
	tMarks   = mustTable("import_marks")
)

// HouseholdFor finds the household at addr, or the one that was moved away
// from addr (so a corrected address still matches the next official sheet).
func (tx *Tx) HouseholdFor(a Address) (string, error) {
	id, err := tx.householdAt(a)
	if !errors.Is(err, ErrNotFound) {
		return id, err
	}
	row, err := readRow(tx.ctx, cached{tx}, tAliases, a.String())
	if err != nil {
		return "", err
	}
	return row["household_id"].(string), nil
}

// keepAlias remembers old as an address of household id; moving back to an
// alias drops it.
func (tx *Tx) keepAlias(id string, old, next Address) error {
	if row, err := readRow(tx.ctx, cached{tx}, tAliases, next.String()); err == nil && row["household_id"] == id {
		if err := tx.delete(tAliases, next.String()); err != nil {
			return err
		}
	}
	if _, err := readRow(tx.ctx, cached{tx}, tAliases, old.String()); err == nil {
		return tx.update(tAliases, old.String(), map[string]any{"household_id": id})
	}
	return tx.insert(tAliases, old.String(), map[string]any{"household_id": id})
}

// Import fields: the person's fields an import compares (name and birth
// identify the person and are never compared).
const (
	FieldName      = "name"  // identity: a change of it is a correction (sheet.Held)
	FieldBirth     = "birth" // identity, as the name
	FieldSex       = "sex"
	FieldPhone     = "phone"
	FieldRole      = "role"
	FieldPresent   = "present"
	FieldVolunteer = "volunteer"
	FieldSkills    = "skills"
	FieldNeeds     = "needs"
	FieldEmergency = "emergency"
	FieldNotes     = "notes"
	FieldShare     = "share_phone"
)

// ImportSource is where an imported row came from.
type ImportSource struct {
	File string
	Line int
	On   string // YYYY-MM-DD
}

type mark struct {
	Fields map[string]string
}

// marked returns the comparable form of each field: plain values as text,
// personal values as their reference.
func marked(row map[string]any) map[string]string {
	text := func(v any) string {
		switch x := v.(type) {
		case string:
			return x
		case int64:
			return strconv.FormatInt(x, 10)
		}
		return ""
	}
	return map[string]string{
		FieldSex: text(row["sex"]), FieldPhone: text(row["phone_ref"]), FieldRole: text(row["role"]),
		FieldPresent: text(row["present"]), FieldVolunteer: text(row["volunteer"]), FieldSkills: text(row["skills"]),
		FieldNeeds: text(row["needs_ref"]), FieldEmergency: text(row["emergency_ref"]), FieldNotes: text(row["notes_ref"]),
		FieldShare: text(row["share_phone"]),
	}
}

// values returns each field's value as the sheet would write it.
func values(p PersonFields) map[string]string {
	return map[string]string{
		FieldSex: p.Sex, FieldPhone: p.Phone, FieldRole: string(p.Role), FieldPresent: strconv.FormatInt(b2i(p.Present), 10),
		FieldVolunteer: strconv.FormatInt(b2i(p.Volunteer), 10), FieldSkills: joinTags(p.Skills),
		FieldNeeds: joinTags(p.Needs), FieldEmergency: p.Emergency, FieldNotes: p.Notes,
		FieldShare: strconv.FormatInt(b2i(p.SharePhone), 10),
	}
}

// rowValues is values of the person whose people row this is, as the
// register reads them (tx.person), from the row and the personal values it
// names: a lookup a value the person has, not a read of the whole person.
func (tx *Tx) rowValues(row map[string]any) (map[string]string, error) {
	value := func(col string) (string, error) {
		ref, _ := row[col].(string)
		if ref == "" {
			return "", nil
		}
		return personalValue(tx.ctx, cached{tx}, ref) // "" for a value gone, as the register's LEFT JOIN reads it
	}
	flag := func(col string) string {
		n, _ := row[col].(int64)
		return strconv.FormatInt(b2i(n == 1), 10)
	}
	sex, _ := row["sex"].(string)
	role, _ := row["role"].(string)
	skills, _ := row["skills"].(string)
	out := map[string]string{FieldSex: sex, FieldRole: role, FieldPresent: flag("present"), FieldVolunteer: flag("volunteer"),
		FieldSkills: joinTags(splitStored(skills)), FieldShare: flag("share_phone")}
	for _, f := range []struct{ field, col string }{{FieldPhone, "phone_ref"}, {FieldNeeds, "needs_ref"},
		{FieldEmergency, "emergency_ref"}, {FieldNotes, "notes_ref"}} {
		v, err := value(f.col)
		if err != nil {
			return nil, err
		}
		if f.field == FieldNeeds {
			v = joinTags(splitStored(v))
		}
		out[f.field] = v
	}
	return out, nil
}

// Merge is what an import did to one person.
type Merge struct {
	Added     bool
	Changed   []string // fields the sheet changed
	Conflicts []string // fields changed by hand in vol that the sheet disagrees with (left alone)
}

// ImportPerson brings one imported row into the ledger: a person not yet
// listed (by household, name and birth) is added; for a listed one, each
// field in cols takes the sheet's value when the ledger still holds what
// the last import left there (or nothing); a field changed by hand since is
// a conflict and keeps its value, unless prefer. The row's source is
// remembered. known is the person the caller already found by household,
// name and birth in this transaction ("" to look them up here).
func (tx *Tx) ImportPerson(p PersonFields, known string, cols []string, src ImportSource, prefer bool) (string, Merge, error) {
	var m Merge
	id, err := known, error(nil)
	if id == "" {
		id, err = tx.findPerson(p.HouseholdID, p.Name, p.Birth)
	}
	if errors.Is(err, ErrNotFound) {
		id, err := tx.ImportNewPerson(p, cols, src)
		m.Added = err == nil
		return id, m, err
	}
	if err != nil {
		return "", m, err
	}
	row, err := readRow(tx.ctx, cached{tx}, tPeople, id)
	if err != nil {
		return "", m, err
	}
	now, err := tx.rowValues(row)
	if err != nil {
		return "", m, err
	}
	prev, hasPrev, err := tx.mark(id)
	if err != nil {
		return "", m, err
	}
	want, held := values(p), marked(row)
	ch := PersonChange{}
	for _, f := range cols {
		if now[f] == want[f] {
			continue
		}
		// The sheet owns a field the last import set and nobody changed
		// since; without a mark for the field, it may fill what is empty.
		marked, hasField := prev.Fields[f]
		ownedBySheet := (hasField && marked == held[f]) ||
			(!hasField && (now[f] == "" || ((f == FieldVolunteer || f == FieldShare) && now[f] == "0") || (f == FieldPresent && !hasPrev)))
		if !ownedBySheet && !prefer {
			m.Conflicts = append(m.Conflicts, f)
			continue
		}
		m.Changed = append(m.Changed, f)
		setField(&ch, f, p)
	}
	if len(m.Changed) == 0 {
		// Nothing changed: the row and the mark just read are current.
		return id, m, tx.setMarkFrom(id, src, cols, m.Conflicts, row, prev, hasPrev)
	}
	if err := tx.SetPerson(id, ch); err != nil {
		return "", m, err
	}
	return id, m, tx.setMark(id, src, cols, m.Conflicts)
}

// ImportNewPerson is ImportPerson for a row the caller knows lists nobody
// yet (its household is new in this change, so there is nobody to look
// for): the person is added and the row's source remembered.
func (tx *Tx) ImportNewPerson(p PersonFields, cols []string, src ImportSource) (string, error) {
	if err := p.validate(tx.at); err != nil {
		return "", err
	}
	id, row, err := tx.addPerson(p)
	if err != nil {
		return "", err
	}
	return id, tx.newMark(id, src, cols, row)
}

func setField(ch *PersonChange, f string, p PersonFields) {
	switch f {
	case FieldSex:
		ch.Sex = &p.Sex
	case FieldPhone:
		ch.Phone = &p.Phone
	case FieldRole:
		ch.Role = &p.Role
	case FieldPresent:
		ch.Present = &p.Present
	case FieldVolunteer:
		ch.Volunteer = &p.Volunteer
	case FieldSkills:
		ch.Skills = &p.Skills
	case FieldNeeds:
		ch.Needs = &p.Needs
	case FieldEmergency:
		ch.Emergency = &p.Emergency
	case FieldNotes:
		ch.Notes = &p.Notes
	case FieldShare:
		ch.SharePhone = &p.SharePhone
	}
}

func (tx *Tx) mark(id string) (mark, bool, error) {
	row, err := readRow(tx.ctx, cached{tx}, tMarks, id)
	if errors.Is(err, ErrNotFound) {
		return mark{}, false, nil
	}
	if err != nil {
		return mark{}, false, err
	}
	var m mark
	if err := json.Unmarshal([]byte(row["fields"].(string)), &m.Fields); err != nil {
		return mark{}, false, err
	}
	return m, true, nil
}

// newMark remembers the sheet's values for a person it just added.
func (tx *Tx) newMark(id string, src ImportSource, cols []string, row map[string]any) error {
	fields := map[string]string{}
	held := marked(row)
	for _, f := range cols {
		fields[f] = held[f]
	}
	return tx.writeMark(id, src, fields, nil)
}

// setMark remembers the sheet's values for cols (as they now stand in the
// ledger), keeping the previous mark for fields in conflict.
func (tx *Tx) setMark(id string, src ImportSource, cols, conflicts []string) error {
	row, err := readRow(tx.ctx, cached{tx}, tPeople, id)
	if err != nil {
		return err
	}
	prev, hasPrev, err := tx.mark(id)
	if err != nil {
		return err
	}
	return tx.setMarkFrom(id, src, cols, conflicts, row, prev, hasPrev)
}

// setMarkFrom is setMark with the person's row and mark as they stand.
func (tx *Tx) setMarkFrom(id string, src ImportSource, cols, conflicts []string, row map[string]any, prev mark, hasPrev bool) error {
	held := marked(row)
	fields := map[string]string{}
	for k, v := range prev.Fields {
		fields[k] = v
	}
	skip := map[string]bool{}
	for _, f := range conflicts {
		skip[f] = true
	}
	for _, f := range cols {
		if !skip[f] {
			fields[f] = held[f]
		}
	}
	if !hasPrev {
		return tx.writeMark(id, src, fields, nil)
	}
	return tx.writeMark(id, src, fields, &prev)
}

// writeMark stores a person's mark: a new row, or an update when the
// values differ from prev (the same sheet imported again changes nothing).
func (tx *Tx) writeMark(id string, src ImportSource, fields map[string]string, prev *mark) error {
	text, err := json.Marshal(fields) // encoding/json sorts map keys
	if err != nil {
		return err
	}
	set := map[string]any{"source": src.File, "line": int64(src.Line), "on_date": src.On, "fields": string(text)}
	if prev == nil {
		return tx.insert(tMarks, id, set)
	}
	if old, _ := json.Marshal(prev.Fields); string(old) == string(text) {
		return nil
	}
	return tx.update(tMarks, id, set)
}

// ImportedFrom says which file and line a person was last imported from.
func (tx *Tx) ImportedFrom(id string) (ImportSource, error) {
	row, err := readRow(tx.ctx, cached{tx}, tMarks, id)
	if err != nil {
		return ImportSource{}, err
	}
	line, _ := row["line"].(int64)
	return ImportSource{File: row["source"].(string), Line: int(line), On: row["on_date"].(string)}, nil
}

// ImportedPeople returns the IDs of people who came from an import, sorted.
func (tx *Tx) ImportedPeople() ([]string, error) {
	ids, err := queryStrings(tx.ctx, tx.tx, `SELECT id FROM import_marks ORDER BY id`)
	sort.Strings(ids)
	return ids, err
}

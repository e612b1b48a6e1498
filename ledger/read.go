package ledger

import (
	"context"
	"strings"
)

// Person is a listed person with their values resolved.
type Person struct {
	ID string
	PersonFields
	Address Address // zero for property staff
}

const personSelect = `SELECT p.id, coalesce(p.household_id, ''), coalesce(h.area, ''), coalesce(h.building, ''),
	coalesce(h.unit, ''), coalesce(h.room, ''), coalesce(n.value, ''), coalesce(p.birth, ''), p.sex,
	coalesce(ph.value, ''), p.role, p.present, p.volunteer, p.skills, coalesce(nd.value, ''),
	coalesce(em.value, ''), coalesce(nt.value, ''), coalesce(p.share_phone, 0), coalesce(p.duties, '')
	FROM people p
	LEFT JOIN households h ON h.id = p.household_id
	LEFT JOIN pvalues n ON n.ref = p.name_ref
	LEFT JOIN pvalues ph ON ph.ref = p.phone_ref
	LEFT JOIN pvalues nd ON nd.ref = p.needs_ref
	LEFT JOIN pvalues em ON em.ref = p.emergency_ref
	LEFT JOIN pvalues nt ON nt.ref = p.notes_ref `

func queryPeople(ctx context.Context, q querier, where string, args ...any) ([]Person, error) {
	rows, err := q.QueryContext(ctx, personSelect+where, args...)
	if err != nil {
		return nil, classify(err)
	}
	defer rows.Close()
	var out []Person
	for rows.Next() {
		p, err := scanPerson(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, classify(rows.Err())
}

// Households returns every registered household in address order, read in
// that order from the index households_order.
func (v View) Households(ctx context.Context) ([]Household, error) {
	return queryHouseholds(ctx, v.q, `ORDER BY `+addressOrder)
}

func queryHouseholds(ctx context.Context, q querier, where string, args ...any) ([]Household, error) {
	rows, err := q.QueryContext(ctx, `SELECT h.id, h.area, h.building, h.unit, h.room FROM households h `+where, args...)
	if err != nil {
		return nil, classify(err)
	}
	defer rows.Close()
	var out []Household
	for rows.Next() {
		var h Household
		if err := rows.Scan(&h.ID, &h.Address.Area, &h.Address.Building, &h.Address.Unit, &h.Address.Room); err != nil {
			return nil, classify(err)
		}
		out = append(out, h)
	}
	return out, classify(rows.Err())
}

// People returns every listed person, in address order then ID.
func (v View) People(ctx context.Context) ([]Person, error) {
	ps, err := queryPeople(ctx, v.q, "")
	if err != nil {
		return nil, err
	}
	sortPeople(ps)
	return ps, nil
}

// Household finds a household by ID, unique ID prefix or address (any form
// ParseAddress takes), with a query for each, not a read of the register. It
// returns ErrNotFound or ErrAmbiguous.
func (v View) Household(ctx context.Context, ref string) (Household, error) {
	accepted := T("a household ID (or a unique part of one), or an address such as 3号楼2单元501室 or 3-2-501")
	if addr, perr := ParseAddress(ref); perr == nil {
		hs, err := queryHouseholds(ctx, v.q, `WHERE h.area = ? AND h.building = ? AND h.unit = ? AND h.room = ?`,
			addr.Area, addr.Building, addr.Unit, addr.Room)
		if err != nil {
			return Household{}, err
		}
		if len(hs) == 1 {
			return hs[0], nil
		}
	}
	var found []Household
	if r := strings.ToLower(ref); idPattern(r) {
		var err error
		if found, err = queryHouseholds(ctx, v.q, `WHERE `+idMatch("h.id")+` LIMIT 2`, idArgs(r)...); err != nil {
			return Household{}, err
		}
		if into := v.mergedInto(ctx, r); len(found) == 0 && into != "" {
			if found, err = queryHouseholds(ctx, v.q, `WHERE h.id = ?`, into); err != nil {
				return Household{}, err
			}
		}
	}
	switch len(found) {
	case 0:
		shown := ref // neither an address nor an ID: it may be a name
		if _, perr := ParseAddress(ref); perr != nil && !idPattern(strings.ToLower(ref)) {
			shown = MaskName(ref)
		}
		return Household{}, &FieldError{Field: "household", Value: shown, Want: accepted, Err: ErrNotFound}
	case 1:
		return found[0], nil
	}
	return Household{}, &FieldError{Field: "household", Value: ref, Want: T("more characters of the ID"), Err: ErrAmbiguous}
}

// PersonByID reads one person by their whole ID (an index lookup, where
// Person searches any unique part). It returns ErrNotFound.
func (v View) PersonByID(ctx context.Context, id string) (Person, error) {
	ps, err := queryPeople(ctx, v.q, "WHERE p.id = ?", id)
	if err != nil {
		return Person{}, err
	}
	if len(ps) == 0 {
		return Person{}, &FieldError{Field: "person", Value: short(id), Err: ErrNotFound}
	}
	return ps[0], nil
}

// HouseholdPeople returns the people listed in a household.
func (v View) HouseholdPeople(ctx context.Context, householdID string) ([]Person, error) {
	ps, err := queryPeople(ctx, v.q, "WHERE p.household_id = ?", householdID)
	if err != nil {
		return nil, Errorf("household %s: %w", short(householdID), err)
	}
	sortPeople(ps)
	return ps, nil
}

// Target is what an ADDRESS|PERSON argument names: a household, and the
// person when one was named.
type Target struct {
	HouseholdID string // "" for property staff
	Address     Address
	Person      *Person
}

// mergedInto follows an ID (or a unique part of one) of a household or
// person that vol sync merged into another to the one that stayed; "" when
// there is none, or more than one.
func (v View) mergedInto(ctx context.Context, ref string) string {
	ids, err := queryStrings(ctx, v.q, `SELECT into_id FROM merged_ids WHERE `+idMatch("id")+` LIMIT 2`, idArgs(ref)...)
	if err != nil || len(ids) != 1 {
		return ""
	}
	return ids[0]
}

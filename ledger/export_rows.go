package ledger

import (
	"context"
	"database/sql"
	"encoding/json"
	"iter"
	"time"
)

// Streaming readers for vol export: rows come from SQLite in the order the
// export writes them, so an export of a million people never holds the
// register. The ledger has one connection, so a caller must not run another
// query while it ranges over one of these sequences.

// PeopleQuery picks the rows PeopleByAddress reads.
type PeopleQuery struct {
	// Private reads needs, emergency contacts and notes; without it they
	// are left empty (a masked export never shows them).
	Private bool
	// Volunteers reads only present volunteers, Elders only present residents
	// at least the elder age on On (in any household; the caller checks
	// it is elder-only). Either leaves out the empty households' rows.
	Volunteers, Elders bool
	On                 time.Time // for Elders
}

// PeopleByAddress yields every household in address order with its listed
// people in Register's order (birth, older first, then ID), then the people
// listed in no household (property staff) by birth and ID: Register.People's
// order. A household nobody is listed in yields one Person with an empty ID
// and only HouseholdID and Address set. An error ends the sequence.
func (db *DB) PeopleByAddress(ctx context.Context, q PeopleQuery) iter.Seq2[Person, error] {
	return func(yield func(Person, error) bool) {
		private, joins := `'', '', ''`, ``
		if q.Private {
			private = `coalesce(nd.value, ''), coalesce(em.value, ''), coalesce(nt.value, '')`
			joins = `
				LEFT JOIN pvalues nd ON nd.ref = p.needs_ref
				LEFT JOIN pvalues em ON em.ref = p.emergency_ref
				LEFT JOIN pvalues nt ON nt.ref = p.notes_ref`
		}
		cols := `coalesce(n.value, ''), coalesce(p.birth, '') AS birth, coalesce(p.sex, ''), coalesce(ph.value, ''),
			coalesce(p.role, ''), coalesce(p.present, 0), coalesce(p.volunteer, 0), coalesce(p.skills, ''), ` + private + `, coalesce(p.share_phone, 0), coalesce(p.duties, '')`
		joins = `
			LEFT JOIN pvalues n ON n.ref = p.name_ref
			LEFT JOIN pvalues ph ON ph.ref = p.phone_ref` + joins
		where, staff := ``, true
		var args []any
		switch {
		case q.Elders:
			s, err := db.Settings(ctx)
			if err != nil {
				yield(Person{}, err)
				return
			}
			where, staff, args = ` WHERE p.present = 1 AND p.role = 'resident' AND `+elderSQL("p.birth"), false, onArgs(q.On, s.ElderAge)
		case q.Volunteers:
			where = ` WHERE p.present = 1 AND p.volunteer = 1`
		}
		if !db.yieldPeople(ctx, `SELECT coalesce(p.id, ''), h.id, h.area, h.building, h.unit, h.room, `+cols+`
			FROM households h LEFT JOIN people p ON p.household_id = h.id`+joins+where+`
			ORDER BY `+addressOrder+`, birth, p.id`, args, yield) || !staff {
			return
		}
		if where == "" {
			where = " WHERE true"
		}
		// h is empty here: the person's household is not registered
		db.yieldPeople(ctx, `SELECT p.id, coalesce(p.household_id, ''), '', '', '', '', `+cols+` FROM people p`+joins+where+`
			AND (p.household_id IS NULL OR NOT EXISTS (SELECT 1 FROM households h WHERE h.id = p.household_id))
			ORDER BY birth, p.id`, args, yield)
	}
}

// yieldPeople runs q (exportPeopleCols' columns) and yields its rows; it
// reports whether the caller wants more.
func (db *DB) yieldPeople(ctx context.Context, q string, args []any, yield func(Person, error) bool) bool {
	rows, err := db.sql.QueryContext(ctx, q, args...)
	if err != nil {
		yield(Person{}, classify(err))
		return false
	}
	defer rows.Close()
	for rows.Next() {
		p, err := scanPerson(rows)
		if err != nil {
			yield(Person{}, err)
			return false
		}
		if !yield(p, nil) {
			return false
		}
	}
	if err := rows.Err(); err != nil {
		yield(Person{}, classify(err))
		return false
	}
	return true
}

// scanPerson reads a row of personSelect's columns (PeopleByAddress's are
// the same): the person's and household's IDs, the address, then the
// person's fields.
func scanPerson(rows *sql.Rows) (Person, error) {
	var p Person
	var role, skills, needs, duties string
	var present, volunteer, share int64
	if err := rows.Scan(&p.ID, &p.HouseholdID, &p.Address.Area, &p.Address.Building, &p.Address.Unit, &p.Address.Room,
		&p.Name, &p.Birth, &p.Sex, &p.Phone, &role, &present, &volunteer, &skills, &needs, &p.Emergency, &p.Notes, &share, &duties); err != nil {
		return Person{}, classify(err)
	}
	p.Role, p.Present, p.Volunteer, p.SharePhone = Role(role), present == 1, volunteer == 1, share == 1
	p.Skills, p.Needs = splitStored(skills), splitStored(needs)
	if duties != "" { // most people hold none: nil, as a register built otherwise has
		p.Duties = splitStored(duties)
	}
	return p, nil
}

// EldersOn is the part of the register on the date that vol elders reads:
// every elder-only household with its people, and the present volunteers
// (those a pairing can hold). Its figures for those households are
// Register's: the households are picked from the roster, which counts as
// Register counts (Age in Go; SQL's elder test reads a birth stored in an
// unusual form differently), and only their people are read in full.
func (db *DB) EldersOn(ctx context.Context, on time.Time) (*Register, error) {
	ro, err := db.Roster(ctx, on)
	if err != nil {
		return nil, err
	}
	var hids, vids []string
	for _, f := range ro.Households {
		if f.ElderOnly {
			hids = append(hids, f.ID)
		}
	}
	for _, p := range ro.People {
		if p.Present && p.Volunteer {
			vids = append(vids, p.ID)
		}
	}
	return db.RegisterOf(ctx, on, hids, vids)
}

// RegisterOf loads the part of the register on the date that these
// households and people touch: the households, everyone listed in them, and
// the people themselves (with their households' addresses). The figures of
// the named households are Register's; a household only reached through a
// person is not in Households. It serves the few rows (pairings, rounds,
// medicine) that look people up, without reading everyone.
func (db *DB) RegisterOf(ctx context.Context, on time.Time, householdIDs, personIDs []string) (*Register, error) {
	s, err := db.Settings(ctx)
	if err != nil {
		return nil, err
	}
	hj, err := json.Marshal(nonNil(householdIDs))
	if err != nil {
		return nil, err
	}
	pj, err := json.Marshal(nonNil(personIDs))
	if err != nil {
		return nil, err
	}
	hs, err := queryHouseholds(ctx, db.sql, `WHERE h.id IN (SELECT value FROM json_each(?)) ORDER BY `+addressOrder, string(hj))
	if err != nil {
		return nil, err
	}
	ps, err := queryPeople(ctx, db.sql, `WHERE p.household_id IN (SELECT value FROM json_each(?1))
		OR p.id IN (SELECT value FROM json_each(?2))`, string(hj), string(pj))
	if err != nil {
		return nil, err
	}
	sortPeople(ps)
	return newRegister(on, s, hs, ps), nil
}

func nonNil(ids []string) []string {
	if ids == nil {
		return []string{}
	}
	return ids
}

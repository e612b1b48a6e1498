// Package sheet reads a register kept as a spreadsheet (one row per person)
// into the ledger, in one journal entry.
//
// It takes CSV in UTF-8 with the sample's columns
// 楼号,单元,室号,姓名,性别,出生年月,联系电话,在住,身份,志愿者,技能,备注 in any order
// (or their English names, or a single 地址/address column). A row with an
// address and no name registers a household with nobody in it.
package sheet

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"vol/ledger"
)

// Column is a field of the register that a sheet column maps to.
type Column int

// The columns vol understands.
const (
	ColNone Column = iota
	ColBuilding
	ColUnit
	ColRoom
	ColAddress
	ColName
	ColSex
	ColBirth
	ColPhone
	ColPresent
	ColRole
	ColVolunteer
	ColSkills
	ColNeeds
	ColEmergency
	ColNotes
)

// Row is one data row of a sheet, as text, with its line number.
type Row struct {
	Line   int
	Fields map[Column]string
}

// RowError names the line, the column and what is accepted; personal
// values are masked or left out.
type RowError struct {
	Line   int
	Column string
	Err    error
}

func (e *RowError) Error() string {
	return fmt.Sprintf("line %d, column %s: %v", e.Line, e.Column, e.Err)
}

func (e *RowError) Unwrap() error { return e.Err }

// yesNo reads 是/否/yes/no/y/n/1/0/√/× and blank (no).
func yesNo(s string) (bool, error) {
	switch strings.ToLower(s) {
	case "是", "yes", "y", "1", "√", "✓", "true":
		return true, nil
	case "", "否", "no", "n", "0", "×", "x", "false":
		return false, nil
	}
	return false, fmt.Errorf("%q: %w; accepted: 是/否/yes/no/Y/N/1/0/√/× or blank", s, ledger.ErrInvalid)
}

// Record is a row turned into ledger values.
type Record struct {
	Line    int
	Address ledger.Address
	Person  *ledger.PersonFields // nil for an address-only row
}

// Parse turns rows into records, or returns every bad row's error.
func Parse(rows []Row) ([]Record, []error) {
	var recs []Record
	var errs []error
	for _, row := range rows {
		rec, err := parseRow(row)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		recs = append(recs, rec)
	}
	return recs, errs
}

func parseRow(row Row) (Record, error) {
	f := row.Fields
	rec := Record{Line: row.Line}
	bad := func(col string, err error) (Record, error) {
		return Record{}, &RowError{Line: row.Line, Column: col, Err: err}
	}
	var err error
	switch {
	case f[ColAddress] != "":
		rec.Address, err = ledger.ParseAddress(f[ColAddress])
		if err != nil {
			return bad("address", err)
		}
	case f[ColBuilding] != "" || f[ColRoom] != "":
		rec.Address, err = ledger.NewAddress("", f[ColBuilding], f[ColUnit], f[ColRoom])
		if err != nil {
			return bad("address", err)
		}
	}
	if f[ColName] == "" {
		if rec.Address.IsZero() {
			return bad("name", fmt.Errorf("an empty row: %w; accepted: a name, an address, or both", ledger.ErrInvalid))
		}
		return rec, nil
	}
	p := &ledger.PersonFields{Name: f[ColName], Emergency: f[ColEmergency], Notes: f[ColNotes]}
	if p.Birth, err = ledger.ParseBirth(f[ColBirth]); err != nil {
		return bad("birth", err)
	}
	if p.Sex, err = ledger.ParseSex(f[ColSex]); err != nil {
		return bad("sex", err)
	}
	if p.Phone, err = ledger.NormalizePhone(f[ColPhone]); err != nil {
		return bad("phone", err)
	}
	if p.Role, err = ledger.ParseRole(f[ColRole]); err != nil {
		return bad("role", err)
	}
	if p.Present, err = yesNo(f[ColPresent]); err != nil {
		return bad("present", err)
	}
	if p.Volunteer, err = yesNo(f[ColVolunteer]); err != nil {
		return bad("volunteer", err)
	}
	p.Skills, p.Needs = ledger.SplitTags(f[ColSkills]), ledger.SplitTags(f[ColNeeds])
	if rec.Address.IsZero() && p.Role != ledger.RolePropertyStaff {
		return bad("address", fmt.Errorf("missing: %w; accepted: an address for residents and stranded workers (only property staff have none)", ledger.ErrInvalid))
	}
	rec.Person = p
	return rec, nil
}

// Result counts what an import did.
type Result struct {
	Households, People, Unchanged int
}

// Import writes records into the ledger in one journal entry: households
// that are missing are registered, people not yet listed (by household, name
// and birth) are added; people already listed are left as they are.
func Import(ctx context.Context, db *ledger.DB, m ledger.Meta, recs []Record) (Result, error) {
	var res Result
	_, err := db.Write(ctx, m, func(tx *ledger.Tx) error {
		res = Result{}
		byAddr := map[ledger.Address]string{}
		for _, rec := range recs {
			hid := ""
			if !rec.Address.IsZero() {
				var ok bool
				if hid, ok = byAddr[rec.Address]; !ok {
					id, err := tx.HouseholdAt(rec.Address)
					if errors.Is(err, ledger.ErrNotFound) {
						id, err = tx.AddHousehold(rec.Address)
						res.Households++
					}
					if err != nil {
						return &RowError{Line: rec.Line, Column: "address", Err: err}
					}
					byAddr[rec.Address], hid = id, id
				}
			}
			if rec.Person == nil {
				continue
			}
			p := *rec.Person
			p.HouseholdID = hid
			if _, err := tx.FindPerson(hid, p.Name, p.Birth); err == nil {
				res.Unchanged++
				continue
			}
			if _, err := tx.AddPerson(p); err != nil {
				return &RowError{Line: rec.Line, Column: "name", Err: err}
			}
			res.People++
		}
		return nil
	})
	return res, err
}

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
	"strconv"
	"strings"
	"time"

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
	ColSharePhone
)

// Row is one data row of a sheet, as text, with its line number.
type Row struct {
	Line   int
	Fields map[Column]string
	// Extra counts the filled fields of a CSV row beyond the header's Width
	// fields (both 0 when there are none): a cell with an unquoted comma ("需要轮椅,每周二复诊") spills
	// into them, and Parse refuses the row rather than keep half the cell.
	Extra, Width int
}

// RowError names the line, the column and what is accepted; personal
// values are masked or left out.
type RowError struct {
	Line   int
	Column string
	Err    error
	// More are the row's other problems, in column order.
	More []Problem
}

// Problem is one column's problem in a row.
type Problem struct {
	Column string
	Err    error
}

func (e *RowError) Error() string { return e.text().String() }

// Message says which line and column, for a translator (Column is a field
// key, as ledger.FieldError's).
func (e *RowError) Message() (format string, args []any) { return e.text().Message() }

func (e *RowError) text() ledger.Text {
	if len(e.More) > 0 {
		return ledger.T("line %d, column %s: %v; %v", e.Line, ledger.FieldKey(e.Column), e.Err, problemList(e.More))
	}
	return ledger.T("line %d, column %s: %v", e.Line, ledger.FieldKey(e.Column), e.Err)
}

func (e *RowError) Unwrap() error { return e.Err }

// Error says the problem in English; Message gives it to a translator.
func (p Problem) Error() string { return p.text().String() }

// Message gives the problem's words to a translator.
func (p Problem) Message() (format string, args []any) { return p.text().Message() }

func (p Problem) text() ledger.Text {
	return ledger.T("column %s: %v", ledger.FieldKey(p.Column), p.Err)
}

// problemList is a row's further problems, each worded on its own.
type problemList []Problem

func (l problemList) Error() string {
	s := make([]string, len(l))
	for i, p := range l {
		s[i] = p.Error()
	}
	return strings.Join(s, "; ")
}

func (l problemList) Unwrap() []error {
	out := make([]error, len(l))
	for i, p := range l {
		out[i] = p
	}
	return out
}

// yesNo reads 是/否/yes/no/y/n/1/0/√/× and blank (no).
func yesNo(s string) (bool, error) {
	if b, ok := ledger.ParseYesNo(s); ok {
		return b, nil
	}
	return false, ledger.Errorf("%q: %w; accepted: 是/否/yes/no/Y/N/1/0/√/× or blank", s, ledger.ErrInvalid)
}

// Record is a row turned into ledger values.
type Record struct {
	Line    int
	Address ledger.Address
	Person  *ledger.PersonFields // nil for an address-only row
}

// Parse turns rows into records, or returns every bad row's error; the
// index of each bad row in rows is in bad. An age column (age:N from Read)
// becomes a birth year counted back from on. A person listed twice (same
// address, name and birth) is bad the second time.
func Parse(rows []Row, on time.Time) (recs []Record, errs []error, bad []int) {
	first := map[string]int{}
	for i, row := range rows {
		rec, err := parseRow(row, on)
		if err == nil && rec.Person != nil {
			key := rec.Address.String() + "\x00" + rec.Person.Name + "\x00" + rec.Person.Birth
			if line, dup := first[key]; dup {
				err = &RowError{Line: row.Line, Column: "name", Err: ledger.Errorf("the same person (%s) as line %d: %w; accepted: one row per person (address, name, birth)",
					ledger.MaskName(rec.Person.Name), line, ledger.ErrDuplicate)}
			} else {
				first[key] = row.Line
			}
		}
		if err != nil {
			errs, bad = append(errs, err), append(bad, i)
			continue
		}
		recs = append(recs, rec)
	}
	return recs, errs, bad
}

// Fields lists the ledger fields the rows' columns carry, for
// ledger.Tx.ImportPerson: a field with no column is left as it is.
func Fields(rows []Row) []string {
	has := map[Column]bool{}
	for _, r := range rows {
		for c := range r.Fields {
			has[c] = true
		}
	}
	var out []string
	for _, m := range []struct {
		col   Column
		field string
	}{{ColSex, ledger.FieldSex}, {ColPhone, ledger.FieldPhone}, {ColRole, ledger.FieldRole}, {ColPresent, ledger.FieldPresent},
		{ColVolunteer, ledger.FieldVolunteer}, {ColSkills, ledger.FieldSkills}, {ColNeeds, ledger.FieldNeeds},
		{ColEmergency, ledger.FieldEmergency}, {ColNotes, ledger.FieldNotes}, {ColSharePhone, ledger.FieldShare}} {
		if has[m.col] {
			out = append(out, m.field)
		}
	}
	return out
}

func parseRow(row Row, on time.Time) (Record, error) {
	f := row.Fields
	rec := Record{Line: row.Line}
	bad := func(col string, err error) (Record, error) {
		return Record{}, &RowError{Line: row.Line, Column: col, Err: err}
	}
	// Every problem of the row is reported, not only the first, so one
	// correction of the sheet fixes the row.
	var probs []Problem
	add := func(col string, err error) { probs = append(probs, Problem{col, err}) }
	if row.Extra > 0 {
		return bad("row", ledger.Errorf("%d filled field(s) beyond the header's %d (a comma inside a cell?): %w; accepted: a row with no more fields than the header (a cell holding a comma in double quotes, as Excel writes it)",
			row.Extra, row.Width, ledger.ErrInvalid))
	}
	var err error
	switch {
	case f[ColAddress] != "":
		rec.Address, err = ledger.ParseAddress(f[ColAddress])
		if err != nil {
			add("address", err)
		}
	case f[ColBuilding] != "" || f[ColRoom] != "":
		rec.Address, err = ledger.NewAddress("", f[ColBuilding], f[ColUnit], f[ColRoom])
		if err != nil {
			add("address", err)
		}
	}
	addrBad := len(probs) > 0
	if f[ColName] == "" {
		if addrBad {
			return Record{}, &RowError{Line: row.Line, Column: probs[0].Column, Err: probs[0].Err}
		}
		if rec.Address.IsZero() {
			return bad("name", ledger.Errorf("an empty row: %w; accepted: a name, an address, or both", ledger.ErrInvalid))
		}
		return rec, nil
	}
	p := &ledger.PersonFields{Name: f[ColName], Emergency: f[ColEmergency], Notes: f[ColNotes]}
	if age, ok := strings.CutPrefix(f[ColBirth], "age:"); ok {
		n, aerr := strconv.Atoi(age)
		if aerr != nil || n < 0 || n > 130 {
			add("age", ledger.Errorf("%w; accepted: a whole number of years", ledger.ErrInvalid))
		}
		p.Birth = strconv.Itoa(on.Year() - n)
	} else if p.Birth, err = ledger.ParseBirth(f[ColBirth]); err != nil {
		add("birth", err)
	}
	if p.Sex, err = ledger.ParseSex(f[ColSex]); err != nil {
		add("sex", err)
	}
	if p.Phone, err = ledger.NormalizePhone(f[ColPhone]); err != nil {
		add("phone", err)
	}
	if p.Role, err = ledger.ParseRole(f[ColRole]); err != nil {
		add("role", err)
	}
	p.Present = true // a sheet without a 在住 column lists people living there
	if v, ok := f[ColPresent]; ok {
		if p.Present, err = yesNo(v); err != nil {
			add("present", err)
		}
	}
	if p.Volunteer, err = yesNo(f[ColVolunteer]); err != nil {
		add("volunteer", err)
	}
	if p.SharePhone, err = yesNo(f[ColSharePhone]); err != nil {
		add("share phone", err)
	}
	p.Skills, p.Needs = ledger.SplitTags(f[ColSkills]), ledger.SplitTags(f[ColNeeds])
	if err := p.CheckText(); err != nil {
		var fe *ledger.FieldError
		if errors.As(err, &fe) {
			add(fe.Field, err)
		} else {
			add("name", err)
		}
	}
	if rec.Address.IsZero() && !addrBad && p.Role != ledger.RolePropertyStaff {
		add("address", ledger.Errorf("missing: %w; accepted: an address for residents and stranded workers (only property staff have none)", ledger.ErrInvalid))
	}
	if len(probs) > 0 {
		return Record{}, &RowError{Line: row.Line, Column: probs[0].Column, Err: probs[0].Err, More: probs[1:]}
	}
	rec.Person = p
	return rec, nil
}

// Options say where an import comes from and how it may change the ledger.
type Options struct {
	Source string // the file's name, remembered with each imported value
	On     string // the import's date, YYYY-MM-DD
	Prefer bool   // --prefer-import: the sheet wins over values changed by hand
	DryRun bool   // compute the report, write nothing
	// Progress, when set, is called every few thousand rows with the rows
	// done and the total (for a progress bar).
	Progress func(done, total int)
	// SameAs and New settle rows held back as likely a corrected person
	// (Report.Held), by line: SameAs records the correction on that person,
	// New adds a person. SameAsAll and NewAll settle every such row.
	SameAs, New       map[int]bool
	SameAsAll, NewAll bool
	// IncludeErased adds people an erasure left a tombstone for; without
	// it they are skipped (Report.Erased).
	IncludeErased bool
}

func (o Options) sameAs(line int) bool { return o.SameAsAll || o.SameAs[line] }
func (o Options) isNew(line int) bool  { return o.NewAll || o.New[line] }

// Change is what an import did, or refused to do, to one person's fields.
type Change struct {
	Line   int
	Person string
	Label  string // the person as people know them (ledger.Label)
	Fields []string
}

// Report says what an import added, changed, left alone, refused, and who
// is listed in the ledger from an earlier import but not in this file.
type Report struct {
	HouseholdsAdded int
	PeopleAdded     int
	Changed         []Change
	Conflicts       []Change
	Unchanged       int
	Missing         []Change // people listed before and not in this file (Person, Label)
	// Held are rows held back as likely a person of an earlier sheet with
	// a corrected name or birth; Corrected those recorded as such (SameAs).
	Held      []Held
	Corrected []Change
	// Erased are the lines of people an erasure left a tombstone for,
	// skipped (Options.IncludeErased adds them).
	Erased []int
	// LikelySame are households the file added whose address has the
	// numbers of another household's (3号楼2门501 and 3号楼2单元501室 once
	// were two): worth a look, since they are likely one flat.
	LikelySame []Likely
}

// Held is a row held back, with the people it may be.
type Held struct {
	Line    int
	Name    string // masked
	Address ledger.Address
	Was     []HeldAs
}

// HeldAs is a person an earlier sheet listed that a held row may be.
type HeldAs struct {
	Person  string
	Name    string // masked
	Source  string // the file and line the person came from
	Line    int
	Differs []string // ledger.FieldName and/or ledger.FieldBirth
}

// Likely is a household a file added and a registered one with the same
// numbers in its address.
type Likely struct {
	Line              int
	Address, Existing ledger.Address
}

// errDryRun rolls back a dry run once its report is complete.
var errDryRun = ledger.Errorf("dry run")

// Import writes records into the ledger in one journal entry (or, with
// DryRun, only reports what it would do). Households are found by address
// or by an address they were corrected from, and registered when missing;
// people are matched by (household, name, birth) and added or updated field
// by field (see ledger.Tx.ImportPerson); people missing from the file are
// reported, never removed. A person listed twice in the file is an error.
func Import(ctx context.Context, db *ledger.DB, m ledger.Meta, recs []Record, cols []string, opt Options) (Report, error) {
	var rep Report
	_, err := db.Write(ctx, m, func(tx *ledger.Tx) error {
		var err error
		if rep, err = ImportInto(tx, recs, cols, opt); err != nil {
			return err
		}
		if opt.DryRun {
			return errDryRun
		}
		return nil
	})
	if errors.Is(err, errDryRun) {
		err = nil
	}
	return rep, err
}

// ImportInto makes Import's change inside a write the caller holds (DryRun
// is the caller's to honour, by rolling the write back).
//
// A row that matches nobody, in a household where a person an earlier
// sheet listed is missing from this one with the same name or the same
// birth (曾宇 became 曾瑛, 1992-10 became 1992-01), is likely that person
// corrected: it is held back (Report.Held) unless Options.SameAs records the
// correction or Options.New adds the person; the rest is imported.
func ImportInto(tx *ledger.Tx, recs []Record, cols []string, opt Options) (Report, error) {
	rep := Report{}
	err := func() error {
		// Pass 1: households, and who each row already is.
		byAddr := map[ledger.Address]string{}
		var added []ledger.Address // households this file registers
		addedAt := map[ledger.Address]int{}
		hids := make([]string, len(recs))
		known := make([]string, len(recs)) // the person a row matches, "" for none
		matched := map[string]bool{}
		// Households this file registers list nobody yet: their rows are
		// not looked for in the ledger (a new district's import is all
		// such rows), and one listed twice is found here.
		fresh := map[string]bool{}
		for i, rec := range recs {
			hid := ""
			if !rec.Address.IsZero() {
				var ok bool
				if hid, ok = byAddr[rec.Address]; !ok {
					id, err := tx.HouseholdFor(rec.Address)
					if errors.Is(err, ledger.ErrNotFound) {
						id, err = tx.AddHousehold(rec.Address)
						rep.HouseholdsAdded++
						added = append(added, rec.Address)
						addedAt[rec.Address] = rec.Line
						fresh[id] = err == nil
					}
					if isFault(err) {
						return err
					}
					if err != nil {
						return &RowError{Line: rec.Line, Column: "address", Err: err}
					}
					byAddr[rec.Address], hid = id, id
				}
			}
			hids[i] = hid
			if rec.Person == nil || fresh[hid] {
				continue
			}
			id, err := tx.FindPerson(hid, rec.Person.Name, rec.Person.Birth)
			if err == nil {
				known[i], matched[id] = id, true
			} else if !errors.Is(err, ledger.ErrNotFound) {
				return err
			}
		}
		imported, err := tx.ImportedPeople()
		if err != nil {
			return err
		}
		// The people earlier sheets listed that this one does not, by household.
		missing := map[string][]ledger.Person{}
		for _, id := range imported {
			if matched[id] {
				continue
			}
			p, err := tx.PersonByID(tx.Context(), id)
			if errors.Is(err, ledger.ErrNotFound) {
				continue
			}
			if err != nil {
				return err
			}
			missing[p.HouseholdID] = append(missing[p.HouseholdID], p)
		}
		consumed := map[string]bool{} // missing people a held or corrected row accounts for

		// Pass 2: people.
		seen := map[string]int{} // person ID -> line
		type identity struct{ household, name, birth string }
		freshSeen := map[identity]int{} // the people of fresh households -> line
		for i, rec := range recs {
			if opt.Progress != nil && i%2000 == 0 {
				opt.Progress(i, len(recs))
			}
			switch i {
			case 0:
				ledger.Crash("import-first-row")
			case len(recs) / 2:
				ledger.Crash("import-middle")
			case len(recs) - 1:
				ledger.Crash("import-last-row")
			}
			if rec.Person == nil {
				continue
			}
			p := *rec.Person
			p.HouseholdID = hids[i]
			if fresh[p.HouseholdID] {
				// Nobody to match, no erased person (the household's ID is
				// new), no one missing: added, unless listed twice.
				k := identity{p.HouseholdID, p.Name, p.Birth}
				if first, dup := freshSeen[k]; dup {
					return &RowError{Line: rec.Line, Column: "name", Err: duplicateRow(p.Name, first)}
				}
				freshSeen[k] = rec.Line
				if _, err := tx.ImportNewPerson(p, cols, ledger.ImportSource{File: opt.Source, Line: rec.Line, On: opt.On}); isFault(err) {
					return err
				} else if err != nil {
					return &RowError{Line: rec.Line, Column: "name", Err: err}
				}
				rep.PeopleAdded++
				continue
			}
			if known[i] == "" && !opt.IncludeErased {
				gone, err := tx.Tombstoned(tx.Context(), p.HouseholdID, p.Name, p.Birth)
				if err != nil {
					return err
				}
				if gone {
					rep.Erased = append(rep.Erased, rec.Line)
					continue
				}
			}
			if known[i] == "" && p.HouseholdID != "" {
				var was []ledger.Person
				for _, m := range missing[p.HouseholdID] {
					if (m.Name == p.Name) != (m.Birth == p.Birth) {
						was = append(was, m)
					}
				}
				if len(was) > 0 {
					for _, m := range was {
						consumed[m.ID] = true
					}
					switch {
					case opt.sameAs(rec.Line) && len(was) == 1:
						if err := tx.SetPerson(was[0].ID, ledger.PersonChange{Name: &p.Name, Birth: &p.Birth}); err != nil {
							return &RowError{Line: rec.Line, Column: "name", Err: err}
						}
						rep.Corrected = append(rep.Corrected, Change{Line: rec.Line, Person: was[0].ID, Label: ledger.Label(p.Name, rec.Address), Fields: differs(was[0], p)})
					case opt.sameAs(rec.Line):
						return &RowError{Line: rec.Line, Column: "name", Err: ledger.Errorf("--same-as: %d people it could be: %w; accepted: a row that is likely one person (correct the others by hand: vol person set)", len(was), ledger.ErrAmbiguous)}
					case opt.isNew(rec.Line):
					default:
						h := Held{Line: rec.Line, Name: ledger.MaskName(p.Name), Address: rec.Address}
						for _, m := range was {
							src, err := tx.ImportedFrom(m.ID)
							if err != nil {
								return err
							}
							h.Was = append(h.Was, HeldAs{Person: m.ID, Name: ledger.MaskName(m.Name), Source: src.File, Line: src.Line, Differs: differs(m, p)})
						}
						rep.Held = append(rep.Held, h)
						continue
					}
				}
			}
			// A row pass 1 found is still that person: nothing since
			// changes a listed person's household, name or birth.
			id, merge, err := tx.ImportPerson(p, known[i], cols, ledger.ImportSource{File: opt.Source, Line: rec.Line, On: opt.On}, opt.Prefer)
			if isFault(err) {
				return err // the file's fault, not the row's
			}
			if err != nil {
				return &RowError{Line: rec.Line, Column: "name", Err: err}
			}
			if first, dup := seen[id]; dup {
				return &RowError{Line: rec.Line, Column: "name", Err: duplicateRow(p.Name, first)}
			}
			seen[id] = rec.Line
			switch {
			case merge.Added:
				rep.PeopleAdded++
			case len(merge.Changed) > 0:
				rep.Changed = append(rep.Changed, Change{Line: rec.Line, Person: id, Label: ledger.Label(p.Name, rec.Address), Fields: merge.Changed})
			default:
				rep.Unchanged++
			}
			if len(merge.Conflicts) > 0 {
				rep.Conflicts = append(rep.Conflicts, Change{Line: rec.Line, Person: id, Label: ledger.Label(p.Name, rec.Address), Fields: merge.Conflicts})
			}
		}
		same, err := tx.SameNumbers(tx.Context(), added)
		if err != nil {
			return err
		}
		for _, a := range added {
			for _, h := range same[a] {
				rep.LikelySame = append(rep.LikelySame, Likely{Line: addedAt[a], Address: a, Existing: h.Address})
			}
		}
		for _, id := range imported {
			if _, ok := seen[id]; !ok && !consumed[id] {
				m := Change{Person: id}
				if p, err := tx.PersonByID(tx.Context(), id); err == nil {
					m.Label = ledger.Label(p.Name, p.Address)
				} else if !errors.Is(err, ledger.ErrNotFound) {
					return err
				}
				rep.Missing = append(rep.Missing, m)
			}
		}
		return nil
	}()
	return rep, err
}

// duplicateRow is the error of a row naming the person an earlier row did.
func duplicateRow(name string, first int) error {
	return ledger.Errorf("the same person (%s) as line %d: %w; accepted: one row per person (household, name, birth)", ledger.MaskName(name), first, ledger.ErrDuplicate)
}

// isFault reports an error that is the ledger's (busy, disk, damage), not
// a row's.
func isFault(err error) bool {
	return errors.Is(err, ledger.ErrIO) || errors.Is(err, ledger.ErrBusy) || errors.Is(err, ledger.ErrCorrupt)
}

// differs names the identity fields (name, birth) in which a row differs
// from a person.
func differs(was ledger.Person, p ledger.PersonFields) []string {
	var out []string
	if was.Name != p.Name {
		out = append(out, ledger.FieldName)
	}
	if was.Birth != p.Birth {
		out = append(out, ledger.FieldBirth)
	}
	return out
}

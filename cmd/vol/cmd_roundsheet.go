package main

import (
	"context"
	"errors"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/spf13/cobra"

	"vol/ledger"
	"vol/ledger/sheet"
)

// Ticks of the text checklist: a box to tick by hand, and a tick for a
// delivery vol already recorded.
const (
	tickOpen = "☐"
	tickDone = "✓"
)

type roundSheetOptions struct {
	Out, Building string
	Text, Full    bool
}

func newRoundSheetCmd(a *App) *cobra.Command {
	opts := roundSheetOptions{}
	c := &cobra.Command{
		Use:   "sheet ROUND [-o FILE] [--building B] [--text] [--full]",
		Short: "The delivery checklist of a round, one sheet per building (XLSX, or --text for a WeChat group)",
		Long: `Print the delivery checklist of a committed round for the volunteers who go
door to door: one sheet per building in an XLSX workbook (default), or with
--text one section per building as plain text on stdout, to paste into the
building's WeChat group.

Each line is an address, its packs (lines of one address merged, packs
summed), a column to tick (✓ where vol already recorded the delivery), the
recipient (a masked name for a person, the address for a household or
flat) and the masked phone of the household's first present resident.
Property staff, who have no household, come last. --building keeps one
building; --full shows names and phones in full (vol says so).

The XLSX file is round-<ID>.xlsx unless -o names one; it is created 0600
and written under a temporary name first.`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.Text && opts.Out != "" {
				return usageErr(errors.New(a.T("cli.sheet.text_o")))
			}
			if cmd.Flags().Changed("building") && strings.TrimSpace(opts.Building) == "" {
				return usageErr(errors.New(a.T("cli.sheet.building")))
			}
			return roundSheetRun(cmd.Context(), a, args[0], opts)
		},
	}
	c.Flags().StringVarP(&opts.Out, "output", "o", "", "XLSX file to write (default round-ID.xlsx)")
	c.Flags().StringVar(&opts.Building, "building", "", "only this building (3, 3号楼, 一期3号楼, A座)")
	c.Flags().BoolVar(&opts.Text, "text", false, "print plain text to stdout instead of writing XLSX")
	c.Flags().BoolVar(&opts.Full, "full", false, "show recipients' names and phones in full")
	return c
}

// sheetLine is one stop of the checklist: one address (or one member of
// the property staff) with the packs of all its round lines.
type sheetLine struct {
	Address   string
	Packs     int
	Delivered bool // every round line of the stop is delivered
	Recipient string
	// Contact is whom the volunteer calls at the door: the recipient, or
	// for a household's line (a large family, the stranded workers' flat)
	// the household's first present resident, else anyone present there;
	// Phone is the contact's (in full when they share it, or --full).
	Contact, Phone string
	Tier           string          // the tier's shown name, for the lines that got nothing
	building       *ledger.Address // of a line that got nothing, for --building
}

// sheetSection is one building, or the property staff, of the checklist.
type sheetSection struct {
	Title    string
	Building *ledger.Address // area and building; nil for staff and the no longer listed
	Lines    []sheetLine
	// Missed: the section of claimants the packs ran out before (no
	// packs, nothing to tick), listed after every other.
	Missed bool
	// Leader is the building's leader (楼组长) as a contact: masked name
	// and phone (in full when shared), "" when it has none.
	Leader string
}

func (s sheetSection) packs() (packs, delivered int) {
	for _, l := range s.Lines {
		packs += l.Packs
		if l.Delivered {
			delivered++
		}
	}
	return packs, delivered
}

func roundSheetRun(ctx context.Context, a *App, ref string, opts roundSheetOptions) error {
	db, r, reg, err := a.loadRound(ctx, ref)
	if err != nil {
		return err
	}
	defer db.Close()
	if r.Voided {
		a.info("%s", a.T("sheet.void", shortID(r.ID), r.VoidWhy))
	}
	sections := a.sheetSections(reg, r.Lines, opts.Full)
	for i, s := range sections {
		if s.Building != nil {
			if sections[i].Leader, err = a.leaderOf(ctx, db.View, reg, ledger.Address{Area: s.Building.Area, Building: s.Building.Building}, opts.Full); err != nil {
				return err
			}
		}
	}
	if opts.Building != "" {
		if sections, err = a.keepBuilding(sections, opts.Building, r.ID); err != nil {
			return err
		}
	}
	if opts.Full {
		a.info("%s", a.T("msg.full"))
	}
	head := a.sheetHead(reg.Settings.Compound, r)
	if opts.Text {
		return a.printSheetText(head, sections)
	}
	out := opts.Out
	if out == "" {
		out = "round-" + shortID(r.ID) + ".xlsx"
	}
	if err := db.CheckOutput(ctx, "-o", out); err != nil {
		return err
	}
	tables := a.sheetTables(sections)
	tmp, done, err := db.TempDir()
	if err != nil {
		return err
	}
	defer done()
	if err := sheet.WriteFileAtomic(out, func(w io.Writer) error { return sheet.WriteXLSX(w, head, tables, tmp, a.Now()) }); err != nil {
		return err
	}
	a.info("%s", a.T("export.wrote", out))
	return nil
}

// sheetSections lays out a round's lines with packs as stops: lines of one
// household merged into one stop, stops in address order (the register's)
// grouped by building, then the property staff in the register's order,
// then any household no longer listed.
func (a *App) sheetSections(reg *ledger.Register, lines []ledger.RoundLine, full bool) []sheetSection {
	mask := func(s string, f func(string) string) string {
		if full {
			return s
		}
		return f(s)
	}
	people := make(map[string]int, len(reg.People))
	// contacts: household ID → its contact, the first present resident
	// with a phone, else the first present person with one, else the first
	// present person.
	contacts := map[string]int{}
	rank := func(p ledger.Person) int {
		r := 0
		if p.Phone == "" {
			r += 2
		}
		if p.Role != ledger.RoleResident {
			r++
		}
		return r
	}
	for i, p := range reg.People {
		people[p.ID] = i
		if p.HouseholdID == "" || !p.Present {
			continue
		}
		if j, seen := contacts[p.HouseholdID]; !seen || rank(p) < rank(reg.People[j]) {
			contacts[p.HouseholdID] = i
		}
	}
	contactOf := func(hid string) (name, phone string) {
		if i, ok := contacts[hid]; ok {
			p := reg.People[i]
			return mask(p.Name, ledger.MaskName), phoneShown(p, full)
		}
		return "", ""
	}
	// recipient words one line's claimant, as lineViews does.
	recipient := func(l ledger.RoundLine, addr string) string {
		if i, ok := people[l.Claimant]; ok {
			return mask(reg.People[i].Name, ledger.MaskName)
		}
		if l.Unit == "person" {
			return a.T("alloc.gone")
		}
		return addr
	}
	merge := func(addr, hid string, ls []ledger.RoundLine) sheetLine {
		s := sheetLine{Address: addr, Delivered: true}
		s.Contact, s.Phone = contactOf(hid)
		if hid == "" && len(ls) > 0 { // property staff: their own phone, as they have no household to call
			if i, ok := people[ls[0].Claimant]; ok && reg.People[i].Present {
				s.Contact, s.Phone = mask(reg.People[i].Name, ledger.MaskName), phoneShown(reg.People[i], full)
			}
		}
		var names []string
		for _, l := range ls {
			s.Packs += l.Packs
			s.Delivered = s.Delivered && l.Delivered
			if n := recipient(l, addr); !slices.Contains(names, n) {
				names = append(names, n)
			}
		}
		s.Recipient = strings.Join(names, "、")
		return s
	}

	byHousehold := map[string][]ledger.RoundLine{}
	byPerson := map[string][]ledger.RoundLine{}
	var missed []ledger.RoundLine
	for _, l := range lines {
		switch {
		case l.Packs <= 0:
			missed = append(missed, l)
		case l.HouseholdID != "":
			byHousehold[l.HouseholdID] = append(byHousehold[l.HouseholdID], l)
		default:
			byPerson[l.Claimant] = append(byPerson[l.Claimant], l)
		}
	}

	var out []sheetSection
	for _, f := range reg.Households {
		ls := byHousehold[f.ID]
		if len(ls) == 0 {
			continue
		}
		delete(byHousehold, f.ID)
		b := ledger.Address{Area: f.Address.Area, Building: f.Address.Building}
		if n := len(out); n == 0 || out[n-1].Building == nil || *out[n-1].Building != b {
			out = append(out, sheetSection{Title: b.String(), Building: &b})
		}
		addr := f.Address.String()
		out[len(out)-1].Lines = append(out[len(out)-1].Lines, merge(addr, f.ID, ls))
	}

	// Property staff: one stop per person, in the register's order; their
	// own phone, as they have no household to call.
	staff := sheetSection{Title: a.T("sheet.staff")}
	ids := make([]string, 0, len(byPerson))
	for id := range byPerson {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(x, y string) int {
		xi, xok := people[x]
		yi, yok := people[y]
		switch {
		case xok && yok:
			return xi - yi
		case xok != yok: // people no longer listed last
			if xok {
				return -1
			}
			return 1
		}
		return strings.Compare(x, y)
	})
	for _, id := range ids {
		hid := ""
		if i, ok := people[id]; ok {
			hid = reg.People[i].HouseholdID
		}
		staff.Lines = append(staff.Lines, merge("", hid, byPerson[id]))
	}
	if len(staff.Lines) > 0 {
		out = append(out, staff)
	}

	// Households removed from the register since the round: kept, so the
	// sheet still adds up to the round.
	gone := sheetSection{Title: a.T("sheet.gone")}
	hids := make([]string, 0, len(byHousehold))
	for id := range byHousehold {
		hids = append(hids, id)
	}
	slices.Sort(hids)
	for _, id := range hids {
		gone.Lines = append(gone.Lines, merge(a.T("alloc.gone"), "", byHousehold[id]))
	}
	if len(gone.Lines) > 0 {
		out = append(out, gone)
	}

	// The claimants the packs ran out before, in the round's order (tier,
	// then place), so whoever asks at the door can be told why.
	ran := sheetSection{Title: a.T("sheet.missed.sheet"), Missed: true}
	for _, l := range missed {
		addr, hid := a.T("alloc.gone"), l.HouseholdID
		if i, ok := people[l.Claimant]; ok && hid == "" {
			if hid = reg.People[i].HouseholdID; hid == "" {
				addr = a.T("sheet.staff")
			}
		}
		var bld *ledger.Address
		if f, ok := reg.Facts(hid); ok {
			addr, bld = f.Address.String(), &ledger.Address{Area: f.Address.Area, Building: f.Address.Building}
		}
		s := merge(addr, l.HouseholdID, []ledger.RoundLine{l})
		s.Tier, s.building = a.tierName(l.Tier), bld
		ran.Lines = append(ran.Lines, s)
	}
	if len(ran.Lines) > 0 {
		out = append(out, ran)
	}
	return out
}

// keepBuilding keeps the section of building b (3, 3号楼, 3幢, 一期3号楼, A座);
// with no area given, the building of that number in every area.
func (a *App) keepBuilding(sections []sheetSection, b, roundID string) ([]sheetSection, error) {
	want, perr := ledger.ParseBuilding(b)
	var keep []sheetSection
	var names []string
	has := func(bld *ledger.Address, title string) bool {
		return title == ledger.NormalizeText(b) || (perr == nil && want.Has(*bld))
	}
	for _, s := range sections {
		if s.Missed && len(keep) > 0 { // the building's claimants the packs ran out before
			m := sheetSection{Title: s.Title, Missed: true}
			for _, l := range s.Lines {
				if l.building != nil && has(l.building, l.building.String()) {
					m.Lines = append(m.Lines, l)
				}
			}
			if len(m.Lines) > 0 {
				keep = append(keep, m)
			}
		}
		if s.Building == nil {
			continue
		}
		names = append(names, s.Title)
		if has(s.Building, s.Title) {
			keep = append(keep, s)
		}
	}
	if len(keep) == 0 {
		return nil, &ledger.FieldError{Field: "--building", Value: b, Err: ledger.ErrNotFound,
			Accepted: a.T("cli.accept.sheet_building", shortID(roundID), strings.Join(names, ", "))}
	}
	return keep, nil
}

// buildingFilter reads --building (3, 3号楼, 三幢, A座, 一期3号楼) into a
// test on addresses (ledger.ParseBuilding); "" keeps every address.
func (a *App) buildingFilter(b string) (func(ledger.Address) bool, error) {
	if strings.TrimSpace(b) == "" {
		return func(ledger.Address) bool { return true }, nil
	}
	want, err := ledger.ParseBuilding(b)
	if err != nil {
		return nil, &ledger.FieldError{Field: "--building", Value: b, Accepted: a.T("cli.accept.building"), Err: ledger.ErrInvalid}
	}
	return want.Has, nil
}

// sheetHead names the round: compound, round, date and item.
func (a *App) sheetHead(compound string, r ledger.Round) string {
	parts := []string{a.T("sheet.round", shortID(r.ID)), r.On, a.itemName(r.Item)}
	if compound != "" {
		parts = append([]string{compound}, parts...)
	}
	return strings.Join(parts, " · ")
}

func (a *App) packsWord(n int) string {
	if n == 1 {
		return a.T("sheet.pack", n)
	}
	return a.T("sheet.packs", n)
}

// printSheetText writes the checklist as plain text: the head, each
// section's title and stops, and the total.
func (a *App) printSheetText(head string, sections []sheetSection) error {
	var b strings.Builder
	b.WriteString(head + "\n")
	var packs, stops, delivered int
	for _, s := range sections {
		if s.Missed {
			continue
		}
		p, d := s.packs()
		packs, stops, delivered = packs+p, stops+len(s.Lines), delivered+d
		b.WriteString("\n" + a.T("sheet.section", s.Title, len(s.Lines), a.packsWord(p)))
		if s.Leader != "" {
			b.WriteString(" · " + ledger.Printable(a.T("sheet.leader", s.Leader)))
		}
		b.WriteString("\n")
		for _, l := range s.Lines {
			tick := tickOpen
			if l.Delivered {
				tick = tickDone
			}
			b.WriteString(tick + " " + sheetFields(l.Address, a.packsWord(l.Packs), l.Recipient, contactWords(l)) + "\n")
		}
	}
	b.WriteString("\n" + a.T("sheet.total", a.packsWord(packs), stops, delivered) + "\n")
	for _, s := range sections {
		if !s.Missed {
			continue
		}
		b.WriteString("\n" + a.T("sheet.missed", len(s.Lines)) + "\n")
		for _, l := range s.Lines {
			b.WriteString("- " + sheetFields(l.Address, l.Recipient, l.Tier, contactWords(l)) + "\n")
		}
	}
	_, err := io.WriteString(a.Out, b.String())
	return err
}

// sheetFields joins a text line's fields, leaving out the empty ones.
func sheetFields(fs ...string) string {
	var out []string
	for _, f := range fs {
		if f != "" {
			out = append(out, ledger.Printable(f))
		}
	}
	return strings.Join(out, "  ")
}

// contactWords is a line's contact as the text shows it: the phone alone
// when the contact is one of the recipients, else name and phone.
func contactWords(l sheetLine) string {
	if slices.Contains(strings.Split(l.Recipient, "、"), l.Contact) {
		return l.Phone
	}
	return strings.TrimSpace(l.Contact + " " + l.Phone)
}

// sheetTables makes one XLSX sheet per section: address, packs, a column
// to tick, recipient, contact, phone; the sheet of claimants the packs ran
// out before has the tier instead of packs and tick.
func (a *App) sheetTables(sections []sheetSection) []sheet.Table {
	cols := []sheet.TableColumn{{Header: a.T("x.address"), Text: true}, {Header: a.T("x.packs")},
		{Header: a.T("sheet.done"), Width: 8}, {Header: a.T("x.recipient"), Text: true},
		{Header: a.T("x.contact"), Text: true}, {Header: a.T("x.phone"), Text: true}}
	missedCols := []sheet.TableColumn{{Header: a.T("x.address"), Text: true}, {Header: a.T("x.recipient"), Text: true},
		{Header: a.T("x.tier")}, {Header: a.T("x.contact"), Text: true}, {Header: a.T("x.phone"), Text: true}}
	seen := map[string]bool{}
	tables := make([]sheet.Table, 0, len(sections))
	for _, s := range sections {
		if s.Missed {
			t := sheet.Table{Name: sheetName(s.Title, seen), Columns: missedCols}
			for _, l := range s.Lines {
				t.Rows = append(t.Rows, []string{l.Address, l.Recipient, l.Tier, l.Contact, l.Phone})
			}
			tables = append(tables, t)
			continue
		}
		t := sheet.Table{Name: sheetName(s.Title, seen), Columns: cols}
		for _, l := range s.Lines {
			done := ""
			if l.Delivered {
				done = tickDone
			}
			t.Rows = append(t.Rows, []string{l.Address, strconv.Itoa(l.Packs), done, l.Recipient, l.Contact, l.Phone})
		}
		tables = append(tables, t)
	}
	return tables
}

// sheetName makes a section title a valid, unique sheet name (see
// sheet.Table): []:*?/\ become _, apostrophes at the ends go, at most 31
// UTF-16 units, and a number is added to a name already taken.
func sheetName(title string, seen map[string]bool) string {
	clean := func(s string, limit int) string {
		s = strings.Map(func(r rune) rune {
			if strings.ContainsRune(`[]:*?/\`, r) {
				return '_'
			}
			return r
		}, s)
		var b strings.Builder
		n := 0
		for _, r := range s {
			if n += utf16.RuneLen(r); n > limit {
				break
			}
			b.WriteRune(r)
		}
		s = strings.Trim(b.String(), "'")
		if s == "" || strings.EqualFold(s, "history") {
			s = "_" + s
		}
		return s
	}
	name := clean(title, 31)
	for i := 2; seen[strings.ToLower(name)]; i++ {
		suffix := " (" + strconv.Itoa(i) + ")"
		name = clean(title, 31-len(suffix)) + suffix
	}
	seen[strings.ToLower(name)] = true
	return name
}

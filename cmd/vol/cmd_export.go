package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"vol/ledger"
	"vol/ledger/sheet"
)

type exportOptions struct {
	Out, Format, Table string
	Full               bool
}

func newExportCmd(a *App) *cobra.Command {
	opts := exportOptions{}
	c := &cobra.Command{
		Use:   "export [-o FILE] [--format xlsx|csv] [--full]",
		Short: "Write the register as a spreadsheet for Excel or WPS (phones masked unless --full)",
		Long: `Write the register for people who live in Excel or WPS: an XLSX workbook
with a sheet per table (households, people, elders, volunteers, rounds and
their lines, the rota with the shifts served, hours served), or with
--format csv a folder of UTF-8 CSV files (-o names the folder; with --table,
a single file).

Private by default: phones masked (138****1234), birth dates cut to the year,
emergency contacts and notes left out; --full includes them (vol says so).
Files are created 0600 and written under a temporary name first, so a crash
never leaves half a file. No cell can start a formula. The people sheet reads
back with vol import (--full keeps every value).`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.Format != "xlsx" && opts.Format != "csv" {
				return usageErr(errors.New(a.T("cli.export.format", opts.Format)))
			}
			// -o x.csv means CSV, -o x.xlsx XLSX, unless --format says otherwise.
			ext := strings.ToLower(filepath.Ext(opts.Out))
			switch {
			case !cmd.Flags().Changed("format") && (ext == ".csv" || ext == ".xlsx"):
				opts.Format = ext[1:]
			case cmd.Flags().Changed("format") && (ext == ".csv" || ext == ".xlsx") && ext[1:] != opts.Format:
				return usageErr(&ledger.FieldError{Field: "-o", Value: opts.Out, Err: ledger.ErrInvalid,
					Accepted: a.T("export.ext", opts.Format)})
			}
			if opts.Format == "csv" && opts.Table == "" && ext == ".csv" {
				return usageErr(&ledger.FieldError{Field: "-o", Value: opts.Out, Err: ledger.ErrInvalid,
					Accepted: a.T("export.csvdir")})
			}
			return exportRun(cmd.Context(), a, opts)
		},
	}
	c.Flags().StringVarP(&opts.Out, "output", "o", "", "file (xlsx) or folder (csv) to write (default vol-export-DATE.xlsx or vol-export-DATE/; with --table, TABLE-DATE.xlsx or .csv); a name ending in .csv or .xlsx sets the format")
	c.Flags().StringVar(&opts.Format, "format", "xlsx", "xlsx or csv")
	c.Flags().StringVar(&opts.Table, "table", "", "only this table: households, people, elders, volunteers, rounds, round_lines, rota, hours, buy_items, buy_bills")
	c.Flags().BoolVar(&opts.Full, "full", false, "include phones, birth months, emergency contacts and notes in full")
	return c
}

func exportRun(ctx context.Context, a *App, opts exportOptions) error {
	db, on, err := a.openOn(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	tables, err := a.exportTables(ctx, db, on.Format("2006-01-02"), opts.Full)
	if err != nil {
		return err
	}
	if opts.Table != "" {
		var keep []sheet.Table
		var names []string
		for _, t := range tables {
			names = append(names, t.Name)
			if t.Name == opts.Table {
				keep = append(keep, t)
			}
		}
		if len(keep) == 0 {
			return &ledger.FieldError{Field: "--table", Value: opts.Table, Accepted: strings.Join(names, ", "), Err: ledger.ErrNotFound}
		}
		tables = keep
	}
	if opts.Full {
		a.info("%s", a.T("msg.full"))
	}
	reg, err := db.Settings(ctx)
	if err != nil {
		return err
	}
	stamp := on.Format("2006-01-02")
	prog := a.startProgress("progress.export")
	defer prog.end() // what export says meanwhile goes above the line (App.info)
	// The default name: vol-export-DATE for the whole register, the
	// table's name and the date for one table, so a table never lands on
	// the full export.
	base := "vol-export-" + stamp
	if opts.Table != "" {
		base = opts.Table + "-" + stamp
	}
	switch {
	case opts.Format == "xlsx":
		out := opts.Out
		if out == "" {
			out = base + ".xlsx"
		}
		tmp, done, err := db.TempDir()
		if err != nil {
			return err
		}
		defer done()
		if err := db.CheckOutput(ctx, "-o", out); err != nil {
			return err
		}
		title := strings.TrimSpace(reg.Compound + " · " + stamp)
		sheets := make([]sheet.Table, len(tables))
		for i, t := range tables { // a workbook's sheets are named in the user's words; --table and CSV files keep the IDs
			sheets[i] = t
			sheets[i].Name = a.tableName(t.Name)
		}
		if err := sheet.WriteFileAtomic(out, func(w io.Writer) error { return sheet.WriteXLSX(w, title, sheets, tmp, a.Now()) }); err != nil {
			return err
		}
		a.info("%s", a.T("export.wrote", out))
	case opts.Table != "":
		out := opts.Out
		if out == "" {
			out = base + ".csv"
		}
		if err := db.CheckOutput(ctx, "-o", out); err != nil {
			return err
		}
		if err := sheet.WriteFileAtomic(out, func(w io.Writer) error { return sheet.WriteCSV(w, tables[0]) }); err != nil {
			return err
		}
		a.info("%s", a.T("export.wrote", out))
	default:
		dir := opts.Out
		if dir == "" {
			dir = "vol-export-" + stamp
		}
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return err
		}
		for _, t := range tables {
			p := filepath.Join(dir, t.Name+".csv")
			if err := db.CheckOutput(ctx, "-o", p); err != nil {
				return err
			}
		}
		for _, t := range tables {
			p := filepath.Join(dir, t.Name+".csv")
			if err := sheet.WriteFileAtomic(p, func(w io.Writer) error { return sheet.WriteCSV(w, t) }); err != nil {
				return err
			}
		}
		a.info("%s", a.T("export.wrote", dir))
	}
	return nil
}

// exportTables lays the register out as sheets. The people sheet has the
// columns vol import reads, and one address-only row for each household
// with nobody listed, so an export imports back to the same register.
//
// The tables are streamed: each reads its rows from the ledger in order when
// it is written (sheet.Table.Each), so an export never holds the register,
// and --table reads only its own table. Pairings, rounds and medicine look
// people up in the part of the register they name (ledger.RegisterOf).
func (a *App) exportTables(ctx context.Context, db *ledger.DB, on string, full bool) ([]sheet.Table, error) {
	onT, err := a.date()
	if err != nil {
		return nil, err
	}
	dated := &ledger.Register{On: onT} // personView reads only the date
	col := func(key string, text bool) sheet.TableColumn { return sheet.TableColumn{Header: a.T(key), Text: text} }
	// A file travels beyond the team: a phone its owner shared is masked
	// in it too, unless --full.
	view := func(p ledger.Person) personJSON {
		v := a.personView(p, dated, full)
		if !full {
			v.Phone = ledger.MaskPhone(p.Phone)
		}
		return v
	}
	households := sheet.Table{Name: "households", Columns: []sheet.TableColumn{col("x.address", true), col("x.present", false),
		col("x.size", false), col("x.listed", false), col("x.elder_only", false)}}
	households.Each = func(yield func([]string) error) error {
		for f, err := range db.HouseholdsOn(ctx, onT, ledger.HouseholdQuery{}) {
			if err != nil {
				return err
			}
			if err := yield([]string{f.Address.String(), a.yesno(f.Present), strconv.Itoa(f.PresentSize),
				strconv.Itoa(f.Listed), a.yesno(f.ElderOnly)}); err != nil {
				return err
			}
		}
		return nil
	}
	peopleCols := []sheet.TableColumn{col("x.address", true), col("x.name", true), col("x.sex", false), col("x.birth", true),
		col("x.phone", true), col("x.present", false), col("x.role", false), col("x.volunteer", false), col("x.skills", false), col("x.share_phone", false)}
	if full { // needs are health data: like notes, only in a full export
		peopleCols = append(peopleCols, col("x.needs", false), col("x.emergency", true), col("x.notes", true))
	}
	people := sheet.Table{Name: "people", Columns: peopleCols}
	// people in address order, with empty households in their place
	people.Each = func(yield func([]string) error) error {
		for p, err := range db.PeopleByAddress(ctx, ledger.PeopleQuery{Private: full}) {
			if err != nil {
				return err
			}
			var row []string
			if p.ID == "" { // a household nobody is listed in
				row = make([]string, len(peopleCols))
				row[0] = p.Address.String()
			} else {
				v := view(p)
				row = []string{v.Address, v.Name, a.sexWord(v.Sex), v.Birth, v.Phone, a.yesno(v.Present), a.T("role." + v.Role),
					a.yesno(v.Volunteer), strings.Join(v.Skills, "、"), a.yesno(v.SharePhone)}
				if full {
					row = append(row, strings.Join(v.Needs, "、"), v.Emergency, v.Notes)
				}
			}
			if err := yield(row); err != nil {
				return err
			}
		}
		return nil
	}
	elders := sheet.Table{Name: "elders", Columns: []sheet.TableColumn{col("x.address", true), col("x.name", true), col("x.age", false),
		col("x.kind", false), col("x.phone", true), col("x.paired_with", true), col("x.paired_address", true), col("x.paired_since", true)}}
	if full {
		elders.Columns = append(elders.Columns, col("x.needs", false))
	}
	elders.Each = func(yield func([]string) error) error {
		// present size of each elder-only household
		elderOnly := map[string]int{}
		for f, err := range db.HouseholdsOn(ctx, onT, ledger.HouseholdQuery{Present: true}) {
			if err != nil {
				return err
			}
			if f.ElderOnly {
				elderOnly[f.ID] = f.PresentSize
			}
		}
		ps, err := db.Pairings(ctx, true)
		if err != nil {
			return err
		}
		var hids, pids []string
		for _, p := range ps {
			hids, pids = append(hids, p.ElderHousehold), append(pids, p.Volunteer)
		}
		part, err := db.RegisterOf(ctx, onT, hids, pids)
		if err != nil {
			return err
		}
		st, err := loadPairState(ctx, db.View, part)
		if err != nil {
			return err
		}
		for p, err := range db.PeopleByAddress(ctx, ledger.PeopleQuery{Private: full, Elders: true, On: onT}) {
			if err != nil {
				return err
			}
			size, ok := elderOnly[p.HouseholdID]
			if p.ID == "" || !ok || !p.Present || !part.IsElder(p) {
				continue
			}
			v := view(p)
			kind := "kind.alone"
			if size > 1 {
				kind = "kind.couple"
			}
			row := []string{v.Address, v.Name, strconv.Itoa(*v.Age), a.T(kind), v.Phone, "", "", ""}
			if pr, ok := st.valid[p.HouseholdID]; ok {
				if vol, ok := st.people[pr.Volunteer]; ok {
					row[5], row[6], row[7] = maskUnless(vol.Name, full), vol.Address.String(), pr.Since
				}
			}
			if full {
				row = append(row, strings.Join(v.Needs, "、"))
			}
			if err := yield(row); err != nil {
				return err
			}
		}
		return nil
	}
	volunteers := sheet.Table{Name: "volunteers", Columns: []sheet.TableColumn{col("x.address", true), col("x.name", true),
		col("x.skills", false), col("x.phone", true)}}
	volunteers.Each = func(yield func([]string) error) error {
		for p, err := range db.PeopleByAddress(ctx, ledger.PeopleQuery{Volunteers: true}) {
			if err != nil {
				return err
			}
			if p.ID == "" || !p.Volunteer || !p.Present {
				continue
			}
			v := view(p)
			if err := yield([]string{v.Address, v.Name, strings.Join(v.Skills, "、"), v.Phone}); err != nil {
				return err
			}
		}
		return nil
	}
	rounds := sheet.Table{Name: "rounds", Columns: []sheet.TableColumn{col("x.round", true), col("x.date", true), col("x.item", false),
		col("x.rules", false), col("x.packs", false), col("x.given", false), col("x.reserve", false), col("x.delivered", false), col("x.status", false)}}
	rounds.Each = func(yield func([]string) error) error {
		rs, err := db.Rounds(ctx)
		if err != nil {
			return err
		}
		for _, r := range rs {
			if err := yield([]string{r.ID, r.On, a.itemName(r.Item), a.rulesName(r.Rules), strconv.Itoa(r.Packs), strconv.Itoa(r.Given),
				strconv.Itoa(r.Reserve), fmt.Sprintf("%d/%d", r.Delivered, r.Recipients), a.roundStatus(roundJSON{Voided: r.Voided, VoidWhy: r.VoidWhy})}); err != nil {
				return err
			}
		}
		return nil
	}
	lines := sheet.Table{Name: "round_lines", Columns: []sheet.TableColumn{col("x.round", true), col("x.tier", false), col("x.recipient", true),
		col("x.address", true), col("x.packs", false), col("x.status", false), col("x.reason", false)}}
	lines.Each = func(yield func([]string) error) error {
		rs, err := db.Rounds(ctx)
		if err != nil {
			return err
		}
		for _, r := range rs {
			rd, err := db.Round(ctx, r.ID)
			if err != nil {
				return err
			}
			var given []ledger.RoundLine
			var hids, pids []string
			for _, l := range rd.Lines {
				if l.Packs > 0 {
					given = append(given, l)
					hids, pids = append(hids, l.HouseholdID), append(pids, l.Claimant)
				}
			}
			part, err := db.RegisterOf(ctx, onT, hids, pids)
			if err != nil {
				return err
			}
			for i, l := range a.lineViews(part, given, full) {
				st := a.T("round.pending")
				if given[i].Delivered {
					st = a.T("round.delivered")
				}
				if err := yield([]string{r.ID, a.tierName(l.Tier), l.Recipient, l.Address, strconv.Itoa(l.Packs), st, l.Reason}); err != nil {
					return err
				}
			}
		}
		return nil
	}
	tables := append([]sheet.Table{households, people, elders, volunteers, rounds, lines}, a.rotaTables(ctx, db, onT, full, col)...)
	tables = append(tables, a.buyTables(ctx, db, col)...)
	if full { // drug names and cards are health data: only in a full export
		tables = append(tables, a.medTables(ctx, db, onT, col)...)
	}
	return tables, nil
}

// medTables are the medicine requests and the cards out of their homes,
// each read when it is written.
func (a *App) medTables(ctx context.Context, db *ledger.DB, on time.Time, col func(string, bool) sheet.TableColumn) []sheet.Table {
	t := sheet.Table{Name: "med_requests", Columns: []sheet.TableColumn{col("x.address", true), col("x.drug", true), col("x.qty", false),
		col("x.urgent", false), col("x.status", false), col("x.missed", false), col("x.tried", false), col("x.requested", true)}}
	t.Each = func(yield func([]string) error) error {
		reqs, err := db.MedRequests(ctx)
		if err != nil {
			return err
		}
		var hids []string
		for _, r := range reqs {
			hids = append(hids, r.HouseholdID)
		}
		part, err := db.RegisterOf(ctx, on, hids, nil)
		if err != nil {
			return err
		}
		for _, r := range reqs {
			it := a.medItem(part, r)
			if err := yield([]string{it.Address, it.Drug, strconv.Itoa(it.Qty), a.yesno(it.Urgent), a.T("med.status." + it.Status),
				strconv.Itoa(it.MissedRuns), strings.Join(it.HospitalsTried, "、"), a.showTime(it.RequestedAt)}); err != nil {
				return err
			}
		}
		return nil
	}
	c := sheet.Table{Name: "med_cards", Columns: []sheet.TableColumn{col("x.name", true), col("x.address", true), col("x.holder", true), col("x.since", true)}}
	c.Each = func(yield func([]string) error) error {
		s, err := db.Settings(ctx)
		if err != nil {
			return err
		}
		out, err := a.cardsOut(ctx, db.View, s)
		if err != nil {
			return err
		}
		for _, k := range out {
			if err := yield([]string{k.Person, k.Address, k.Holder, a.showTime(k.Since)}); err != nil {
				return err
			}
		}
		return nil
	}
	return []sheet.Table{t, c}
}

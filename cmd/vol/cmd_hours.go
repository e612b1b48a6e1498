package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"vol/ledger"
	"vol/ledger/sheet"
)

// Hours served (issue 17, item 5): shifts of the recorded rota marked as
// served, each volunteer's hours from them, and the export's rota and
// hours sheets.

func newShiftCmd(a *App) *cobra.Command {
	return groupCmd("shift", "Mark shifts of the recorded rota as served (the hours volunteers are certified for)",
		newShiftDoneCmd(a), newShiftUndoneCmd(a))
}

type shiftDoneOptions struct {
	Ref, Date, Shift string
	All              bool
}

// shiftFlags adds the flags shift done and shift undone share.
func shiftFlags(c *cobra.Command, opts *shiftDoneOptions, all string) {
	c.Flags().StringVar(&opts.Date, "date", "", "the day of the shift, YYYY-MM-DD (a night shift's is the day it begins; required)")
	c.Flags().StringVar(&opts.Shift, "shift", "", "the shift's name, such as 早, 中 or 夜 (required)")
	c.Flags().BoolVar(&opts.All, "all", false, all)
	_ = c.MarkFlagRequired("date")
	_ = c.MarkFlagRequired("shift")
}

// shiftArgs checks the arguments of shift done and shift undone: a PERSON
// or --all, and a date.
func shiftArgs(a *App, opts *shiftDoneOptions, args []string) error {
	if opts.All == (len(args) == 1) {
		return usageErr(errors.New(a.T("shift.person_or_all")))
	}
	if len(args) == 1 {
		opts.Ref = args[0]
	}
	if _, err := time.Parse("2006-01-02", opts.Date); err != nil {
		return usageErr(&ledger.FieldError{Field: "--date", Value: opts.Date, Accepted: "YYYY-MM-DD", Err: ledger.ErrInvalid})
	}
	return nil
}

func newShiftDoneCmd(a *App) *cobra.Command {
	opts := shiftDoneOptions{}
	c := &cobra.Command{
		Use:   "done PERSON --date DATE --shift SHIFT | --all --date DATE --shift SHIFT",
		Short: "Record that a volunteer (or everyone on it, --all) served a shift of the rota",
		Long: `Record that a volunteer served a shift of a day, as the rota has them: only
someone on the recorded rota for that day and shift (vol rota plan --commit)
can be marked. When someone else stood, record the change on the rota first
(vol rota swap, vol rota absent), then mark. --all marks everyone on the rota
for that day and shift. The shift must have begun. A night shift belongs to
the day it begins. Marking twice changes nothing. The hours are the shift's
length under the shifts setting now (vol compound set --shifts), kept with
the mark: a later change of the setting does not rewrite hours served.
vol shift undone takes a mark back; vol hours sums them.`,
		Args: rangeArgs(0, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := shiftArgs(a, &opts, args); err != nil {
				return err
			}
			return shiftDoneRun(cmd.Context(), a, opts)
		},
	}
	shiftFlags(c, &opts, "everyone on the rota for that day and shift")
	return c
}

func shiftDoneRun(ctx context.Context, a *App, opts shiftDoneOptions) error {
	db, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	var p ledger.Person
	if !opts.All {
		if p, err = a.pickPerson(ctx, db.View, opts.Ref, a.T("pick.volunteer")); err != nil {
			return err
		}
	}
	_, err = a.changeIn(ctx, db, change{command: "shift done", apply: func(tx *ledger.Tx, r *report) error {
		marked, already, err := tx.MarkServed(opts.Date, opts.Shift, p.ID)
		if err != nil {
			return err
		}
		switch {
		case len(marked) > 0 && !opts.All:
			r.say("shift.done.one", whoIs(p), marked[0].On, marked[0].Shift, hoursText(marked[0].Minutes))
		case len(marked) > 0:
			r.say("shift.done.all", len(marked), marked[0].On, marked[0].Shift, hoursText(marked[0].Minutes))
		}
		if already > 0 {
			r.note("shift.done.already", already)
		}
		return nil
	}})
	return err
}

func newShiftUndoneCmd(a *App) *cobra.Command {
	opts := shiftDoneOptions{}
	c := &cobra.Command{
		Use:   "undone PERSON --date DATE --shift SHIFT | --all --date DATE --shift SHIFT",
		Short: "Take back a mark of vol shift done (--all: every mark of that shift)",
		Long: `Take back what vol shift done recorded for a volunteer on a shift of a day,
or with --all every mark of that day and shift. It is journalled like any
change; vol undo takes back the last change as well.`,
		Args: rangeArgs(0, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := shiftArgs(a, &opts, args); err != nil {
				return err
			}
			return shiftUndoneRun(cmd.Context(), a, opts)
		},
	}
	shiftFlags(c, &opts, "every mark of that day and shift")
	return c
}

func shiftUndoneRun(ctx context.Context, a *App, opts shiftDoneOptions) error {
	db, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	var p ledger.Person
	if !opts.All {
		if p, err = a.pickPerson(ctx, db.View, opts.Ref, a.T("pick.volunteer")); err != nil {
			return err
		}
	}
	_, err = a.changeIn(ctx, db, change{command: "shift undone", apply: func(tx *ledger.Tx, r *report) error {
		gone, err := tx.UnmarkServed(opts.Date, opts.Shift, p.ID)
		if err != nil {
			return err
		}
		r.say("shift.undone", len(gone), gone[0].On, gone[0].Shift)
		return nil
	}})
	return err
}

// hoursServed is a length of time served in minutes, shown in hours to one decimal.
type hoursServed int

// hoursText is m in hours with one decimal (rounded half up): 480 is 8.0,
// 450 is 7.5.
func hoursText(m int) string {
	tenths := (m*10 + 30) / 60
	return fmt.Sprintf("%d.%d", tenths/10, tenths%10)
}

// MarshalJSON writes the hours as a number with one decimal (8.0).
func (m hoursServed) MarshalJSON() ([]byte, error) { return []byte(hoursText(int(m))), nil }

type hoursOptions struct {
	From, To   string
	JSON, Full bool
}

func newHoursCmd(a *App) *cobra.Command {
	opts := hoursOptions{}
	c := &cobra.Command{
		Use:   "hours [--from DATE] [--to DATE] [--json] [--full]",
		Short: "Each volunteer's shifts and hours served (from vol shift done)",
		Long: `Sum each volunteer's served shifts (vol shift done) from --from to --to
(both days included; default: every day): the shifts and the hours, each
shift counted at the length it had when it was marked. Most hours first,
then by name. The table ends with the total. --json: a list of person_id,
name (masked unless --full), shifts and hours.`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			for _, f := range []struct{ flag, value string }{{"--from", opts.From}, {"--to", opts.To}} {
				if _, err := time.Parse("2006-01-02", f.value); f.value != "" && err != nil {
					return usageErr(&ledger.FieldError{Field: f.flag, Value: f.value, Accepted: "YYYY-MM-DD", Err: ledger.ErrInvalid})
				}
			}
			if opts.From != "" && opts.To != "" && opts.From > opts.To {
				return usageErr(&ledger.FieldError{Field: "--to", Value: opts.To, Accepted: a.T("hours.to", opts.From), Err: ledger.ErrInvalid})
			}
			return hoursRun(cmd.Context(), a, opts)
		},
	}
	c.Flags().StringVar(&opts.From, "from", "", "the first day, YYYY-MM-DD (default: the first marked)")
	c.Flags().StringVar(&opts.To, "to", "", "the last day, YYYY-MM-DD (default: the last marked)")
	c.Flags().BoolVar(&opts.JSON, "json", false, "print JSON")
	c.Flags().BoolVar(&opts.Full, "full", false, "show names unmasked")
	return c
}

// hoursJSON is one volunteer's hours served.
type hoursJSON struct {
	PersonID string      `json:"person_id"`
	Name     string      `json:"name"` // masked unless --full
	Shifts   int         `json:"shifts"`
	Hours    hoursServed `json:"hours"`
}

func hoursRun(ctx context.Context, a *App, opts hoursOptions) error {
	db, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	totals, err := a.servedTotals(ctx, db, opts.From, opts.To)
	if err != nil {
		return err
	}
	if opts.JSON {
		out := make([]hoursJSON, len(totals))
		for i, t := range totals {
			out[i] = hoursJSON{PersonID: t.id, Name: maskUnless(t.person.Name, opts.Full), Shifts: t.shifts, Hours: hoursServed(t.minutes)}
		}
		return printJSON(a.Out, out)
	}
	rows := make([][]string, 0, len(totals)+1)
	shifts, mins := 0, 0
	for _, t := range totals {
		rows = append(rows, []string{shortID(t.id), maskUnless(t.person.Name, opts.Full), t.person.Address.String(),
			strconv.Itoa(t.shifts), hoursText(t.minutes)})
		shifts, mins = shifts+t.shifts, mins+t.minutes
	}
	rows = append(rows, []string{"", a.T("hours.total"), "", strconv.Itoa(shifts), hoursText(mins)})
	return printTable(a.Out, []string{a.T("h.id"), a.T("h.volunteer_name"), a.T("h.address"), a.T("h.shifts_served"), a.T("h.hours_served")}, rows)
}

// servedTotal is one person's shifts served and their length.
type servedTotal struct {
	id              string
	person          ledger.Person // zero when no longer in the register
	shifts, minutes int
}

// servedTotals sums the shifts served from the day from to the day to
// ("" leaves an end open) by person: most minutes first, then by name and
// ID. A shift marked twice (two copies that merged a person) counts once.
func (a *App) servedTotals(ctx context.Context, db *ledger.DB, from, to string) ([]servedTotal, error) {
	marks, err := db.ServedShifts(ctx, from, to)
	if err != nil {
		return nil, err
	}
	byID := map[string]*servedTotal{}
	seen := map[[4]string]bool{}
	var ids []string
	for _, m := range marks {
		key := [4]string{m.On, m.Shift, m.PostID, m.PersonID}
		if seen[key] {
			continue
		}
		seen[key] = true
		t, ok := byID[m.PersonID]
		if !ok {
			t = &servedTotal{id: m.PersonID}
			byID[m.PersonID] = t
			ids = append(ids, m.PersonID)
		}
		t.shifts++
		t.minutes += m.Minutes
	}
	on, err := a.date()
	if err != nil {
		return nil, err
	}
	part, err := db.RegisterOf(ctx, on, nil, ids)
	if err != nil {
		return nil, err
	}
	for _, p := range part.People {
		if t, ok := byID[p.ID]; ok {
			t.person = p
		}
	}
	out := make([]servedTotal, 0, len(ids))
	for _, id := range ids {
		out = append(out, *byID[id])
	}
	slices.SortFunc(out, func(x, y servedTotal) int {
		return cmp.Or(cmp.Compare(y.minutes, x.minutes), cmp.Compare(x.person.Name, y.person.Name), cmp.Compare(x.id, y.id))
	})
	return out, nil
}

// rotaTables are the export's rota (every recorded seat, served or not)
// and hours served (servedTotals over every day), each read when it is
// written.
func (a *App) rotaTables(ctx context.Context, db *ledger.DB, on time.Time, full bool, col func(string, bool) sheet.TableColumn) []sheet.Table {
	rota := sheet.Table{Name: "rota", Columns: []sheet.TableColumn{col("x.date", true), col("x.shift", false), col("x.time", true),
		col("x.post", false), col("x.volunteer", true), col("x.served", false)}}
	rota.Each = func(yield func([]string) error) error {
		set, err := db.Settings(ctx)
		if err != nil {
			return err
		}
		seats, err := db.RotaSeats(ctx)
		if err != nil {
			return err
		}
		marks, err := db.ServedShifts(ctx, "", "")
		if err != nil {
			return err
		}
		served := map[[4]string]bool{}
		for _, m := range marks {
			served[[4]string{m.On, m.Shift, m.PostID, m.PersonID}] = true
		}
		posts, err := db.Posts(ctx)
		if err != nil {
			return err
		}
		postName := map[string]string{}
		for _, p := range posts {
			postName[p.ID] = p.Name
		}
		var ids []string
		for _, s := range seats {
			ids = append(ids, s.PersonID)
		}
		part, err := db.RegisterOf(ctx, on, nil, ids)
		if err != nil {
			return err
		}
		name := map[string]string{}
		for _, p := range part.People {
			name[p.ID] = p.Name
		}
		// By day, then the day's order of shifts (a name no longer in the
		// setting last), post, volunteer.
		order := func(shift string) int {
			if i := slices.Index(ledger.ShiftNames(set.Shifts), shift); i >= 0 {
				return i
			}
			return len(set.Shifts)
		}
		slices.SortFunc(seats, func(x, y ledger.RotaSeat) int {
			return cmp.Or(cmp.Compare(x.On, y.On), cmp.Compare(order(x.Shift), order(y.Shift)), cmp.Compare(x.Shift, y.Shift),
				cmp.Compare(postName[x.PostID], postName[y.PostID]), cmp.Compare(x.PostID, y.PostID),
				cmp.Compare(name[x.PersonID], name[y.PersonID]), cmp.Compare(x.PersonID, y.PersonID))
		})
		for _, s := range seats {
			span := ""
			if sh, ok := ledger.FindShift(set.Shifts, s.Shift); ok {
				span = fmt.Sprintf("%02d:%02d-%02d:%02d", sh.Start/60, sh.Start%60, sh.End/60, sh.End%60)
			}
			post, ok := postName[s.PostID]
			if !ok {
				post = a.T("rota.post_gone")
			}
			who, ok := name[s.PersonID]
			if ok {
				who = maskUnless(who, full)
			} else {
				who = a.T("rota.person_gone")
			}
			if err := yield([]string{s.On, s.Shift, span, post, who,
				a.yesno(served[[4]string{s.On, s.Shift, s.PostID, s.PersonID}])}); err != nil {
				return err
			}
		}
		return nil
	}
	hours := sheet.Table{Name: "hours", Columns: []sheet.TableColumn{col("x.volunteer", true), col("x.address", true),
		col("x.shifts_served", false), col("x.hours_served", false)}}
	hours.Each = func(yield func([]string) error) error {
		totals, err := a.servedTotals(ctx, db, "", "")
		if err != nil {
			return err
		}
		for _, t := range totals {
			if err := yield([]string{maskUnless(t.person.Name, full), t.person.Address.String(), strconv.Itoa(t.shifts),
				hoursText(t.minutes)}); err != nil {
				return err
			}
		}
		return nil
	}
	return []sheet.Table{rota, hours}
}

package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"vol/allocate"
	"vol/cmd/internal/duty"
	"vol/ledger"
)

// rotaRange is the days a rota command reads: --date D alone, or --days N
// from --from (today by default).
type rotaRange struct {
	Date, From string
	Days       int
}

func (o *rotaRange) flags(c *cobra.Command, days int) {
	c.Flags().StringVar(&o.Date, "date", "", "one day, YYYY-MM-DD")
	if days > 0 {
		c.Flags().StringVar(&o.From, "from", "", "the first day, YYYY-MM-DD (default today)")
		c.Flags().IntVar(&o.Days, "days", days, "how many days")
	}
}

// days returns the first day and the number of days.
func (o rotaRange) days(a *App) (time.Time, int, error) {
	day := func(field, s string) (time.Time, error) {
		if s == "" {
			return a.date()
		}
		t, err := time.Parse("2006-01-02", s)
		if err != nil {
			return t, usageErr(&ledger.FieldError{Field: field, Value: s, Accepted: "YYYY-MM-DD", Err: ledger.ErrInvalid})
		}
		return t, nil
	}
	if o.Date != "" {
		t, err := day("--date", o.Date)
		return t, 1, err
	}
	if o.Days < 1 || o.Days > duty.MaxDays {
		return time.Time{}, 0, usageErr(&ledger.FieldError{Field: "--days", Value: fmt.Sprint(o.Days), Accepted: a.T("rota.days"), Err: ledger.ErrInvalid})
	}
	t, err := day("--from", o.From)
	return t, o.Days, err
}

// recordedRota reads the rota recorded for n days from first: the problem
// (posts, volunteers, rules, with rest hours between shifts) and the
// recorded places as a plan.
func recordedRota(ctx context.Context, v ledger.View, on, first time.Time, n, rest int) (*duty.Problem, allocate.RotaPlan, error) {
	pr, err := duty.Build(ctx, v, on, duty.Options{From: first, Days: n, RestHours: rest})
	if err != nil {
		return nil, allocate.RotaPlan{}, err
	}
	return pr, allocate.RotaPlan{Assignments: pr.Input.Existing}, nil
}

// recordedLines are the recorded places of pr's days, then each place the
// rota leaves empty with the reason no one more could take it.
func recordedLines(pr *duty.Problem, plan allocate.RotaPlan) []rotaLine {
	var lines []rotaLine
	for _, r := range pr.InRange() {
		lines = append(lines, rotaLine{seat: pr.RecordedSeat(r), person: r.PersonID})
	}
	for _, u := range allocate.RotaGaps(pr.Input, plan.Assignments) {
		for range u.Missing {
			lines = append(lines, rotaLine{seat: pr.Seats[u.Seat], reason: u.Reason})
		}
	}
	return lines
}

type rotaShowOptions struct {
	rotaRange
	Person, Building string
	JSON, Full       bool
}

func newRotaShowCmd(a *App) *cobra.Command {
	opts := rotaShowOptions{}
	c := &cobra.Command{
		Use:   "show [--date DATE | --from DATE --days N] [--person PERSON] [--building BUILDING] [--json]",
		Short: "Show the recorded rota: who stands where, and the places still empty",
		Long: `Show the rota recorded by vol rota plan --commit (and changed by vol rota
absent and swap): every place of every post on every shift, with who stands
there; a place still empty says why no one could take it (counting 8 hours of
rest). --date shows one day; otherwise --days days from --from (today).
--person keeps one volunteer's places; --building keeps the building's posts
and the places of the volunteers who live there.`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error { return rotaShowRun(cmd.Context(), a, opts) },
	}
	opts.flags(c, 7)
	c.Flags().StringVar(&opts.Person, "person", "", "one volunteer's places")
	c.Flags().StringVar(&opts.Building, "building", "", "the building's posts and volunteers")
	c.Flags().BoolVar(&opts.JSON, "json", false, "print JSON")
	c.Flags().BoolVar(&opts.Full, "full", false, "show names unmasked")
	return c
}

func rotaShowRun(ctx context.Context, a *App, opts rotaShowOptions) error {
	first, n, err := opts.days(a)
	if err != nil {
		return err
	}
	on, err := a.date()
	if err != nil {
		return err
	}
	var building *ledger.Building
	if opts.Building != "" {
		b, err := ledger.ParseBuilding(opts.Building)
		if err != nil {
			return err
		}
		building = &b
	}
	db, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	person := ""
	if opts.Person != "" {
		p, err := a.pickPerson(ctx, db.View, opts.Person, a.T("pick.volunteer"))
		if err != nil {
			return err
		}
		person = p.ID
	}
	pr, plan, err := recordedRota(ctx, db.View, on, first, n, 8)
	if err != nil {
		return err
	}
	keep := func(l rotaLine) bool {
		if person != "" && l.person != person {
			return false
		}
		if building == nil {
			return true
		}
		if b, err := ledger.ParseBuilding(l.seat.Building); err == nil && b == *building {
			return true
		}
		p, ok := pr.People[l.person]
		return ok && building.Has(p.Address)
	}
	var lines []rotaLine
	for _, l := range recordedLines(pr, plan) {
		if keep(l) {
			lines = append(lines, l)
		}
	}
	out := rotaJSON{Seats: rotaSeats(pr, lines, opts.Full)}
	if opts.JSON {
		return printJSON(a.Out, out)
	}
	if len(pr.InRange()) == 0 {
		a.info("%s", a.T("rota.none", pr.First, pr.Last))
	}
	return a.printRota(out)
}

// printRota prints a rota's places as a table.
func (a *App) printRota(out rotaJSON) error {
	rows := make([][]string, 0, len(out.Seats))
	for _, s := range out.Seats {
		who := s.Person
		if s.PersonID == nil {
			who = a.T("rota.empty", a.T("rota.reason."+s.Reason))
		}
		when := ""
		if s.Start != "" {
			when = a.showTime(s.Start)[11:] + "–" + a.showTime(s.End)[11:]
		}
		rows = append(rows, []string{s.Date, s.Shift, when, s.Post, who})
	}
	return printTable(a.Out, []string{a.T("h.date"), a.T("h.shift"), a.T("h.time"), a.T("h.post"), a.T("h.volunteer_name")}, rows)
}

type rotaTextOptions struct {
	Date string
	Full bool
}

func newRotaTextCmd(a *App) *cobra.Command {
	opts := rotaTextOptions{}
	c := &cobra.Command{
		Use:   "text --date DATE [--full]",
		Short: "The day's rota as text to paste into the WeChat group",
		Long: `The day's recorded rota as text to paste into the volunteers' WeChat group:
the compound and the day, then one line a post and shift with the names and
phones (masked: 张*, 138****5678; --full shows them) of who stands there,
and how many places are still empty.`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.Date == "" {
				return usageErr(&ledger.FieldError{Field: "--date", Value: "", Accepted: "YYYY-MM-DD", Err: ledger.ErrInvalid})
			}
			return rotaTextRun(cmd.Context(), a, opts)
		},
	}
	c.Flags().StringVar(&opts.Date, "date", "", "the day, YYYY-MM-DD")
	c.Flags().BoolVar(&opts.Full, "full", false, "show names and phones unmasked")
	return c
}

func rotaTextRun(ctx context.Context, a *App, opts rotaTextOptions) error {
	first, _, err := rotaRange{Date: opts.Date}.days(a)
	if err != nil {
		return err
	}
	db, on, err := a.openOn(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	set, err := db.Settings(ctx)
	if err != nil {
		return err
	}
	pr, plan, err := recordedRota(ctx, db.View, on, first, 1, 8)
	if err != nil {
		return err
	}
	lines := recordedLines(pr, plan)
	if len(pr.InRange()) == 0 {
		return &ledger.FieldError{Field: "--date", Value: opts.Date, Accepted: a.T("rota.recorded.day"), Err: ledger.ErrNotFound}
	}
	rotaSeats(pr, lines, false) // sorts lines
	return a.writeRotaText(a.Out, set.Compound, first, pr, lines, opts.Full)
}

// writeRotaText writes the day's text: a title, then a line for each post
// on each shift, in time order.
func (a *App) writeRotaText(w io.Writer, compound string, day time.Time, pr *duty.Problem, lines []rotaLine, full bool) error {
	title := a.T("rota.text.title", a.T("rota.text.day", int(day.Month()), day.Day(), a.T(fmt.Sprintf("wd.%d", int(day.Weekday())))))
	if compound != "" {
		title = compound + " " + title
	}
	var b strings.Builder
	b.WriteString(title + "\n")
	for i := 0; i < len(lines); {
		j := i
		var names []string
		empty := 0
		for ; j < len(lines) && lines[j].seat.ID == lines[i].seat.ID; j++ {
			if lines[j].person == "" {
				empty++
				continue
			}
			p := pr.People[lines[j].person]
			name := maskUnless(p.Name, full)
			if p.Phone != "" {
				phone := ledger.MaskPhone(p.Phone)
				if full {
					phone = p.Phone
				}
				name += a.T("rota.text.phone", phone)
			}
			names = append(names, name)
		}
		s := lines[i].seat
		when := ""
		if !s.Start.IsZero() {
			when = " " + s.Start.In(pr.Day0.Location()).Format("15:04") + "–" + s.End.In(pr.Day0.Location()).Format("15:04")
		}
		line := s.Shift + when + " " + s.Post + a.T("rota.text.colon") + strings.Join(names, a.T("rota.text.sep"))
		if empty > 0 {
			if len(names) > 0 {
				line += a.T("rota.text.sep")
			}
			line += a.T("rota.text.missing", empty)
		}
		b.WriteString(ledger.PrintableText(line) + "\n")
		i = j
	}
	_, err := io.WriteString(w, b.String())
	return err
}

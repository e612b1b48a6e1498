package main

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"vol/cmd/internal/poster"
	"vol/ledger"
)

type bulletinOptions struct {
	AsOf, PNG, HTML, Font string
	JSON                  bool
}

func newBulletinCmd(a *App) *cobra.Command {
	opts := bulletinOptions{}
	c := &cobra.Command{
		Use:   "bulletin [--as-of DATE] [--lang zh|en|zh,en] [--json] [--png FILE] [--html FILE] [--font FILE]",
		Short: "The daily bulletin (每日通报) to post to the residents' groups, from the ledger as it stood that day",
		Long: `The day's bulletin, made from the ledger as it stood at the end of the day
(--as-of, default today; the register is rebuilt from the journal): present
households and residents, elders living alone and how many have a volunteer,
packs delivered and rounds still open, medicine requests opened, filled and
not found, cards out, testing, group buys received, shifts filled and empty,
each with the change since the day before. Only counts: no names, no address
below the building. A section with no data that day is left out. --lang zh,en
prints both languages. The committee's note of the day (vol bulletin note) and
the contact line (vol compound set --contact) end it.`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error { return bulletinRun(cmd.Context(), a, opts) },
	}
	c.Flags().StringVar(&opts.AsOf, "as-of", "", "the day, YYYY-MM-DD (default today)")
	c.Flags().BoolVar(&opts.JSON, "json", false, "print JSON")
	c.Flags().StringVar(&opts.PNG, "png", "", "also draw it as a picture 1080 pixels wide, to FILE")
	c.Flags().StringVar(&opts.HTML, "html", "", "also write it as a page for printing, to FILE")
	c.Flags().StringVar(&opts.Font, "font", "", "a Chinese font FILE for --png (default: the system's)")
	c.AddCommand(newBulletinNoteCmd(a))
	return c
}

// bulletinJSON is the bulletin as scripts read it.
type bulletinJSON struct {
	Date     string             `json:"date"`
	Compound string             `json:"compound"`
	Figures  ledger.DayFigures  `json:"figures"`
	Changes  *ledger.DayFigures `json:"changes"` // null when the day before had no register
	Note     map[string]string  `json:"note"`
	Contact  string             `json:"contact"`
}

// asOfDay reads --as-of (today by default) as a day.
func (a *App) asOfDay(s string) (time.Time, error) {
	if s == "" {
		return a.date()
	}
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		return d, usageErr(&ledger.FieldError{Field: "--as-of", Value: s, Accepted: "YYYY-MM-DD", Err: ledger.ErrInvalid})
	}
	return d, nil
}

// dayFigures are a day's figures from the register as it stood at the end
// of that day in the compound's zone, and whether there was a register.
func (a *App) dayFigures(ctx context.Context, db *ledger.DB, day time.Time) (ledger.DayFigures, bool, error) {
	zone := a.zone()
	start := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, zone)
	end := start.AddDate(0, 0, 1)
	v, err := db.AsOf(ctx, end.Add(-time.Second))
	if err != nil {
		return ledger.DayFigures{}, false, err
	}
	defer v.Close()
	set, err := v.Settings(ctx)
	if err != nil {
		return ledger.DayFigures{}, false, err
	}
	f, err := v.DayFigures(ctx, start, end, day, set.ElderAge)
	return f, v.Entries > 0, err
}

func bulletinRun(ctx context.Context, a *App, opts bulletinOptions) error {
	day, err := a.asOfDay(opts.AsOf)
	if err != nil {
		return err
	}
	db, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	// The days vol status --as-of takes: from the ledger's first to today.
	p, err := a.asOf(ctx, db, day.Format("2006-01-02"))
	if err != nil {
		return err
	}
	_ = p.Close()
	b, err := a.bulletin(ctx, db, day)
	if err != nil {
		return err
	}
	if err := a.bulletinFiles(ctx, db, b, opts); err != nil {
		return err
	}
	if opts.JSON {
		return printJSON(a.Out, b)
	}
	langs := a.langs
	if len(langs) == 0 {
		langs = []string{a.lang()}
	}
	for i, l := range langs {
		if i > 0 {
			fmt.Fprintln(a.Out)
		}
		if _, err := fmt.Fprint(a.Out, a.inLang(l, func() string { return a.bulletinText(b) })); err != nil {
			return err
		}
	}
	return nil
}

// bulletin gathers the day's figures, the change since the day before,
// the notes and the contact line.
func (a *App) bulletin(ctx context.Context, db *ledger.DB, day time.Time) (bulletinJSON, error) {
	b := bulletinJSON{Date: day.Format("2006-01-02"), Note: map[string]string{}}
	f, _, err := a.dayFigures(ctx, db, day)
	if err != nil {
		return b, err
	}
	b.Figures = f
	if prev, had, err := a.dayFigures(ctx, db, day.AddDate(0, 0, -1)); err != nil {
		return b, err
	} else if had {
		d := f.Minus(prev)
		b.Changes = &d
	}
	set, err := db.Settings(ctx)
	if err != nil {
		return b, err
	}
	b.Compound, b.Contact = set.Compound, set.Contact
	for _, l := range []string{"zh", "en"} {
		n, err := db.BulletinNote(ctx, b.Date, l)
		if err != nil {
			return b, err
		}
		if n != "" {
			b.Note[l] = n
		}
	}
	return b, nil
}

// bulletinFiles writes --png and --html, checked before either is written:
// never the ledger, never one file for both, a font for the picture.
func (a *App) bulletinFiles(ctx context.Context, db *ledger.DB, b bulletinJSON, opts bulletinOptions) error {
	if opts.PNG == "" && opts.HTML == "" {
		return nil
	}
	for _, o := range []struct{ field, path string }{{"--png", opts.PNG}, {"--html", opts.HTML}} {
		if o.path != "" {
			if err := db.CheckOutput(ctx, o.field, o.path); err != nil {
				return err
			}
		}
	}
	if opts.PNG != "" && opts.HTML != "" && poster.SameFile(opts.PNG, opts.HTML) {
		return usageErr(&ledger.FieldError{Field: "--html", Value: opts.HTML, Accepted: a.T("bulletin.want.other"), Err: ledger.ErrInvalid})
	}
	p, err := a.bulletinPoster(ctx, db, b)
	if err != nil {
		return err
	}
	if opts.PNG != "" {
		f, err := poster.FindFont(opts.Font)
		if err != nil {
			return err
		}
		if err := poster.WritePNG("--png", opts.PNG, p, f); err != nil {
			return err
		}
		a.info("%s", a.T("bulletin.png", opts.PNG, f.Name(), f.Path()))
	}
	if opts.HTML != "" {
		if err := poster.WriteHTML("--html", opts.HTML, p); err != nil {
			return err
		}
		a.info("%s", a.T("bulletin.html", opts.HTML))
	}
	return nil
}

// inLang runs f with the messages in language l.
func (a *App) inLang(l string, f func() string) string {
	saved := a.Lang
	a.Lang = l
	defer func() { a.Lang = saved }()
	return f()
}

// delta is a figure's change since the day before: "（+3）", "（−1）", or
// "" when none or unknown.
func (a *App) delta(d *int) string {
	if d == nil || *d == 0 {
		return ""
	}
	if *d > 0 {
		return a.T("bulletin.change", fmt.Sprintf("+%d", *d))
	}
	return a.T("bulletin.change", fmt.Sprintf("−%d", -*d))
}

// bulletinText writes the bulletin in the current language.
func (a *App) bulletinText(b bulletinJSON) string {
	day, _ := time.Parse("2006-01-02", b.Date)
	f := b.Figures
	var c ledger.DayFigures
	known := b.Changes != nil
	if known {
		c = *b.Changes
	}
	ch := func(n int) *int {
		if !known {
			return nil
		}
		return &n
	}
	chp := func(p *int) *int {
		if !known {
			return nil
		}
		return p
	}
	var s strings.Builder
	title := a.T("bulletin.title", a.T("rota.text.day", int(day.Month()), day.Day(), a.T(fmt.Sprintf("wd.%d", int(day.Weekday())))))
	if b.Compound != "" {
		title = b.Compound + " " + title
	}
	s.WriteString(title + "\n")
	line := func(key string, args ...any) { s.WriteString(a.T(key, args...) + "\n") }
	line("bulletin.residents", f.PresentHouseholds, a.delta(ch(c.PresentHouseholds)), f.PresentResidents, a.delta(ch(c.PresentResidents)), f.RegisteredHouseholds)
	if f.ElderHouseholds > 0 {
		paired := f.ElderHouseholds - f.UnpairedElderHouseholds
		line("bulletin.elders", f.ElderHouseholds, a.delta(ch(c.ElderHouseholds)), f.Elders, paired, a.delta(ch(c.ElderHouseholds-c.UnpairedElderHouseholds)))
	}
	if f.PacksDelivered != nil {
		line("bulletin.packs", *f.PacksDelivered, a.delta(chp(c.PacksDelivered)), *f.RoundsOpen, a.delta(chp(c.RoundsOpen)))
	}
	if f.MedRequestsOpened != nil {
		line("bulletin.med", *f.MedRequestsOpened, *f.MedFilled, *f.MedNotFound, *f.MedCardsOut, a.delta(chp(c.MedCardsOut)))
	}
	if f.Tested != nil {
		line("bulletin.testing", *f.Tested, *f.TestPeople)
	}
	if f.BuysDelivered != nil && *f.BuysDelivered > 0 {
		line("bulletin.buys", *f.BuysDelivered)
	}
	if f.ShiftsFilled != nil {
		line("bulletin.shifts", *f.ShiftsFilled, *f.ShiftsUnfilled)
	}
	if n := b.Note[a.lang()]; n != "" {
		line("bulletin.note", n)
	}
	if b.Contact != "" {
		line("bulletin.contact", b.Contact)
	}
	return ledger.PrintableText(s.String())
}

// bulletinPoster is the bulletin as poster draws it, in the current
// language: the text's lines (the note and contact apart) and a chart of
// the key figures over the last 14 days.
func (a *App) bulletinPoster(ctx context.Context, db *ledger.DB, b bulletinJSON) (poster.Bulletin, error) {
	lines := strings.Split(strings.TrimRight(a.bulletinText(bulletinJSON{Date: b.Date, Compound: b.Compound, Figures: b.Figures, Changes: b.Changes}), "\n"), "\n")
	p := poster.Bulletin{Lang: map[string]string{"zh": "zh-CN", "en": "en"}[a.lang()], Title: lines[0], Contact: b.Contact}
	if n := b.Note[a.lang()]; n != "" {
		p.Note = n
	}
	p.Sections = []poster.Section{{Lines: lines[1:]}}
	day, _ := time.Parse("2006-01-02", b.Date)
	began, err := db.Began(ctx)
	if err != nil {
		return p, err
	}
	first := dayOf(began.In(a.zone()))
	series := []poster.Series{{Name: a.T("bulletin.chart.households")}, {Name: a.T("bulletin.chart.residents")}, {Name: a.T("bulletin.chart.unpaired")}}
	p.Chart.Title = a.T("bulletin.chart.title")
	for d := day.AddDate(0, 0, -13); !d.After(day); d = d.AddDate(0, 0, 1) {
		p.Chart.Days = append(p.Chart.Days, d.Format("01-02"))
		vals := []float64{math.NaN(), math.NaN(), math.NaN()}
		if !d.Before(first) {
			f, _, err := a.dayFigures(ctx, db, d)
			if err != nil {
				return p, err
			}
			vals = []float64{float64(f.PresentHouseholds), float64(f.PresentResidents), float64(f.UnpairedElderHouseholds)}
		}
		for i := range series {
			series[i].Values = append(series[i].Values, vals[i])
		}
	}
	p.Chart.Series = series
	return p, p.Check()
}

type bulletinNoteOptions struct {
	Text, AsOf string
}

func newBulletinNoteCmd(a *App) *cobra.Command {
	opts := bulletinNoteOptions{}
	c := &cobra.Command{
		Use:   "note TEXT [--as-of DATE]",
		Short: "Record the committee's note of the day for the bulletin, in the language of --lang",
		Long: `Record the committee's note of the day, printed at the end of the bulletin in
its language: give it twice, with --lang zh and --lang en, for both. An empty
TEXT ("") removes it. No names: the bulletin goes to every resident.`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Text = args[0]
			return bulletinNoteRun(cmd.Context(), a, opts)
		},
	}
	c.Flags().StringVar(&opts.AsOf, "as-of", "", "the day, YYYY-MM-DD (default today)")
	return c
}

func bulletinNoteRun(ctx context.Context, a *App, opts bulletinNoteOptions) error {
	day, err := a.asOfDay(opts.AsOf)
	if err != nil {
		return err
	}
	lang := a.lang()
	_, err = a.change(ctx, change{command: "bulletin note", apply: func(tx *ledger.Tx, r *report) error {
		if err := tx.SetBulletinNote(day.Format("2006-01-02"), lang, opts.Text); err != nil {
			return err
		}
		r.say("bulletin.noted", day.Format("2006-01-02"), lang)
		return nil
	}})
	return err
}

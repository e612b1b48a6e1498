package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"vol/ledger"
	"vol/ledger/sheet"
	"vol/testdata"
)

type initOptions struct {
	Compound, Timezone string
	ElderAge           int
}

func newInitCmd(a *App) *cobra.Command {
	opts := initOptions{}
	c := &cobra.Command{
		Use:   "init",
		Short: "Create a new ledger file",
		Long: `Create a new ledger file (mode 0600). No other command creates one.
The file is --db, else $VOL_DB, else ledger.db in the user's data folder:
$XDG_DATA_HOME/vol/, ~/.local/share/vol/, or %LOCALAPPDATA%\vol\ on Windows.`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			return initRun(cmd.Context(), a, opts)
		},
	}
	c.Flags().StringVar(&opts.Compound, "compound", "", "the compound's name")
	c.Flags().IntVar(&opts.ElderAge, "elder-age", ledger.DefaultElderAge, "age from which a resident counts as an elder")
	c.Flags().StringVar(&opts.Timezone, "timezone", "", "the compound's time zone, such as Asia/Shanghai (default: this machine's)")
	return c
}

func initRun(ctx context.Context, a *App, opts initOptions) error {
	p, err := a.path()
	if err != nil {
		return err
	}
	opt := a.options()
	if opt.Timezone = opts.Timezone; opt.Timezone == "" {
		opt.Timezone = a.machineZone()
	}
	if _, err := ledger.ZoneOf(opt.Timezone); err != nil {
		return &ledger.FieldError{Field: "--timezone", Value: opt.Timezone, Accepted: a.T("cli.accept.timezone"), Err: ledger.ErrInvalid}
	}
	db, err := ledger.Create(ctx, p, opt, a.meta("init"), ledger.NormalizeText(opts.Compound), opts.ElderAge)
	if err != nil {
		return err
	}
	defer db.Close()
	a.info("%s", a.T("msg.created", p))
	return nil
}

type statusOptions struct {
	JSON bool
	AsOf string
}

func newStatusCmd(a *App) *cobra.Command {
	opts := statusOptions{}
	c := &cobra.Command{
		Use:   "status",
		Short: "Show which ledger is in use and the compound's figures",
		Long: `Show which ledger is in use and the compound's figures on --on (default today).

--as-of DATE gives the figures as they stood at the end of DATE (the
compound's day), rebuilt from the journal: the entries dated up to then and
everything they were written after. Ages are counted on DATE (--on, if given,
must be the same day). A sync file that brings entries of that day later
changes them, and a person erased since is missing from every day. Open
conflicts and sync files waiting are about the file now: they are today's.
DATE runs from the day of the ledger's first entry to today.`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if _, err := time.Parse("2006-01-02", opts.AsOf); opts.AsOf != "" && err != nil {
				return usageErr(&ledger.FieldError{Field: "--as-of", Value: opts.AsOf, Accepted: "YYYY-MM-DD", Err: ledger.ErrInvalid})
			}
			if opts.AsOf != "" && a.On != "" && a.On != opts.AsOf {
				return usageErr(&ledger.FieldError{Field: "--on", Value: a.On, Accepted: a.T("asof.on", opts.AsOf), Err: ledger.ErrInvalid})
			}
			return statusRun(cmd.Context(), a, opts)
		},
	}
	c.Flags().BoolVar(&opts.JSON, "json", false, "print JSON")
	c.Flags().StringVar(&opts.AsOf, "as-of", "", "figures as they stood at the end of this day (YYYY-MM-DD), from the journal")
	return c
}

type statusJSON struct {
	Ledger   string `json:"ledger"`
	Compound string `json:"compound"`
	On       string `json:"on"`
	ledger.Status
	UnpairedElderHouseholds int `json:"unpaired_elder_households"`
	medStatus
	OpenConflicts    int `json:"open_conflicts"`     // vol conflicts
	SyncFilesWaiting int `json:"sync_files_waiting"` // sync files kept until earlier ones arrive
	// Testing lists the open testing rounds (vol test rounds).
	Testing []testRoundJSON `json:"testing"`
}

func statusRun(ctx context.Context, a *App, opts statusOptions) error {
	db, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	if opts.AsOf == "" {
		return printStatus(ctx, a, db, nil, opts.JSON)
	}
	past, err := a.asOf(ctx, db, opts.AsOf)
	if err != nil {
		return err
	}
	defer func() { _ = past.Close() }() // a scratch copy in memory
	return printStatus(ctx, a, db, past, opts.JSON)
}

// printStatus prints the figures of an open ledger: as it stands, or as it
// stood at the end of a day when past is given (vol status --as-of).
func printStatus(ctx context.Context, a *App, db *ledger.DB, past *pastDay, asJSON bool) error {
	v, now := db.View, a.Now()
	on, err := a.date()
	if past != nil {
		v, on, now, err = past.View, past.On, past.Now, nil
	}
	if err != nil {
		return err
	}
	settings, err := v.Settings(ctx)
	if err != nil {
		return err
	}
	s, unpaired, err := v.StatusOn(ctx, on, settings.ElderAge)
	if err != nil {
		return err
	}
	med, err := a.medStatus(ctx, v, settings, now)
	if err != nil {
		return err
	}
	conflicts, pending, err := db.SyncState(ctx)
	if err != nil {
		return err
	}
	testing, err := a.testRounds(ctx, v, true)
	if err != nil {
		return err
	}
	if asJSON {
		return printJSON(a.Out, statusJSON{Ledger: db.Path(), Compound: settings.Compound, On: on.Format("2006-01-02"), Status: s,
			UnpairedElderHouseholds: unpaired, medStatus: med, OpenConflicts: conflicts, SyncFilesWaiting: pending, Testing: testing})
	}
	fmt.Fprintf(a.Out, "%s: %s\n", a.T("s.ledger"), db.Path())
	if settings.Compound != "" {
		fmt.Fprintf(a.Out, "%s: %s\n", a.T("s.compound"), ledger.Printable(settings.Compound))
	}
	fmt.Fprintln(a.Out, a.T("s.on", on.Format("2006-01-02"), settings.ElderAge))
	if past != nil {
		fmt.Fprintln(a.Out, a.T("s.as_of", on.Format("2006-01-02")))
	}
	rows := [][]string{
		{a.T("s.registered"), strconv.Itoa(s.RegisteredHouseholds)},
		{a.T("s.present_households"), strconv.Itoa(s.PresentHouseholds)},
		{a.T("s.present_residents"), strconv.Itoa(s.PresentResidents)},
		{a.T("s.elders"), strconv.Itoa(s.Elders)},
		{a.T("s.elder_households"), strconv.Itoa(s.ElderHouseholds)},
		{a.T("s.large_households"), strconv.Itoa(s.LargeHouseholds)},
		{a.T("s.property_staff"), strconv.Itoa(s.PropertyStaff)},
		{a.T("s.stranded_households"), strconv.Itoa(s.StrandedWorkerHouseholds)},
		{a.T("s.volunteers"), strconv.Itoa(s.Volunteers)},
		{a.T("s.unpaired"), strconv.Itoa(unpaired)},
		{a.T("s.med_open"), strconv.Itoa(med.OpenRequests)},
		{a.T("s.med_cards_out"), strconv.Itoa(med.CardsOut)},
		{a.T("s.med_cards_overdue"), strconv.Itoa(med.CardsOverdue)},
		{a.T("s.med_runs_week"), strconv.Itoa(med.RunsThisWeek)},
	}
	if err := printTable(a.Out, []string{a.T("h.figure"), a.T("h.value")}, rows); err != nil {
		return err
	}
	a.printTestingStatus(testing)
	// Copies on other laptops: said only when there is something to do.
	if conflicts > 0 || pending > 0 {
		fmt.Fprintln(a.Out, a.T("s.sync", conflicts, pending))
	}
	return nil
}

func newDemoCmd(a *App) *cobra.Command {
	return &cobra.Command{
		Use:   "demo",
		Short: "Build a ledger of the sample compound 凯旋华庭, show its figures and the day's surplus split",
		Long: `Build a ledger from the embedded sample register of 凯旋华庭 (438 registered
households, 370 present) in a temporary folder, or at --db when given, print
its status, then the day's split of the 68 surplus packs the old way.`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			return demoRun(cmd.Context(), a)
		},
	}
}

func demoRun(ctx context.Context, a *App) error {
	loaded := "msg.demo"
	if a.DBPath == "" {
		// A ledger nobody asked to keep (a register of 438 households, names
		// and phones) does not outlive the command: --db keeps it.
		dir, err := os.MkdirTemp("", "vol-demo-")
		if err != nil {
			return err
		}
		defer func() { _ = os.RemoveAll(dir) }()
		a.DBPath, loaded = filepath.Join(dir, "kaixuan.db"), "msg.demo.gone"
	}
	opt := a.options()
	opt.Timezone = "Asia/Shanghai" // 凯旋华庭 is in Shanghai
	db, err := ledger.Create(ctx, a.DBPath, opt, a.meta("init"), "凯旋华庭", ledger.DefaultElderAge)
	if err != nil {
		return err
	}
	defer func() { _ = db.Close() }()
	doc, err := sheet.Read(bytes.NewReader(testdata.Kaixuan), "kaixuan.csv", sheet.ReadOptions{})
	if err != nil {
		return said(a.T("cli.demo.sample", err.Error()), err)
	}
	on, err := a.date()
	if err != nil {
		return err
	}
	recs, errs, _ := sheet.Parse(doc.Rows, on)
	if len(errs) > 0 {
		err := errors.Join(errs...)
		return said(a.T("cli.demo.sample", err.Error()), err)
	}
	sopt := sheet.Options{Source: "kaixuan.csv", On: on.Format("2006-01-02")}
	if _, err := sheet.Import(ctx, db, a.meta("import"), recs, sheet.Fields(doc.Rows), sopt); err != nil {
		return said(a.T("cli.demo.sample", err.Error()), err)
	}
	a.info("%s", a.T(loaded, a.DBPath))
	if err := printStatus(ctx, a, db, nil, false); err != nil {
		return err
	}
	fmt.Fprintln(a.Out)
	opts := allocOptions{Rules: "old-way", Item: defaultItem}
	al, err := a.decideAlloc(ctx, db.View, on, opts)
	if err != nil {
		return err
	}
	a.info("%s", a.basis(al.surplus))
	return a.printAlloc(al, "", opts)
}

type compoundSetOptions struct {
	Name, Timezone, Shifts    string
	ElderAge, CardHours       int
	NightAge                  int
	SetName, SetElderAge      bool // the flag was given
	SetCardHours, SetTimezone bool
	SetShifts, SetNightAge    bool
	HomeVisitNeeds            string
	SetHomeVisitNeeds         bool
	Necessities               string
	SetNecessities            bool
	Contact                   string
	SetContact                bool
	Street, District          string
	SetStreet, SetDistrict    bool
}

func newCompoundCmd(a *App) *cobra.Command {
	opts := compoundSetOptions{}
	set := &cobra.Command{
		Use:   "set",
		Short: "Change the compound's settings: name, ages, time zone, duty shifts",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			f := cmd.Flags()
			opts.SetName, opts.SetElderAge, opts.SetCardHours = f.Changed("name"), f.Changed("elder-age"), f.Changed("card-overdue-hours")
			opts.SetTimezone, opts.SetShifts, opts.SetNightAge = f.Changed("timezone"), f.Changed("shifts"), f.Changed("night-age")
			opts.SetHomeVisitNeeds, opts.SetNecessities = f.Changed("home-visit-needs"), f.Changed("necessities")
			opts.SetContact = f.Changed("contact")
			opts.SetStreet, opts.SetDistrict = f.Changed("street"), f.Changed("district")
			if !opts.SetName && !opts.SetElderAge && !opts.SetCardHours && !opts.SetTimezone && !opts.SetShifts && !opts.SetNightAge &&
				!opts.SetHomeVisitNeeds && !opts.SetNecessities && !opts.SetContact && !opts.SetStreet && !opts.SetDistrict {
				return usageErr(errors.New(a.T("cli.compound.nothing")))
			}
			return compoundSetRun(cmd.Context(), a, opts)
		},
	}
	set.Flags().StringVar(&opts.Name, "name", "", "the compound's name")
	set.Flags().IntVar(&opts.ElderAge, "elder-age", ledger.DefaultElderAge, "age from which a resident counts as an elder")
	set.Flags().IntVar(&opts.CardHours, "card-overdue-hours", 24, "hours after which an insurance card out of its home is overdue")
	set.Flags().StringVar(&opts.Timezone, "timezone", "", "the compound's time zone, such as Asia/Shanghai: times are shown in it on every copy")
	set.Flags().StringVar(&opts.Shifts, "shifts", ledger.FormatShifts(ledger.DefaultShifts), "the day's duty shifts, NAME=HH:MM-HH:MM separated by commas")
	set.Flags().IntVar(&opts.NightAge, "night-age", ledger.DefaultNightAge, "age from which a volunteer stands no night shift")
	set.Flags().StringVar(&opts.Contact, "contact", "", "the bulletin's contact line, such as 居委会 021-5555 0000")
	set.Flags().StringVar(&opts.Street, "street", "", "the street office (街道) or town the compound reports to, for vol report")
	set.Flags().StringVar(&opts.District, "district", "", "the compound's district (区), for vol report")
	set.Flags().StringVar(&opts.Necessities, "necessities", strings.Join(ledger.DefaultNecessities, ","), "what a group buy offers without a reason, separated by commas")
	set.Flags().StringVar(&opts.HomeVisitNeeds, "home-visit-needs", strings.Join(ledger.DefaultHomeVisitNeeds, ","), "needs of people tested at home, separated by commas")
	return groupCmd("compound", "The compound's settings", set)
}

func compoundSetRun(ctx context.Context, a *App, opts compoundSetOptions) error {
	_, err := a.change(ctx, change{command: "compound set", apply: func(tx *ledger.Tx, r *report) error {
		if opts.SetName {
			if err := tx.SetSetting(ledger.SettingCompound, ledger.NormalizeText(opts.Name)); err != nil {
				return err
			}
		}
		if opts.SetCardHours {
			if err := tx.SetSetting(ledger.SettingCardOverdue, strconv.Itoa(opts.CardHours)); err != nil {
				return err
			}
		}
		if opts.SetElderAge {
			if err := tx.SetSetting(ledger.SettingElderAge, strconv.Itoa(opts.ElderAge)); err != nil {
				return err
			}
		}
		if opts.SetTimezone {
			if err := tx.SetSetting(ledger.SettingTimezone, opts.Timezone); err != nil {
				return err
			}
		}
		if opts.SetShifts {
			if err := tx.SetSetting(ledger.SettingShifts, opts.Shifts); err != nil {
				return err
			}
		}
		if opts.SetContact {
			if err := tx.SetSetting(ledger.SettingContact, opts.Contact); err != nil {
				return err
			}
		}
		if opts.SetStreet {
			if err := tx.SetSetting(ledger.SettingStreet, opts.Street); err != nil {
				return err
			}
		}
		if opts.SetDistrict {
			if err := tx.SetSetting(ledger.SettingDistrict, opts.District); err != nil {
				return err
			}
		}
		if opts.SetNecessities {
			if err := tx.SetSetting(ledger.SettingNecessities, opts.Necessities); err != nil {
				return err
			}
		}
		if opts.SetHomeVisitNeeds {
			if err := tx.SetSetting(ledger.SettingHomeVisitNeeds, opts.HomeVisitNeeds); err != nil {
				return err
			}
		}
		if opts.SetNightAge {
			if err := tx.SetSetting(ledger.SettingNightAge, strconv.Itoa(opts.NightAge)); err != nil {
				return err
			}
		}
		r.say("msg.settings")
		return nil
	}})
	return err
}

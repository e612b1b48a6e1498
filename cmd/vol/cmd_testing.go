package main

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"vol/allocate"
	"vol/cmd/internal/waves"
	"vol/ledger"
)

func newTestCmd(a *App) *cobra.Command {
	return groupCmd("test", "Mass testing in waves: who comes down when, who was missed", newTestPlanCmd(a),
		newTestTextCmd(a), newTestDoneCmd(a), newTestRoundsCmd(a), newTestMissingCmd(a), newTestCloseCmd(a))
}

type testPlanOptions struct {
	Date, Start              string
	Stations, MaxQueue, Step int
	Rate, PerFloor           float64
	Walks                    []string
	JSON, Commit             bool
}

// Bounds of a plan's parameters.
const (
	maxStations = 50
	maxTestStep = 60
)

func newTestPlanCmd(a *App) *cobra.Command {
	opts := testPlanOptions{}
	c := &cobra.Command{
		Use:   "plan --date DATE --stations N [--start HH:MM] [--rate R] [--walk-per-floor MIN] [--walk B=MIN…] [--max-queue Q] [--commit]",
		Short: "Plan a testing round in waves: each unit called down at its time, the queue kept short",
		Long: `Plan a round of mass testing: every present person is called, residents and
stranded workers by their unit (split by floors when a unit has more people
than --max-queue), property staff as one group at the start; people whose
needs are on the home-visit list (vol compound set --home-visit-needs; 卧床,
行动不便, 轮椅) are left out of the waves and listed for a home visit, nearest
first. Units are called every --step minutes in address order, each as soon
as the predicted queue stays within --max-queue. The prediction simulates the
stations (--stations, --rate people a minute each, first come first served)
with the people of a unit coming down floor by floor (--walk-per-floor
minutes a floor, then the building's --walk to the site), and shows the
finish, the longest queue and the longest wait beside "everyone at once" and
"one unit after another". --commit records the round.`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error { return testPlanRun(cmd.Context(), a, opts) },
	}
	c.Flags().StringVar(&opts.Date, "date", "", "the day, YYYY-MM-DD")
	c.Flags().StringVar(&opts.Start, "start", "07:00", "when testing starts, HH:MM")
	c.Flags().IntVar(&opts.Stations, "stations", 0, "sampling stations")
	c.Flags().Float64Var(&opts.Rate, "rate", 1.5, "people a minute at one station")
	c.Flags().Float64Var(&opts.PerFloor, "walk-per-floor", 0.5, "minutes to come down one floor")
	c.Flags().StringArrayVar(&opts.Walks, "walk", nil, "minutes from a building to the site, B=MIN (repeat; 2 for the others)")
	c.Flags().IntVar(&opts.MaxQueue, "max-queue", 30, "the longest queue allowed")
	c.Flags().IntVar(&opts.Step, "step", 5, "minutes between two call times")
	c.Flags().BoolVar(&opts.JSON, "json", false, "print JSON")
	c.Flags().BoolVar(&opts.Commit, "commit", false, "record the round")
	return c
}

// testPlanJSON is a planned round as scripts read it.
type testPlanJSON struct {
	Round            string          `json:"round,omitempty"`
	Date             string          `json:"date"`
	Start            string          `json:"start"`
	PresentPeople    int             `json:"present_people"`
	Finish           string          `json:"finish"`
	MaxQueue         int             `json:"max_queue"`
	MaxWaitMinutes   int64           `json:"max_wait_minutes"`
	LowerBoundFinish string          `json:"lower_bound_finish"`
	Waves            []testWaveJSON  `json:"waves"`
	Staff            int             `json:"staff"`
	HomeVisits       []testVisitJSON `json:"home_visits"`
	Compare          struct {
		AllAtOnce  testOutcomeJSON `json:"all_at_once"`
		UnitByUnit testOutcomeJSON `json:"unit_by_unit"`
	} `json:"compare"`
}

type testWaveJSON struct {
	Start string         `json:"start"`
	Units []testUnitJSON `json:"units"`
}

type testUnitJSON struct {
	Building  string  `json:"building"`
	Unit      string  `json:"unit"`
	Floors    *string `json:"floors"`
	Residents int     `json:"residents"`
}

type testVisitJSON struct {
	Address string `json:"address"`
	People  int    `json:"people"`
}

type testOutcomeJSON struct {
	Finish         string `json:"finish"`
	MaxQueue       int    `json:"max_queue"`
	MaxWaitMinutes int64  `json:"max_wait_minutes"`
}

// testParams checks the plan's flags; a bad one is misuse.
func (a *App) testParams(opts testPlanOptions) (waves.Options, error) {
	var o waves.Options
	bad := func(field, value, key string, args ...any) error {
		return usageErr(&ledger.FieldError{Field: field, Value: value, Accepted: a.T(key, args...), Err: ledger.ErrInvalid})
	}
	if _, err := time.Parse("2006-01-02", opts.Date); err != nil {
		return o, bad("--date", opts.Date, "test.want.date")
	}
	var hh, mm int
	if n, err := fmt.Sscanf(opts.Start, "%d:%d", &hh, &mm); err != nil || n != 2 || len(opts.Start) != 5 || hh > 23 || mm > 59 || hh < 0 || mm < 0 {
		return o, bad("--start", opts.Start, "test.want.start")
	}
	if opts.Stations < 1 || opts.Stations > maxStations {
		return o, bad("--stations", strconv.Itoa(opts.Stations), "test.want.stations", maxStations)
	}
	if !(opts.Rate >= 0.1 && opts.Rate <= 10) {
		return o, bad("--rate", fmt.Sprint(opts.Rate), "test.want.rate")
	}
	if !(opts.PerFloor >= 0 && opts.PerFloor <= 10) {
		return o, bad("--walk-per-floor", fmt.Sprint(opts.PerFloor), "test.want.perfloor")
	}
	if opts.MaxQueue < 1 || opts.MaxQueue > 1000 {
		return o, bad("--max-queue", strconv.Itoa(opts.MaxQueue), "test.want.queue")
	}
	if opts.Step < 1 || opts.Step > maxTestStep {
		return o, bad("--step", strconv.Itoa(opts.Step), "test.want.step", maxTestStep)
	}
	o = waves.Options{Stations: opts.Stations, Service: int64(math.Round(60 / opts.Rate)), PerFloor: int64(math.Round(opts.PerFloor * 60)),
		MaxQueue: opts.MaxQueue, Step: int64(opts.Step) * 60, DefaultWalk: 120, Walks: map[ledger.Building]int64{}}
	for _, w := range opts.Walks {
		b, m, ok := strings.Cut(w, "=")
		bld, err := ledger.ParseBuilding(b)
		minutes, err2 := strconv.ParseFloat(strings.TrimSpace(m), 64)
		if !ok || err != nil || err2 != nil || !(minutes >= 0 && minutes <= 60) {
			return o, bad("--walk", w, "test.want.walk")
		}
		o.Walks[bld] = int64(math.Round(minutes * 60))
	}
	return o, nil
}

func testPlanRun(ctx context.Context, a *App, opts testPlanOptions) error {
	o, err := a.testParams(opts)
	if err != nil {
		return err
	}
	db, on, err := a.openOn(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	var out testPlanJSON
	decide := func(v ledger.View) (*testDecision, error) {
		reg, err := v.Register(ctx, on)
		if err != nil {
			return nil, err
		}
		return a.decideTesting(reg, o, opts), nil
	}
	if !opts.Commit {
		d, err := decide(db.View)
		if err != nil {
			return err
		}
		out = d.out
	} else {
		_, err = a.changeIn(ctx, db, change{command: "test plan", decides: true, apply: func(tx *ledger.Tx, r *report) error {
			d, err := decide(tx.View)
			if err != nil {
				return err
			}
			id, err := tx.AddTestRound(d.round, d.calls, d.visits)
			if err != nil {
				return err
			}
			d.out.Round = id
			out = d.out
			r.say("test.committed", ledger.Short(id), d.round.On, d.round.Start, len(d.calls), len(d.visits))
			return nil
		}})
		if err != nil {
			return err
		}
	}
	if opts.JSON {
		return printJSON(a.Out, out)
	}
	return a.printTestPlan(out)
}

// testDecision is a planned round: what it shows and what --commit
// records.
type testDecision struct {
	out    testPlanJSON
	round  ledger.TestRound
	calls  []ledger.TestCall
	visits []ledger.TestVisit
}

// decideTesting plans the round on the register.
func (a *App) decideTesting(reg *ledger.Register, o waves.Options, opts testPlanOptions) *testDecision {
	pr := waves.Build(reg, o)
	plan := allocate.PlanTesting(pr.Input)
	zone := reg.Settings.Zone()
	day, _ := time.Parse("2006-01-02", opts.Date)
	hh, _ := strconv.Atoi(opts.Start[:2])
	mm, _ := strconv.Atoi(opts.Start[3:])
	start := time.Date(day.Year(), day.Month(), day.Day(), hh, mm, 0, 0, zone)
	at := func(s int64) string { return start.Add(time.Duration(s) * time.Second).Format(time.RFC3339) }
	minutes := func(s int64) int64 { return (s + 59) / 60 }
	outcome := func(t allocate.TestOutcome) testOutcomeJSON {
		return testOutcomeJSON{Finish: at(t.Finish), MaxQueue: t.MaxQueue, MaxWaitMinutes: minutes(t.MaxWait)}
	}
	d := &testDecision{}
	out := &d.out
	out.Date, out.Start = opts.Date, start.Format(time.RFC3339)
	out.Finish, out.MaxQueue, out.MaxWaitMinutes = at(plan.Outcome.Finish), plan.Outcome.MaxQueue, minutes(plan.Outcome.MaxWait)
	out.LowerBoundFinish = at(plan.LowerBound)
	out.Staff = plan.Staff
	out.Compare.AllAtOnce, out.Compare.UnitByUnit = outcome(plan.AllAtOnce), outcome(plan.UnitByUnit)
	out.Waves, out.HomeVisits = []testWaveJSON{}, []testVisitJSON{}
	for i, w := range plan.Waves {
		wj := testWaveJSON{Start: at(w.Start)}
		for _, g := range w.Groups {
			u := pr.Units[[2]string{g.Building, g.Unit}]
			var floors *string
			if g.Floors != "" {
				f := g.Floors
				floors = &f
			}
			wj.Units = append(wj.Units, testUnitJSON{Building: u.Building.String(), Unit: u.Unit, Floors: floors, Residents: g.People})
			d.calls = append(d.calls, ledger.TestCall{Wave: i + 1, At: at(w.Start), Building: u.Building.String(), Unit: u.Unit, Floors: g.Floors, People: g.People})
		}
		out.Waves = append(out.Waves, wj)
	}
	visitPeople := 0
	for _, v := range pr.Visits {
		out.HomeVisits = append(out.HomeVisits, testVisitJSON{Address: v.Household.Address.String(), People: len(v.People)})
		d.visits = append(d.visits, ledger.TestVisit{HouseholdID: v.Household.ID, People: len(v.People)})
		visitPeople += len(v.People)
	}
	out.PresentPeople = plan.People + visitPeople
	walks := make([]string, 0, len(o.Walks))
	for _, w := range opts.Walks {
		walks = append(walks, strings.TrimSpace(w))
	}
	d.round = ledger.TestRound{On: opts.Date, Start: opts.Start, Stations: o.Stations, Service: o.Service, MaxQueue: o.MaxQueue,
		PerFloor: o.PerFloor, Walks: strings.Join(walks, ","), People: out.PresentPeople, Staff: plan.Staff, Finish: out.Finish}
	return d
}

// printTestPlan prints the waves, the prediction beside the two old ways,
// and the home visits.
func (a *App) printTestPlan(out testPlanJSON) error {
	clock := func(s string) string { return a.showTime(s)[11:] }
	var rows [][]string
	if out.Staff > 0 {
		rows = append(rows, []string{"", clock(out.Start), a.T("test.staff"), "", strconv.Itoa(out.Staff)})
	}
	for i, w := range out.Waves {
		for _, u := range w.Units {
			floors := ""
			if u.Floors != nil {
				floors = a.T("test.floors", *u.Floors)
			}
			rows = append(rows, []string{strconv.Itoa(i + 1), clock(w.Start), waves.Unit{Building: mustBuilding(u.Building), Unit: u.Unit}.Label(), floors, strconv.Itoa(u.Residents)})
		}
	}
	if err := printTable(a.Out, []string{a.T("h.wave"), a.T("h.call_at"), a.T("h.unit"), a.T("h.floors"), a.T("h.people")}, rows); err != nil {
		return err
	}
	line := func(key string, o testOutcomeJSON) string {
		return a.T(key, clock(o.Finish), o.MaxQueue, o.MaxWaitMinutes)
	}
	fmt.Fprintln(a.Out, a.T("test.present", out.PresentPeople, out.Staff, len(out.HomeVisits)))
	fmt.Fprintln(a.Out, line("test.outcome", testOutcomeJSON{out.Finish, out.MaxQueue, out.MaxWaitMinutes})+a.T("test.bound", clock(out.LowerBoundFinish)))
	fmt.Fprintln(a.Out, line("test.allatonce", out.Compare.AllAtOnce))
	fmt.Fprintln(a.Out, line("test.unitbyunit", out.Compare.UnitByUnit))
	if len(out.HomeVisits) > 0 {
		rows = rows[:0]
		for _, v := range out.HomeVisits {
			rows = append(rows, []string{v.Address, strconv.Itoa(v.People)})
		}
		fmt.Fprintln(a.Out, a.T("test.visits"))
		if err := printTable(a.Out, []string{a.T("h.address"), a.T("h.people")}, rows); err != nil {
			return err
		}
	}
	if out.Round != "" {
		fmt.Fprintln(a.Out, a.T("test.round", ledger.Short(out.Round)))
	}
	return nil
}

// mustBuilding reads a building vol printed itself.
func mustBuilding(s string) ledger.Building {
	b, err := ledger.ParseBuilding(s)
	if err != nil {
		return ledger.Building{Building: s}
	}
	return b
}

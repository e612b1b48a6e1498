package main

// Who came (issue 18, items 4 and 5): building leaders tick who was
// tested in a recorded round; the rounds with their progress; who is
// still missing, by building and unit with the building's leader; the
// round closed with its final counts. Who a round must reach is read from
// the register as it stands (waves.NewRoll), not as it was planned.

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"vol/cmd/internal/waves"
	"vol/ledger"
)

type testDoneOptions struct {
	Round string
	Refs  []string
	Units []string
	Staff bool
}

func newTestDoneCmd(a *App) *cobra.Command {
	opts := testDoneOptions{}
	c := &cobra.Command{
		Use:   "done ROUND [ADDRESS|PERSON…] [--unit UNIT…] [--staff]",
		Short: "Tick households, people or whole units as tested in a round",
		Long: `Record who was tested in an open round, as the building leaders report it:
an ADDRESS ticks every present person of the household, a PERSON that person,
--unit (3号楼2单元, 3-2, or 3号楼 for a building without units; repeat it)
every present person of a unit that came down whole except the round's
home-visit people, --staff the property staff tested at the start. People
ticked before are counted, not ticked twice. All the arguments are one
change: an unknown address or person, someone not present, or a closed
round refuses the lot and nothing is recorded.`,
		Args: minArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Round, opts.Refs = args[0], args[1:]
			if len(opts.Refs) == 0 && len(opts.Units) == 0 && !opts.Staff {
				return usageErr(errors.New(a.T("tr.done.what")))
			}
			return testDoneRun(cmd.Context(), a, opts)
		},
	}
	c.Flags().StringArrayVar(&opts.Units, "unit", nil, "a unit that came down whole: 3号楼2单元, 3-2, or 3号楼 (repeat)")
	c.Flags().BoolVar(&opts.Staff, "staff", false, "the property staff, tested at the start")
	return c
}

func testDoneRun(ctx context.Context, a *App, opts testDoneOptions) error {
	db, on, err := a.openOn(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	// A closed round refuses before any argument is read.
	r, err := db.FindTestRound(ctx, opts.Round)
	if err != nil {
		return err
	}
	if err := openRound(r); err != nil {
		return err
	}
	refs := make([]string, len(opts.Refs))
	for i, ref := range opts.Refs {
		t, err := a.pickTarget(ctx, db.View, ref, a.T("pick.target"))
		if err != nil {
			return err
		}
		refs[i] = targetRef(t)
	}
	_, err = a.changeIn(ctx, db, change{command: "test done", quiet: true, apply: func(tx *ledger.Tx, rep *report) error {
		r, err := tx.FindTestRound(ctx, r.ID)
		if err != nil {
			return err
		}
		if err := openRound(r); err != nil {
			return err
		}
		reg, err := tx.Register(ctx, on)
		if err != nil {
			return err
		}
		visits, err := tx.TestVisits(ctx, r.ID)
		if err != nil {
			return err
		}
		roll := waves.NewRoll(reg, visits)
		var ids []string
		for _, ref := range refs {
			got, err := a.testedAt(ctx, tx.View, roll, ref)
			if err != nil {
				return err
			}
			ids = append(ids, got...)
		}
		for _, u := range opts.Units {
			got, err := a.testedUnit(reg, roll, u)
			if err != nil {
				return err
			}
			ids = append(ids, got...)
		}
		if opts.Staff {
			for _, p := range roll.People {
				if waves.Staff(p) {
					ids = append(ids, p.ID)
				}
			}
		}
		ids = slices.Compact(slices.Sorted(slices.Values(ids)))
		n, err := tx.MarkTested(r.ID, ids)
		if err != nil {
			return err
		}
		rep.note("tr.marked", n, shortID(r.ID))
		if len(ids) > n {
			rep.note("tr.already", len(ids)-n)
		}
		return nil
	}})
	return err
}

// openRound refuses a closed round.
func openRound(r ledger.TestRound) error {
	if r.ClosedAt != "" {
		return &ledger.FieldError{Field: "ROUND", Value: shortID(r.ID), Want: ledger.T("an open testing round"), Err: ledger.ErrClosed}
	}
	return nil
}

// testedAt is who an ADDRESS|PERSON argument (a whole ID, as picked)
// ticks: the person, who must be present, or every present person of the
// household, which must have one.
func (a *App) testedAt(ctx context.Context, v ledger.View, roll waves.Roll, ref string) ([]string, error) {
	t, err := v.Target(ctx, ref)
	if err != nil {
		return nil, err
	}
	if t.Person != nil {
		for _, p := range roll.People {
			if p.ID == t.Person.ID {
				return []string{p.ID}, nil
			}
		}
		return nil, &ledger.FieldError{Field: a.T("pick.target"), Value: whoIs(*t.Person), Accepted: a.T("tr.want.present"), Err: ledger.ErrInvalid}
	}
	var ids []string
	for _, p := range roll.People {
		if p.HouseholdID == t.HouseholdID {
			ids = append(ids, p.ID)
		}
	}
	if len(ids) == 0 {
		return nil, &ledger.FieldError{Field: a.T("pick.target"), Value: t.Address.String(), Accepted: a.T("tr.want.household"), Err: ledger.ErrInvalid}
	}
	return ids, nil
}

// testedUnit is who --unit ticks: the present people of the unit, but for
// the round's home-visit people. The unit must be one a registered
// household is in.
func (a *App) testedUnit(reg *ledger.Register, roll waves.Roll, s string) ([]string, error) {
	b, unit, err := ledger.ParseUnit(s)
	if err != nil {
		return nil, &ledger.FieldError{Field: "--unit", Value: s, Accepted: a.T("tr.want.unit"), Err: ledger.ErrInvalid}
	}
	var found []waves.Unit
	var others []string // the building's units, for the error
	for _, h := range reg.Households {
		if !b.Has(h.Address) {
			continue
		}
		u := waves.Unit{Building: ledger.Building{Area: h.Address.Area, Building: h.Address.Building}, Unit: h.Address.Unit}
		if u.Unit == unit && !slices.Contains(found, u) {
			found = append(found, u)
		}
		if l := u.Label(); !slices.Contains(others, l) {
			others = append(others, l)
		}
	}
	switch {
	case len(found) == 0 && len(others) > 0:
		return nil, &ledger.FieldError{Field: "--unit", Value: s, Accepted: a.T("tr.want.unitof", strings.Join(others, a.T("pick.sep"))), Err: ledger.ErrNotFound}
	case len(found) == 0:
		return nil, &ledger.FieldError{Field: "--unit", Value: s, Accepted: a.T("tr.want.unit"), Err: ledger.ErrNotFound}
	case len(found) > 1:
		labels := make([]string, len(found))
		for i, u := range found {
			labels[i] = u.Label()
		}
		return nil, &ledger.FieldError{Field: "--unit", Value: s, Accepted: a.T("tr.want.area", strings.Join(labels, a.T("pick.sep"))), Err: ledger.ErrAmbiguous}
	}
	var ids []string
	for _, p := range roll.People {
		if !waves.Staff(p) && !roll.Visit[p.ID] && waves.UnitOf(p) == found[0] {
			ids = append(ids, p.ID)
		}
	}
	return ids, nil
}

type testRoundsOptions struct{ JSON bool }

func newTestRoundsCmd(a *App) *cobra.Command {
	opts := testRoundsOptions{}
	c := &cobra.Command{
		Use:   "rounds",
		Short: "List the testing rounds: planned, tested so far, home visits, closed or not",
		Long: `List the recorded testing rounds by day: the present people planned for, the
people tested (ticked so far in an open round, the final count in a closed
one), the people on the home-visit list (planned, or as counted at the close),
and whether the round is closed.`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error { return testRoundsRun(cmd.Context(), a, opts) },
	}
	c.Flags().BoolVar(&opts.JSON, "json", false, "print JSON")
	return c
}

// testRoundJSON is a round as vol test rounds and vol status show it.
type testRoundJSON struct {
	ID            string `json:"id"`
	Date          string `json:"date"`
	Start         string `json:"start"`
	Stations      int    `json:"stations"`
	PresentPeople int    `json:"present_people"`
	Tested        int    `json:"tested"`
	HomeVisits    int    `json:"home_visits"`
	Closed        bool   `json:"closed"`
	Finish        string `json:"finish"`
	ClosedAt      string `json:"closed_at,omitempty"`
}

// testRounds reads every round with its figures; open ones only when
// openOnly.
func (a *App) testRounds(ctx context.Context, v ledger.View, openOnly bool) ([]testRoundJSON, error) {
	settings, err := v.Settings(ctx)
	if err != nil {
		return nil, err
	}
	rs, err := v.TestRounds(ctx)
	if err != nil {
		return nil, err
	}
	out := []testRoundJSON{}
	for _, r := range rs {
		if openOnly && r.ClosedAt != "" {
			continue
		}
		j := testRoundJSON{ID: r.ID, Date: r.On, Start: r.On + "T" + r.Start, Stations: r.Stations, PresentPeople: r.People,
			Closed: r.ClosedAt != "", Finish: r.Finish, Tested: r.Tested, HomeVisits: r.Visits}
		if start, err := time.ParseInLocation("2006-01-02 15:04", r.On+" "+r.Start, settings.Zone()); err == nil {
			j.Start = start.Format(time.RFC3339)
		}
		if j.Closed {
			j.ClosedAt = r.ClosedAt
			if t, err := time.Parse(time.RFC3339, r.ClosedAt); err == nil {
				j.ClosedAt = t.In(settings.Zone()).Format(time.RFC3339)
			}
		} else {
			done, err := v.Tested(ctx, r.ID)
			if err != nil {
				return nil, err
			}
			visits, err := v.TestVisits(ctx, r.ID)
			if err != nil {
				return nil, err
			}
			j.Tested = len(done)
			for _, t := range visits {
				j.HomeVisits += t.People
			}
		}
		out = append(out, j)
	}
	return out, nil
}

func testRoundsRun(ctx context.Context, a *App, opts testRoundsOptions) error {
	db, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	rs, err := a.testRounds(ctx, db.View, false)
	if err != nil {
		return err
	}
	if opts.JSON {
		return printJSON(a.Out, rs)
	}
	rows := make([][]string, 0, len(rs))
	for _, r := range rs {
		state := a.T("tr.open")
		if r.Closed {
			state = a.T("tr.closed")
		}
		rows = append(rows, []string{shortID(r.ID), r.Date, a.showTime(r.Start)[11:], strconv.Itoa(r.Stations), strconv.Itoa(r.PresentPeople),
			strconv.Itoa(r.Tested), strconv.Itoa(r.HomeVisits), state})
	}
	return printTable(a.Out, []string{a.T("h.round"), a.T("h.date"), a.T("tr.h.start"), a.T("tr.h.stations"), a.T("tr.h.planned"),
		a.T("tr.h.tested"), a.T("tr.h.visits"), a.T("h.status")}, rows)
}

type testMissingOptions struct {
	Round, Building string
	JSON, Full      bool
}

func newTestMissingCmd(a *App) *cobra.Command {
	opts := testMissingOptions{}
	c := &cobra.Command{
		Use:   "missing ROUND [--building B] [--full]",
		Short: "Who has not been tested yet, by building and unit, with the building's leader",
		Long: `List the present people not yet tested in a round, by building and unit, with
the building's leader to call (a masked name, the phone in full where they
agreed to share it). The round's home-visit people (those of its home-visit
households whose needs are on the home-visit list) are left out: the medic
team goes to them. Property staff not yet tested are one line at the end
(vol test done ROUND --staff ticks them); --building keeps one building and
leaves them out. Who is present is read from the register as it stands
today, not as it was when the round was planned. Names are masked unless
--full.`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Round = args[0]
			return testMissingRun(cmd.Context(), a, opts)
		},
	}
	c.Flags().StringVar(&opts.Building, "building", "", "only this building (3, 3号楼, 一期3号楼, A座)")
	c.Flags().BoolVar(&opts.JSON, "json", false, "print JSON")
	c.Flags().BoolVar(&opts.Full, "full", false, "show names and phones in full")
	return c
}

// testMissingJSON is one person not yet tested; building, unit and
// address are "" for property staff.
type testMissingJSON struct {
	Building string `json:"building"`
	Unit     string `json:"unit"`
	Address  string `json:"address"`
	PersonID string `json:"person_id"`
	Name     string `json:"name"`
	Leader   string `json:"leader"`
}

// testTally is a round's count on today's register: present people,
// those tested among them, the home-visit people not (yet) tested, and
// the others not tested (missing), in address order. Present is the sum
// of the other three.
type testTally struct {
	Present, Tested, Visits int
	Missing                 []ledger.Person
}

func tallyRound(roll waves.Roll, done map[string]bool) testTally {
	t := testTally{Present: len(roll.People)}
	for _, p := range roll.People {
		switch {
		case done[p.ID]:
			t.Tested++
		case roll.Visit[p.ID]:
			t.Visits++
		default:
			t.Missing = append(t.Missing, p)
		}
	}
	return t
}

func testMissingRun(ctx context.Context, a *App, opts testMissingOptions) error {
	db, reg, err := a.openRegister(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	r, err := db.FindTestRound(ctx, opts.Round)
	if err != nil {
		return err
	}
	keep := func(ledger.Person) bool { return true }
	if opts.Building != "" {
		b, err := db.FindBuilding(ctx, opts.Building)
		if err != nil {
			return err
		}
		keep = func(p ledger.Person) bool { return !waves.Staff(p) && b.Has(p.Address) }
	}
	visits, err := db.TestVisits(ctx, r.ID)
	if err != nil {
		return err
	}
	done, err := db.Tested(ctx, r.ID)
	if err != nil {
		return err
	}
	tally := tallyRound(waves.NewRoll(reg, visits), done)
	leaders := map[ledger.Building]string{}
	out := []testMissingJSON{}
	for _, p := range tally.Missing {
		if !keep(p) {
			continue
		}
		j := testMissingJSON{PersonID: p.ID, Name: maskUnless(p.Name, opts.Full)}
		if !waves.Staff(p) {
			u := waves.UnitOf(p)
			j.Building, j.Unit, j.Address = u.Building.String(), u.Unit, p.Address.String()
			l, ok := leaders[u.Building]
			if !ok {
				if l, err = a.leaderOf(ctx, db.View, reg, p.Address, opts.Full); err != nil {
					return err
				}
				leaders[u.Building] = l
			}
			j.Leader = l
		}
		out = append(out, j)
	}
	if opts.Full {
		a.info("%s", a.T("msg.full"))
	}
	if opts.JSON {
		return printJSON(a.Out, out)
	}
	return a.printTestMissing(out, tally, opts.Building != "")
}

// printTestMissing prints the people not yet tested, a building's leader
// on its first line, the property staff as one line, then the count.
func (a *App) printTestMissing(out []testMissingJSON, tally testTally, oneBuilding bool) error {
	var rows [][]string
	staff, shown := 0, 0
	last := ""
	for _, j := range out {
		if j.Building == "" {
			staff++
			continue
		}
		leader := ""
		if j.Building != last {
			leader, last = j.Leader, j.Building
		}
		rows = append(rows, []string{waves.Unit{Building: mustBuilding(j.Building), Unit: j.Unit}.Label(), j.Address, j.Name, leader})
		shown++
	}
	if len(rows) > 0 {
		if err := printTable(a.Out, []string{a.T("h.unit"), a.T("h.address"), a.T("h.name"), a.T("h.leader")}, rows); err != nil {
			return err
		}
	}
	if staff > 0 {
		fmt.Fprintln(a.Out, a.T("tr.staff", staff))
	}
	if oneBuilding {
		fmt.Fprintln(a.Out, a.T("tr.missing.building", shown))
		return nil
	}
	fmt.Fprintln(a.Out, a.T("tr.missing", len(tally.Missing), tally.Present, tally.Tested, tally.Visits))
	return nil
}

type testCloseOptions struct{ Round string }

func newTestCloseCmd(a *App) *cobra.Command {
	opts := testCloseOptions{}
	return &cobra.Command{
		Use:   "close ROUND",
		Short: "Close a testing round, recording its final counts",
		Long: `Close an open round and record its final counts: the people tested (ticked
with vol test done), the present people neither tested nor on the home-visit
list (missing), and the home-visit people, present people read from the
register as it stands. A closed round takes no more ticks; closing it again
is refused.`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Round = args[0]
			return testCloseRun(cmd.Context(), a, opts)
		},
	}
}

func testCloseRun(ctx context.Context, a *App, opts testCloseOptions) error {
	on, err := a.date()
	if err != nil {
		return err
	}
	_, err = a.change(ctx, change{command: "test close", apply: func(tx *ledger.Tx, rep *report) error {
		r, err := tx.FindTestRound(ctx, opts.Round)
		if err != nil {
			return err
		}
		if err := openRound(r); err != nil {
			return err
		}
		reg, err := tx.Register(ctx, on)
		if err != nil {
			return err
		}
		visits, err := tx.TestVisits(ctx, r.ID)
		if err != nil {
			return err
		}
		done, err := tx.Tested(ctx, r.ID)
		if err != nil {
			return err
		}
		roll := waves.NewRoll(reg, visits)
		t := tallyRound(roll, done)
		// Tested is everyone ticked, home-visit people the medic team
		// ticked among them; Visits every home-visit person.
		if err := tx.CloseTestRound(r.ID, len(done), len(t.Missing), len(roll.Visit)); err != nil {
			return err
		}
		rep.say("tr.closed.say", shortID(r.ID), r.On, len(done), len(t.Missing), len(roll.Visit))
		return nil
	}})
	return err
}

// printTestingStatus prints vol status's line for each open round.
func (a *App) printTestingStatus(rs []testRoundJSON) {
	for _, r := range rs {
		day, err := time.Parse("2006-01-02", r.Date)
		if err != nil {
			continue
		}
		fmt.Fprintln(a.Out, a.T("tr.status", int(day.Month()), day.Day(), r.Tested, r.PresentPeople, r.HomeVisits))
	}
}

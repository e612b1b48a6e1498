package main

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"vol/allocate"
	"vol/cmd/internal/duty"
	"vol/ledger"
)

func newRotaCmd(a *App) *cobra.Command {
	return groupCmd("rota", "The duty rota: who stands at which post on which shift", newRotaPlanCmd(a),
		newRotaShowCmd(a), newRotaTextCmd(a), newRotaAbsentCmd(a), newRotaSwapCmd(a), newRotaWhyCmd(a))
}

type rotaPlanOptions struct {
	From               string
	Days, Rest         int
	JSON, Full, Commit bool
}

func newRotaPlanCmd(a *App) *cobra.Command {
	opts := rotaPlanOptions{}
	c := &cobra.Command{
		Use:   "plan --from DATE [--days N] [--rest HOURS] [--json] [--commit]",
		Short: "Plan a duty rota for the posts over N days (preview; --commit records it)",
		Long: `Preview who stands at which post on which shift, day by day, for the posts of
vol post list and the present volunteers. Hard rules: one seat at a time, at
least --rest hours between two shifts (a night is never followed by the next
morning), the post's skill, no night shift from the night age (65 unless
vol compound set --night-age says otherwise); the shifts are the --shifts
setting.
Then, in strict order: fill as many seats as possible; spread the shifts
(least sum of squared shifts per volunteer); spread the nights the same way;
the shortest way from home to post. A seat left empty says why. The same
ledger gives the same rota. --commit records it, planned from the ledger as
it stands then, replacing what is recorded for these days (kept where it
costs nothing); shifts recorded before count for fairness.`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.Days < 1 || opts.Days > 31 {
				return usageErr(&ledger.FieldError{Field: "--days", Value: strconv.Itoa(opts.Days), Accepted: a.T("rota.days"), Err: ledger.ErrInvalid})
			}
			if opts.Rest < 0 || opts.Rest > 24 {
				return usageErr(&ledger.FieldError{Field: "--rest", Value: strconv.Itoa(opts.Rest), Accepted: a.T("rota.rest"), Err: ledger.ErrInvalid})
			}
			return rotaPlanRun(cmd.Context(), a, opts)
		},
	}
	c.Flags().StringVar(&opts.From, "from", "", "the first day, YYYY-MM-DD (default today)")
	c.Flags().IntVar(&opts.Days, "days", 7, "how many days")
	c.Flags().IntVar(&opts.Rest, "rest", 8, "least hours between two shifts of one volunteer")
	c.Flags().BoolVar(&opts.JSON, "json", false, "print JSON")
	c.Flags().BoolVar(&opts.Full, "full", false, "show names unmasked")
	c.Flags().BoolVar(&opts.Commit, "commit", false, "record the rota, replacing what is recorded for these days")
	return c
}

// rotaSeatJSON is one place at a post on one shift: filled (person_id) or
// not (null, with the reason).
type rotaSeatJSON struct {
	Date     string  `json:"date"`
	Shift    string  `json:"shift"`
	Start    string  `json:"start"`
	End      string  `json:"end"`
	Post     string  `json:"post"`
	PersonID *string `json:"person_id"`
	Person   string  `json:"person,omitempty"` // masked unless --full
	Reason   string  `json:"reason,omitempty"`
}

type rotaJSON struct {
	Seats     []rotaSeatJSON          `json:"seats"`
	Objective *allocate.RotaObjective `json:"objective,omitempty"` // a plan's score
}

func rotaPlanRun(ctx context.Context, a *App, opts rotaPlanOptions) error {
	from, err := a.date()
	if err != nil {
		return err
	}
	if opts.From != "" {
		if from, err = time.Parse("2006-01-02", opts.From); err != nil {
			return usageErr(&ledger.FieldError{Field: "--from", Value: opts.From, Accepted: "YYYY-MM-DD", Err: ledger.ErrInvalid})
		}
	}
	db, on, err := a.openOn(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	var d *rotaDecision
	if !opts.Commit {
		if d, err = a.decideRota(ctx, db.View, on, from, opts); err != nil {
			return err
		}
	} else {
		_, err = a.changeIn(ctx, db, change{command: "rota plan", decides: true, apply: func(tx *ledger.Tx, r *report) error {
			var err error
			if d, err = a.decideRota(ctx, tx.View, on, from, opts); err != nil {
				return err
			}
			if err := tx.ReplaceRota(d.first, d.last, d.record); err != nil {
				return err
			}
			r.say("rota.committed", d.first, d.last, len(d.record))
			return nil
		}})
		if err != nil {
			return err
		}
	}
	out := d.out
	if opts.JSON {
		return printJSON(a.Out, out)
	}
	if err := a.printRota(out); err != nil {
		return err
	}
	a.info("%s", a.T("rota.summary", out.Objective.Filled, len(out.Seats), fmt.Sprint(out.Objective.Load)))
	return nil
}

// rotaDecision is a planned rota: what it shows and what --commit records
// for the days first to last.
type rotaDecision struct {
	out         rotaJSON
	record      []ledger.RotaSeat
	first, last string
}

// decideRota plans the days from from on what v reads: the posts, the
// present volunteers with what they said they cannot do, the shifts each
// served before (fairness) and what is recorded for these days already
// (kept where it costs nothing).
func (a *App) decideRota(ctx context.Context, v ledger.View, on, from time.Time, opts rotaPlanOptions) (*rotaDecision, error) {
	pr, err := duty.Build(ctx, v, on, duty.Options{From: from, Days: opts.Days, RestHours: opts.Rest})
	if err != nil {
		return nil, err
	}
	plan := allocate.PlanRota(pr.Input)
	return a.rotaOut(pr, plan, opts.Full), nil
}

// rotaOut is a plan of pr as shown and as recorded.
func (a *App) rotaOut(pr *duty.Problem, plan allocate.RotaPlan, full bool) *rotaDecision {
	d := &rotaDecision{first: pr.First, last: pr.Last}
	var lines []rotaLine
	for _, as := range plan.Assignments {
		s := pr.Seats[as.Seat]
		lines = append(lines, rotaLine{seat: s, person: as.Volunteer})
		d.record = append(d.record, ledger.RotaSeat{On: s.Date, Shift: s.Shift, PostID: s.PostID, PersonID: as.Volunteer})
	}
	for _, u := range plan.Unfilled {
		for range u.Missing {
			lines = append(lines, rotaLine{seat: pr.Seats[u.Seat], reason: u.Reason})
		}
	}
	obj := plan.Objective
	d.out = rotaJSON{Seats: rotaSeats(pr, lines, full), Objective: &obj}
	return d
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// rotaLine is one place of a rota: a seat and who stands there ("" when
// no one, with the reason).
type rotaLine struct {
	seat           duty.Seat
	person, reason string
}

// rotaSeats lays lines out in time order: by start, end and post, the
// filled places of a seat before its empty ones, then by person.
func rotaSeats(pr *duty.Problem, lines []rotaLine, full bool) []rotaSeatJSON {
	slices.SortStableFunc(lines, func(x, y rotaLine) int {
		return cmp.Or(x.seat.Start.Compare(y.seat.Start), x.seat.End.Compare(y.seat.End), cmp.Compare(x.seat.Post, y.seat.Post),
			cmp.Compare(x.seat.PostID, y.seat.PostID), cmp.Compare(b2i(x.person == ""), b2i(y.person == "")), cmp.Compare(x.person, y.person))
	})
	out := make([]rotaSeatJSON, 0, len(lines))
	for _, l := range lines {
		j := rotaSeatJSON{Date: l.seat.Date, Shift: l.seat.Shift, Post: l.seat.Post, Reason: l.reason}
		if !l.seat.Start.IsZero() {
			j.Start, j.End = l.seat.Start.Format(time.RFC3339), l.seat.End.Format(time.RFC3339)
		}
		if l.person != "" {
			id := l.person
			j.PersonID, j.Person = &id, maskUnless(pr.People[id].Name, full)
		}
		out = append(out, j)
	}
	return out
}

type availOptions struct {
	Ref        string
	Not        []string
	MaxPerWeek int
	NoNights   bool
}

func newAvailCmd(a *App) *cobra.Command {
	opts := availOptions{}
	c := &cobra.Command{
		Use:   "avail PERSON [--not DATE|WEEKDAY[:SHIFT]…] [--max-per-week N] [--no-nights]",
		Short: "Record what a volunteer cannot do, for the rota (replaces what they said before)",
		Long: `Record what a volunteer said they cannot do: --not a date (2026-12-08) or a
weekday (周一 … 周日, mon … sun), with :早, :中 or :夜 for one shift only,
repeated; --max-per-week N shifts at most (0: no limit); --no-nights. It
replaces what they said before: vol avail PERSON alone clears it.`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ref = args[0]
			return availRun(cmd.Context(), a, opts)
		},
	}
	c.Flags().StringArrayVar(&opts.Not, "not", nil, "a date or weekday off, :SHIFT for one shift (repeat)")
	c.Flags().IntVar(&opts.MaxPerWeek, "max-per-week", 0, "the most shifts in a week (0: no limit)")
	c.Flags().BoolVar(&opts.NoNights, "no-nights", false, "no night shifts")
	return c
}

func availRun(ctx context.Context, a *App, opts availOptions) error {
	db, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	set, err := db.Settings(ctx)
	if err != nil {
		return err
	}
	av := ledger.Avail{MaxPerWeek: opts.MaxPerWeek, NoNights: opts.NoNights}
	for _, n := range opts.Not {
		v, err := ledger.ParseNotWhen(n, set.Shifts)
		if err != nil {
			return err
		}
		if !slices.Contains(av.Not, v) {
			av.Not = append(av.Not, v)
		}
	}
	p, err := a.pickPerson(ctx, db.View, opts.Ref, a.T("pick.volunteer"))
	if err != nil {
		return err
	}
	_, err = a.changeIn(ctx, db, change{command: "avail", apply: func(tx *ledger.Tx, r *report) error {
		if err := tx.SetAvail(p.ID, av); err != nil {
			return err
		}
		r.say("avail.set", whoIs(p), len(av.Not), av.MaxPerWeek, a.yesno(av.NoNights))
		return nil
	}})
	return err
}

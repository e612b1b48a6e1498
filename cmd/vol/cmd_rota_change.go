package main

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"vol/allocate"
	"vol/cmd/internal/duty"
	"vol/ledger"
)

// rotaAround is the rota of day and the days either side, which a change
// on day must respect (a night before, a morning after).
func rotaAround(ctx context.Context, v ledger.View, on, day time.Time, rest int) (*duty.Problem, error) {
	return duty.Build(ctx, v, on, duty.Options{From: day.AddDate(0, 0, -1), Days: 3, RestHours: rest})
}

// onDay lists the recorded places of person on date, on shift when it is
// not "".
func onDay(pr *duty.Problem, person, date, shift string) []ledger.RotaSeat {
	var out []ledger.RotaSeat
	for _, r := range pr.InRange() {
		if r.PersonID == person && r.On == date && (shift == "" || r.Shift == shift) {
			out = append(out, r)
		}
	}
	return out
}

// checkRotaChange checks the flags every change of a recorded day needs:
// --date given, --rest from 0 to 24 hours.
func (a *App) checkRotaChange(date string, rest int) error {
	if date == "" {
		return usageErr(&ledger.FieldError{Field: "--date", Value: "", Accepted: "YYYY-MM-DD", Err: ledger.ErrInvalid})
	}
	if rest < 0 || rest > 24 {
		return usageErr(&ledger.FieldError{Field: "--rest", Value: fmt.Sprint(rest), Accepted: a.T("rota.rest"), Err: ledger.ErrInvalid})
	}
	return nil
}

func checkShift(pr *duty.Problem, shift string) error {
	if _, ok := ledger.FindShift(pr.Shifts, shift); shift != "" && !ok {
		return &ledger.FieldError{Field: "--shift", Value: shift, Want: ledger.T("shifts of the day: %s", strings.Join(ledger.ShiftNames(pr.Shifts), ", ")), Err: ledger.ErrInvalid}
	}
	return nil
}

type rotaAbsentOptions struct {
	Ref, Date, Shift string
	Rest             int
	Full             bool
}

func newRotaAbsentCmd(a *App) *cobra.Command {
	opts := rotaAbsentOptions{}
	c := &cobra.Command{
		Use:   "absent PERSON --date DATE [--shift SHIFT] [--rest HOURS]",
		Short: "A volunteer cannot come: free their places that day and fill only those",
		Long: `A volunteer cannot come on --date (or only on --shift): their places that day
are freed and filled again by the same rules as vol rota plan, and nothing else
on the rota moves. The day off is added to what they said they cannot do
(vol avail), so a later plan keeps it. A place no one can take stays empty
and says why.`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ref = args[0]
			if err := a.checkRotaChange(opts.Date, opts.Rest); err != nil {
				return err
			}
			return rotaAbsentRun(cmd.Context(), a, opts)
		},
	}
	c.Flags().StringVar(&opts.Date, "date", "", "the day, YYYY-MM-DD")
	c.Flags().StringVar(&opts.Shift, "shift", "", "only this shift")
	c.Flags().IntVar(&opts.Rest, "rest", 8, "least hours between two shifts of one volunteer")
	c.Flags().BoolVar(&opts.Full, "full", false, "show names unmasked")
	return c
}

func rotaAbsentRun(ctx context.Context, a *App, opts rotaAbsentOptions) error {
	day, _, err := rotaRange{Date: opts.Date}.days(a)
	if err != nil {
		return err
	}
	db, on, err := a.openOn(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	p, err := a.pickPerson(ctx, db.View, opts.Ref, a.T("pick.volunteer"))
	if err != nil {
		return err
	}
	var lines []rotaLine
	var pr *duty.Problem
	_, err = a.changeIn(ctx, db, change{command: "rota absent", decides: true, apply: func(tx *ledger.Tx, r *report) error {
		var err error
		if pr, err = rotaAround(ctx, tx.View, on, day, opts.Rest); err != nil {
			return err
		}
		if err := checkShift(pr, opts.Shift); err != nil {
			return err
		}
		date := day.Format("2006-01-02")
		freed := onDay(pr, p.ID, date, opts.Shift)
		if len(freed) == 0 {
			return &ledger.FieldError{Field: "--date", Value: opts.Date + strings.TrimPrefix(":"+opts.Shift, ":"), Accepted: a.T("rota.absent.notthere"), Err: ledger.ErrNotFound}
		}
		in, added := replanFreed(pr, p.ID, freed, date, opts.Shift)
		var record []ledger.RotaSeat
		for _, as := range added {
			s := pr.Seats[as.Seat]
			record = append(record, ledger.RotaSeat{On: s.Date, Shift: s.Shift, PostID: s.PostID, PersonID: as.Volunteer})
			lines = append(lines, rotaLine{seat: s, person: as.Volunteer})
		}
		for _, u := range allocate.RotaGaps(in, append(slices.Clone(in.Existing), added...)) {
			if slices.ContainsFunc(freed, func(f ledger.RotaSeat) bool { return pr.RecordedSeat(f).ID == u.Seat }) {
				for range u.Missing {
					lines = append(lines, rotaLine{seat: pr.Seats[u.Seat], reason: u.Reason})
				}
			}
		}
		ids := make([]string, len(freed))
		for i, f := range freed {
			ids[i] = f.ID
		}
		if err := tx.ChangeRota(ids, record); err != nil {
			return err
		}
		// The day off joins what they said, so a later plan keeps it.
		avs, err := tx.Availability(ctx)
		if err != nil {
			return err
		}
		av := avs[p.ID]
		not := date
		if opts.Shift != "" {
			not += ":" + opts.Shift
		}
		if !slices.Contains(av.Not, not) && !slices.Contains(av.Not, date) {
			av.Not = append(av.Not, not)
			if err := tx.SetAvail(p.ID, av); err != nil {
				return err
			}
		}
		r.say("rota.absent.done", whoIs(p), date, len(freed), len(added))
		return nil
	}})
	if err != nil {
		return err
	}
	return a.printRota(rotaJSON{Seats: rotaSeats(pr, lines, opts.Full)})
}

// replanFreed fills the places freed by person on date (shift: one shift
// or every one) and no others: every other recorded place of the days
// around stays as it is (fixed), a seat has room only for what is recorded
// there, and the person is off that day. It returns the problem as solved
// and the new assignments.
func replanFreed(pr *duty.Problem, person string, freed []ledger.RotaSeat, date, shift string) (allocate.RotaInput, []allocate.RotaAssignment) {
	in := pr.Input
	in.Existing = nil
	room := map[string]int{}
	gone := map[string]bool{}
	for _, f := range freed {
		gone[f.ID] = true
	}
	for _, r := range pr.InRange() {
		seat := duty.SeatID(r.On, r.Shift, r.PostID)
		room[seat]++
		if !gone[r.ID] {
			in.Existing = append(in.Existing, allocate.RotaAssignment{Seat: seat, Volunteer: r.PersonID, Fixed: true})
		}
	}
	in.Seats = slices.Clone(in.Seats)
	for i := range in.Seats {
		in.Seats[i].Need = room[in.Seats[i].ID]
	}
	in.Volunteers = slices.Clone(in.Volunteers)
	for i, v := range in.Volunteers {
		if v.ID != person {
			continue
		}
		v.Unavailable = slices.Clone(v.Unavailable)
		for _, s := range in.Seats {
			if seat := pr.Seats[s.ID]; seat.Date == date && (shift == "" || seat.Shift == shift) {
				v.Unavailable = append(v.Unavailable, allocate.RotaWindow{Start: s.Start, End: s.End})
			}
		}
		in.Volunteers[i] = v
	}
	plan := allocate.PlanRota(in)
	var added []allocate.RotaAssignment
	fixed := map[[2]string]int{}
	for _, e := range in.Existing {
		fixed[[2]string{e.Seat, e.Volunteer}]++
	}
	for _, as := range plan.Assignments {
		k := [2]string{as.Seat, as.Volunteer}
		if fixed[k] > 0 {
			fixed[k]--
			continue
		}
		added = append(added, as)
	}
	return in, added
}

type rotaSwapOptions struct {
	A, B, Date, Shift string
	Rest              int
}

func newRotaSwapCmd(a *App) *cobra.Command {
	opts := rotaSwapOptions{}
	c := &cobra.Command{
		Use:   "swap PERSON OTHER --date DATE [--shift SHIFT] [--rest HOURS]",
		Short: "Two volunteers exchange their places on a day (checked against the rules)",
		Long: `Two volunteers exchange their places on --date (or only on --shift): PERSON
takes OTHER's places and OTHER takes PERSON's. When OTHER has none that day,
OTHER simply covers for PERSON.
Refused, changing nothing, when either would break a hard rule: a day or shift
they said they cannot do, the post's skill, nights, two places at once, less
than --rest hours between shifts (the night before and the morning after
count), the week's limit.`,
		Args: exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.A, opts.B = args[0], args[1]
			if err := a.checkRotaChange(opts.Date, opts.Rest); err != nil {
				return err
			}
			return rotaSwapRun(cmd.Context(), a, opts)
		},
	}
	c.Flags().StringVar(&opts.Date, "date", "", "the day, YYYY-MM-DD")
	c.Flags().StringVar(&opts.Shift, "shift", "", "only this shift")
	c.Flags().IntVar(&opts.Rest, "rest", 8, "least hours between two shifts of one volunteer")
	return c
}

func rotaSwapRun(ctx context.Context, a *App, opts rotaSwapOptions) error {
	day, _, err := rotaRange{Date: opts.Date}.days(a)
	if err != nil {
		return err
	}
	db, on, err := a.openOn(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	pa, err := a.pickPerson(ctx, db.View, opts.A, a.T("pick.volunteer"))
	if err != nil {
		return err
	}
	pb, err := a.pickPerson(ctx, db.View, opts.B, a.T("pick.volunteer"))
	if err != nil {
		return err
	}
	if pa.ID == pb.ID {
		return usageErr(&ledger.FieldError{Field: "OTHER", Value: opts.B, Accepted: a.T("rota.swap.other"), Err: ledger.ErrInvalid})
	}
	_, err = a.changeIn(ctx, db, change{command: "rota swap", decides: true, apply: func(tx *ledger.Tx, r *report) error {
		pr, err := rotaAround(ctx, tx.View, on, day, opts.Rest)
		if err != nil {
			return err
		}
		if err := checkShift(pr, opts.Shift); err != nil {
			return err
		}
		date := day.Format("2006-01-02")
		ofA, ofB := onDay(pr, pa.ID, date, opts.Shift), onDay(pr, pb.ID, date, opts.Shift)
		if len(ofA)+len(ofB) == 0 {
			return &ledger.FieldError{Field: "--date", Value: opts.Date, Accepted: a.T("rota.swap.nothing"), Err: ledger.ErrNotFound}
		}
		moved := map[string]string{}
		var remove []string
		var add []ledger.RotaSeat
		for _, x := range [][]ledger.RotaSeat{ofA, ofB} {
			for _, s := range x {
				to := pb.ID
				if s.PersonID == pb.ID {
					to = pa.ID
				}
				moved[s.ID] = to
				remove = append(remove, s.ID)
				add = append(add, ledger.RotaSeat{On: s.On, Shift: s.Shift, PostID: s.PostID, PersonID: to})
			}
		}
		// The rules hold for A and B after as they did before.
		plan := func(moved map[string]string) allocate.RotaPlan {
			var p allocate.RotaPlan
			for _, s := range pr.InRange() {
				who := s.PersonID
				if to, ok := moved[s.ID]; ok {
					who = to
				}
				p.Assignments = append(p.Assignments, allocate.RotaAssignment{Seat: duty.SeatID(s.On, s.Shift, s.PostID), Volunteer: who})
			}
			return p
		}
		before := allocate.CheckRota(pr.Input, plan(nil))
		for _, v := range allocate.CheckRota(pr.Input, plan(moved)) {
			if (v.Volunteer == pa.ID || v.Volunteer == pb.ID) && !slices.Contains(before, v) {
				who := pa
				if v.Volunteer == pb.ID {
					who = pb
				}
				field := "PERSON"
				if who.ID == pb.ID {
					field = "OTHER"
				}
				return &ledger.FieldError{Field: field, Value: whoIs(who), Accepted: a.rotaRule(pr, v, opts.Rest), Err: ledger.ErrInvalid}
			}
		}
		if err := tx.ChangeRota(remove, add); err != nil {
			return err
		}
		r.say("rota.swap.done", whoIs(pa), whoIs(pb), date, len(ofA), len(ofB))
		return nil
	}})
	return err
}

// rotaRule says which rule a change would break, in the user's words.
func (a *App) rotaRule(pr *duty.Problem, v allocate.RotaViolation, rest int) string {
	seat := func(id string) string {
		s, ok := pr.Seats[id]
		if !ok {
			return id
		}
		return s.Date + " " + s.Shift + " " + s.Post
	}
	switch v.Rule {
	case "rest":
		return a.T("rota.rule.rest", seat(v.Seat), rest, seat(v.Other))
	case "overlap", "twice":
		return a.T("rota.rule.overlap", seat(v.Seat), seat(v.Other))
	}
	return a.T("rota.rule."+v.Rule, seat(v.Seat))
}

type rotaWhyOptions struct {
	rotaRange
	Ref  string
	Rest int
	Full bool
}

func newRotaWhyCmd(a *App) *cobra.Command {
	opts := rotaWhyOptions{}
	c := &cobra.Command{
		Use:   "why PERSON [--date DATE | --from DATE --days N]",
		Short: "Explain a volunteer's shifts on the recorded rota, in one paragraph",
		Long: `Explain in one paragraph why a volunteer stands the shifts they stand on the
recorded rota and not the others: the shifts they served before against the
team's mean (fewer shifts come first), the days they said they cannot do, the
post's skill, nights, rest between shifts, the week's limit, and places
already taken by volunteers with no more shifts or who live nearer.`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ref = args[0]
			return rotaWhyRun(cmd.Context(), a, opts)
		},
	}
	opts.flags(c, 7)
	c.Flags().IntVar(&opts.Rest, "rest", 8, "least hours between two shifts of one volunteer")
	c.Flags().BoolVar(&opts.Full, "full", false, "show names unmasked")
	return c
}

func rotaWhyRun(ctx context.Context, a *App, opts rotaWhyOptions) error {
	first, n, err := opts.days(a)
	if err != nil {
		return err
	}
	db, on, err := a.openOn(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	p, err := a.pickPerson(ctx, db.View, opts.Ref, a.T("pick.volunteer"))
	if err != nil {
		return err
	}
	pr, plan, err := recordedRota(ctx, db.View, on, first, n, opts.Rest)
	if err != nil {
		return err
	}
	why, ok := allocate.ExplainRota(pr.Input, plan, p.ID)
	if !ok {
		return &ledger.FieldError{Field: "PERSON", Value: whoIs(p), Accepted: a.T("rota.why.notvolunteer"), Err: ledger.ErrInvalid}
	}
	_, err = fmt.Fprintln(a.Out, ledger.PrintableText(a.rotaWhyText(pr, why, maskUnless(p.Name, opts.Full), opts.Rest)))
	return err
}

// rotaWhyText is the paragraph: the shifts held, the shifts before against
// the mean, then the seats not held, counted by reason.
func (a *App) rotaWhyText(pr *duty.Problem, why allocate.RotaWhy, name string, rest int) string {
	var held []string
	count := map[string]int{}
	var skills []string
	for _, s := range why.Seats {
		seat := pr.Seats[s.Seat]
		switch {
		case s.Why == allocate.WhyHeld:
			held = append(held, seat.Date[5:]+" "+seat.Shift+" "+seat.Post)
		case s.Why == allocate.WhyFull && s.Fairer:
			count["fairer"]++
		case s.Why == allocate.WhyFull && s.Nearer:
			count["nearer"]++
		default:
			count[s.Why]++
		}
		if s.Why == allocate.WhySkill {
			for _, in := range pr.Input.Seats {
				if in.ID == s.Seat && !slices.Contains(skills, in.Skill) {
					skills = append(skills, in.Skill)
				}
			}
		}
	}
	var b strings.Builder
	if len(held) == 0 {
		b.WriteString(a.T("rota.why.none", name, pr.First, pr.Last))
	} else {
		b.WriteString(a.T("rota.why.held", name, pr.First, pr.Last, len(held), strings.Join(held, a.T("rota.text.sep"))))
	}
	mean := 0.0
	if why.Volunteers > 0 {
		mean = float64(why.Total) / float64(why.Volunteers)
	}
	b.WriteString(a.T("rota.why.history", why.History, why.History+why.Held, fmt.Sprintf("%.1f", mean)))
	var parts []string
	for _, k := range []string{allocate.WhyUnavailable, allocate.WhySkill, allocate.WhyNoNights, allocate.WhyClash,
		allocate.WhyWeekLimit, "fairer", "nearer", allocate.WhyFull, allocate.WhyOpen} {
		if count[k] == 0 {
			continue
		}
		switch k {
		case allocate.WhySkill:
			parts = append(parts, a.T("rota.why.skill", count[k], strings.Join(skills, a.T("rota.text.sep"))))
		case allocate.WhyClash:
			parts = append(parts, a.T("rota.why.clash", count[k], rest))
		default:
			parts = append(parts, a.T("rota.why."+k, count[k]))
		}
	}
	if len(parts) > 0 {
		b.WriteString(a.T("rota.why.others", len(why.Seats)-len(held), strings.Join(parts, a.T("rota.why.sep"))))
	}
	return b.String()
}

package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"vol/cmd/internal/waves"
	"vol/ledger"
)

type testTextOptions struct {
	Round, Building, Bring string
	Full                   bool
}

func newTestTextCmd(a *App) *cobra.Command {
	opts := testTextOptions{}
	c := &cobra.Command{
		Use:   "text ROUND [--building BUILDING] [--bring TEXT]",
		Short: "The call-down messages of a testing round, one block for each building's WeChat group",
		Long: `The messages of a recorded testing round to paste into each building's WeChat
group: the day, when each unit (or floors of it) comes down, what to bring,
how many of the building are tested at home (a count, no names), and the
building leader as the contact (name masked, phone where they agreed to share
it; --full shows them). --building prints one building's block.`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Round = args[0]
			return testTextRun(cmd.Context(), a, opts)
		},
	}
	c.Flags().StringVar(&opts.Building, "building", "", "one building")
	c.Flags().StringVar(&opts.Bring, "bring", "", "what to bring, instead of the usual line")
	c.Flags().BoolVar(&opts.Full, "full", false, "the leader's name and phone unmasked")
	return c
}

func testTextRun(ctx context.Context, a *App, opts testTextOptions) error {
	var only *ledger.Building
	if opts.Building != "" {
		b, err := ledger.ParseBuilding(opts.Building)
		if err != nil {
			return err
		}
		only = &b
	}
	if err := ledger.CheckLabel("--bring", opts.Bring); err != nil {
		return err
	}
	db, on, err := a.openOn(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	round, err := db.FindTestRound(ctx, opts.Round)
	if err != nil {
		return err
	}
	calls, err := db.TestCalls(ctx, round.ID)
	if err != nil {
		return err
	}
	visits, err := db.TestVisits(ctx, round.ID)
	if err != nil {
		return err
	}
	reg, err := db.Register(ctx, on)
	if err != nil {
		return err
	}
	home := map[string]int{} // people tested at home, by building
	for _, v := range visits {
		for _, h := range reg.Households {
			if h.ID == v.HouseholdID {
				home[ledger.Building{Area: h.Address.Area, Building: h.Address.Building}.String()] += v.People
			}
		}
	}
	var order []string
	byBuilding := map[string][]ledger.TestCall{}
	for _, c := range calls {
		if only != nil && mustBuilding(c.Building) != *only {
			continue
		}
		if _, ok := byBuilding[c.Building]; !ok {
			order = append(order, c.Building)
		}
		byBuilding[c.Building] = append(byBuilding[c.Building], c)
	}
	if len(order) == 0 && only != nil {
		return &ledger.FieldError{Field: "--building", Value: opts.Building, Accepted: a.T("test.text.nobuilding"), Err: ledger.ErrNotFound}
	}
	order = sortBuildings(order)
	day, _ := time.Parse("2006-01-02", round.On)
	date := a.T("rota.text.day", int(day.Month()), day.Day(), a.T(fmt.Sprintf("wd.%d", int(day.Weekday()))))
	bring := a.T("test.text.bring")
	if opts.Bring != "" {
		bring = ledger.NormalizeText(opts.Bring)
	}
	var b strings.Builder
	for i, bld := range order {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(a.T("test.text.title", bld) + "\n")
		b.WriteString(a.T("test.text.intro", date) + "\n")
		for _, c := range byBuilding[bld] {
			what := a.T("test.text.whole")
			if c.Unit != "" {
				what = a.T("test.text.unit", c.Unit)
			}
			if c.Floors != "" {
				what += " " + a.T("test.floors", c.Floors)
			}
			b.WriteString(a.T("test.text.call", what, a.showTime(c.At)[11:], c.People) + "\n")
		}
		b.WriteString(bring + "\n")
		if n := home[bld]; n > 0 {
			b.WriteString(a.T("test.text.home", n) + "\n")
		}
		var first ledger.Address
		if p, err := ledger.ParseBuilding(bld); err == nil {
			first = ledger.Address{Area: p.Area, Building: p.Building}
		}
		leader, err := a.leaderOf(ctx, db.View, reg, first, opts.Full)
		if err != nil {
			return err
		}
		if leader != "" {
			b.WriteString(a.T("test.text.leader", leader) + "\n")
		}
	}
	_, err = io.WriteString(a.Out, ledger.PrintableText(b.String()))
	return err
}

// sortBuildings puts buildings in address order.
func sortBuildings(bs []string) []string {
	units := make([]waves.Unit, len(bs))
	for i, b := range bs {
		units[i] = waves.Unit{Building: mustBuilding(b)}
	}
	waves.SortUnits(units)
	out := make([]string, len(units))
	for i, u := range units {
		out[i] = u.Building.String()
	}
	return out
}

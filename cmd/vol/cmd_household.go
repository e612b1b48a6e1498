package main

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/olekukonko/tablewriter/pkg/twwidth"
	"github.com/spf13/cobra"

	"vol/ledger"
)

func newHouseholdCmd(a *App) *cobra.Command {
	return groupCmd("household", "Register, list, show, correct or remove households",
		newHouseholdAddCmd(a), newHouseholdListCmd(a), newHouseholdShowCmd(a),
		newHouseholdSetCmd(a), newHouseholdRmCmd(a))
}

type householdAddOptions struct {
	Addresses []string
	DryRun    bool
}

func newHouseholdAddCmd(a *App) *cobra.Command {
	opts := householdAddOptions{}
	c := &cobra.Command{
		Use:   "add ADDRESS...",
		Short: "Register households by address (3号楼2单元501室, 3-2-501, 3-501, 123弄5号501室 …)",
		Args:  minArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Addresses = args
			return householdAddRun(cmd.Context(), a, opts)
		},
	}
	c.Flags().BoolVar(&opts.DryRun, "dry-run", false, "check and show, write nothing")
	return c
}

func householdAddRun(ctx context.Context, a *App, opts householdAddOptions) error {
	addrs := make([]ledger.Address, len(opts.Addresses))
	for i, s := range opts.Addresses {
		addr, err := ledger.ParseAddress(s)
		if err != nil {
			return err
		}
		addrs[i] = addr
	}
	_, err := a.change(ctx, change{command: "household add", dryRun: opts.DryRun, apply: func(tx *ledger.Tx, r *report) error {
		for _, addr := range addrs {
			if _, err := tx.AddHousehold(addr); err != nil {
				return err
			}
			r.say("msg.household.added", addr.String())
		}
		same, err := tx.SameNumbers(ctx, addrs)
		if err != nil {
			return err
		}
		for _, addr := range addrs {
			for _, h := range same[addr] {
				r.say("household.likely", addr.String(), h.Address.String(), addr.String())
			}
		}
		return nil
	}})
	return err
}

type householdJSON struct {
	ID          string `json:"id"`
	Address     string `json:"address"`
	Present     bool   `json:"present"`
	PresentSize int    `json:"present_size"`
	Listed      int    `json:"listed"`
	ElderOnly   bool   `json:"elder_only"`
}

func toHouseholdJSON(f ledger.HouseholdFacts) householdJSON {
	return householdJSON{ID: f.ID, Address: f.Address.String(), Present: f.Present, PresentSize: f.PresentSize, Listed: f.Listed, ElderOnly: f.ElderOnly}
}

type householdListOptions struct {
	JSON, Present, Away bool
	Building            string
	Limit               int
}

func newHouseholdListCmd(a *App) *cobra.Command {
	opts := householdListOptions{}
	c := &cobra.Command{
		Use:   "list",
		Short: "List households in address order",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.Present && opts.Away {
				return usageErr(errors.New(a.T("cli.household.both")))
			}
			if opts.Limit < 0 {
				return usageErr(errors.New(a.T("cli.limit", opts.Limit)))
			}
			return householdListRun(cmd.Context(), a, opts)
		},
	}
	c.Flags().BoolVar(&opts.JSON, "json", false, "print JSON")
	c.Flags().BoolVar(&opts.Present, "present", false, "only present households")
	c.Flags().BoolVar(&opts.Away, "away", false, "only households with nobody present")
	c.Flags().StringVar(&opts.Building, "building", "", "only this building")
	c.Flags().IntVar(&opts.Limit, "limit", 0, "at most this many households (0: all)")
	return c
}

func householdListRun(ctx context.Context, a *App, opts householdListOptions) error {
	q := ledger.HouseholdQuery{Present: opts.Present, Away: opts.Away}
	if strings.TrimSpace(opts.Building) != "" {
		want, err := ledger.ParseBuilding(opts.Building)
		if err != nil {
			return &ledger.FieldError{Field: "--building", Value: opts.Building, Accepted: a.T("cli.accept.building"), Err: ledger.ErrInvalid}
		}
		q.Area, q.Building = want.Area, want.Building
	}
	db, on, err := a.openOn(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	l := householdList{a: a, db: db, on: on, q: q, limit: opts.Limit}
	if opts.JSON {
		return l.json(ctx)
	}
	return l.table(ctx)
}

// shortIDWidth is the width of every ID vol prints: ledger.Short keeps the
// last 8 characters of a UUID.
const shortIDWidth = 8

// householdList prints vol household list from SQL, a page of households at
// a time in address order, never loading the register.
type householdList struct {
	a     *App
	db    *ledger.DB
	on    time.Time
	q     ledger.HouseholdQuery
	limit int // 0: all
}

// each calls fn with the households to print, up to the limit.
func (l householdList) each(ctx context.Context, fn func(householdJSON) error) error {
	n := 0
	for f, err := range l.db.HouseholdsOn(ctx, l.on, l.q) {
		if err != nil {
			return err
		}
		if err := fn(toHouseholdJSON(f)); err != nil {
			return err
		}
		if n++; n == l.limit {
			break
		}
	}
	return nil
}

func (l householdList) json(ctx context.Context) error {
	j := newJSONArray(l.a.Out)
	if err := l.each(ctx, func(h householdJSON) error { return j.Add(h) }); err != nil {
		return err
	}
	return j.Close()
}

func (l householdList) header() []string {
	a := l.a
	return []string{a.T("h.id"), a.T("h.address"), a.T("h.present"), a.T("h.size"), a.T("h.listed")}
}

func (l householdList) row(h householdJSON) []string {
	return []string{shortID(h.ID), h.Address, l.a.yesno(h.Present), strconv.Itoa(h.PresentSize), strconv.Itoa(h.Listed)}
}

// table prints the table. Its columns are as wide as their widest cell in
// any row, so the whole list is streamed only when the widths are known
// before the first row (see widths); a page (--limit) or one building is
// gathered first, as is a list whose widths only the rows can tell.
func (l householdList) table(ctx context.Context) error {
	if l.limit == 0 && l.q.Building == "" {
		widest, ok, err := l.widths(ctx)
		if err != nil {
			return err
		}
		if ok {
			return l.stream(ctx, widest)
		}
	}
	rows := [][]string{}
	if err := l.each(ctx, func(h householdJSON) error { rows = append(rows, l.row(h)); return nil }); err != nil {
		return err
	}
	return printTable(l.a.Out, l.header(), rows)
}

func (l householdList) stream(ctx context.Context, widest []int) error {
	var t *tableStream
	err := l.each(ctx, func(h householdJSON) error {
		var err error
		if t == nil {
			if t, err = newTableStream(l.a.Out, l.header(), widest); err != nil {
				return err
			}
		}
		return t.Row(l.row(h))
	})
	switch {
	case err != nil:
		return err
	case t == nil: // no rows: printTable's empty table
		return printTable(l.a.Out, l.header(), [][]string{})
	}
	return t.Close()
}

// widths returns the widest cell of each column over the whole list, when
// indexes and bounds settle it without reading every household: the widest
// address from its index; an ID is a UUID, whose short form is 8 ASCII
// characters; yes and no, and the counts, when they are no wider than their
// header. ok is false when only the rows can tell.
func (l householdList) widths(ctx context.Context) (widest []int, ok bool, err error) {
	header := l.header()
	addr, err := l.db.AddressWidth(ctx, l.on, l.q, twwidth.Width)
	if err != nil {
		return nil, false, err
	}
	counts, err := l.countsWidth(ctx, min(twwidth.Width(header[3]), twwidth.Width(header[4])))
	if err != nil || counts < 0 {
		return nil, false, err
	}
	yesno := max(twwidth.Width(l.a.yesno(true)), twwidth.Width(l.a.yesno(false)))
	if yesno > twwidth.Width(header[2]) {
		return nil, false, nil
	}
	return []int{shortIDWidth, addr, yesno, counts, counts}, true, nil
}

// countsWidth returns how many digits the present sizes and listed counts
// can have, if no more than limit: from a bound on the number of people
// (cheap; it settles any ledger of under a million people in English, a
// hundred million in Chinese), else from the largest household (a read of
// the people index). It returns -1 when they can have more.
func (l householdList) countsWidth(ctx context.Context, limit int) (int, error) {
	most, err := l.db.PeopleBound(ctx)
	if err != nil || len(strconv.Itoa(most)) <= limit {
		return len(strconv.Itoa(most)), err
	}
	listed, size, err := l.db.LargestHousehold(ctx)
	if err != nil || len(strconv.Itoa(max(listed, size))) > limit {
		return -1, err
	}
	return len(strconv.Itoa(max(listed, size))), nil
}

// register loads the register on --on's date, for commands that only read it.
func (a *App) register(ctx context.Context) (*ledger.Register, error) {
	db, reg, err := a.openRegister(ctx)
	if err != nil {
		return nil, err
	}
	db.Close()
	return reg, nil
}

// openOn reads --on's date, then opens the ledger (a date that does not
// read opens nothing); the caller closes the ledger.
func (a *App) openOn(ctx context.Context) (*ledger.DB, time.Time, error) {
	on, err := a.date()
	if err != nil {
		return nil, time.Time{}, err
	}
	db, err := a.open(ctx)
	if err != nil {
		return nil, time.Time{}, err
	}
	return db, on, nil
}

// openRegister opens the ledger and loads the register on --on's date; the
// caller closes the ledger.
func (a *App) openRegister(ctx context.Context) (*ledger.DB, *ledger.Register, error) {
	db, on, err := a.openOn(ctx)
	if err != nil {
		return nil, nil, err
	}
	reg, err := db.Register(ctx, on)
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	return db, reg, nil
}

type householdShowOptions struct {
	Ref        string
	JSON, Full bool
}

func newHouseholdShowCmd(a *App) *cobra.Command {
	opts := householdShowOptions{}
	c := &cobra.Command{
		Use:   "show ADDRESS|ID",
		Short: "Show a household and the people listed in it",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ref = args[0]
			return householdShowRun(cmd.Context(), a, opts)
		},
	}
	c.Flags().BoolVar(&opts.JSON, "json", false, "print JSON")
	c.Flags().BoolVar(&opts.Full, "full", false, "show phones and birth months unmasked")
	return c
}

func householdShowRun(ctx context.Context, a *App, opts householdShowOptions) error {
	db, on, err := a.openOn(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	h, err := db.Household(ctx, opts.Ref)
	if err != nil {
		return err
	}
	// The household's part of the register: its figures are the whole
	// register's, read without loading a district's every person.
	reg, err := db.RegisterOf(ctx, on, []string{h.ID}, nil)
	if err != nil {
		return err
	}
	f, _ := reg.Facts(h.ID)
	people, err := db.HouseholdPeople(ctx, h.ID)
	if err != nil {
		return err
	}
	if opts.Full {
		a.info("%s", a.T("msg.full"))
	}
	if opts.JSON {
		return printJSON(a.Out, struct {
			householdJSON
			People []personJSON `json:"people"`
		}{toHouseholdJSON(f), a.peopleJSON(people, reg, opts.Full)})
	}
	if err := printTable(a.Out, []string{a.T("h.id"), a.T("h.address"), a.T("h.present"), a.T("h.size"), a.T("h.listed")},
		[][]string{{h.ID, h.Address.String(), a.yesno(f.Present), strconv.Itoa(f.PresentSize), strconv.Itoa(f.Listed)}}); err != nil {
		return err
	}
	return a.printPeople(people, reg, opts.Full)
}

type householdSetOptions struct {
	Ref, Address string
}

func newHouseholdSetCmd(a *App) *cobra.Command {
	opts := householdSetOptions{}
	c := &cobra.Command{
		Use:   "set ADDRESS|ID --address NEW",
		Short: "Correct a household's address",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.Address == "" {
				return usageErr(errors.New(a.T("cli.household.nothing")))
			}
			opts.Ref = args[0]
			return householdSetRun(cmd.Context(), a, opts)
		},
	}
	c.Flags().StringVar(&opts.Address, "address", "", "the corrected address")
	return c
}

func householdSetRun(ctx context.Context, a *App, opts householdSetOptions) error {
	addr, err := ledger.ParseAddress(opts.Address)
	if err != nil {
		return err
	}
	_, err = a.change(ctx, change{command: "household set", apply: func(tx *ledger.Tx, r *report) error {
		h, err := tx.Household(ctx, opts.Ref)
		if err != nil {
			return err
		}
		if err := tx.MoveHousehold(h.ID, addr); err != nil {
			return err
		}
		r.say("msg.household.moved", h.Address.String(), addr.String())
		return nil
	}})
	return err
}

type householdRmOptions struct {
	Ref string
	Yes bool
}

func newHouseholdRmCmd(a *App) *cobra.Command {
	opts := householdRmOptions{}
	c := &cobra.Command{
		Use:   "rm ADDRESS|ID",
		Short: "Take a household with nobody listed off the register",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ref = args[0]
			return householdRmRun(cmd.Context(), a, opts)
		},
	}
	c.Flags().BoolVar(&opts.Yes, "yes", false, "confirm without asking")
	return c
}

func householdRmRun(ctx context.Context, a *App, opts householdRmOptions) error {
	var h ledger.Household
	_, err := a.change(ctx, change{command: "household rm", yes: opts.Yes,
		ask: func(v ledger.View) (string, error) {
			var err error
			h, err = v.Household(ctx, opts.Ref)
			return a.T("confirm.rm.household", h.Address.String()), err
		},
		apply: func(tx *ledger.Tx, r *report) error {
			if err := tx.RemoveHousehold(h.ID); err != nil {
				return err
			}
			r.say("msg.household.removed", h.Address.String())
			return nil
		}})
	return err
}

package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"vol/allocate"
	"vol/ledger"
)

type roundJSON struct {
	ID         string     `json:"id"`
	On         string     `json:"on"`
	Item       string     `json:"item"`
	Rules      string     `json:"rules"`
	Basis      string     `json:"basis"`
	Packs      int        `json:"packs"`
	Given      int        `json:"given"`
	Reserve    int        `json:"reserve"`
	Recipients int        `json:"recipients"`
	Delivered  int        `json:"delivered"`
	Voided     bool       `json:"voided"`
	VoidWhy    string     `json:"void_why,omitempty"`
	Tiers      []tierJSON `json:"tiers,omitempty"`
	Lines      []lineJSON `json:"lines,omitempty"`
}

func (a *App) toRoundJSON(r ledger.Round) (roundJSON, error) {
	j := roundJSON{ID: r.ID, On: r.On, Item: r.Item, Rules: r.Rules, Basis: r.Basis, Packs: r.Packs, Given: r.Given,
		Reserve: r.Reserve, Recipients: r.Recipients, Delivered: r.Delivered, Voided: r.Voided, VoidWhy: r.VoidWhy}
	if err := json.Unmarshal([]byte(r.Tiers), &j.Tiers); err != nil {
		return j, said(a.T("cli.round.tiers", shortID(r.ID)), fmt.Errorf("%w: %v", ledger.ErrCorrupt, err))
	}
	return j, nil
}

func (a *App) roundStatus(r roundJSON) string {
	if r.Voided {
		return a.T("round.void", r.VoidWhy)
	}
	return a.T("round.active")
}

type roundsOptions struct{ JSON bool }

func newRoundsCmd(a *App) *cobra.Command {
	opts := roundsOptions{}
	c := &cobra.Command{
		Use:   "rounds",
		Short: "List committed rounds, newest first",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			return roundsRun(cmd.Context(), a, opts)
		},
	}
	c.Flags().BoolVar(&opts.JSON, "json", false, "print JSON")
	return c
}

func roundsRun(ctx context.Context, a *App, opts roundsOptions) error {
	db, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	rs, err := db.Rounds(ctx)
	if err != nil {
		return err
	}
	out := make([]roundJSON, 0, len(rs))
	for _, r := range rs {
		j, err := a.toRoundJSON(r)
		if err != nil {
			return err
		}
		out = append(out, j)
	}
	if opts.JSON {
		return printJSON(a.Out, out)
	}
	rows := make([][]string, 0, len(out))
	for _, r := range out {
		rows = append(rows, []string{shortID(r.ID), r.On, a.itemName(r.Item), a.rulesName(r.Rules), strconv.Itoa(r.Packs), strconv.Itoa(r.Given),
			strconv.Itoa(r.Reserve), fmt.Sprintf("%d/%d", r.Delivered, r.Recipients), a.roundStatus(r)})
	}
	return printTable(a.Out, []string{a.T("h.round"), a.T("h.date"), a.T("h.item"), a.T("h.rules"), a.T("h.packs"),
		a.T("h.given"), a.T("h.reserve"), a.T("h.delivered"), a.T("h.status")}, rows)
}

func newRoundCmd(a *App) *cobra.Command {
	return groupCmd("round", "Show, deliver or void a committed round",
		newRoundShowCmd(a), newRoundDeliverCmd(a), newRoundVoidCmd(a), newRoundSheetCmd(a))
}

// loadRound opens the ledger and finds a round, with the register on --on.
func (a *App) loadRound(ctx context.Context, ref string) (*ledger.DB, ledger.Round, *ledger.Register, error) {
	on, err := a.date()
	if err != nil {
		return nil, ledger.Round{}, nil, err
	}
	db, err := a.open(ctx)
	if err != nil {
		return nil, ledger.Round{}, nil, err
	}
	r, err := db.Round(ctx, ref)
	if err != nil {
		db.Close()
		return nil, ledger.Round{}, nil, err
	}
	reg, err := db.Register(ctx, on)
	if err != nil {
		db.Close()
		return nil, ledger.Round{}, nil, err
	}
	return db, r, reg, nil
}

type roundShowOptions struct {
	Ref        string
	JSON, Full bool
}

func newRoundShowCmd(a *App) *cobra.Command {
	opts := roundShowOptions{}
	c := &cobra.Command{
		Use:   "show ROUND",
		Short: "Every recipient of a round, delivered or pending",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ref = args[0]
			return roundShowRun(cmd.Context(), a, opts)
		},
	}
	c.Flags().BoolVar(&opts.JSON, "json", false, "print JSON")
	c.Flags().BoolVar(&opts.Full, "full", false, "show recipients' names unmasked")
	return c
}

func roundShowRun(ctx context.Context, a *App, opts roundShowOptions) error {
	db, r, reg, err := a.loadRound(ctx, opts.Ref)
	if err != nil {
		return err
	}
	defer db.Close()
	j, err := a.toRoundJSON(r)
	if err != nil {
		return err
	}
	var given []ledger.RoundLine
	for _, l := range r.Lines {
		if l.Packs > 0 {
			given = append(given, l)
		}
	}
	j.Lines = a.lineViews(reg, given, opts.Full)
	for i, l := range given {
		d := l.Delivered
		j.Lines[i].Delivered, j.Lines[i].DeliveredAt = &d, a.jsonTime(l.DeliveredAt)
	}
	if opts.JSON {
		if j.Lines == nil {
			j.Lines = []lineJSON{}
		}
		return printJSON(a.Out, j)
	}
	fmt.Fprintf(a.Out, "%s %s: %s\n", a.T("h.round"), shortID(j.ID), a.T("alloc.head", j.Packs, a.rulesName(j.Rules), a.itemName(j.Item), j.On))
	fmt.Fprintf(a.Out, "%s: %d/%d, %s\n", a.T("h.delivered"), j.Delivered, j.Recipients, a.roundStatus(j))
	return a.printLines(j.Lines, true)
}

type roundDeliverOptions struct {
	Round string
	Refs  []string
	All   bool
	By    string
}

func newRoundDeliverCmd(a *App) *cobra.Command {
	opts := roundDeliverOptions{}
	c := &cobra.Command{
		Use:   "deliver ROUND ADDRESS|PERSON... | --all",
		Short: "Record packs of a round as handed over",
		Args:  minArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.All == (len(args) > 1) {
				return usageErr(errors.New(a.T("cli.round.deliver")))
			}
			opts.Round, opts.Refs = args[0], args[1:]
			return roundDeliverRun(cmd.Context(), a, opts)
		},
	}
	c.Flags().BoolVar(&opts.All, "all", false, "every recipient of the round")
	c.Flags().StringVar(&opts.By, "by", "", "the volunteer who delivered (PERSON)")
	return c
}

func roundDeliverRun(ctx context.Context, a *App, opts roundDeliverOptions) error {
	db, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	if opts.By != "" {
		p, err := a.pickPerson(ctx, db.View, opts.By, "--by")
		if err != nil {
			return err
		}
		opts.By = p.ID
	}
	refs := make([]string, len(opts.Refs))
	for i, ref := range opts.Refs {
		t, err := a.pickTarget(ctx, db.View, ref, a.T("pick.target"))
		if err != nil {
			return err
		}
		refs[i] = targetRef(t)
	}
	_, err = a.changeIn(ctx, db, change{command: "round deliver", quiet: true, apply: func(tx *ledger.Tx, rep *report) error {
		r, err := tx.Round(ctx, opts.Round)
		if err != nil {
			return err
		}
		byID := ""
		if opts.By != "" {
			p, err := tx.Person(ctx, opts.By)
			if err != nil {
				return said(a.T("cli.colon", "--by", err.Error()), err)
			}
			byID = p.ID
		}
		var lines []string
		if opts.All {
			for _, l := range r.Lines {
				if l.Packs > 0 {
					lines = append(lines, l.ID)
				}
			}
		}
		for _, ref := range refs {
			ids, err := a.deliveryLines(ctx, tx.View, r, ref)
			if err != nil {
				return err
			}
			lines = append(lines, ids...)
		}
		lines = slices.Compact(slices.Sorted(slices.Values(lines)))
		done, err := tx.Deliver(r.ID, lines, byID)
		if err != nil {
			return err
		}
		// Counted as the volunteers see them: stops (an address, or a
		// staff member), not lines (one address may claim in two tiers).
		byLine := map[string]ledger.RoundLine{}
		for _, l := range r.Lines {
			byLine[l.ID] = l
		}
		stop := func(l ledger.RoundLine) string {
			if l.HouseholdID != "" {
				return l.HouseholdID
			}
			return l.Claimant
		}
		stops, already, packs := map[string]bool{}, map[string]bool{}, 0
		for _, id := range done {
			stops[stop(byLine[id])] = true
			packs += byLine[id].Packs
		}
		for _, id := range lines {
			if !slices.Contains(done, id) && !stops[stop(byLine[id])] {
				already[stop(byLine[id])] = true
			}
		}
		rep.note("round.deliveredn", len(stops), packs, shortID(r.ID))
		if len(already) > 0 {
			rep.note("round.already", len(already))
		}
		return nil
	}})
	return err
}

// deliveryLines finds the round's lines with packs for an address (every
// line of that household) or a person.
func (a *App) deliveryLines(ctx context.Context, v ledger.View, r ledger.Round, ref string) ([]string, error) {
	t, err := v.Target(ctx, ref)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, l := range r.Lines {
		mine := l.HouseholdID == t.HouseholdID && t.Person == nil
		if t.Person != nil {
			mine = l.Claimant == t.Person.ID
		}
		if l.Packs > 0 && mine {
			ids = append(ids, l.ID)
		}
	}
	if len(ids) == 0 {
		v := t.Address.String()
		if t.Person != nil {
			v = whoIs(*t.Person)
		}
		return nil, &ledger.FieldError{Field: a.T("cli.field.recipient"), Value: v, Err: ledger.ErrNotFound,
			Accepted: a.T("cli.accept.delivered", shortID(r.ID))}
	}
	return ids, nil
}

type roundVoidOptions struct {
	Round, Why string
	Yes        bool
}

func newRoundVoidCmd(a *App) *cobra.Command {
	opts := roundVoidOptions{}
	c := &cobra.Command{
		Use:   "void ROUND --why TEXT [--yes]",
		Short: "Void a committed round (a new journal entry; the round is never edited)",
		Long: `Void a committed round: a new journal entry, the round itself is never
edited. A round with deliveries recorded asks first (off a terminal, --yes),
and says how many deliveries the void unmakes.`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if strings.TrimSpace(opts.Why) == "" {
				return usageErr(errors.New(a.T("cli.why.void")))
			}
			opts.Round = args[0]
			return roundVoidRun(cmd.Context(), a, opts)
		},
	}
	c.Flags().StringVar(&opts.Why, "why", "", "the reason (required)")
	c.Flags().BoolVar(&opts.Yes, "yes", false, "void a round with deliveries without asking")
	return c
}

func roundVoidRun(ctx context.Context, a *App, opts roundVoidOptions) error {
	var r ledger.Round
	_, err := a.change(ctx, change{command: "round void", yes: opts.Yes,
		ask: func(v ledger.View) (string, error) {
			var err error
			if r, err = v.Round(ctx, opts.Round); err != nil || r.Delivered == 0 || r.Voided {
				return "", err
			}
			return a.T("round.void.confirm", shortID(r.ID), r.Delivered, r.Recipients), nil
		},
		apply: func(tx *ledger.Tx, rep *report) error {
			now, err := tx.Round(ctx, r.ID)
			if err != nil {
				return err
			}
			if now.Delivered > r.Delivered && !opts.Yes {
				return errors.New(a.T("round.void.changed", shortID(r.ID), now.Delivered-r.Delivered))
			}
			if err := tx.VoidRound(r.ID, ledger.NormalizeText(opts.Why)); err != nil {
				return err
			}
			rep.say("round.voided", shortID(r.ID))
			if now.Delivered > 0 {
				rep.say("round.void.unmade", now.Delivered)
			}
			return nil
		}})
	return err
}

type whyOptions struct {
	Ref, Round string
	Alloc      allocOptions // the preview's options, as vol alloc takes them
}

func newWhyCmd(a *App) *cobra.Command {
	opts := whyOptions{Alloc: allocOptions{Rules: "old-way", Item: defaultItem}}
	c := &cobra.Command{
		Use:   "why ADDRESS|PERSON [--round ID]",
		Short: "Explain why a household or person got what it got, or why not",
		Long: `Explain, in one paragraph, why a household or person got packs or not: which
tier, where it stood in the tier's order and why, and how many packs were left.
With --round, from the lines the round recorded; without, from a preview of
today's default split (the options of vol alloc apply).`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			f := cmd.Flags()
			opts.Ref = args[0]
			opts.Alloc.HasSurplus, opts.Alloc.HasReceived = f.Changed("surplus"), f.Changed("received")
			if err := opts.Alloc.check(a); err != nil {
				return err
			}
			return whyRun(cmd.Context(), a, opts)
		},
	}
	c.Flags().StringVar(&opts.Round, "round", "", "explain a committed round instead of today's preview")
	c.Flags().IntVar(&opts.Alloc.Surplus, "surplus", 0, "as vol alloc --surplus")
	c.Flags().IntVar(&opts.Alloc.Received, "received", 0, "as vol alloc --received")
	c.Flags().StringVar(&opts.Alloc.Rules, "rules", "old-way", "as vol alloc --rules")
	c.Flags().StringVar(&opts.Alloc.Item, "item", defaultItem, "as vol alloc --item")
	return c
}

func whyRun(ctx context.Context, a *App, opts whyOptions) error {
	db, on, err := a.openOn(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	t, err := a.pickTarget(ctx, db.View, opts.Ref, a.T("pick.target"))
	if err != nil {
		return err
	}
	subject, hid, pid := t.Address.String(), t.HouseholdID, ""
	if t.Person != nil {
		subject, pid = ledger.MaskName(t.Person.Name)+"@"+t.Address.String(), t.Person.ID
	}
	var head string
	var lines []ledger.RoundLine
	var rulesName string
	var tierNames []string
	if opts.Round != "" {
		r, err := db.Round(ctx, opts.Round)
		if err != nil {
			return err
		}
		head, lines, rulesName = a.T("why.round", shortID(r.ID), r.Packs, a.rulesName(r.Rules), r.On), r.Lines, a.rulesName(r.Rules)
		j, err := a.toRoundJSON(r)
		if err != nil {
			return err
		}
		for _, t := range j.Tiers {
			tierNames = append(tierNames, a.tierName(t.Name))
		}
	} else {
		al, err := a.decideAlloc(ctx, db.View, on, opts.Alloc)
		if err != nil {
			return err
		}
		if b := a.basis(al.surplus); b != "" {
			a.info("%s", b)
		}
		head, rulesName = a.T("why.preview", al.plan.Packs, a.rulesName(al.rules.Name), al.reg.On.Format("2006-01-02")), a.rulesName(al.rules.Name)
		lines = append(toRoundLines(al.plan.Lines), toRoundLines(al.plan.Missed)...)
		for _, t := range al.rules.Tiers {
			tierNames = append(tierNames, a.tierName(t.Name))
		}
	}
	var parts []string
	for _, l := range lines {
		if l.Claimant != pid && l.Claimant != hid && !(pid == "" && l.HouseholdID == hid && hid != "") {
			continue
		}
		if l.Packs > 0 {
			parts = append(parts, a.T("why.line.got", subject, l.Packs, a.tierName(l.Tier), a.reason(l)))
		} else {
			parts = append(parts, a.T("why.line.missed", subject, a.tierName(l.Tier), a.reason(l)))
		}
	}
	if len(parts) == 0 {
		parts = append(parts, a.T("why.none", subject, rulesName, strings.Join(tierNames, ", ")))
	}
	fmt.Fprintln(a.Out, ledger.Printable(head+" "+strings.Join(parts, " ")))
	return nil
}

type rulesAddOptions struct{ Name, File string }

func newRulesCmd(a *App) *cobra.Command {
	addOpts := rulesAddOptions{}
	add := &cobra.Command{
		Use:   "add NAME FILE",
		Short: "Store a rule set in the ledger (replacing one of the same name)",
		Args:  exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			addOpts.Name, addOpts.File = args[0], args[1]
			return rulesAddRun(cmd.Context(), a, addOpts)
		},
	}
	list := &cobra.Command{
		Use:   "list",
		Short: "List the rule sets: the built-in old-way and those stored",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			return rulesListRun(cmd.Context(), a)
		},
	}
	show := &cobra.Command{
		Use:   "show NAME",
		Short: "Print a rule set in the rules file format",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return rulesShowRun(cmd.Context(), a, args[0])
		},
	}
	return groupCmd("rules", "Rule sets for vol alloc", add, list, show)
}

func rulesAddRun(ctx context.Context, a *App, opts rulesAddOptions) error {
	if opts.Name == "old-way" || opts.Name == "老样子" {
		return &ledger.FieldError{Field: a.T("cli.field.rules_name"), Value: opts.Name, Accepted: a.T("cli.accept.rules_name"), Err: ledger.ErrInvalid}
	}
	src, err := readBounded(opts.File, maxRulesFile)
	if err != nil {
		return a.fileErr("", opts.File, err)
	}
	rs, err := allocate.ParseRules(opts.Name, src)
	if err != nil {
		return fmt.Errorf("%s: %w", opts.File, err)
	}
	_, err = a.change(ctx, change{command: "rules add", apply: func(tx *ledger.Tx, r *report) error {
		if err := tx.SetRuleSet(opts.Name, string(allocate.FormatRules(rs))); err != nil {
			return err
		}
		r.say("rules.saved", opts.Name)
		return nil
	}})
	return err
}

func rulesListRun(ctx context.Context, a *App) error {
	db, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	names, err := db.RuleSetNames(ctx)
	if err != nil {
		return err
	}
	rows := [][]string{{a.rulesName("old-way"), a.T("rules.builtin")}}
	for _, n := range names {
		rows = append(rows, []string{n, a.T("rules.stored")})
	}
	return printTable(a.Out, []string{a.T("h.rules"), a.T("h.source")}, rows)
}

func rulesShowRun(ctx context.Context, a *App, name string) error {
	db, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	rs, err := a.loadRules(ctx, db.View, name)
	if err != nil {
		return err
	}
	_, err = a.Out.Write(allocate.FormatRules(rs))
	return err
}

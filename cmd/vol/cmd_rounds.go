package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
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

func toRoundJSON(r ledger.Round) roundJSON {
	j := roundJSON{ID: r.ID, On: r.On, Item: r.Item, Rules: r.Rules, Basis: r.Basis, Packs: r.Packs, Given: r.Given,
		Reserve: r.Reserve, Recipients: r.Recipients, Delivered: r.Delivered, Voided: r.Voided, VoidWhy: r.VoidWhy}
	json.Unmarshal([]byte(r.Tiers), &j.Tiers)
	return j
}

func (a *App) roundStatus(r roundJSON) string {
	if r.Voided {
		return a.T("round.void", r.VoidWhy)
	}
	return a.T("round.active")
}

func newRoundsCmd(a *App) *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:   "rounds",
		Short: "List committed rounds, newest first",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			db, err := a.open(cmd.Context())
			if err != nil {
				return err
			}
			defer db.Close()
			rs, err := db.Rounds(cmd.Context())
			if err != nil {
				return err
			}
			out := make([]roundJSON, 0, len(rs))
			for _, r := range rs {
				out = append(out, toRoundJSON(r))
			}
			if asJSON {
				return printJSON(a.Out, out)
			}
			rows := make([][]string, 0, len(out))
			for _, r := range out {
				rows = append(rows, []string{shortID(r.ID), r.On, r.Item, r.Rules, strconv.Itoa(r.Packs), strconv.Itoa(r.Given),
					strconv.Itoa(r.Reserve), fmt.Sprintf("%d/%d", r.Delivered, r.Recipients), a.roundStatus(r)})
			}
			return printTable(a.Out, []string{a.T("h.round"), a.T("h.date"), a.T("h.item"), a.T("h.rules"), a.T("h.packs"),
				a.T("h.given"), a.T("h.reserve"), a.T("h.delivered"), a.T("h.status")}, rows)
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
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

func newRoundShowCmd(a *App) *cobra.Command {
	var asJSON, full bool
	c := &cobra.Command{
		Use:   "show ROUND",
		Short: "Every recipient of a round, delivered or pending",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			db, r, reg, err := a.loadRound(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			defer db.Close()
			j := toRoundJSON(r)
			var given []ledger.RoundLine
			for _, l := range r.Lines {
				if l.Packs > 0 {
					given = append(given, l)
				}
			}
			j.Lines = a.lineViews(reg, given, full)
			for i, l := range given {
				d := l.Delivered
				j.Lines[i].Delivered, j.Lines[i].DeliveredAt = &d, l.DeliveredAt
			}
			if asJSON {
				if j.Lines == nil {
					j.Lines = []lineJSON{}
				}
				return printJSON(a.Out, j)
			}
			fmt.Fprintf(a.Out, "%s %s: %s\n", a.T("h.round"), shortID(j.ID), a.T("alloc.head", j.Packs, j.Rules, j.Item, j.On))
			fmt.Fprintf(a.Out, "%s: %d/%d, %s\n", a.T("h.delivered"), j.Delivered, j.Recipients, a.roundStatus(j))
			return a.printLines(j.Lines, true)
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	c.Flags().BoolVar(&full, "full", false, "show recipients' names unmasked")
	return c
}

func newRoundDeliverCmd(a *App) *cobra.Command {
	var all bool
	var by string
	c := &cobra.Command{
		Use:   "deliver ROUND ADDRESS|PERSON... | --all",
		Short: "Record packs of a round as handed over",
		Args:  minArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if all == (len(args) > 1) {
				return usageErr(errors.New("name the addresses or people delivered to, or pass --all"))
			}
			db, r, _, err := a.loadRound(ctx, args[0])
			if err != nil {
				return err
			}
			defer db.Close()
			byID := ""
			if by != "" {
				p, err := db.Person(ctx, by)
				if err != nil {
					return fmt.Errorf("--by: %w", err)
				}
				byID = p.ID
			}
			var lines []string
			if all {
				for _, l := range r.Lines {
					if l.Packs > 0 {
						lines = append(lines, l.ID)
					}
				}
			}
			for _, ref := range args[1:] {
				ids, err := deliveryLines(ctx, db, r, ref)
				if err != nil {
					return err
				}
				lines = append(lines, ids...)
			}
			var n int
			_, err = db.Write(ctx, a.meta("round deliver"), func(tx *ledger.Tx) error {
				var err error
				n, err = tx.Deliver(r.ID, lines, byID)
				return err
			})
			if err != nil {
				return err
			}
			a.info("%s", a.T("round.deliveredn", n, shortID(r.ID)))
			if already := len(lines) - n; already > 0 {
				a.info("%s", a.T("round.already", already))
			}
			return nil
		},
	}
	c.Flags().BoolVar(&all, "all", false, "every recipient of the round")
	c.Flags().StringVar(&by, "by", "", "the volunteer who delivered (PERSON)")
	return c
}

// deliveryLines finds the round's lines with packs for an address (every
// line of that household) or a person.
func deliveryLines(ctx context.Context, db *ledger.DB, r ledger.Round, ref string) ([]string, error) {
	t, err := db.Target(ctx, ref)
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
		v := ref
		if strings.Contains(ref, "@") {
			v = ledger.MaskName(strings.SplitN(ref, "@", 2)[0]) + "@" + strings.SplitN(ref, "@", 2)[1]
		}
		return nil, &ledger.FieldError{Field: "recipient", Value: v, Err: ledger.ErrNotFound,
			Accepted: "an address or person given packs in round " + shortID(r.ID) + " (vol round show " + shortID(r.ID) + ")"}
	}
	return ids, nil
}

func newRoundVoidCmd(a *App) *cobra.Command {
	var why string
	c := &cobra.Command{
		Use:   "void ROUND --why TEXT",
		Short: "Void a committed round (a new journal entry; the round is never edited)",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if strings.TrimSpace(why) == "" {
				return usageErr(errors.New("--why: say why the round is void"))
			}
			db, r, _, err := a.loadRound(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			defer db.Close()
			_, err = db.Write(cmd.Context(), a.meta("round void"), func(tx *ledger.Tx) error {
				return tx.VoidRound(r.ID, ledger.NormalizeText(why))
			})
			if err != nil {
				return err
			}
			a.info("%s", a.T("round.voided", shortID(r.ID)))
			return nil
		},
	}
	c.Flags().StringVar(&why, "why", "", "the reason (required)")
	return c
}

func newWhyCmd(a *App) *cobra.Command {
	var round string
	opts := allocOptions{Rules: "old-way", Item: defaultItem}
	c := &cobra.Command{
		Use:   "why ADDRESS|PERSON [--round ID]",
		Short: "Explain why a household or person got what it got, or why not",
		Long: `Explain, in one paragraph, why a household or person got packs or not: which
tier, where it stood in the tier's order and why, and how many packs were left.
With --round, from the lines the round recorded; without, from a preview of
today's default split (the options of vol alloc apply).`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			f := cmd.Flags()
			db, err := a.open(ctx)
			if err != nil {
				return err
			}
			defer db.Close()
			t, err := db.Target(ctx, args[0])
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
			if round != "" {
				r, err := db.Round(ctx, round)
				if err != nil {
					return err
				}
				head, lines, rulesName = a.T("why.round", shortID(r.ID), r.Packs, r.Rules, r.On), r.Lines, r.Rules
				var ts []tierJSON
				json.Unmarshal([]byte(r.Tiers), &ts)
				for _, t := range ts {
					tierNames = append(tierNames, t.Name)
				}
			} else {
				al, err := compute(ctx, a, db, opts, f.Changed("surplus"), f.Changed("received"))
				if err != nil {
					return err
				}
				head, rulesName = a.T("why.preview", al.plan.Packs, al.rules.Name, al.reg.On.Format("2006-01-02")), al.rules.Name
				lines = append(toRoundLines(al.plan.Lines), toRoundLines(al.plan.Missed)...)
				for _, t := range al.rules.Tiers {
					tierNames = append(tierNames, t.Name)
				}
			}
			var parts []string
			for _, l := range lines {
				if l.Claimant != pid && l.Claimant != hid && !(pid == "" && l.HouseholdID == hid && hid != "") {
					continue
				}
				if l.Packs > 0 {
					parts = append(parts, a.T("why.line.got", subject, l.Packs, l.Tier, a.reason(l)))
				} else {
					parts = append(parts, a.T("why.line.missed", subject, l.Tier, a.reason(l)))
				}
			}
			if len(parts) == 0 {
				parts = append(parts, a.T("why.none", subject, rulesName, strings.Join(tierNames, ", ")))
			}
			fmt.Fprintln(a.Out, head+" "+strings.Join(parts, " "))
			return nil
		},
	}
	c.Flags().StringVar(&round, "round", "", "explain a committed round instead of today's preview")
	c.Flags().IntVar(&opts.Surplus, "surplus", 0, "as vol alloc --surplus")
	c.Flags().IntVar(&opts.Received, "received", 0, "as vol alloc --received")
	c.Flags().StringVar(&opts.Rules, "rules", "old-way", "as vol alloc --rules")
	c.Flags().StringVar(&opts.Item, "item", defaultItem, "as vol alloc --item")
	return c
}

func newRulesCmd(a *App) *cobra.Command {
	add := &cobra.Command{
		Use:   "add NAME FILE",
		Short: "Store a rule set in the ledger (replacing one of the same name)",
		Args:  exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			name := args[0]
			if name == "old-way" || name == "老样子" {
				return &ledger.FieldError{Field: "name", Value: name, Accepted: "a name other than the built-in old-way", Err: ledger.ErrInvalid}
			}
			src, err := os.ReadFile(args[1])
			if err != nil {
				return err
			}
			rs, err := allocate.ParseRules(name, src)
			if err != nil {
				return fmt.Errorf("%s: %w", args[1], err)
			}
			db, err := a.open(cmd.Context())
			if err != nil {
				return err
			}
			defer db.Close()
			e, err := db.Write(cmd.Context(), a.meta("rules add"), func(tx *ledger.Tx) error {
				return tx.SetRuleSet(name, string(allocate.FormatRules(rs)))
			})
			return a.reportWrite(e, err, "rules.saved", name)
		},
	}
	list := &cobra.Command{
		Use:   "list",
		Short: "List the rule sets: the built-in old-way and those stored",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			db, err := a.open(cmd.Context())
			if err != nil {
				return err
			}
			defer db.Close()
			names, err := db.RuleSetNames(cmd.Context())
			if err != nil {
				return err
			}
			rows := [][]string{{"old-way", a.T("rules.builtin")}}
			for _, n := range names {
				rows = append(rows, []string{n, a.T("rules.stored")})
			}
			return printTable(a.Out, []string{a.T("h.rules"), a.T("h.source")}, rows)
		},
	}
	show := &cobra.Command{
		Use:   "show NAME",
		Short: "Print a rule set in the rules file format",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			db, err := a.open(cmd.Context())
			if err != nil {
				return err
			}
			defer db.Close()
			rs, err := loadRules(cmd.Context(), db, args[0])
			if err != nil {
				return err
			}
			_, err = a.Out.Write(allocate.FormatRules(rs))
			return err
		},
	}
	return groupCmd("rules", "Rule sets for vol alloc", add, list, show)
}

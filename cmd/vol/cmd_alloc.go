package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"vol/allocate"
	"vol/ledger"
)

// defaultItem is what a round hands out unless --item says otherwise.
const defaultItem = "ration"

type allocOptions struct {
	Surplus, Received       int
	HasSurplus, HasReceived bool // --surplus, --received given
	Rules, Item             string
	Leftover                string
	Commit, JSON            bool
	Full                    bool
}

func newAllocCmd(a *App) *cobra.Command {
	opts := allocOptions{}
	c := &cobra.Command{
		Use:   "alloc [--surplus N | --received N] [--rules R] [--item TEXT]",
		Short: "Split surplus packs by priority rules (preview; --commit records the round)",
		Long: `Split surplus packs by a rule set, tier by tier, and explain every line.

The surplus is --surplus N, or --received N minus one pack per present
household, or by default registered minus present households (the delivery is
sized by the register). The built-in rule set old-way (老样子) serves elders in
elder-only households, then households of 5 or more, then property staff,
then the stranded workers' flat; what is left is kept in reserve. Inside a
tier, those with fewer packs from earlier rounds of the same item come first.

vol alloc only previews; --commit records the round for delivery, deciding
from the ledger as it stands at that moment. If another round of the same
item was committed for the same day while the command ran, it records
nothing and says so.`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			f := cmd.Flags()
			opts.HasSurplus, opts.HasReceived = f.Changed("surplus"), f.Changed("received")
			if err := opts.check(a); err != nil {
				return err
			}
			return allocRun(cmd.Context(), a, opts)
		},
	}
	c.Flags().IntVar(&opts.Surplus, "surplus", 0, "packs to split (default: registered − present households)")
	c.Flags().IntVar(&opts.Received, "received", 0, "packs received for the whole compound: one per present household, the rest is the surplus")
	c.Flags().StringVar(&opts.Rules, "rules", "old-way", "rule set: a name from vol rules list, or a rules file")
	c.Flags().StringVar(&opts.Item, "item", defaultItem, "what is handed out (history is kept per item)")
	c.Flags().StringVar(&opts.Leftover, "leftover", "", "what to do with packs left after the last tier: reserve or cycle (default: the rule set's)")
	c.Flags().BoolVar(&opts.Commit, "commit", false, "record the round (it can be voided later, never edited)")
	c.Flags().BoolVar(&opts.JSON, "json", false, "print JSON")
	c.Flags().BoolVar(&opts.Full, "full", false, "show recipients' names unmasked")
	return c
}

// check refuses flags that cannot go together or are out of range.
func (o allocOptions) check(a *App) error {
	if o.HasSurplus && o.HasReceived {
		return usageErr(errors.New(a.T("cli.alloc.both")))
	}
	if o.HasSurplus && o.Surplus < 0 {
		return &ledger.FieldError{Field: "--surplus", Value: strconv.Itoa(o.Surplus), Accepted: a.T("cli.accept.packs0"), Err: ledger.ErrInvalid}
	}
	if o.Leftover != "" && o.Leftover != string(allocate.LeftoverReserve) && o.Leftover != string(allocate.LeftoverCycle) {
		return usageErr(errors.New(a.T("cli.alloc.leftover", o.Leftover)))
	}
	return nil
}

// maxRulesFile bounds a rules file: a rule set is a page of text.
const maxRulesFile = 1 << 20

// allocation is a computed split with what it was computed from.
type allocation struct {
	reg     *ledger.Register  // a roster: no names (see names)
	names   map[string]string // the claimants' names, by person ID
	rules   allocate.RuleSet
	body    string
	plan    allocate.Plan
	surplus allocate.SurplusPlan
	item    string
}

// loadRules finds a rule set: built-in, stored in the ledger, or a file.
func (a *App) loadRules(ctx context.Context, v ledger.View, ref string) (allocate.RuleSet, error) {
	if ref == "old-way" || ref == "老样子" {
		return allocate.OldWay(), nil
	}
	body, err := v.RuleSetBody(ctx, ref)
	if err == nil {
		return allocate.ParseRules(ref, []byte(body))
	}
	if !errors.Is(err, ledger.ErrNotFound) {
		return allocate.RuleSet{}, err
	}
	src, ferr := readBounded(ref, maxRulesFile)
	if errors.Is(ferr, ledger.ErrInvalid) {
		return allocate.RuleSet{}, &ledger.FieldError{Field: "--rules", Value: ref, Err: said(a.T("cli.file.long", sizeWords(maxRulesFile)), ferr), Accepted: a.T("cli.accept.rules_file")}
	}
	if ferr != nil {
		names, err := v.RuleSetNames(ctx)
		if err != nil {
			return allocate.RuleSet{}, err
		}
		return allocate.RuleSet{}, &ledger.FieldError{Field: "--rules", Value: ref, Err: ledger.ErrNotFound,
			Accepted: a.T("cli.accept.rules", strings.Join(append([]string{a.rulesName("old-way")}, names...), ", "))}
	}
	name := strings.TrimSuffix(filepath.Base(ref), filepath.Ext(ref))
	rs, err := allocate.ParseRules(name, src)
	if err != nil {
		return allocate.RuleSet{}, fmt.Errorf("%s: %w", ref, err)
	}
	return rs, nil
}

// allocInput turns the register and the history into the allocator's facts.
func allocInput(reg *ledger.Roster, hist []ledger.Given) ([]allocate.Household, []allocate.Person, []allocate.Given) {
	hs := make([]allocate.Household, len(reg.Households))
	for i, f := range reg.Households {
		hs[i] = allocate.Household{ID: f.ID, Rank: i, Present: f.Present, PresentSize: f.PresentSize, ElderOnly: f.ElderOnly}
	}
	ps := make([]allocate.Person, len(reg.People))
	for i, p := range reg.People {
		r, ok := reg.Rank(p.HouseholdID)
		if !ok {
			r = len(reg.Households)
		}
		ps[i] = allocate.Person{ID: p.ID, Household: p.HouseholdID, Rank: r, Role: allocate.Role(p.Role),
			Present: p.Present, Age: ledger.Age(p.Birth, reg.On), Volunteer: p.Volunteer}
	}
	gs := make([]allocate.Given, len(hist))
	for i, g := range hist {
		gs[i] = allocate.Given{Tier: g.Tier, Claimant: g.Claimant, Packs: g.Packs}
	}
	return hs, ps, gs
}

// decideAlloc splits the surplus from what v reads: the rule set, the
// roster on the day, and the history of the item. Through a DB's View it
// is a preview; through a Tx's, the decision that tx records.
func (a *App) decideAlloc(ctx context.Context, v ledger.View, on time.Time, opts allocOptions) (*allocation, error) {
	item := itemID(opts.Item)
	if item == "" {
		return nil, &ledger.FieldError{Field: "--item", Accepted: a.T("cli.accept.nonempty"), Err: ledger.ErrInvalid}
	}
	if err := ledger.CheckLabel("--item", item); err != nil { // the preview refuses what --commit would
		return nil, err
	}
	rules, err := a.loadRules(ctx, v, opts.Rules)
	if err != nil {
		return nil, err
	}
	if opts.Leftover != "" {
		rules.Leftover = allocate.Leftover(opts.Leftover)
	}
	reg, err := v.Roster(ctx, on)
	if err != nil {
		return nil, err
	}
	st := reg.Status()
	surplus, err := allocate.Surplus(allocate.SurplusInput{Surplus: opts.Surplus, HasSurplus: opts.HasSurplus,
		Received: opts.Received, HasReceived: opts.HasReceived, Registered: st.RegisteredHouseholds, Present: st.PresentHouseholds})
	var few *allocate.ReceivedTooFew
	if errors.As(err, &few) {
		return nil, &ledger.FieldError{Field: "--received", Value: strconv.Itoa(few.Received), Err: ledger.ErrInvalid,
			Accepted: a.T("cli.accept.received", few.Present)}
	}
	if err != nil {
		return nil, err
	}
	hist, err := v.History(ctx, item)
	if err != nil {
		return nil, err
	}
	hs, ps, gs := allocInput(reg, hist)
	al := &allocation{reg: reg.Register, rules: rules, body: string(allocate.FormatRules(rules)), item: item, surplus: surplus}
	al.plan = allocate.Rations(allocate.Input{Households: hs, People: ps, Rules: rules, Packs: surplus.Packs, History: gs})
	// The roster has no names: only the claimants on the lines need theirs.
	var claimants []string
	for _, l := range append(al.plan.Lines, al.plan.Missed...) {
		claimants = append(claimants, l.Claimant)
	}
	al.names, err = v.Names(ctx, claimants)
	return al, err
}

// itemID is the item --item names: the built-in ration is typed ration,
// or as vol shows it (物资), the same item either way.
func itemID(s string) string {
	s = ledger.NormalizeText(s)
	if w := words["cli.item."+defaultItem]; s == w[0] || s == w[1] {
		return defaultItem
	}
	return s
}

// basis words how the surplus was counted, "" when it was given.
func (a *App) basis(s allocate.SurplusPlan) string {
	switch s.Basis {
	case allocate.BasisReceived:
		return a.T("alloc.received", s.Packs, s.Received, s.Present)
	case allocate.BasisDefault:
		return a.T("alloc.default", s.Packs, s.Registered, s.Present)
	}
	return ""
}

type allocJSON struct {
	Round   string     `json:"round,omitempty"`
	On      string     `json:"on"`
	Item    string     `json:"item"`
	Rules   string     `json:"rules"`
	Basis   string     `json:"basis"`
	Surplus int        `json:"surplus"`
	Given   int        `json:"given"`
	Reserve int        `json:"reserve"`
	Tiers   []tierJSON `json:"tiers"`
	Lines   []lineJSON `json:"lines"`
	Missed  []lineJSON `json:"missed"`
}

type tierJSON struct {
	Name      string `json:"name"`
	Unit      string `json:"unit"`
	Claimants int    `json:"claimants"`
	Packs     int    `json:"packs"`
	Short     int    `json:"short"`
}

type lineJSON struct {
	Tier        string `json:"tier"`
	Recipient   string `json:"recipient"`
	Address     string `json:"address"`
	Packs       int    `json:"packs"`
	Reason      string `json:"reason"`
	Claimant    string `json:"claimant"`
	Household   string `json:"household,omitempty"`
	Delivered   *bool  `json:"delivered,omitempty"`
	DeliveredAt string `json:"delivered_at,omitempty"`
}

func allocRun(ctx context.Context, a *App, opts allocOptions) error {
	db, on, err := a.openOn(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	var al *allocation
	round := ""
	if !opts.Commit {
		if al, err = a.decideAlloc(ctx, db.View, on, opts); err != nil {
			return err
		}
		if b := a.basis(al.surplus); b != "" {
			a.info("%s", b)
		}
	} else if round, al, err = a.commitAlloc(ctx, db, on, opts); err != nil {
		return err
	}
	return a.printAlloc(al, round, opts)
}

// commitAlloc decides and records a round in one write. It records nothing
// when a round of the same item and day was committed after the command
// started (two coordinators committing the day's split at once): the
// second is told to look again.
func (a *App) commitAlloc(ctx context.Context, db *ledger.DB, on time.Time, opts allocOptions) (string, *allocation, error) {
	day := on.Format("2006-01-02")
	item := itemID(opts.Item)
	before, err := db.LiveRounds(ctx, item, day)
	if err != nil {
		return "", nil, err
	}
	var al *allocation
	var id string
	_, err = a.changeIn(ctx, db, change{command: "alloc", decides: true, apply: func(tx *ledger.Tx, r *report) error {
		var err error
		if al, err = a.decideAlloc(ctx, tx.View, on, opts); err != nil {
			return err
		}
		if al.plan.Given == 0 {
			return &ledger.FieldError{Field: a.T("cli.field.round"), Value: a.T("cli.packs", al.plan.Packs), Err: ledger.ErrInvalid,
				Accepted: a.T("cli.accept.round")}
		}
		now, err := tx.LiveRounds(ctx, item, day)
		if err != nil {
			return err
		}
		if since := newSince(before, now); since != "" {
			return errors.New(a.T("alloc.since", shortID(since), item, day))
		}
		tiers, err := json.Marshal(al.tiers())
		if err != nil {
			return err
		}
		if id, err = tx.CommitRound(ledger.Round{On: day, Item: al.item, Rules: al.rules.Name, RulesBody: al.body, Packs: al.plan.Packs,
			Basis: al.surplus.Basis, Given: al.plan.Given, Reserve: al.plan.Reserve, Tiers: string(tiers),
			Lines: append(toRoundLines(al.plan.Lines), toRoundLines(al.plan.Missed)...)}); err != nil {
			return err
		}
		if b := a.basis(al.surplus); b != "" {
			r.said = append(r.said, b)
		}
		r.say("alloc.committed", shortID(id), al.plan.Given)
		return nil
	}})
	return id, al, err
}

// newSince returns an ID in now that is not in before, "" when none is.
func newSince(before, now []string) string {
	for _, id := range now {
		if !slices.Contains(before, id) {
			return id
		}
	}
	return ""
}

func (al *allocation) tiers() []tierJSON {
	tiers := make([]tierJSON, len(al.plan.Tiers))
	for i, t := range al.plan.Tiers {
		tiers[i] = tierJSON{Name: t.Name, Unit: string(t.Unit), Claimants: t.Claimants, Packs: t.Packs, Short: t.Short}
	}
	return tiers
}

// printAlloc prints a split (and the round it was recorded as, if any).
func (a *App) printAlloc(al *allocation, round string, opts allocOptions) error {
	tiers := al.tiers()
	out := allocJSON{Round: round, On: al.reg.On.Format("2006-01-02"), Item: al.item, Rules: al.rules.Name, Basis: al.surplus.Basis,
		Surplus: al.plan.Packs, Given: al.plan.Given, Reserve: al.plan.Reserve, Tiers: tiers,
		Lines:  a.namedLineViews(al.reg, al.names, toRoundLines(al.plan.Lines), opts.Full),
		Missed: a.namedLineViews(al.reg, al.names, toRoundLines(al.plan.Missed), opts.Full)}
	if opts.JSON {
		return printJSON(a.Out, out)
	}
	fmt.Fprintln(a.Out, a.T("alloc.head", out.Surplus, a.rulesName(out.Rules), a.itemName(out.Item), out.On))
	rows := make([][]string, 0, len(tiers)+1)
	for _, t := range tiers {
		rows = append(rows, []string{a.tierName(t.Name), strconv.Itoa(t.Claimants), strconv.Itoa(t.Packs), strconv.Itoa(t.Short)})
	}
	rows = append(rows, []string{a.T("alloc.reserve"), "", strconv.Itoa(out.Reserve), ""})
	if err := printTable(a.Out, []string{a.T("h.tier"), a.T("h.claimants"), a.T("h.packs"), a.T("h.short")}, rows); err != nil {
		return err
	}
	return a.printLines(out.Lines, false)
}

func (a *App) printLines(lines []lineJSON, withDelivery bool) error {
	rows := make([][]string, 0, len(lines))
	for _, l := range lines {
		row := []string{a.tierName(l.Tier), l.Recipient, l.Address, strconv.Itoa(l.Packs)}
		if withDelivery {
			st := a.T("round.pending")
			if l.Delivered != nil && *l.Delivered {
				st = a.T("round.delivered")
			}
			row = append(row, st)
		}
		rows = append(rows, append(row, l.Reason))
	}
	head := []string{a.T("h.tier"), a.T("h.recipient"), a.T("h.address"), a.T("h.packs")}
	if withDelivery {
		head = append(head, a.T("h.status"))
	}
	return printTable(a.Out, append(head, a.T("h.reason")), rows)
}

func toRoundLines(ls []allocate.Line) []ledger.RoundLine {
	out := make([]ledger.RoundLine, len(ls))
	for i, l := range ls {
		out[i] = ledger.RoundLine{Tier: l.Tier, Unit: string(l.Unit), Claimant: l.Claimant, HouseholdID: l.Household,
			Packs: l.Packs, Position: l.Position, Of: l.Of, History: l.History, Age: l.Age, Size: l.Size, LeftBefore: l.PacksLeftBefore}
	}
	return out
}

// lineViews words round lines for people: the recipient (a masked name for a
// person, the address for a household), the address, the reason.
func (a *App) lineViews(reg *ledger.Register, ls []ledger.RoundLine, full bool) []lineJSON {
	claimants := make(map[string]bool, len(ls))
	for _, l := range ls {
		claimants[l.Claimant] = true
	}
	names := map[string]string{}
	for _, p := range reg.People {
		if claimants[p.ID] {
			names[p.ID] = p.Name
		}
	}
	return a.namedLineViews(reg, names, ls, full)
}

// namedLineViews is lineViews with the names of the claimants who are
// listed people, by ID.
func (a *App) namedLineViews(reg *ledger.Register, names map[string]string, ls []ledger.RoundLine, full bool) []lineJSON {
	out := make([]lineJSON, 0, len(ls))
	for _, l := range ls {
		v := lineJSON{Tier: l.Tier, Packs: l.Packs, Claimant: l.Claimant, Household: l.HouseholdID, Reason: a.reason(l)}
		if f, ok := reg.Facts(l.HouseholdID); ok {
			v.Address = f.Address.String()
		}
		if name, ok := names[l.Claimant]; ok {
			v.Recipient = name
			if !full {
				v.Recipient = ledger.MaskName(name)
			}
		} else if l.Unit == "person" {
			v.Recipient = a.T("alloc.gone")
		} else {
			v.Recipient = v.Address
		}
		out = append(out, v)
	}
	return out
}

// reason words the facts that placed a line: its place in the tier, the
// need used to order it, what it had before, and the packs left.
func (a *App) reason(l ledger.RoundLine) string {
	var facts []string
	if l.Age > 0 {
		facts = append(facts, a.T("why.age", l.Age))
	}
	if l.Size > 0 {
		facts = append(facts, a.T("why.size", l.Size))
	}
	facts = append(facts, a.T("why.history", l.History))
	key := "why.got"
	if l.Packs == 0 {
		key = "why.missed"
	}
	return a.T(key, l.Position, l.Of, strings.Join(facts, a.T("why.sep")), l.LeftBefore)
}

package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"vol/allocate"
	"vol/cmd/internal/duty"
	"vol/ledger"
)

// pairState is the register's pairing situation (allocate.CheckPairs):
// current pairings that still hold, those whose volunteer or elder no
// longer qualifies, and the elder-only households without a volunteer.
type pairState struct {
	valid    map[string]ledger.Pairing // elder household -> pairing
	stale    []ledger.Pairing          // oldest first
	unpaired []ledger.HouseholdFacts   // address order
	people   map[string]ledger.Person
}

func loadPairState(ctx context.Context, v ledger.View, reg *ledger.Register) (*pairState, error) {
	ps, err := v.Pairings(ctx, true)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]ledger.Pairing, len(ps))
	cur := make([]allocate.CurrentPair, len(ps))
	for i, p := range ps {
		byID[p.ID] = p
		cur[i] = allocate.CurrentPair{ID: p.ID, Elder: p.ElderHousehold, Volunteer: p.Volunteer, Since: p.Since}
	}
	st := &pairState{valid: map[string]ledger.Pairing{}, people: make(map[string]ledger.Person, len(reg.People))}
	var vols []string
	for _, p := range reg.People {
		st.people[p.ID] = p
		if p.Present && p.Volunteer {
			vols = append(vols, p.ID)
		}
	}
	var elders []string
	for _, f := range reg.Households {
		if f.ElderOnly {
			elders = append(elders, f.ID)
		}
	}
	cs := allocate.CheckPairs(cur, elders, vols)
	for _, p := range cs.Valid {
		st.valid[p.Elder] = byID[p.ID]
	}
	for _, p := range cs.Stale {
		st.stale = append(st.stale, byID[p.ID])
	}
	for _, h := range cs.Unpaired {
		f, _ := reg.Facts(h)
		st.unpaired = append(st.unpaired, f)
	}
	return st, nil
}

// location is where an address is, for allocate's Distance.
// location is where an address is, as allocate measures distance.
func location(a ledger.Address) allocate.Location { return duty.Location(a) }

// place is a person's home as allocate.Nearest ranks it; rank is their
// place in address order.
func place(p ledger.Person, rank int) allocate.Place {
	return allocate.Place{ID: p.ID, Rank: rank, Loc: location(p.Address), Known: !p.Address.IsZero()}
}

type pairJSON struct {
	ElderHousehold string   `json:"elder_household"`
	Household      string   `json:"household_id"`
	Elders         []string `json:"elders"`
	Volunteer      string   `json:"volunteer"`
	VolunteerID    string   `json:"volunteer_id"`
	VolunteerAddr  string   `json:"volunteer_address"`
	// VolunteerPhone is in full when the volunteer agreed to share it
	// (or with --full), masked otherwise.
	VolunteerPhone string   `json:"volunteer_phone"`
	Distance       int64    `json:"distance"`
	Reasons        []string `json:"reasons"`
	Since          string   `json:"since,omitempty"`
	LastContact    string   `json:"last_contact,omitempty"`
	Was            string   `json:"was,omitempty"` // rebalance: the volunteer before
}

type unpairedJSON struct {
	ElderHousehold string `json:"elder_household"`
	Household      string `json:"household_id"`
	Reason         string `json:"reason"`
}

// pairFacts is why a pair was made. A pairing keeps only the distance
// facts: the needs matched or not are health data, shown when the pair is
// made but never written into the journal, where no erasure could reach them.
type pairFacts struct {
	Distance     int64    `json:"distance"`
	SameUnit     bool     `json:"same_unit"`
	SameBuilding bool     `json:"same_building"`
	Matched      []string `json:"-"`
	Uncovered    []string `json:"-"`
}

func (a *App) pairReasons(f pairFacts) []string {
	var r []string
	switch {
	case f.SameUnit:
		r = append(r, a.T("pair.same_unit"))
	case f.SameBuilding:
		r = append(r, a.T("pair.same_building"))
	default:
		r = append(r, a.T("pair.other", f.Distance))
	}
	if len(f.Matched) > 0 {
		r = append(r, a.T("pair.matched", strings.Join(f.Matched, "、")))
	}
	if len(f.Uncovered) > 0 {
		r = append(r, a.T("pair.uncovered", strings.Join(f.Uncovered, "、")))
	}
	return r
}

func (a *App) pairView(reg *ledger.Register, st *pairState, hid, vid string, f pairFacts, full bool) pairJSON {
	j := pairJSON{Household: hid, VolunteerID: vid, Distance: f.Distance, Reasons: a.pairReasons(f), Elders: []string{}}
	if h, ok := reg.Facts(hid); ok {
		j.ElderHousehold = h.Address.String()
	}
	for _, p := range reg.Members(hid) {
		if p.Present && p.Role == ledger.RoleResident {
			j.Elders = append(j.Elders, maskUnless(p.Name, full))
		}
	}
	if v, ok := st.people[vid]; ok {
		j.Volunteer, j.VolunteerAddr, j.VolunteerPhone = maskUnless(v.Name, full), v.Address.String(), phoneShown(v, full)
	}
	return j
}

func maskUnless(name string, full bool) string {
	if full {
		return name
	}
	return ledger.MaskName(name)
}

type pairOptions struct {
	Capacity, MaxDistance int
	DryRun, Rebalance     bool
	Yes, JSON, Full       bool
}

func newPairCmd(a *App) *cobra.Command {
	return groupCmd("pair", "Pair elders living alone with volunteers (长者一对一)",
		newPairEldersCmd(a), newPairListCmd(a), newPairSetCmd(a), newPairEndCmd(a), newPairContactCmd(a))
}

func newPairEldersCmd(a *App) *cobra.Command {
	opts := pairOptions{}
	c := &cobra.Command{
		Use:   "elders [--capacity N] [--max-distance D] [--dry-run] [--rebalance]",
		Short: "Pair every elder-only household that has no volunteer with the best one",
		Long: `Pair the elder-only households (独居, 双独居) that have no volunteer, keeping
existing pairs. The pairing is the cheapest there is (an exact assignment):
cost grows with distance (same unit < same building < other buildings by
number), with each need the volunteer's skills do not cover (就医 → 司机,
配药 → 医生/护士, 上海话, 翻译/英语), and a volunteer never takes their own
household or more households than --capacity. Pairs whose volunteer moved
away, stopped volunteering or left the register are ended and re-paired.
--rebalance recomputes every pair (existing ones get a bonus for staying) and
shows the moves before applying them. Running it again changes nothing.
The pairing is decided from the ledger as it stands when it is recorded, so
two runs at once never pair the same household twice.`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.Capacity < 1 {
				return &ledger.FieldError{Field: "--capacity", Value: strconv.Itoa(opts.Capacity), Accepted: a.T("cli.accept.capacity"), Err: ledger.ErrInvalid}
			}
			if opts.MaxDistance < 0 {
				return &ledger.FieldError{Field: "--max-distance", Value: strconv.Itoa(opts.MaxDistance), Accepted: a.T("cli.accept.distance"), Err: ledger.ErrInvalid}
			}
			return pairEldersRun(cmd.Context(), a, opts)
		},
	}
	f := c.Flags()
	f.IntVar(&opts.Capacity, "capacity", 1, "elder households one volunteer may take")
	f.IntVar(&opts.MaxDistance, "max-distance", 0, "no pair farther than this (1 same unit, 3 same building, 10+ other buildings); 0: no limit")
	f.BoolVar(&opts.DryRun, "dry-run", false, "show the pairs, write nothing")
	f.BoolVar(&opts.Rebalance, "rebalance", false, "recompute all pairs and show the moves (asks first)")
	f.BoolVar(&opts.Yes, "yes", false, "apply a rebalance without asking")
	f.BoolVar(&opts.JSON, "json", false, "print JSON")
	f.BoolVar(&opts.Full, "full", false, "show names unmasked")
	return c
}

// pairOutput is what vol pair elders prints.
type pairOutput struct {
	Pairs     []pairJSON     `json:"pairs"`
	Unpaired  []unpairedJSON `json:"unpaired"`
	TotalCost int64          `json:"total_cost"`
	Ended     int            `json:"ended"`
}

// pairDecision is a pairing run: the plan, the state it was made from and
// how it is shown.
type pairDecision struct {
	reg   *ledger.Register
	st    *pairState
	plan  allocate.PairPlan
	facts map[string]pairFacts
	out   pairOutput
}

// decidePairs pairs from what v reads (allocate.CheckPairs, allocate.Pairs).
func (a *App) decidePairs(ctx context.Context, v ledger.View, on time.Time, opts pairOptions) (*pairDecision, error) {
	reg, err := v.Register(ctx, on)
	if err != nil {
		return nil, err
	}
	st, err := loadPairState(ctx, v, reg)
	if err != nil {
		return nil, err
	}
	in := duty.PairInput(reg, opts.Capacity)
	in.MaxDistance = opts.MaxDistance
	current := make([]allocate.Pair, 0, len(st.valid))
	for hid, p := range st.valid {
		current = append(current, allocate.Pair{Elder: hid, Volunteer: p.Volunteer})
	}
	sort.Slice(current, func(i, j int) bool { return current[i].Elder < current[j].Elder })
	if opts.Rebalance {
		in.Existing = current
	} else {
		in.Fixed = current
	}
	d := &pairDecision{reg: reg, st: st, plan: allocate.Pairs(in), facts: map[string]pairFacts{}}
	d.out = pairOutput{Pairs: []pairJSON{}, Unpaired: []unpairedJSON{}, TotalCost: d.plan.TotalCost, Ended: len(st.stale)}
	for _, l := range d.plan.Pairs {
		f := pairFacts{Distance: l.Distance, SameUnit: l.SameUnit, SameBuilding: l.SameBuilding, Matched: l.Matched, Uncovered: l.Uncovered}
		d.facts[l.Elder] = f
		j := a.pairView(reg, st, l.Elder, l.Volunteer, f, opts.Full)
		if was, ok := st.valid[l.Elder]; ok {
			if v, ok := st.people[was.Volunteer]; ok {
				j.Was = maskUnless(v.Name, opts.Full)
			}
		}
		d.out.Pairs = append(d.out.Pairs, j)
	}
	for _, u := range d.plan.Unpaired {
		j := unpairedJSON{Household: u.Elder, Reason: u.Reason}
		if h, ok := reg.Facts(u.Elder); ok {
			j.ElderHousehold = h.Address.String()
		}
		d.out.Unpaired = append(d.out.Unpaired, j)
	}
	sortPairs(d.out.Pairs, reg)
	return d, nil
}

// moves lists a decision's new pairs as elder>volunteer, to compare the
// pairing a user agreed to with the one recorded.
func (d *pairDecision) moves() []string {
	var m []string
	for _, l := range d.plan.Pairs {
		m = append(m, l.Elder+">"+l.Volunteer)
	}
	return m
}

// record ends the stale pairs and those a rebalance moves, and adds the new.
func (a *App) recordPairs(tx *ledger.Tx, d *pairDecision) error {
	day := d.reg.On.Format("2006-01-02")
	for _, p := range d.st.stale {
		if err := tx.EndPairing(p.ID, day, a.T("pair.why.gone")); err != nil {
			return err
		}
	}
	for _, l := range d.plan.Pairs {
		if was, ok := d.st.valid[l.Elder]; ok {
			if err := tx.EndPairing(was.ID, day, a.T("pair.why.rebalance")); err != nil {
				return err
			}
		}
		reasons, err := json.Marshal(d.facts[l.Elder])
		if err != nil {
			return err
		}
		if _, err := tx.AddPairing(l.Elder, l.Volunteer, day, string(reasons)); err != nil {
			return err
		}
	}
	return nil
}

func pairEldersRun(ctx context.Context, a *App, opts pairOptions) error {
	db, on, err := a.openOn(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	var d *pairDecision
	if opts.DryRun {
		prog := a.startProgress("progress.pair")
		d, err = a.decidePairs(ctx, db.View, on, opts)
		prog.end()
		if err != nil {
			return err
		}
		return a.printPairing(d, opts)
	}
	var agreed []string // a rebalance's moves, as shown before asking
	if opts.Rebalance && !opts.Yes {
		prog := a.startProgress("progress.pair")
		preview, err := a.decidePairs(ctx, db.View, on, opts)
		prog.end()
		if err != nil {
			return err
		}
		if len(preview.out.Pairs) > 0 {
			// Show the moves before asking (or before refusing off a terminal).
			if err := a.printPairs(preview.out.Pairs, true); err != nil {
				return err
			}
			if err := a.confirm(false, a.T("pair.confirm", len(preview.out.Pairs))); err != nil {
				return err
			}
		}
		agreed = append([]string{}, preview.moves()...)
	}
	prog := a.startProgress("progress.pair")
	_, err = a.changeIn(ctx, db, change{command: "pair elders", decides: true, quiet: true, apply: func(tx *ledger.Tx, r *report) error {
		var err error
		if d, err = a.decidePairs(ctx, tx.View, on, opts); err != nil {
			return err
		}
		if agreed != nil && !slices.Equal(agreed, d.moves()) {
			return errors.New(a.T("pair.changed"))
		}
		if err := a.recordPairs(tx, d); err != nil {
			return err
		}
		if len(d.st.stale) > 0 {
			r.say("pair.ended", len(d.st.stale))
		}
		return nil
	}})
	prog.end()
	if err != nil {
		return err
	}
	return a.printPairing(d, opts)
}

// printPairing prints a pairing run's pairs and unpaired households.
func (a *App) printPairing(d *pairDecision, opts pairOptions) error {
	if opts.JSON {
		return printJSON(a.Out, d.out)
	}
	if len(d.out.Pairs) == 0 && len(d.out.Unpaired) == 0 {
		a.info("%s", a.T("pair.none"))
		return nil
	}
	if err := a.printPairs(d.out.Pairs, opts.Rebalance); err != nil {
		return err
	}
	for _, u := range d.out.Unpaired {
		fmt.Fprintln(a.Out, a.T("pair.unpaired", u.ElderHousehold, a.T("reason."+u.Reason)))
	}
	switch {
	case opts.DryRun:
		a.info("%s", a.T("msg.dryrun"))
	case opts.Rebalance:
		a.info("%s", a.T("pair.rebalance", len(d.out.Pairs)))
	default:
		a.info("%s", a.T("pair.made", len(d.out.Pairs)))
	}
	return nil
}

func sortPairs(ps []pairJSON, reg *ledger.Register) {
	sort.SliceStable(ps, func(i, j int) bool {
		ri, _ := reg.Rank(ps[i].Household)
		rj, _ := reg.Rank(ps[j].Household)
		return ri < rj
	})
}

func (a *App) printPairs(ps []pairJSON, moves bool) error {
	rows := make([][]string, 0, len(ps))
	for _, p := range ps {
		row := []string{p.ElderHousehold, strings.Join(p.Elders, "、"), p.Volunteer, p.VolunteerAddr, p.VolunteerPhone, strings.Join(p.Reasons, "; ")}
		if moves {
			row = append(row, p.Was+" → "+p.Volunteer)
		}
		if p.Since != "" {
			row = append(row, p.Since, p.LastContact)
		}
		rows = append(rows, row)
	}
	head := []string{a.T("h.elder_household"), a.T("h.elders"), a.T("h.volunteer_name"), a.T("h.volunteer_addr"), a.T("h.volunteer_phone"), a.T("h.reasons")}
	if moves {
		head = append(head, a.T("h.move"))
	}
	if len(ps) > 0 && ps[0].Since != "" {
		head = append(head, a.T("h.since"), a.T("h.last_contact"))
	}
	return printTable(a.Out, head, rows)
}

type pairListOptions struct {
	JSON, UnpairedOnly, Full bool
	QuietDays                int
}

func newPairListCmd(a *App) *cobra.Command {
	opts := pairListOptions{}
	c := &cobra.Command{
		Use:   "list [--unpaired] [--quiet-days N]",
		Short: "Current pairs with their last contact, and elder households without a volunteer",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.QuietDays < 0 {
				return &ledger.FieldError{Field: "--quiet-days", Value: strconv.Itoa(opts.QuietDays), Accepted: a.T("cli.accept.days"), Err: ledger.ErrInvalid}
			}
			return pairListRun(cmd.Context(), a, opts)
		},
	}
	c.Flags().BoolVar(&opts.JSON, "json", false, "print JSON")
	c.Flags().BoolVar(&opts.UnpairedOnly, "unpaired", false, "only elder households without a volunteer")
	c.Flags().IntVar(&opts.QuietDays, "quiet-days", 0, "only pairs with no contact in this many days")
	c.Flags().BoolVar(&opts.Full, "full", false, "show names unmasked")
	return c
}

func pairListRun(ctx context.Context, a *App, opts pairListOptions) error {
	db, reg, err := a.openRegister(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	st, err := loadPairState(ctx, db.View, reg)
	if err != nil {
		return err
	}
	out := struct {
		Pairs    []pairJSON     `json:"pairs"`
		Unpaired []unpairedJSON `json:"unpaired"`
	}{Pairs: []pairJSON{}, Unpaired: []unpairedJSON{}}
	if !opts.UnpairedOnly {
		for hid, p := range st.valid {
			var f pairFacts
			if err := json.Unmarshal([]byte(p.Reasons), &f); err != nil {
				return said(a.T("cli.pairing", shortID(p.ID), err.Error()), err)
			}
			j := a.pairView(reg, st, hid, p.Volunteer, f, opts.Full)
			j.Since, j.LastContact = p.Since, p.LastContact
			if opts.QuietDays > 0 {
				last := p.Since
				if p.LastContact != "" {
					last = p.LastContact
				}
				if t, err := time.Parse("2006-01-02", last); err == nil && reg.On.Sub(t) < time.Duration(opts.QuietDays)*24*time.Hour {
					continue
				}
			}
			out.Pairs = append(out.Pairs, j)
		}
		sortPairs(out.Pairs, reg)
	}
	for _, f := range st.unpaired {
		out.Unpaired = append(out.Unpaired, unpairedJSON{ElderHousehold: f.Address.String(), Household: f.ID, Reason: "no_pair"})
	}
	if opts.JSON {
		return printJSON(a.Out, out)
	}
	if !opts.UnpairedOnly {
		if err := a.printPairs(out.Pairs, false); err != nil {
			return err
		}
	}
	rows := make([][]string, 0, len(out.Unpaired))
	for _, u := range out.Unpaired {
		rows = append(rows, []string{u.ElderHousehold})
	}
	if len(rows) > 0 || opts.UnpairedOnly {
		return printTable(a.Out, []string{a.T("s.unpaired")}, rows)
	}
	return nil
}

// elderHousehold finds the elder household an ELDER argument names: an
// address, a household ID, or a person living there.
func (a *App) elderHousehold(ctx context.Context, v ledger.View, reg *ledger.Register, ref string) (ledger.HouseholdFacts, error) {
	t, err := v.Target(ctx, ref)
	if err != nil {
		return ledger.HouseholdFacts{}, err
	}
	f, ok := reg.Facts(t.HouseholdID)
	if !ok || !f.ElderOnly {
		return ledger.HouseholdFacts{}, &ledger.FieldError{Field: a.T("cli.field.elder"), Value: f.Address.String(), Accepted: a.T("cli.accept.elder_only"), Err: ledger.ErrInvalid}
	}
	return f, nil
}

// pairTarget finds, inside a write, an elder household with its pairing
// state on --on's date.
func (a *App) pairTarget(ctx context.Context, v ledger.View, on time.Time, ref string) (*ledger.Register, *pairState, ledger.HouseholdFacts, error) {
	reg, err := v.Register(ctx, on)
	if err != nil {
		return nil, nil, ledger.HouseholdFacts{}, err
	}
	st, err := loadPairState(ctx, v, reg)
	if err != nil {
		return nil, nil, ledger.HouseholdFacts{}, err
	}
	f, err := a.elderHousehold(ctx, v, reg, ref)
	return reg, st, f, err
}

type pairSetOptions struct{ Elder, Volunteer string }

func newPairSetCmd(a *App) *cobra.Command {
	opts := pairSetOptions{}
	return &cobra.Command{
		Use:   "set ELDER VOLUNTEER",
		Short: "Pair an elder household with a chosen volunteer (ends its current pair)",
		Args:  exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Elder, opts.Volunteer = args[0], args[1]
			return pairSetRun(cmd.Context(), a, opts)
		},
	}
}

func pairSetRun(ctx context.Context, a *App, opts pairSetOptions) error {
	db, on, err := a.openOn(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	elder, err := a.pickTarget(ctx, db.View, opts.Elder, a.T("pick.elder"))
	if err != nil {
		return err
	}
	vol, err := a.pickPerson(ctx, db.View, opts.Volunteer, a.T("pick.volunteer"))
	if err != nil {
		return err
	}
	_, err = a.changeIn(ctx, db, change{command: "pair set", decides: true, apply: func(tx *ledger.Tx, r *report) error {
		reg, st, f, err := a.pairTarget(ctx, tx.View, on, targetRef(elder))
		if err != nil {
			return err
		}
		v, err := tx.Person(ctx, vol.ID)
		if err != nil {
			return err
		}
		if !v.Volunteer || !v.Present {
			return &ledger.FieldError{Field: a.T("cli.field.volunteer"), Value: whoIs(v), Accepted: a.T("cli.accept.volunteer"), Err: ledger.ErrInvalid}
		}
		if v.HouseholdID == f.ID {
			return &ledger.FieldError{Field: a.T("cli.field.volunteer"), Value: whoIs(v), Accepted: a.T("cli.accept.other_household"), Err: ledger.ErrInvalid}
		}
		day := reg.On.Format("2006-01-02")
		d := allocate.Distance(location(f.Address), location(v.Address))
		reasons, err := json.Marshal(pairFacts{Distance: d, SameUnit: d == allocate.DistSameUnit, SameBuilding: d <= allocate.DistSameBuilding})
		if err != nil {
			return err
		}
		if was, ok := st.valid[f.ID]; ok {
			if was.Volunteer == v.ID {
				return nil
			}
			if err := tx.EndPairing(was.ID, day, a.T("pair.why.set")); err != nil {
				return err
			}
		}
		for _, old := range st.stale { // every other current pair of the household ends too
			if old.ElderHousehold == f.ID {
				if err := tx.EndPairing(old.ID, day, a.T("pair.why.set")); err != nil {
					return err
				}
			}
		}
		if _, err := tx.AddPairing(f.ID, v.ID, day, string(reasons)); err != nil {
			return err
		}
		r.say("pair.set", f.Address.String(), ledger.MaskName(v.Name))
		return nil
	}})
	return err
}

type pairEndOptions struct{ Elder, Why string }

func newPairEndCmd(a *App) *cobra.Command {
	opts := pairEndOptions{}
	c := &cobra.Command{
		Use:   "end ELDER --why TEXT",
		Short: "End an elder household's pairing",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if strings.TrimSpace(opts.Why) == "" {
				return usageErr(errors.New(a.T("cli.why.pair")))
			}
			opts.Elder = args[0]
			return pairEndRun(cmd.Context(), a, opts)
		},
	}
	c.Flags().StringVar(&opts.Why, "why", "", "the reason (required)")
	return c
}

func pairEndRun(ctx context.Context, a *App, opts pairEndOptions) error {
	db, on, err := a.openOn(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	elder, err := a.pickTarget(ctx, db.View, opts.Elder, a.T("pick.elder"))
	if err != nil {
		return err
	}
	_, err = a.changeIn(ctx, db, change{command: "pair end", apply: func(tx *ledger.Tx, r *report) error {
		reg, st, f, err := a.pairTarget(ctx, tx.View, on, targetRef(elder))
		if err != nil {
			return err
		}
		p, ok := st.valid[f.ID]
		if !ok {
			return &ledger.FieldError{Field: a.T("cli.field.elder"), Value: f.Address.String(), Accepted: a.T("cli.accept.paired"), Err: ledger.ErrNotFound}
		}
		if err := tx.EndPairing(p.ID, reg.On.Format("2006-01-02"), ledger.NormalizeText(opts.Why)); err != nil {
			return err
		}
		r.say("pair.end", f.Address.String())
		return nil
	}})
	return err
}

type pairContactOptions struct{ Elder, Note string }

func newPairContactCmd(a *App) *cobra.Command {
	opts := pairContactOptions{}
	c := &cobra.Command{
		Use:   "contact ELDER [--note TEXT] [--on DATE]",
		Short: "Log a visit or call to a paired elder household",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Elder = args[0]
			return pairContactRun(cmd.Context(), a, opts)
		},
	}
	c.Flags().StringVar(&opts.Note, "note", "", "what happened (kept as personal data)")
	return c
}

func pairContactRun(ctx context.Context, a *App, opts pairContactOptions) error {
	db, on, err := a.openOn(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	elder, err := a.pickTarget(ctx, db.View, opts.Elder, a.T("pick.elder"))
	if err != nil {
		return err
	}
	_, err = a.changeIn(ctx, db, change{command: "pair contact", apply: func(tx *ledger.Tx, r *report) error {
		reg, st, f, err := a.pairTarget(ctx, tx.View, on, targetRef(elder))
		if err != nil {
			return err
		}
		p, ok := st.valid[f.ID]
		if !ok {
			return &ledger.FieldError{Field: a.T("cli.field.elder"), Value: f.Address.String(), Accepted: a.T("cli.accept.paired"), Err: ledger.ErrNotFound}
		}
		day := reg.On.Format("2006-01-02")
		if err := tx.AddContact(p.ID, day, ledger.NormalizeText(opts.Note)); err != nil {
			return err
		}
		r.say("pair.contact", f.Address.String(), day)
		return nil
	}})
	return err
}

package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"vol/allocate"
	"vol/ledger"
)

// pairState is the register's pairing situation: current pairings that
// still hold, those whose volunteer or elder no longer qualifies, and the
// elder-only households without a volunteer.
type pairState struct {
	valid    map[string]ledger.Pairing // elder household -> pairing
	stale    []ledger.Pairing
	unpaired []ledger.HouseholdFacts
	people   map[string]ledger.Person
}

func loadPairState(ctx context.Context, db *ledger.DB, reg *ledger.Register) (*pairState, error) {
	ps, err := db.Pairings(ctx, true)
	if err != nil {
		return nil, err
	}
	st := &pairState{valid: map[string]ledger.Pairing{}, people: map[string]ledger.Person{}}
	for _, p := range reg.People {
		st.people[p.ID] = p
	}
	for _, p := range ps {
		v, ok := st.people[p.Volunteer]
		f, fok := reg.Facts(p.ElderHousehold)
		_, dup := st.valid[p.ElderHousehold] // a second current pair of one household is stale
		if ok && v.Present && v.Volunteer && fok && f.ElderOnly && !dup {
			st.valid[p.ElderHousehold] = p
		} else {
			st.stale = append(st.stale, p)
		}
	}
	for _, f := range reg.Households {
		if _, ok := st.valid[f.ID]; f.ElderOnly && !ok {
			st.unpaired = append(st.unpaired, f)
		}
	}
	return st, nil
}

func location(a ledger.Address) allocate.Location {
	return allocate.Location{Area: a.Area, Building: a.Building, BuildingNum: leadingInt(a.Building), Unit: a.Unit}
}

// pairInput turns the register into the pairing problem: elder-only
// households with their present elders' needs, present volunteers.
func pairInput(reg *ledger.Register, capacity int) allocate.PairInput {
	var in allocate.PairInput
	needs := map[string][]string{}
	elders := map[string]int{}
	for _, p := range reg.People {
		if f, ok := reg.Facts(p.HouseholdID); ok && f.ElderOnly && p.Present && p.Role == ledger.RoleResident {
			needs[p.HouseholdID] = append(needs[p.HouseholdID], p.Needs...)
			elders[p.HouseholdID]++
		}
		if p.Present && p.Volunteer {
			in.Volunteers = append(in.Volunteers, allocate.Volunteer{ID: p.ID, Household: p.HouseholdID,
				Loc: location(p.Address), Skills: p.Skills, Capacity: capacity})
		}
	}
	for _, f := range reg.Households {
		if f.ElderOnly {
			in.Elders = append(in.Elders, allocate.ElderHousehold{ID: f.ID, Loc: location(f.Address), Needs: needs[f.ID], Elders: elders[f.ID]})
		}
	}
	// An exact dense solve for a compound; K nearest for a district.
	if len(in.Elders)*len(in.Volunteers)*max(capacity, 1) > 4_000_000 {
		in.K = 16
	}
	return in
}

type pairJSON struct {
	ElderHousehold string   `json:"elder_household"`
	Household      string   `json:"household_id"`
	Elders         []string `json:"elders"`
	Volunteer      string   `json:"volunteer"`
	VolunteerID    string   `json:"volunteer_id"`
	VolunteerAddr  string   `json:"volunteer_address"`
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
	for _, p := range reg.People {
		if p.HouseholdID == hid && p.Present && p.Role == ledger.RoleResident {
			j.Elders = append(j.Elders, maskUnless(p.Name, full))
		}
	}
	if v, ok := st.people[vid]; ok {
		j.Volunteer, j.VolunteerAddr = maskUnless(v.Name, full), v.Address.String()
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
shows the moves before applying them. Running it again changes nothing.`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.Capacity < 1 {
				return &ledger.FieldError{Field: "--capacity", Value: strconv.Itoa(opts.Capacity), Accepted: "1 or more households per volunteer", Err: ledger.ErrInvalid}
			}
			if opts.MaxDistance < 0 {
				return &ledger.FieldError{Field: "--max-distance", Value: strconv.Itoa(opts.MaxDistance), Accepted: "0 (no limit) or more", Err: ledger.ErrInvalid}
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

func pairEldersRun(ctx context.Context, a *App, opts pairOptions) error {
	db, reg, err := a.openRegister(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	st, err := loadPairState(ctx, db, reg)
	if err != nil {
		return err
	}
	in := pairInput(reg, opts.Capacity)
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
	plan := allocate.Pairs(in)
	out := struct {
		Pairs     []pairJSON     `json:"pairs"`
		Unpaired  []unpairedJSON `json:"unpaired"`
		TotalCost int64          `json:"total_cost"`
		Ended     int            `json:"ended"`
	}{Pairs: []pairJSON{}, Unpaired: []unpairedJSON{}, TotalCost: plan.TotalCost, Ended: len(st.stale)}
	facts := map[string]pairFacts{}
	for _, l := range plan.Pairs {
		f := pairFacts{Distance: l.Distance, SameUnit: l.SameUnit, SameBuilding: l.SameBuilding, Matched: l.Matched, Uncovered: l.Uncovered}
		facts[l.Elder] = f
		j := a.pairView(reg, st, l.Elder, l.Volunteer, f, opts.Full)
		if was, ok := st.valid[l.Elder]; ok {
			if v, ok := st.people[was.Volunteer]; ok {
				j.Was = maskUnless(v.Name, opts.Full)
			}
		}
		out.Pairs = append(out.Pairs, j)
	}
	for _, u := range plan.Unpaired {
		j := unpairedJSON{Household: u.Elder, Reason: u.Reason}
		if h, ok := reg.Facts(u.Elder); ok {
			j.ElderHousehold = h.Address.String()
		}
		out.Unpaired = append(out.Unpaired, j)
	}
	sortPairs(out.Pairs, reg)
	if opts.Rebalance && len(out.Pairs) > 0 && !opts.DryRun && !opts.Yes {
		// Show the moves before asking (or before refusing off a terminal).
		if err := a.printPairs(out.Pairs, true); err != nil {
			return err
		}
		if err := a.confirm(false, a.T("pair.confirm", len(out.Pairs))); err != nil {
			return err
		}
	}
	if !opts.DryRun && (len(plan.Pairs) > 0 || len(st.stale) > 0) {
		day := reg.On.Format("2006-01-02")
		_, err := db.Write(ctx, a.meta("pair elders"), func(tx *ledger.Tx) error {
			for _, p := range st.stale {
				if err := tx.EndPairing(p.ID, day, a.T("pair.why.gone")); err != nil {
					return err
				}
			}
			for _, l := range plan.Pairs {
				if was, ok := st.valid[l.Elder]; ok {
					if err := tx.EndPairing(was.ID, day, a.T("pair.why.rebalance")); err != nil {
						return err
					}
				}
				reasons, _ := json.Marshal(facts[l.Elder])
				if _, err := tx.AddPairing(l.Elder, l.Volunteer, day, string(reasons)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		if len(st.stale) > 0 {
			a.info("%s", a.T("pair.ended", len(st.stale)))
		}
	}
	if opts.JSON {
		return printJSON(a.Out, out)
	}
	if len(out.Pairs) == 0 && len(out.Unpaired) == 0 {
		a.info("%s", a.T("pair.none"))
		return nil
	}
	if err := a.printPairs(out.Pairs, opts.Rebalance); err != nil {
		return err
	}
	for _, u := range out.Unpaired {
		fmt.Fprintln(a.Out, a.T("pair.unpaired", u.ElderHousehold, a.T("reason."+u.Reason)))
	}
	switch {
	case opts.DryRun:
		a.info("%s", a.T("msg.dryrun"))
	case opts.Rebalance:
		a.info("%s", a.T("pair.rebalance", len(out.Pairs)))
	default:
		a.info("%s", a.T("pair.made", len(out.Pairs)))
	}
	return nil
}

func sortPairs(ps []pairJSON, reg *ledger.Register) {
	rank := map[string]int{}
	for i, f := range reg.Households {
		rank[f.ID] = i
	}
	sort.SliceStable(ps, func(i, j int) bool { return rank[ps[i].Household] < rank[ps[j].Household] })
}

func (a *App) printPairs(ps []pairJSON, moves bool) error {
	rows := make([][]string, 0, len(ps))
	for _, p := range ps {
		row := []string{p.ElderHousehold, strings.Join(p.Elders, "、"), p.Volunteer, p.VolunteerAddr, strings.Join(p.Reasons, "; ")}
		if moves {
			row = append(row, p.Was+" → "+p.Volunteer)
		}
		if p.Since != "" {
			row = append(row, p.Since, p.LastContact)
		}
		rows = append(rows, row)
	}
	head := []string{a.T("h.elder_household"), a.T("h.elders"), a.T("h.volunteer_name"), a.T("h.volunteer_addr"), a.T("h.reasons")}
	if moves {
		head = append(head, a.T("h.move"))
	}
	if len(ps) > 0 && ps[0].Since != "" {
		head = append(head, a.T("h.since"), a.T("h.last_contact"))
	}
	return printTable(a.Out, head, rows)
}

func newPairListCmd(a *App) *cobra.Command {
	var asJSON, unpairedOnly, full bool
	var quiet int
	c := &cobra.Command{
		Use:   "list [--unpaired] [--quiet-days N]",
		Short: "Current pairs with their last contact, and elder households without a volunteer",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			on, err := a.date()
			if err != nil {
				return err
			}
			if quiet < 0 {
				return &ledger.FieldError{Field: "--quiet-days", Value: strconv.Itoa(quiet), Accepted: "0 or more days", Err: ledger.ErrInvalid}
			}
			db, err := a.open(ctx)
			if err != nil {
				return err
			}
			defer db.Close()
			reg, err := db.Register(ctx, on)
			if err != nil {
				return err
			}
			st, err := loadPairState(ctx, db, reg)
			if err != nil {
				return err
			}
			out := struct {
				Pairs    []pairJSON     `json:"pairs"`
				Unpaired []unpairedJSON `json:"unpaired"`
			}{Pairs: []pairJSON{}, Unpaired: []unpairedJSON{}}
			if !unpairedOnly {
				for hid, p := range st.valid {
					var f pairFacts
					json.Unmarshal([]byte(p.Reasons), &f)
					j := a.pairView(reg, st, hid, p.Volunteer, f, full)
					j.Since, j.LastContact = p.Since, p.LastContact
					if quiet > 0 {
						last := p.Since
						if p.LastContact != "" {
							last = p.LastContact
						}
						if t, err := time.Parse("2006-01-02", last); err == nil && on.Sub(t) < time.Duration(quiet)*24*time.Hour {
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
			if asJSON {
				return printJSON(a.Out, out)
			}
			if !unpairedOnly {
				if err := a.printPairs(out.Pairs, false); err != nil {
					return err
				}
			}
			rows := make([][]string, 0, len(out.Unpaired))
			for _, u := range out.Unpaired {
				rows = append(rows, []string{u.ElderHousehold})
			}
			if len(rows) > 0 || unpairedOnly {
				return printTable(a.Out, []string{a.T("s.unpaired")}, rows)
			}
			return nil
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	c.Flags().BoolVar(&unpairedOnly, "unpaired", false, "only elder households without a volunteer")
	c.Flags().IntVar(&quiet, "quiet-days", 0, "only pairs with no contact in this many days")
	c.Flags().BoolVar(&full, "full", false, "show names unmasked")
	return c
}

// elderHousehold finds the elder household an ELDER argument names: an
// address, a household ID, or a person living there.
func elderHousehold(ctx context.Context, db *ledger.DB, reg *ledger.Register, ref string) (ledger.HouseholdFacts, error) {
	t, err := db.Target(ctx, ref)
	if err != nil {
		return ledger.HouseholdFacts{}, err
	}
	f, ok := reg.Facts(t.HouseholdID)
	if !ok || !f.ElderOnly {
		return ledger.HouseholdFacts{}, &ledger.FieldError{Field: "elder", Value: f.Address.String(), Accepted: "an elder-only household (vol elders lists them)", Err: ledger.ErrInvalid}
	}
	return f, nil
}

func newPairSetCmd(a *App) *cobra.Command {
	return &cobra.Command{
		Use:   "set ELDER VOLUNTEER",
		Short: "Pair an elder household with a chosen volunteer (ends its current pair)",
		Args:  exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			db, reg, err := a.openRegister(ctx)
			if err != nil {
				return err
			}
			defer db.Close()
			f, err := elderHousehold(ctx, db, reg, args[0])
			if err != nil {
				return err
			}
			v, err := db.Person(ctx, args[1])
			if err != nil {
				return err
			}
			if !v.Volunteer || !v.Present {
				return &ledger.FieldError{Field: "volunteer", Value: shortID(v.ID), Accepted: "a present volunteer (vol volunteers lists them)", Err: ledger.ErrInvalid}
			}
			if v.HouseholdID == f.ID {
				return &ledger.FieldError{Field: "volunteer", Value: shortID(v.ID), Accepted: "a volunteer from another household", Err: ledger.ErrInvalid}
			}
			st, err := loadPairState(ctx, db, reg)
			if err != nil {
				return err
			}
			day := reg.On.Format("2006-01-02")
			d := allocate.Distance(location(f.Address), location(v.Address))
			facts := pairFacts{Distance: d, SameUnit: d == allocate.DistSameUnit, SameBuilding: d <= allocate.DistSameBuilding}
			reasons, _ := json.Marshal(facts)
			e, err := db.Write(ctx, a.meta("pair set"), func(tx *ledger.Tx) error {
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
				_, err := tx.AddPairing(f.ID, v.ID, day, string(reasons))
				return err
			})
			return a.reportWrite(e, err, "pair.set", f.Address.String(), ledger.MaskName(v.Name))
		},
	}
}

func newPairEndCmd(a *App) *cobra.Command {
	var why string
	c := &cobra.Command{
		Use:   "end ELDER --why TEXT",
		Short: "End an elder household's pairing",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if strings.TrimSpace(why) == "" {
				return usageErr(errors.New("--why: say why the pairing ends"))
			}
			db, reg, st, f, err := a.pairTarget(ctx, args[0])
			if err != nil {
				return err
			}
			defer db.Close()
			p, ok := st.valid[f.ID]
			if !ok {
				return &ledger.FieldError{Field: "elder", Value: f.Address.String(), Accepted: "a paired elder household (vol pair list)", Err: ledger.ErrNotFound}
			}
			e, err := db.Write(ctx, a.meta("pair end"), func(tx *ledger.Tx) error {
				return tx.EndPairing(p.ID, reg.On.Format("2006-01-02"), ledger.NormalizeText(why))
			})
			return a.reportWrite(e, err, "pair.end", f.Address.String())
		},
	}
	c.Flags().StringVar(&why, "why", "", "the reason (required)")
	return c
}

func newPairContactCmd(a *App) *cobra.Command {
	var note string
	c := &cobra.Command{
		Use:   "contact ELDER [--note TEXT] [--on DATE]",
		Short: "Log a visit or call to a paired elder household",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			db, reg, st, f, err := a.pairTarget(ctx, args[0])
			if err != nil {
				return err
			}
			defer db.Close()
			p, ok := st.valid[f.ID]
			if !ok {
				return &ledger.FieldError{Field: "elder", Value: f.Address.String(), Accepted: "a paired elder household (vol pair list)", Err: ledger.ErrNotFound}
			}
			day := reg.On.Format("2006-01-02")
			e, err := db.Write(ctx, a.meta("pair contact"), func(tx *ledger.Tx) error {
				return tx.AddContact(p.ID, day, ledger.NormalizeText(note))
			})
			return a.reportWrite(e, err, "pair.contact", f.Address.String(), day)
		},
	}
	c.Flags().StringVar(&note, "note", "", "what happened (kept as personal data)")
	return c
}

// pairTarget opens the ledger and finds an elder household with its pairing
// state; the caller closes the ledger.
func (a *App) pairTarget(ctx context.Context, ref string) (*ledger.DB, *ledger.Register, *pairState, ledger.HouseholdFacts, error) {
	db, reg, err := a.openRegister(ctx)
	if err != nil {
		return nil, nil, nil, ledger.HouseholdFacts{}, err
	}
	st, err := loadPairState(ctx, db, reg)
	if err == nil {
		var f ledger.HouseholdFacts
		if f, err = elderHousehold(ctx, db, reg, ref); err == nil {
			return db, reg, st, f, nil
		}
	}
	db.Close()
	return nil, nil, nil, ledger.HouseholdFacts{}, err
}

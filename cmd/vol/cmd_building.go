package main

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"vol/ledger"
)

type buildingSetOptions struct {
	Ref, Leader, Deputy  string
	SetLeader, SetDeputy bool
}

func newBuildingCmd(a *App) *cobra.Command {
	return groupCmd("building", "Set a building's leader (楼组长) and deputy", newBuildingSetCmd(a))
}

func newBuildingSetCmd(a *App) *cobra.Command {
	opts := buildingSetOptions{}
	c := &cobra.Command{
		Use:   "set BUILDING [--leader PERSON] [--deputy PERSON]",
		Short: "Name a building's leader (楼组长) and deputy; an empty value (--deputy '') clears one",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ref = args[0]
			opts.SetLeader, opts.SetDeputy = cmd.Flags().Changed("leader"), cmd.Flags().Changed("deputy")
			if !opts.SetLeader && !opts.SetDeputy {
				return usageErr(said(a.T("building.none"), ledger.ErrInvalid))
			}
			return buildingSetRun(cmd.Context(), a, opts)
		},
	}
	c.Flags().StringVar(&opts.Leader, "leader", "", "the building's leader (PERSON: a name, NAME@ADDRESS, a phone, an ID)")
	c.Flags().StringVar(&opts.Deputy, "deputy", "", "the leader's deputy (PERSON)")
	return c
}

func buildingSetRun(ctx context.Context, a *App, opts buildingSetOptions) error {
	db, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	b, err := db.FindBuilding(ctx, opts.Ref)
	if err != nil {
		return err
	}
	// People are picked before the write, so a question never holds the ledger.
	pick := func(set bool, ref, field string) (*string, *ledger.Person, error) {
		if !set {
			return nil, nil, nil
		}
		if strings.TrimSpace(ref) == "" {
			empty := ""
			return &empty, nil, nil
		}
		p, err := a.pickPerson(ctx, db.View, ref, field)
		if err != nil {
			return nil, nil, err
		}
		return &p.ID, &p, nil
	}
	leader, lp, err := pick(opts.SetLeader, opts.Leader, "--leader")
	if err != nil {
		return err
	}
	deputy, dp, err := pick(opts.SetDeputy, opts.Deputy, "--deputy")
	if err != nil {
		return err
	}
	_, err = a.changeIn(ctx, db, change{command: "building set", apply: func(tx *ledger.Tx, r *report) error {
		if err := tx.SetBuildingRoles(b, leader, deputy); err != nil {
			return err
		}
		for _, x := range []struct {
			p   *ledger.Person
			id  *string
			key string
		}{{lp, leader, "building.leader"}, {dp, deputy, "building.deputy"}} {
			switch {
			case x.p != nil:
				r.say(x.key, b.String(), whoIs(*x.p))
			case x.id != nil:
				r.say(x.key+".none", b.String())
			}
		}
		return nil
	}})
	return err
}

// buildingJSON is one building of vol buildings.
type buildingJSON struct {
	Building          string `json:"building"`
	LeaderID          string `json:"leader_id"`
	Leader            string `json:"leader"` // masked unless --full
	LeaderPhone       string `json:"leader_phone"`
	DeputyID          string `json:"deputy_id"`
	Deputy            string `json:"deputy"`
	PresentHouseholds int    `json:"present_households"`
	Residents         int    `json:"residents"`
	Elders            int    `json:"elders"`
	Volunteers        int    `json:"volunteers"`
}

type buildingsOptions struct{ JSON, Full bool }

func newBuildingsCmd(a *App) *cobra.Command {
	opts := buildingsOptions{}
	c := &cobra.Command{
		Use:   "buildings [--json] [--full]",
		Short: "Every building with its leader, deputy, present households, residents, elders and volunteers",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			return buildingsRun(cmd.Context(), a, opts)
		},
	}
	c.Flags().BoolVar(&opts.JSON, "json", false, "print JSON")
	c.Flags().BoolVar(&opts.Full, "full", false, "show names and phones unmasked")
	return c
}

// buildingsOf counts each building's present households, residents, elders
// and volunteers, in address order, with its leader and deputy.
func (a *App) buildingsOf(ctx context.Context, db *ledger.DB, on time.Time, full bool) ([]buildingJSON, error) {
	roles, err := db.BuildingRoles(ctx)
	if err != nil {
		return nil, err
	}
	reg, err := db.Roster(ctx, on) // the counts need no names
	if err != nil {
		return nil, err
	}
	var named []string
	for _, r := range roles {
		named = append(named, r.Leader, r.Deputy)
	}
	leaders, err := db.RegisterOf(ctx, on, nil, named)
	if err != nil {
		return nil, err
	}
	people := map[string]ledger.Person{}
	for _, p := range leaders.People {
		people[p.ID] = p
	}
	var out []buildingJSON
	idx := map[string]int{}
	for _, f := range reg.Households {
		key := ledger.Building{Area: f.Address.Area, Building: f.Address.Building}.String()
		i, ok := idx[key]
		if !ok {
			i = len(out)
			idx[key] = i
			b := buildingJSON{Building: key}
			if r, ok := roles[key]; ok {
				b.LeaderID, b.DeputyID = r.Leader, r.Deputy
				if p, ok := people[r.Leader]; ok {
					b.Leader, b.LeaderPhone = maskUnless(p.Name, full), phoneShown(p, full)
				}
				if p, ok := people[r.Deputy]; ok {
					b.Deputy = maskUnless(p.Name, full)
				}
			}
			out = append(out, b)
		}
		if f.Present {
			out[i].PresentHouseholds++
			out[i].Residents += f.PresentSize
		}
	}
	for _, p := range reg.People {
		f, ok := reg.Facts(p.HouseholdID)
		if !ok || !p.Present {
			continue
		}
		i := idx[ledger.Building{Area: f.Address.Area, Building: f.Address.Building}.String()]
		if p.Role == ledger.RoleResident && reg.IsElder(p) {
			out[i].Elders++
		}
		if p.Volunteer {
			out[i].Volunteers++
		}
	}
	return out, nil
}

func buildingsRun(ctx context.Context, a *App, opts buildingsOptions) error {
	db, on, err := a.openOn(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	bs, err := a.buildingsOf(ctx, db, on, opts.Full)
	if err != nil {
		return err
	}
	if opts.JSON {
		if bs == nil {
			bs = []buildingJSON{}
		}
		return printJSON(a.Out, bs)
	}
	rows := make([][]string, 0, len(bs))
	for _, b := range bs {
		rows = append(rows, []string{b.Building, b.Leader, b.LeaderPhone, b.Deputy, strconv.Itoa(b.PresentHouseholds),
			strconv.Itoa(b.Residents), strconv.Itoa(b.Elders), strconv.Itoa(b.Volunteers)})
	}
	return printTable(a.Out, []string{a.T("h.building"), a.T("h.leader"), a.T("h.leader_phone"), a.T("h.deputy"),
		a.T("h.present_households"), a.T("h.residents"), a.T("h.elders_n"), a.T("h.volunteers_n")}, rows)
}

// leaderOf is a building's leader as a contact line shows them: masked
// name and phone (in full when they share it), "" when it has none.
func (a *App) leaderOf(ctx context.Context, v ledger.View, reg *ledger.Register, addr ledger.Address, full bool) (string, error) {
	roles, err := v.BuildingRoles(ctx)
	if err != nil {
		return "", err
	}
	r, ok := roles[ledger.Building{Area: addr.Area, Building: addr.Building}.String()]
	if !ok || r.Leader == "" {
		return "", nil
	}
	for _, p := range reg.People {
		if p.ID == r.Leader {
			return strings.TrimSpace(maskUnless(p.Name, full) + " " + phoneShown(p, full)), nil
		}
	}
	return "", nil
}

type dutyOptions struct {
	Ref  string
	Tags []string
	Add  bool
}

func newDutyCmd(a *App) *cobra.Command {
	return groupCmd("duty", "Give or take a person's duty tags (楼组长, 采购, 顾问, 门岗, 巡逻, 核酸 …)",
		newDutyChangeCmd(a, true), newDutyChangeCmd(a, false))
}

func newDutyChangeCmd(a *App, add bool) *cobra.Command {
	opts := dutyOptions{Add: add}
	use, short := "add PERSON TAG…", "Give a person duty tags"
	if !add {
		use, short = "rm PERSON TAG…", "Take duty tags from a person"
	}
	return &cobra.Command{
		Use:   use,
		Short: short,
		Args:  minArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ref, opts.Tags = args[0], ledger.SplitTags(strings.Join(args[1:], ","))
			return dutyRun(cmd.Context(), a, opts)
		},
	}
}

func dutyRun(ctx context.Context, a *App, opts dutyOptions) error {
	db, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	picked, err := a.pickPerson(ctx, db.View, opts.Ref, a.T("pick.person"))
	if err != nil {
		return err
	}
	command := "duty add"
	if !opts.Add {
		command = "duty rm"
	}
	_, err = a.changeIn(ctx, db, change{command: command, apply: func(tx *ledger.Tx, r *report) error {
		p, err := tx.Person(ctx, picked.ID)
		if err != nil {
			return err
		}
		duties := slices.Clone(p.Duties)
		for _, t := range opts.Tags {
			switch has := slices.Contains(duties, t); {
			case opts.Add && !has:
				duties = append(duties, t)
			case !opts.Add && has:
				duties = slices.DeleteFunc(duties, func(d string) bool { return d == t })
			}
		}
		if err := tx.SetPerson(p.ID, ledger.PersonChange{Duties: &duties}); err != nil {
			return err
		}
		r.say("duty.now", whoIs(p), strings.Join(ledger.SplitTags(strings.Join(duties, ",")), "、"))
		return nil
	}})
	return err
}

package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"vol/ledger"
)

func newHouseholdCmd(a *App) *cobra.Command {
	return groupCmd("household", "Register, list, show, correct or remove households",
		newHouseholdAddCmd(a), newHouseholdListCmd(a), newHouseholdShowCmd(a),
		newHouseholdSetCmd(a), newHouseholdRmCmd(a))
}

func newHouseholdAddCmd(a *App) *cobra.Command {
	var dryRun bool
	c := &cobra.Command{
		Use:   "add ADDRESS...",
		Short: "Register households by address (3号楼2单元501室, 3-2-501, 3-501, 123弄5号501室 …)",
		Args:  minArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			addrs := make([]ledger.Address, len(args))
			for i, s := range args {
				addr, err := ledger.ParseAddress(s)
				if err != nil {
					return err
				}
				addrs[i] = addr
			}
			db, err := a.open(cmd.Context())
			if err != nil {
				return err
			}
			defer db.Close()
			var added []string
			e, err := db.Write(cmd.Context(), a.meta("household add"), func(tx *ledger.Tx) error {
				for _, addr := range addrs {
					if _, err := tx.AddHousehold(addr); err != nil {
						return err
					}
					added = append(added, addr.String())
				}
				if dryRun {
					return errDryRun
				}
				return nil
			})
			if errors.Is(err, errDryRun) {
				for _, s := range added {
					a.info("%s", a.T("msg.household.added", s))
				}
				a.info("%s", a.T("msg.dryrun"))
				return nil
			}
			if err != nil || e == nil {
				return a.reportWrite(e, err, "")
			}
			for _, s := range added {
				a.info("%s", a.T("msg.household.added", s))
			}
			return nil
		},
	}
	c.Flags().BoolVar(&dryRun, "dry-run", false, "check and show, write nothing")
	return c
}

// errDryRun rolls a write back after it has been checked in full.
var errDryRun = errors.New("dry run")

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

func newHouseholdListCmd(a *App) *cobra.Command {
	var asJSON, present, away bool
	var building string
	var limit int
	c := &cobra.Command{
		Use:   "list",
		Short: "List households in address order",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if present && away {
				return usageErr(errors.New("--present and --away exclude each other"))
			}
			if limit < 0 {
				return usageErr(fmt.Errorf("--limit (%d): want 0 (all) or more", limit))
			}
			inBuilding, err := buildingFilter(building)
			if err != nil {
				return err
			}
			reg, err := a.register(cmd.Context())
			if err != nil {
				return err
			}
			out := []householdJSON{}
			for _, f := range reg.Households {
				if (present && !f.Present) || (away && f.Present) || !inBuilding(f.Address) {
					continue
				}
				out = append(out, toHouseholdJSON(f))
				if limit > 0 && len(out) == limit {
					break
				}
			}
			if asJSON {
				return printJSON(a.Out, out)
			}
			rows := make([][]string, 0, len(out))
			for _, h := range out {
				rows = append(rows, []string{shortID(h.ID), h.Address, a.yesno(h.Present), strconv.Itoa(h.PresentSize), strconv.Itoa(h.Listed)})
			}
			return printTable(a.Out, []string{a.T("h.id"), a.T("h.address"), a.T("h.present"), a.T("h.size"), a.T("h.listed")}, rows)
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	c.Flags().BoolVar(&present, "present", false, "only present households")
	c.Flags().BoolVar(&away, "away", false, "only households with nobody present")
	c.Flags().StringVar(&building, "building", "", "only this building")
	c.Flags().IntVar(&limit, "limit", 0, "at most this many households (0: all)")
	return c
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

// openRegister opens the ledger and loads the register on --on's date; the
// caller closes the ledger.
func (a *App) openRegister(ctx context.Context) (*ledger.DB, *ledger.Register, error) {
	on, err := a.date()
	if err != nil {
		return nil, nil, err
	}
	db, err := a.open(ctx)
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

func newHouseholdShowCmd(a *App) *cobra.Command {
	var asJSON, full bool
	c := &cobra.Command{
		Use:   "show ADDRESS|ID",
		Short: "Show a household and the people listed in it",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			db, reg, err := a.openRegister(ctx)
			if err != nil {
				return err
			}
			defer db.Close()
			h, err := db.Household(ctx, args[0])
			if err != nil {
				return err
			}
			f, _ := reg.Facts(h.ID)
			people, err := db.HouseholdPeople(ctx, h.ID)
			if err != nil {
				return err
			}
			if full {
				a.info("%s", a.T("msg.full"))
			}
			if asJSON {
				return printJSON(a.Out, struct {
					householdJSON
					People []personJSON `json:"people"`
				}{toHouseholdJSON(f), a.peopleJSON(people, reg, full)})
			}
			if err := printTable(a.Out, []string{a.T("h.id"), a.T("h.address"), a.T("h.present"), a.T("h.size"), a.T("h.listed")},
				[][]string{{h.ID, h.Address.String(), a.yesno(f.Present), strconv.Itoa(f.PresentSize), strconv.Itoa(f.Listed)}}); err != nil {
				return err
			}
			return a.printPeople(people, reg, full)
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	c.Flags().BoolVar(&full, "full", false, "show phones and birth months unmasked")
	return c
}

func newHouseholdSetCmd(a *App) *cobra.Command {
	var address string
	c := &cobra.Command{
		Use:   "set ADDRESS|ID --address NEW",
		Short: "Correct a household's address",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if address == "" {
				return usageErr(errors.New("nothing to set: give --address"))
			}
			addr, err := ledger.ParseAddress(address)
			if err != nil {
				return err
			}
			db, err := a.open(cmd.Context())
			if err != nil {
				return err
			}
			defer db.Close()
			h, err := db.Household(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			e, err := db.Write(cmd.Context(), a.meta("household set"), func(tx *ledger.Tx) error {
				return tx.MoveHousehold(h.ID, addr)
			})
			return a.reportWrite(e, err, "msg.household.moved", h.Address.String(), addr.String())
		},
	}
	c.Flags().StringVar(&address, "address", "", "the corrected address")
	return c
}

func newHouseholdRmCmd(a *App) *cobra.Command {
	var yes bool
	c := &cobra.Command{
		Use:   "rm ADDRESS|ID",
		Short: "Take a household with nobody listed off the register",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			db, err := a.open(cmd.Context())
			if err != nil {
				return err
			}
			defer db.Close()
			h, err := db.Household(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			if err := a.confirm(yes, a.T("confirm.rm.household", h.Address.String())); err != nil {
				return err
			}
			e, err := db.Write(cmd.Context(), a.meta("household rm"), func(tx *ledger.Tx) error {
				return tx.RemoveHousehold(h.ID)
			})
			return a.reportWrite(e, err, "msg.household.removed", h.Address.String())
		},
	}
	c.Flags().BoolVar(&yes, "yes", false, "confirm without asking")
	return c
}

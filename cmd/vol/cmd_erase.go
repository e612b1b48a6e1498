package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"vol/ledger"
)

func newEraseCmd(a *App) *cobra.Command {
	var why string
	var yes bool
	c := &cobra.Command{
		Use:   "erase PERSON --why TEXT",
		Short: "Erase a person's personal data for good (journal chains still verify)",
		Long: `Erase a person's personal data: their row in the register, their name, birth,
phone, needs, emergency contact and notes wherever the ledger keeps them, and
the key of their keyed hashes. The journal keeps a record that an erasure
happened, who asked for it, when and why, but not what was erased, and every
hash chain still verifies. vol then checkpoints the WAL and rebuilds the file,
so the values appear nowhere in it. An erasure cannot be undone.`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if strings.TrimSpace(why) == "" {
				return usageErr(errors.New("--why: say why the data is erased"))
			}
			db, err := a.open(ctx)
			if err != nil {
				return err
			}
			defer db.Close()
			p, err := db.Person(ctx, args[0])
			if err != nil {
				return err
			}
			if err := a.confirm(yes, a.T("confirm.erase", shortID(p.ID))); err != nil {
				return err
			}
			_, err = db.Write(ctx, a.meta("erase"), func(tx *ledger.Tx) error {
				return tx.Erase(p.ID, ledger.NormalizeText(why))
			})
			if err != nil {
				return err
			}
			if err := db.Compact(ctx); err != nil {
				return fmt.Errorf("%s; %w", a.T("msg.erased.recorded", shortID(p.ID)), err)
			}
			a.info("%s", a.T("msg.erased", shortID(p.ID)))
			return nil
		},
	}
	c.Flags().StringVar(&why, "why", "", "the reason (required; kept in the ledger)")
	c.Flags().BoolVar(&yes, "yes", false, "confirm without asking")
	return c
}

func newCompactCmd(a *App) *cobra.Command {
	return &cobra.Command{
		Use:   "compact",
		Short: "Rebuild the ledger file so erased or purged values leave it for good",
		Long: `Checkpoint the WAL into the ledger and rebuild the file (VACUUM with
secure_delete), so values erased or purged earlier no longer sit in its free
space. vol erase and vol med purge do this themselves; run it when they said
another vol had the ledger open.`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			db, err := a.open(cmd.Context())
			if err != nil {
				return err
			}
			defer db.Close()
			return db.Compact(cmd.Context())
		},
	}
}

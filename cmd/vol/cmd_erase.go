package main

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"vol/ledger"
)

type eraseOptions struct {
	Ref, Why         string
	Yes, NoTombstone bool
}

func newEraseCmd(a *App) *cobra.Command {
	opts := eraseOptions{}
	c := &cobra.Command{
		Use:   "erase PERSON --why TEXT",
		Short: "Erase a person's personal data for good (journal chains still verify)",
		Long: `Erase a person's personal data: their row in the register, their name, birth,
phone, needs, emergency contact and notes wherever the ledger keeps them, and
the key of their keyed hashes. The journal keeps a record that an erasure
happened, who asked for it, when and why, but not what was erased, and every
hash chain still verifies. vol then checkpoints the WAL and rebuilds the file,
so the values appear nowhere in it. An erasure cannot be undone.

It leaves a tombstone: a keyed hash of the household, name and birth, so
that the next official sheet still listing the person does not add them
again unnoticed (vol import says it skipped them; --include-erased adds
them). Someone holding the ledger could test a guess against it;
--no-tombstone leaves none.`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if strings.TrimSpace(opts.Why) == "" {
				return usageErr(errors.New(a.T("cli.why.erase")))
			}
			opts.Ref = args[0]
			return eraseRun(cmd.Context(), a, opts)
		},
	}
	c.Flags().StringVar(&opts.Why, "why", "", "the reason (required; kept in the ledger)")
	c.Flags().BoolVar(&opts.Yes, "yes", false, "confirm without asking")
	c.Flags().BoolVar(&opts.NoTombstone, "no-tombstone", false, "keep no keyed hash of who was erased (a later sheet listing them adds them again)")
	return c
}

func eraseRun(ctx context.Context, a *App, opts eraseOptions) error {
	var p ledger.Person
	_, err := a.change(ctx, change{command: "erase", yes: opts.Yes,
		ask: func(v ledger.View) (string, error) {
			var err error
			p, err = a.pickPerson(ctx, v, opts.Ref, a.T("pick.person"))
			return a.T("confirm.erase", whoIs(p)), err
		},
		apply: func(tx *ledger.Tx, r *report) error {
			return tx.Erase(p.ID, ledger.NormalizeText(opts.Why), !opts.NoTombstone)
		},
		after: func(db *ledger.DB) error {
			if err := db.Compact(ctx); err != nil {
				return said(a.T("cli.semi", a.T("msg.erased.recorded", whoIs(p)), err.Error()), err)
			}
			// Temporary copies a killed command left may hold the person too.
			ledger.SweepTemps(db.Path(), time.Time{}, true)
			a.info("%s", a.T("msg.erased", whoIs(p)))
			return nil
		}})
	return err
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
			return compactRun(cmd.Context(), a)
		},
	}
}

func compactRun(ctx context.Context, a *App) error {
	db, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	return db.Compact(ctx)
}

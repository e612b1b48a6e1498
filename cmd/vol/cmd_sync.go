package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"vol/ledger"
)

func newSyncCmd(a *App) *cobra.Command {
	return groupCmd("sync", "Bring copies of the ledger together by handing files over (no server)",
		newSyncExportCmd(a), newSyncImportCmd(a), newSyncPeersCmd(a))
}

type syncExportOptions struct {
	Out, Peer, PassFile string
	Encrypt, JSON       bool
}

func newSyncExportCmd(a *App) *cobra.Command {
	opts := syncExportOptions{}
	c := &cobra.Command{
		Use:   "export [-o FILE] [--for PEER] [--encrypt]",
		Short: "Write the journal entries another copy lacks to a file",
		Long: `Write a sync file: the journal entries another copy of this ledger has not
seen (all of them without --for), with the personal values they refer to,
compressed and checksummed. Hand it over on a USB stick or through a chat;
the other copy runs vol sync import FILE. PEER is a device ID (or a unique
part of one) from vol sync peers. Values of erased people are never
in the file. --encrypt protects it with a passphrase from --passphrase-file
or $VOL_PASSPHRASE (as vol backup does). Default FILE:
vol-sync-DEVICE-TIME.volsync in the current folder.`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			return syncExportRun(cmd.Context(), a, opts)
		},
	}
	c.Flags().StringVarP(&opts.Out, "output", "o", "", "file to write")
	c.Flags().StringVar(&opts.Peer, "for", "", "only what this device (from vol sync peers) lacks")
	c.Flags().BoolVar(&opts.Encrypt, "encrypt", false, "encrypt with a passphrase")
	c.Flags().StringVar(&opts.PassFile, "passphrase-file", "", "read the passphrase from this file")
	c.Flags().BoolVar(&opts.JSON, "json", false, "print the result as JSON")
	return c
}

func syncExportRun(ctx context.Context, a *App, opts syncExportOptions) error {
	db, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	opt := ledger.SyncExportOptions{For: opts.Peer, WorkFactor: a.workFactor()}
	if opts.Encrypt {
		if opt.Passphrase, err = a.passphrase(opts.PassFile); err != nil {
			return err
		}
	}
	out := opts.Out
	if out == "" {
		id, err := db.Identity(ctx)
		if err != nil {
			return err
		}
		out = fmt.Sprintf("vol-sync-%s-%s.volsync", ledger.Short(id.DeviceID), a.Now().UTC().Format("20060102-150405"))
	}
	if err := db.CheckOutput(ctx, "-o", out); err != nil {
		return err
	}
	res, err := db.SyncExport(ctx, out, opt, a.Now())
	if err != nil {
		return err
	}
	if opts.JSON {
		return printJSON(a.Out, struct {
			File string `json:"file"`
			ledger.SyncExportResult
		}{out, res})
	}
	who := a.T("sync.everyone")
	if res.Peer != "" {
		who = ledger.Short(res.Peer)
	}
	a.info("%s", a.T("sync.exported", res.Entries, who, out))
	if !opts.Encrypt && res.Values > 0 {
		a.info("%s", a.T("sync.clear"))
	}
	return nil
}

type syncImportOptions struct {
	File                string
	DryRun, Adopt, JSON bool
	PassFile            string
}

func newSyncImportCmd(a *App) *cobra.Command {
	opts := syncImportOptions{}
	c := &cobra.Command{
		Use:   "import FILE [--dry-run] [--adopt]",
		Short: "Add the entries of a sync file this copy lacks",
		Long: `Check a sync file and add the journal entries this copy lacks; the register
becomes what replaying both journals in one order gives, the same on every
copy. Importing a file twice, or an old file after a newer one, changes
nothing. Where two copies changed the same thing, both are kept and listed
in vol conflicts. A file whose earlier entries have not arrived yet is kept
and applied when they do, never half. A file from another ledger is refused;
--adopt makes a ledger that holds nothing but its vol init a copy of the
file's ledger (the way a second laptop joins). --dry-run says what would
change and changes nothing.`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.File = args[0]
			return syncImportRun(cmd.Context(), a, opts)
		},
	}
	c.Flags().BoolVar(&opts.DryRun, "dry-run", false, "say what would change; change nothing")
	c.Flags().BoolVar(&opts.Adopt, "adopt", false, "make this fresh ledger a copy of the file's ledger")
	c.Flags().StringVar(&opts.PassFile, "passphrase-file", "", "read the passphrase from this file")
	c.Flags().BoolVar(&opts.JSON, "json", false, "print the result as JSON")
	return c
}

// syncImportRun imports a sync file. ledger.SyncImport is the one path for
// it: it checks the file, then adds the entries and rebuilds the register in
// one write, keeping a file with a gap pending.
func syncImportRun(ctx context.Context, a *App, opts syncImportOptions) error {
	db, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	opt := ledger.SyncImportOptions{DryRun: opts.DryRun, Adopt: opts.Adopt}
	if ledger.IsEncrypted(opts.File) {
		if opt.Passphrase, err = a.passphrase(opts.PassFile); err != nil {
			if opts.PassFile != "" {
				return err
			}
			return usageErr(fmt.Errorf("%s is encrypted: give the passphrase its sender chose with --passphrase-file FILE or $VOL_PASSPHRASE", opts.File))
		}
	}
	res, err := db.SyncImport(ctx, opts.File, opt, a.meta("sync import"))
	if err != nil {
		return fmt.Errorf("%s: %w", filepath.Base(opts.File), err)
	}
	if opts.JSON {
		return printJSON(a.Out, res)
	}
	from := ledger.Short(res.From)
	switch {
	case res.Pending && opts.DryRun:
		a.info("%s", a.T("sync.gap.dry", res.Missing))
	case res.Pending:
		a.info("%s", a.T("sync.gap", res.Missing))
	case res.Entries == 0:
		a.info("%s", a.T("sync.nothing", from, res.Known))
	default:
		msg := a.T("sync.imported", res.Entries, from, res.Known)
		if res.Adopted {
			msg = a.T("sync.adopted", res.Entries, from)
		}
		if res.Conflicts > 0 {
			msg += "; " + a.T("sync.conflicts", res.Conflicts)
		}
		if res.Applied > 0 {
			msg += "; " + a.T("sync.pending.applied", res.Applied)
		}
		if opts.DryRun {
			msg = a.T("sync.dry") + "; " + a.T("sync.would") + ": " + msg
		}
		a.info("%s", msg)
	}
	return nil
}

type syncPeersOptions struct{ JSON bool }

func newSyncPeersCmd(a *App) *cobra.Command {
	opts := syncPeersOptions{}
	c := &cobra.Command{
		Use:   "peers",
		Short: "Show the other copies this one knows, and what each has seen",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			return syncPeersRun(cmd.Context(), a, opts)
		},
	}
	c.Flags().BoolVar(&opts.JSON, "json", false, "print as JSON")
	return c
}

func syncPeersRun(ctx context.Context, a *App, opts syncPeersOptions) error {
	db, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	res, err := db.Peers(ctx)
	if err != nil {
		return err
	}
	if opts.JSON {
		return printJSON(a.Out, res)
	}
	fmt.Fprintln(a.Out, a.T("sync.self", ledger.Short(res.Device), res.Entries, res.Pending))
	rows := make([][]string, 0, len(res.Peers))
	for _, p := range res.Peers {
		rows = append(rows, []string{ledger.Short(p.Device), fmt.Sprint(p.Entries), p.LastEntry, orDash(p.LastSynced),
			fmt.Sprintf("%d/%d", p.HasOfMine, res.Entries)})
	}
	return printTable(a.Out, []string{a.T("h.device"), a.T("h.entries"), a.T("h.last_entry"), a.T("h.last_sync"), a.T("h.has_mine")}, rows)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

type conflictsOptions struct{ All, Full, JSON bool }

func newConflictsCmd(a *App) *cobra.Command {
	opts := conflictsOptions{}
	c := &cobra.Command{
		Use:   "conflicts [--all] [--full]",
		Short: "List where two copies of the ledger disagreed",
		Long: `List the places where copies of the ledger disagreed, found when sync files
were imported: the same field changed on two copies (the later one in the
replay order is kept), the same household or person entered on two copies
(the first stays, the other became an alias of it), two rounds for the same
delivery, an elder paired twice, a row one copy removed while another still
used it. Each stays listed until vol resolve settles it. Personal values are
masked unless --full. --all also lists resolved ones.`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			return conflictsRun(cmd.Context(), a, opts)
		},
	}
	c.Flags().BoolVar(&opts.All, "all", false, "also list resolved conflicts")
	c.Flags().BoolVar(&opts.Full, "full", false, "show personal values unmasked")
	c.Flags().BoolVar(&opts.JSON, "json", false, "print as JSON")
	return c
}

func conflictsRun(ctx context.Context, a *App, opts conflictsOptions) error {
	db, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	cs, err := db.Conflicts(ctx, opts.All)
	if err != nil {
		return err
	}
	for i := range cs {
		if cs[i].Personal {
			if cs[i].Kept, err = a.personal(ctx, db, cs[i].Column, cs[i].Kept, opts.Full); err != nil {
				return err
			}
			if cs[i].Other, err = a.personal(ctx, db, cs[i].Column, cs[i].Other, opts.Full); err != nil {
				return err
			}
		}
	}
	if opts.JSON {
		return printJSON(a.Out, cs)
	}
	if len(cs) == 0 {
		a.info("%s", a.T("conflicts.none"))
		return nil
	}
	if opts.Full {
		a.info("%s", a.T("msg.full"))
	}
	rows := make([][]string, 0, len(cs))
	for _, c := range cs {
		what := a.conflictSubject(ctx, db, c, opts.Full)
		if c.Column != "" {
			what += " " + strings.TrimSuffix(c.Column, "_ref")
		}
		kept, other := c.Kept, c.Other
		if c.Kind != "field" {
			kept, other = shortIf(kept), shortIf(other)
		}
		choices := strings.Join(ledger.Choices[c.Kind], "|")
		if c.Resolved != "" {
			choices = a.T("conflicts.resolved", c.Resolved)
		}
		rows = append(rows, []string{ledger.Short(c.ID), a.T("conflict." + c.Kind), what, kept, other, choices})
	}
	return printTable(a.Out, []string{a.T("h.id"), a.T("h.conflict"), a.T("h.what"), a.T("h.kept"), a.T("h.other"), a.T("h.resolve")}, rows)
}

// shortIf shows a row ID in its short form, other text as it is.
func shortIf(s string) string {
	if len(s) == 36 && strings.Count(s, "-") == 4 {
		return ledger.Short(s)
	}
	return s
}

// personal reads the value behind a reference, masked for its column
// unless full.
func (a *App) personal(ctx context.Context, db *ledger.DB, col, ref string, full bool) (string, error) {
	if ref == "" {
		return "", nil
	}
	v, err := db.PersonalValue(ctx, ref)
	if err != nil || full || v == "" {
		return v, err
	}
	switch col {
	case "name_ref":
		return ledger.MaskName(v), nil
	case "phone_ref", "emergency_ref":
		return ledger.MaskPhone(v), nil
	case "birth_ref":
		return ledger.MaskBirth(v), nil
	}
	return "***", nil
}

type resolveOptions struct{ Conflict, Keep, Why string }

func newResolveCmd(a *App) *cobra.Command {
	opts := resolveOptions{}
	c := &cobra.Command{
		Use:   "resolve CONFLICT --keep CHOICE [--why TEXT]",
		Short: "Settle a conflict from vol conflicts (journalled)",
		Long: `Settle a conflict listed by vol conflicts; the choice is journalled like
every change and reaches the other copies with the next sync file.
  field      --keep kept (the value the ledger holds) or other (write the other one back)
  round      --keep both, kept (void the other round) or other (void the kept one)
  pairing    --keep kept (end the other pairing) or other (end the kept one)
  household, person   --keep merged (the alias stays; acknowledged)
  kept, refused       --keep seen (acknowledged)`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.Keep == "" {
				return usageErr(errors.New("--keep: missing; accepted: kept, other, both, merged or seen (see vol resolve --help)"))
			}
			opts.Conflict = args[0]
			return resolveRun(cmd.Context(), a, opts)
		},
	}
	c.Flags().StringVar(&opts.Keep, "keep", "", "kept, other, both, merged or seen")
	c.Flags().StringVar(&opts.Why, "why", "", "reason recorded with a voided round or ended pairing")
	return c
}

func resolveRun(ctx context.Context, a *App, opts resolveOptions) error {
	_, err := a.change(ctx, change{command: "resolve", apply: func(tx *ledger.Tx, r *report) error {
		res, err := tx.Resolve(opts.Conflict, opts.Keep, opts.Why)
		if err != nil {
			return err
		}
		r.say("conflicts.done", ledger.Short(res.ID), opts.Keep)
		return nil
	}})
	return err
}

// conflictSubject names what a conflict is about for people: a household
// by its address, a person by their (masked) name and address, other rows
// by table and short ID.
func (a *App) conflictSubject(ctx context.Context, db *ledger.DB, c ledger.Conflict, full bool) string {
	switch c.Table {
	case "households":
		if h, err := db.Household(ctx, c.Row); err == nil {
			return h.Address.String()
		}
	case "people":
		if p, err := db.Person(ctx, c.Row); err == nil {
			name := p.Name
			if !full {
				name = ledger.MaskName(name)
			}
			if p.HouseholdID != "" {
				return name + "@" + p.Address.String()
			}
			return name
		}
	case "pairings":
		if h, err := db.Household(ctx, c.Row); err == nil {
			return a.T("conflict.pairing.of", h.Address.String())
		}
	}
	return c.Table + " " + ledger.Short(c.Row)
}

package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"vol/ledger"
)

func newSyncCmd(a *App) *cobra.Command {
	return groupCmd("sync", "Bring copies of the ledger together by handing files over (no server)",
		newSyncExportCmd(a), newSyncImportCmd(a), newSyncPeersCmd(a),
		newSyncWhoamiCmd(a), newSyncTrustCmd(a), newSyncRevokeCmd(a), newSyncPendingCmd(a))
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
seen (all of them without --for), each signed by the key of the copy that
wrote it, with the personal values they refer to and the devices' public
keys, compressed and checksummed. Hand it over on a USB stick or through a
chat; the other copy runs vol sync import FILE. PEER is a device ID (or a
unique part of one) from vol sync peers. Values of erased people are never
in the file, nor any private key. --encrypt protects it with a passphrase,
asked twice on a terminal, or from --passphrase-file or $VOL_PASSPHRASE (as
vol backup does). Default
FILE: vol-sync-DEVICE-TIME.volsync in the current folder.`,
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
		if opt.Passphrase, err = a.passphrase(ctx, opts.PassFile, true); err != nil {
			return err
		}
	}
	// A copied or restored file takes its new device (and key) first, and
	// a ledger from before keys makes its legacy decision, so the file
	// carries them.
	if err := db.EnsureDevice(ctx, a.meta("device")); err != nil {
		return err
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
	prog := a.startProgress("progress.sync.export")
	res, err := db.SyncExport(ctx, out, opt, a.Now())
	prog.end()
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
	MaxSizeMB           int64
	MaxEntries          int
	MaxPendingMB        int64
}

// limits are the import's limits from its flags.
func (o syncImportOptions) limits() ledger.SyncLimits {
	return ledger.SyncLimits{MaxBytes: o.MaxSizeMB << 20, MaxEntries: o.MaxEntries, MaxPending: o.MaxPendingMB << 20}
}

func newSyncImportCmd(a *App) *cobra.Command {
	d := ledger.DefaultSyncLimits()
	opts := syncImportOptions{}
	c := &cobra.Command{
		Use:   "import FILE [--dry-run] [--adopt]",
		Short: "Add the entries of a sync file this copy lacks",
		Long: `Check a sync file and add the journal entries this copy lacks; the register
becomes what replaying both journals in one order gives, the same on every
copy. Every entry must be signed by the key of a device this copy trusts
and pass the checks a command's own input does; a file with a forged or
damaged entry is refused whole. Entries of a device not trusted yet are
kept with the file, and the import prints the device's fingerprint to
compare with vol sync whoami on that laptop before vol sync trust. Importing
a file twice, or an old file after a newer one, changes nothing. Where two
copies changed the same thing, both are kept and listed in vol conflicts. A
file whose earlier entries have not arrived yet is kept and applied when
they do, never half (vol sync pending lists the files kept). A file from
another ledger is refused; --adopt makes a ledger that holds nothing but its
vol init a copy of the file's ledger, trusting the file's devices (the way
a second laptop joins). --dry-run says what would change (entries, every
erasure, conflicts, changes per table) and changes nothing.`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.MaxSizeMB < 1 || opts.MaxEntries < 1 || opts.MaxPendingMB < 1 {
				return usageErr(errors.New(a.T("cli.sync.limits")))
			}
			opts.File = args[0]
			return syncImportRun(cmd.Context(), a, opts)
		},
	}
	c.Flags().BoolVar(&opts.DryRun, "dry-run", false, "say what would change; change nothing")
	c.Flags().BoolVar(&opts.Adopt, "adopt", false, "make this fresh ledger a copy of the file's ledger")
	c.Flags().StringVar(&opts.PassFile, "passphrase-file", "", "read the passphrase from this file")
	c.Flags().BoolVar(&opts.JSON, "json", false, "print the result as JSON")
	c.Flags().Int64Var(&opts.MaxSizeMB, "max-size", d.MaxBytes>>20, "largest file taken, in MB of JSON once inflated")
	c.Flags().IntVar(&opts.MaxEntries, "max-entries", d.MaxEntries, "most journal entries taken from one file")
	c.Flags().Int64Var(&opts.MaxPendingMB, "max-pending", d.MaxPending>>20, "most MB kept for all files waiting, together")
	return c
}

// syncImportRun imports a sync file. ledger.SyncImport is the one path for
// it: it checks the file, then adds the entries and rebuilds the register in
// one write, keeping a file with a gap, or with entries that wait, pending.
func syncImportRun(ctx context.Context, a *App, opts syncImportOptions) error {
	if _, err := os.Stat(opts.File); err != nil {
		return a.fileErr("", opts.File, err)
	}
	db, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	opt := ledger.SyncImportOptions{DryRun: opts.DryRun, Adopt: opts.Adopt, Limits: opts.limits()}
	if ledger.IsEncrypted(opts.File) {
		if opt.Passphrase, err = a.passphrase(ctx, opts.PassFile, false); err != nil {
			if opts.PassFile != "" || !errors.As(err, new(*usageError)) {
				return err
			}
			return usageErr(said(a.T("cli.sync.encrypted", opts.File), err))
		}
	}
	prog := a.startProgress("progress.sync.import")
	res, err := db.SyncImport(ctx, opts.File, opt, a.meta("sync import"))
	prog.end()
	if err != nil {
		return fmt.Errorf("%s: %w", filepath.Base(opts.File), err)
	}
	if opts.JSON {
		return printJSON(a.Out, res)
	}
	for _, line := range a.importLines(res, opts.DryRun) {
		a.info("%s", line)
	}
	return nil
}

// importLines says what an import did, or in a dry run what it would do,
// in the same words and counts.
func (a *App) importLines(res ledger.SyncImportResult, dry bool) []string {
	from := ledger.Short(res.From)
	var lines []string
	switch {
	case res.Entries == 0 && res.Missing != "" && dry:
		lines = append(lines, a.T("sync.gap.dry", a.sayOr(res.MissingText, res.Missing)))
	case res.Entries == 0 && res.Missing != "":
		lines = append(lines, a.T("sync.gap", a.sayOr(res.MissingText, res.Missing)))
	case res.Entries == 0 && len(res.Waiting) == 0:
		lines = append(lines, a.T("sync.nothing", from, res.Known))
	case res.Entries == 0:
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
		if dry {
			msg = a.T("sync.dry") + "; " + a.T("sync.would") + ": " + msg
		}
		lines = append(lines, msg)
		for _, d := range res.Devices {
			lines = append(lines, a.T("sync.device", d.Entries, ledger.Short(d.Device)))
		}
		if len(res.Changes) > 0 {
			parts := make([]string, 0, len(res.Changes))
			for _, c := range res.Changes {
				p := a.say(ledger.TableWord(c.Table))
				if c.Added > 0 {
					p += fmt.Sprintf(" +%d", c.Added)
				}
				if c.Changed > 0 {
					p += fmt.Sprintf(" ~%d", c.Changed)
				}
				if c.Removed > 0 {
					p += fmt.Sprintf(" -%d", c.Removed)
				}
				parts = append(parts, p)
			}
			lines = append(lines, a.T("sync.changes", strings.Join(parts, "; ")))
		}
		for _, e := range res.Erasures {
			lines = append(lines, a.T("sync.erasure", ledger.Short(e.Person), ledger.Short(e.Entry), ledger.Short(e.Device), a.showTime(e.At)))
		}
	}
	if dry && res.Entries == 0 && res.Missing == "" && len(res.Waiting) > 0 {
		lines = append(lines, a.T("sync.dry"))
	}
	for _, w := range res.Waiting {
		if w.Reason == "earlier" && res.Entries == 0 && res.Missing != "" {
			continue // said above
		}
		switch w.Reason {
		case "earlier":
			lines = append(lines, a.T("sync.wait.earlier", w.Entries, ledger.Short(w.Device)))
		case "untrusted":
			if w.Fingerprint == "" {
				lines = append(lines, a.T("sync.wait.nokey", w.Entries, ledger.Short(w.Device)))
			} else {
				lines = append(lines, a.T("sync.wait.untrusted", w.Entries, ledger.Short(w.Device), w.Fingerprint))
			}
		case "ahead":
			lines = append(lines, a.T("sync.wait.ahead", w.Entries, ledger.Short(w.Device), a.showTime(w.At)))
		default:
			lines = append(lines, a.T("sync.wait.history", w.Entries, ledger.Short(w.Device)))
		}
	}
	if res.Revoked > 0 {
		lines = append(lines, a.T("sync.revoked.refused", res.Revoked))
	}
	return lines
}

type syncWhoamiOptions struct{ JSON bool }

func newSyncWhoamiCmd(a *App) *cobra.Command {
	opts := syncWhoamiOptions{}
	c := &cobra.Command{
		Use:   "whoami [--json]",
		Short: "Show this copy's device and its key's fingerprint (to read out to the others)",
		Long: `Show this copy's device ID and the fingerprint of its key: 20 digits in
groups of four. Before another laptop runs vol sync trust FINGERPRINT for this
copy, read the digits out to its coordinator (by phone, in person) and let
them compare with what their vol sync import printed. A copied or restored
ledger takes its new device and key here if it has not written yet.`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			return syncWhoamiRun(cmd.Context(), a, opts)
		},
	}
	c.Flags().BoolVar(&opts.JSON, "json", false, "print as JSON")
	return c
}

func syncWhoamiRun(ctx context.Context, a *App, opts syncWhoamiOptions) error {
	db, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	w, err := db.Whoami(ctx, a.meta("device"))
	if err != nil {
		return err
	}
	if opts.JSON {
		return printJSON(a.Out, w)
	}
	fmt.Fprintln(a.Out, a.T("sync.whoami.device", w.Device))
	fmt.Fprintln(a.Out, a.T("sync.whoami.fingerprint", w.Fingerprint))
	return nil
}

type syncTrustOptions struct{ Fingerprint string }

func newSyncTrustCmd(a *App) *cobra.Command {
	opts := syncTrustOptions{}
	c := &cobra.Command{
		Use:   "trust FINGERPRINT",
		Short: "Trust another copy's device, once its fingerprint is compared (journalled)",
		Long: `Trust the device whose key has this fingerprint, once you have compared it
with what vol sync whoami shows on that laptop. The key must have arrived in
a sync file (vol sync import prints the fingerprint of each device it does
not trust yet, and keeps their entries). The decision is journalled and
travels with the next sync file: copies that trust this one trust that
device too. The files that waited for it are applied at once. A revoked
device cannot be trusted again: its laptop makes a new copy.`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Fingerprint = args[0]
			return syncTrustRun(cmd.Context(), a, opts)
		},
	}
	return c
}

func syncTrustRun(ctx context.Context, a *App, opts syncTrustOptions) error {
	_, err := a.change(ctx, change{command: "sync trust", quiet: true,
		apply: func(tx *ledger.Tx, r *report) error {
			t, err := tx.Trust(opts.Fingerprint)
			if err != nil {
				return err
			}
			if t.Already {
				r.note("sync.trust.already", ledger.Short(t.Device), t.Fingerprint)
			} else {
				r.say("sync.trust.done", ledger.Short(t.Device), t.Fingerprint)
			}
			return nil
		},
		after: func(db *ledger.DB) error {
			n, err := db.ApplyPending(ctx, a.meta("sync import"), ledger.SyncLimits{})
			if n > 0 {
				a.info("%s", a.T("sync.pending.applied", n))
			}
			return err
		}})
	return err
}

type syncRevokeOptions struct {
	Device string
	Yes    bool
}

func newSyncRevokeCmd(a *App) *cobra.Command {
	opts := syncRevokeOptions{}
	c := &cobra.Command{
		Use:   "revoke DEVICE [--yes]",
		Short: "Refuse a lost or stolen laptop's entries from now on, on every copy (journalled)",
		Long: `Revoke a device (a lost or stolen laptop): its entries above the highest
number this copy holds of it are refused, here and on every copy the
decision reaches with the next sync file; so are those of the copies made
of its file (devices it handed over to). Entries it wrote before stay.
DEVICE is a device ID, or a unique part of one, from vol sync peers. It
cannot be undone: the laptop's coordinator makes a new copy (vol init and
vol sync import --adopt), which is trusted anew. It asks first; off a
terminal it needs --yes.`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Device = args[0]
			return syncRevokeRun(cmd.Context(), a, opts)
		},
	}
	c.Flags().BoolVar(&opts.Yes, "yes", false, "confirm without asking")
	return c
}

func syncRevokeRun(ctx context.Context, a *App, opts syncRevokeOptions) error {
	_, err := a.change(ctx, change{command: "sync revoke", yes: opts.Yes,
		ask: func(v ledger.View) (string, error) {
			return a.T("confirm.revoke", opts.Device), nil
		},
		apply: func(tx *ledger.Tx, r *report) error {
			rs, err := tx.Revoke(opts.Device)
			for _, x := range rs {
				r.say("sync.revoke.done", ledger.Short(x.Device), x.Above)
			}
			if err == nil && len(rs) == 0 {
				r.note("sync.revoke.already", opts.Device)
			}
			return err
		}})
	return err
}

type syncPendingOptions struct {
	Drop      string
	All, JSON bool
}

func newSyncPendingCmd(a *App) *cobra.Command {
	opts := syncPendingOptions{}
	c := &cobra.Command{
		Use:   "pending [--drop ID | --all]",
		Short: "List the sync files kept until they can be applied, or drop them",
		Long: `List the sync files kept until they can be applied, and why each waits:
entries before it have not arrived, a device is not trusted yet (with its
fingerprint), entries are dated ahead of this laptop's clock, or, once it
could be read in full, it was found forged. --drop ID (from the list)
removes one, --all removes every one; nothing in the journal changes, and a
file dropped can be imported again.`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.All && opts.Drop != "" {
				return usageErr(errors.New(a.T("cli.sync.drop")))
			}
			return syncPendingRun(cmd.Context(), a, opts)
		},
	}
	c.Flags().StringVar(&opts.Drop, "drop", "", "drop the file with this ID")
	c.Flags().BoolVar(&opts.All, "all", false, "with no --drop: drop every file kept")
	c.Flags().BoolVar(&opts.JSON, "json", false, "print as JSON")
	return c
}

func syncPendingRun(ctx context.Context, a *App, opts syncPendingOptions) error {
	if opts.Drop != "" || opts.All {
		_, err := a.change(ctx, change{command: "sync pending", quiet: true, apply: func(tx *ledger.Tx, r *report) error {
			n, err := tx.DropPending(opts.Drop)
			r.note("sync.pending.dropped", n)
			return err
		}})
		return err
	}
	db, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	ps, err := db.PendingFiles(ctx)
	if err != nil {
		return err
	}
	if opts.JSON {
		return printJSON(a.Out, ps)
	}
	if len(ps) == 0 {
		a.info("%s", a.T("sync.pending.none"))
		return nil
	}
	rows := make([][]string, 0, len(ps))
	for _, p := range ps {
		var why []string
		if p.Missing != "" {
			why = append(why, a.T("sync.why.missing", a.sayOr(p.MissingText, p.Missing)))
		}
		for _, w := range p.Waiting {
			switch w.Reason {
			case "untrusted":
				why = append(why, a.T("sync.why.untrusted", ledger.Short(w.Device), orDash(w.Fingerprint)))
			case "ahead":
				why = append(why, a.T("sync.why.ahead", ledger.Short(w.Device), a.showTime(w.At)))
			case "earlier":
				if p.Missing == "" {
					why = append(why, a.T("sync.why.earlier", ledger.Short(w.Device)))
				}
			default:
				why = append(why, a.T("sync.why.history", ledger.Short(w.Device)))
			}
		}
		if p.Refused != "" {
			why = append(why, a.T("sync.why.refused", p.Refused))
		}
		rows = append(rows, []string{p.ID[:min(8, len(p.ID))], p.Received, fmt.Sprint(ledger.MB(p.Bytes)), ledger.Short(p.From), strings.Join(why, "; ")})
	}
	return printTable(a.Out, []string{a.T("h.id"), a.T("h.received"), a.T("h.mb"), a.T("h.from"), a.T("h.why")}, rows)
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
		rows = append(rows, []string{ledger.Short(p.Device), fmt.Sprint(p.Entries), a.showTime(p.LastEntry), orDash(a.showTime(p.LastSynced)),
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
			col := a.say(ledger.ColumnWord(c.Column))
			if w, ok := ledger.ConflictWord(c.Column); ok { // a refused operation
				col = a.say(w)
			}
			what += " " + col
		}
		kept, other := c.Kept, c.Other
		if c.Kind != "field" {
			kept, other = a.conflictWord(kept), a.conflictWord(other)
		}
		choices := strings.Join(ledger.Choices[c.Kind], "|")
		if c.Resolved != "" {
			choices = a.T("conflicts.resolved", c.Resolved)
		}
		rows = append(rows, []string{ledger.Short(c.ID), a.T("conflict." + c.Kind), what, kept, other, choices})
	}
	return printTable(a.Out, []string{a.T("h.id"), a.T("h.conflict"), a.T("h.what"), a.T("h.kept"), a.T("h.other"), a.T("h.resolve")}, rows)
}

// conflictWord shows a word the merge stored in a conflict in the app's
// language (ledger.ConflictWord), a row ID in its short form, other text
// as it is.
func (a *App) conflictWord(s string) string {
	if w, ok := ledger.ConflictWord(s); ok {
		return a.say(w)
	}
	return shortIf(s)
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
				return usageErr(errors.New(a.T("cli.sync.keep")))
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
	return a.say(ledger.TableWord(c.Table)) + " " + ledger.Short(c.Row)
}

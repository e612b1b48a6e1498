package main

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"vol/ledger"
)

type logOptions struct {
	Limit int
	JSON  bool
	Full  bool
}

func newLogCmd(a *App) *cobra.Command {
	opts := logOptions{}
	c := &cobra.Command{
		Use:   "log",
		Short: "Show the journal, newest first (personal values masked unless --full)",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.Limit < 0 {
				return usageErr(errors.New(a.T("cli.limit", opts.Limit)))
			}
			return logRun(cmd.Context(), a, opts)
		},
	}
	c.Flags().IntVar(&opts.Limit, "limit", 20, "entries to show (0 for all)")
	c.Flags().BoolVar(&opts.JSON, "json", false, "print JSON")
	c.Flags().BoolVar(&opts.Full, "full", false, "show personal values unmasked")
	return c
}

type entryJSON struct {
	ID       string   `json:"id"`
	Device   string   `json:"device"`
	Seq      int64    `json:"seq"`
	Lamport  int64    `json:"lamport"`
	At       string   `json:"at"`
	Who      string   `json:"who"`
	Command  string   `json:"command"`
	Reverses string   `json:"reverses,omitempty"`
	Batch    string   `json:"batch,omitempty"` // the first entry of a change written as several
	Ops      []opJSON `json:"ops"`
	Hash     string   `json:"hash"`
}

type opJSON struct {
	Op    string         `json:"op"`
	Table string         `json:"table"`
	ID    string         `json:"id"`
	Set   map[string]any `json:"set,omitempty"`
	Old   map[string]any `json:"old,omitempty"`
}

func logRun(ctx context.Context, a *App, opts logOptions) error {
	db, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	if opts.Full {
		a.info("%s", a.T("msg.full"))
	}
	entries, err := db.Entries(ctx, opts.Limit)
	if err != nil {
		return err
	}
	out := make([]entryJSON, 0, len(entries))
	for _, e := range entries {
		ops, err := e.Ops()
		if err != nil {
			return said(a.T("cli.entry", e.ID, err.Error()), err)
		}
		who, err := db.PersonalValue(ctx, e.WhoRef)
		if err != nil {
			return err
		}
		if !opts.Full {
			who = ledger.MaskName(who)
		}
		j := entryJSON{ID: e.ID, Device: e.Device, Seq: e.Seq, Lamport: e.Lamport, At: a.jsonTime(e.At), Who: who,
			Command: e.Command, Reverses: e.Reverses, Batch: e.Batch, Hash: e.Hash, Ops: make([]opJSON, 0, len(ops))}
		for _, op := range ops {
			oj := opJSON{Op: op.Op, Table: op.Table, ID: op.ID}
			if !opts.JSON {
				// The table counts the operations; it shows no values, so
				// none is looked up (an import's entry holds thousands).
				j.Ops = append(j.Ops, oj)
				continue
			}
			if oj.Set, err = resolveValues(ctx, db, op.Table, op.Set, opts.Full); err != nil {
				return err
			}
			if oj.Old, err = resolveValues(ctx, db, op.Table, op.Old, opts.Full); err != nil {
				return err
			}
			j.Ops = append(j.Ops, oj)
		}
		out = append(out, j)
	}
	if opts.JSON {
		return printJSON(a.Out, out)
	}
	rows := make([][]string, 0, len(out))
	for _, e := range out {
		cmd := e.Command
		if e.Reverses != "" {
			cmd += " (" + a.T("log.reverses", shortID(e.Reverses)) + ")"
		}
		rows = append(rows, []string{shortID(e.ID), a.showTime(e.At), e.Who, cmd, a.summarize(e.Ops)})
	}
	return printTable(a.Out, []string{a.T("h.entry"), a.T("h.at"), a.T("h.who"), a.T("h.command"), a.T("h.changes")}, rows)
}

// resolveValues replaces personal references by their values, masked unless
// full; an erased value shows as (erased). A reason (why) written as text
// before reasons became personal values is masked too.
func resolveValues(ctx context.Context, db *ledger.DB, table string, m map[string]any, full bool) (map[string]any, error) {
	if m == nil {
		return nil, nil
	}
	out := make(map[string]any, len(m))
	for k, v := range m {
		if ledger.IsPersonalColumn(table, k) {
			continue
		}
		if s, ok := v.(string); ok && s != "" && !full && reasonColumn[k] {
			v = "***"
		}
		out[k] = v
	}
	// Personal columns after the others: why_ref is shown as why, over the
	// empty text column it replaced.
	for k, v := range m {
		if !ledger.IsPersonalColumn(table, k) {
			continue
		}
		name := strings.TrimSuffix(k, "_ref")
		ref, ok := v.(string)
		if !ok {
			if _, set := out[name]; !set {
				out[name] = nil
			}
			continue
		}
		val, err := db.PersonalValue(ctx, ref)
		if err != nil {
			return nil, err
		}
		switch {
		case val == "":
			val = "(erased)"
		case full:
		case k == "name_ref":
			val = ledger.MaskName(val)
		case k == "phone_ref":
			val = ledger.MaskPhone(val)
		case k == "birth_ref":
			val = ledger.MaskBirth(val)
		default:
			val = "***"
		}
		out[name] = val
	}
	return out, nil
}

// reasonColumn are the text columns reasons were kept in before they became
// personal values (why_ref and the like).
var reasonColumn = map[string]bool{"why": true, "end_why": true, "close_why": true}

// summarize counts an entry's operations per table, named in words:
// people +2 ~1 -0.
func (a *App) summarize(ops []opJSON) string {
	type count struct{ ins, upd, del int }
	counts := map[string]*count{}
	for _, op := range ops {
		c := counts[op.Table]
		if c == nil {
			c = &count{}
			counts[op.Table] = c
		}
		switch op.Op {
		case "insert":
			c.ins++
		case "update":
			c.upd++
		case "delete":
			c.del++
		}
	}
	tables := make([]string, 0, len(counts))
	for t := range counts {
		tables = append(tables, t)
	}
	sort.Strings(tables)
	parts := make([]string, 0, len(tables))
	for _, t := range tables {
		c := counts[t]
		s := a.say(ledger.TableWord(t))
		if c.ins > 0 {
			s += fmt.Sprintf(" +%d", c.ins)
		}
		if c.upd > 0 {
			s += fmt.Sprintf(" ~%d", c.upd)
		}
		if c.del > 0 {
			s += fmt.Sprintf(" -%d", c.del)
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "; ")
}

func shortID(id string) string { return ledger.Short(id) }

func newCheckCmd(a *App) *cobra.Command {
	return &cobra.Command{
		Use:   "check",
		Short: "Verify the ledger: hash chains, personal values, a replay of the journal, SQLite integrity",
		Long: `Verify the ledger: SQLite's integrity check, every device's hash chain, every
stored personal value against the keyed hash its entry recorded, and the
register tables against a replay of the whole journal. Prints nothing and
exits 0 when all holds; otherwise lists what differs and exits 3.`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			return checkRun(cmd.Context(), a)
		},
	}
}

func checkRun(ctx context.Context, a *App) error {
	db, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	// The check streams: its live heap stays a few tens of MB whatever the
	// ledger's size, and collecting it half as often saves a tenth of the
	// time for about 40 MB more (100,000 people: 13 s, 159 MB -> 11 s,
	// 200 MB; 260,000: the same memory).
	defer debug.SetGCPercent(debug.SetGCPercent(200))
	prog := a.startProgress("progress.check")
	probs, err := db.Check(ctx)
	prog.end()
	if err != nil {
		return err
	}
	if len(probs) == 0 {
		return nil
	}
	for _, p := range probs {
		fmt.Fprintln(a.Out, a.say(p))
	}
	return said(a.T("check.problems", len(probs)), errCheckFailed)
}

type undoOptions struct{ Entry string }

func newUndoCmd(a *App) *cobra.Command {
	opts := undoOptions{}
	return &cobra.Command{
		Use:   "undo [ENTRY]",
		Short: "Reverse the last change (or the entry named) with a new journal entry",
		Args:  rangeArgs(0, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.Entry = args[0]
			}
			return undoRun(cmd.Context(), a, opts)
		},
	}
}

func undoRun(ctx context.Context, a *App, opts undoOptions) error {
	db, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	var reversed string
	e, err := a.changeIn(ctx, db, change{command: "undo", quiet: true, apply: func(tx *ledger.Tx, r *report) error {
		var err error
		reversed, err = tx.Undo(opts.Entry)
		return err
	}})
	if err != nil {
		return err
	}
	if e == nil {
		a.info("%s", a.T("msg.nochange"))
		return nil
	}
	msg := a.T("msg.undone", shortID(reversed), shortID(e.ID))
	if what, err := db.EntryCommand(ctx, reversed); err == nil && what != "" {
		msg += " " + a.T("msg.undone.what", what)
	}
	a.info("%s", msg)
	return nil
}

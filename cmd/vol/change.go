package main

import (
	"context"
	"errors"

	"vol/ledger"
)

// change is one command's change to the ledger. Every command that writes
// makes it through App.change: open the ledger; for a command that destroys
// or replaces, ask first, with what a read of the ledger shows; then, in one
// write transaction, resolve the arguments, decide, re-check and record
// (apply); then say on stderr what was done, or that nothing changed.
// Because apply reads through the Tx, what it decides from cannot change
// before its record commits: two coordinators committing at once never both
// act on the same state.
type change struct {
	// command names the change in the journal ("household add").
	command string
	// ask, when set, is the question put before the change, from a read of
	// the ledger as it stands (off a terminal the command stops with exit 2
	// unless yes); "" asks nothing. apply must act on what was asked about:
	// the IDs ask resolved, not the arguments again.
	ask func(v ledger.View) (string, error)
	yes bool
	// dryRun makes apply check everything, then rolls the change back and
	// reports what it would have done.
	dryRun bool
	// decides marks a change made from a decision on the ledger's state (a
	// round, a run, a pairing): when another command wrote while this one
	// waited for the ledger, it says so, since what it recorded was decided
	// after those changes.
	decides bool
	// quiet leaves "nothing changed" and "dry run" unsaid: the command
	// reports itself, after its own output.
	quiet bool
	// apply resolves, decides and records inside the write.
	apply func(tx *ledger.Tx, r *report) error
	// after runs once the change is committed (erase and purge rebuild the
	// file so erased values leave it).
	after func(db *ledger.DB) error
}

// report collects what a change says, printed once it is committed.
type report struct {
	a     *App
	said  []string // what was done: printed when an entry was written (or on a dry run)
	notes []string // printed whether or not anything changed
}

// say records what the change did, in the user's language.
func (r *report) say(key string, args ...any) { r.said = append(r.said, r.a.T(key, args...)) }

// note records something to tell even when nothing changed.
func (r *report) note(key string, args ...any) { r.notes = append(r.notes, r.a.T(key, args...)) }

// errDryRun rolls a write back after it has been checked in full.
var errDryRun = errors.New("dry run")

// change opens the ledger and makes c (see change). It returns the entry
// written, nil when nothing changed or on a dry run.
func (a *App) change(ctx context.Context, c change) (*ledger.Entry, error) {
	db, err := a.open(ctx)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	return a.changeIn(ctx, db, c)
}

// changeIn makes c on an open ledger.
func (a *App) changeIn(ctx context.Context, db *ledger.DB, c change) (*ledger.Entry, error) {
	if c.ask != nil {
		q, err := c.ask(db.View) // resolves what apply acts on, dry run or not
		if err != nil {
			return nil, err
		}
		if !c.dryRun && q != "" { // "": nothing to ask this time
			if err := a.confirm(c.yes, q); err != nil {
				return nil, err
			}
		}
	}
	start, err := db.Head(ctx)
	if err != nil {
		return nil, err
	}
	r := &report{a: a}
	var waited int64
	e, err := db.Write(ctx, a.meta(c.command), func(tx *ledger.Tx) error {
		now, err := tx.Head(ctx)
		if err != nil {
			return err
		}
		waited = now - start - tx.SetupEntries() // (a new device's setup entry is this command's own)
		if err := c.apply(tx, r); err != nil {
			return err
		}
		if c.dryRun {
			return errDryRun
		}
		return nil
	})
	switch {
	case errors.Is(err, errDryRun):
		for _, s := range r.said {
			a.info("%s", s)
		}
		if !c.quiet { // a quiet command says it after its own report
			a.info("%s", a.T("msg.dryrun"))
		}
		return nil, nil
	case err != nil:
		return nil, err
	}
	if c.decides && waited > 0 {
		a.info("%s", a.T("msg.waited", waited))
	}
	if e == nil {
		if !c.quiet {
			a.info("%s", a.T("msg.nochange"))
		}
	} else {
		for _, s := range r.said {
			a.info("%s", s)
		}
	}
	for _, s := range r.notes {
		a.info("%s", s)
	}
	if c.after != nil {
		if err := c.after(db); err != nil {
			return e, err
		}
	}
	return e, nil
}
